/**
 * The diagram model: what the topology diagram shows, computed from the semantic model (and, for
 * a failure, from the failure analysis and, for markers, from the rule findings), before any
 * layout. Sites and their zones are boxes; what the model places in a zone is listed inside it as
 * rows (cluster members and workers, VM groups, load balancer and router instances, network
 * segments); clusters, load balancers, VM groups, GSLBs, apps and management planes are nodes,
 * linked to what they serve and to the zones they run in. The layout (layout.ts) adds geometry;
 * the renderer (svg.ts) draws it, the same way for the CLI and the editor.
 */
import type { Loc } from '../model/types.js';
import type { DomainKind } from '../analysis/types.js';

/** What the failure analysis says of an element: the failed domain, down with it, degraded. */
export type MarkState = 'failed' | 'down' | 'degraded';

export interface Mark {
  state: MarkState;
  /** Short, for the element's status line: `DOWN: loses quorum`, `3/6 replicas via dc-mad`. */
  note: string;
  /** The analysis' full sentence, for the tooltip. */
  detail?: string;
  /** Numbers for the element's own rows, by row text: `{ 'control plane': '0/3 left, majority 2' }`. */
  facts?: Record<string, string>;
}

export type NodeKind =
  | 'region'
  | 'zone'
  | 'cluster'
  | 'loadBalancer'
  | 'servers'
  | 'gslb'
  | 'app'
  | 'appGroup'
  | 'management'
  | 'unplaced';

export type RowKind = 'members' | 'servers' | 'loadBalancer' | 'router' | 'network' | 'storage' | 'app';

export type Severity = 'error' | 'warning' | 'info';

/** Diagnostics on one element: how many of each severity, and their messages. */
export interface Marker {
  severity: Severity;
  count: number;
  messages: string[];
}

/** A line inside a node: one element placed in a zone, a storage of an app, an app of a group. */
export interface DiagramRow {
  /** Unique in the diagram. */
  id: string;
  /** The element the row shows (`cluster:ocp-fra`): its mark, markers and declaration. */
  element: string;
  kind: RowKind;
  text: string;
  detail: string;
  /** The longest detail a failure may give the row (`0/3 left, majority 3`): the layout keeps room for it. */
  reserve?: string;
  /** The id whose mark colours the row, when not its element's (an app's share in a cluster: the `runs` edge). */
  markedBy?: string;
}

export interface DiagramNode {
  /** The element id (`zone:dc-fra.az1`, `cluster:ocp-fra`), unique in the diagram. */
  id: string;
  kind: NodeKind;
  title: string;
  /** One line under the title: what it is (`site · Frankfurt, DE · openstack`). */
  subtitle: string;
  rows: DiagramRow[];
  /**
   * The line a failure's note takes (the layout always keeps room for it): without a failure, what
   * the analysis says of the element over every single failure (`survives any one zone`), or its
   * health check. Absent on boxes that hold others (sites, zones).
   */
  status?: string;
  /** Zones of a site; nodes homed in it. */
  children: DiagramNode[];
}

export type EdgeKind = 'runs' | 'dns' | 'backend' | 'member' | 'via' | 'placement';

export interface DiagramEdge {
  id: string;
  kind: EdgeKind;
  source: string;
  target: string;
  /** The edge's own mark (a share not served, a backend down), set with a failure. */
  mark?: Mark;
}

/** A round-trip time between two sibling boxes (two zones of a site, or two sites). */
export interface RttLink {
  /** The box holding both (`region:dc-fra`), or '' for the diagram itself. */
  container: string;
  a: string;
  b: string;
  ms: number;
}

/** Where an element is declared, for "reveal in the editor" and for the editor's cursor. */
export interface ElementSource {
  /** Its name in the declaration (what the editor selects). */
  nameLoc: Loc;
  /** The whole declaration (what the cursor is in). */
  loc: Loc;
}

export interface FailureSummary {
  kind: DomainKind;
  /** The domain as `topo simulate --fail` takes it (`dc-fra`, `dc-fra.az1`, `router:edge1`, `lb:ltm-fra`). */
  spec: string;
  /** `site dc-fra`, `zone dc-fra.az1`, `router edge1`, `load balancer ltm-fra`. */
  title: string;
  /** One line per consequence, the numbers included. */
  lines: string[];
}

export interface Diagram {
  /** The topology's name. */
  title: string;
  /** Top-level nodes: sites (with their zones and homed nodes), then nodes spanning sites. */
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  rtts: RttLink[];
  /** The failure shown, if any. */
  failure?: FailureSummary;
  /** By element id (and by edge id for an app's share in a cluster): the failure analysis' verdict (absent: unaffected). */
  marks: Record<string, Mark>;
  /** By element id: diagnostics on it. */
  markers: Record<string, Marker[]>;
  /** By element id: where it is declared. */
  sources: Record<string, ElementSource>;
  /** By element id: the failure domain a click on it shows (`zone:dc-fra.az1`). */
  domains: Record<string, string>;
  /** Apps were grouped by where they run (too many to draw one by one). */
  groupedApps: boolean;
}
