/**
 * Builds the diagram model (types.ts) from the semantic model: nothing here reads the syntax tree.
 *
 * - Each site (region) is a box holding its zones; a zone lists what the model places in it:
 *   per cluster its control-plane members and workers, VM groups, load balancer and router
 *   instances, network segments (a network spanning zones appears in each, with its gateways).
 * - Clusters, load balancers, GSLBs, apps and management planes are nodes; a VM group is a node
 *   when a load balancer fronts it (else its rows say all there is). A node sits in the site that
 *   holds all of it, else at the top; it is linked to the zones it runs in.
 * - Edges: app → cluster (its share of the replicas), app → GSLB, GSLB → backend load balancer,
 *   load balancer → members and the VM group it runs on.
 * - With a failure (the failure analysis' impact), marks (overlay.ts); with findings, markers.
 * - Over GROUP_APPS_ABOVE apps, apps are grouped by the clusters and GSLB they use: one node per
 *   group, its apps as rows (a diagram of thousands of app boxes is neither readable nor fast).
 */
import { appSummary, clusterSummary } from '../analysis/survivability.js';
import type { FailureImpact } from '../analysis/types.js';
import type {
  App,
  Cluster,
  Element,
  Gslb,
  HealthCheck,
  LoadBalancer,
  Loc,
  Network,
  Region,
  Router,
  Servers,
  TopoModel,
  Zone,
} from '../model/types.js';
import { enclosingElement } from '../model/elements.js';
import type { Finding } from '../rules/types.js';
import { failureMarks } from './overlay.js';
import type {
  Diagram,
  DiagramEdge,
  DiagramNode,
  DiagramRow,
  ElementSource,
  Marker,
  RttLink,
  Severity,
} from './types.js';

/** More apps than this are drawn as groups (by clusters and GSLB). */
export const GROUP_APPS_ABOVE = 24;
/** Rows of apps shown in a group node; the rest are counted. */
const GROUP_ROWS = 6;

export interface DiagramOptions {
  /** The failure to show (from `analyse`/`analyseAll`). */
  impact?: FailureImpact;
  /** Findings to show as markers (the model's own problems are always shown). */
  findings?: readonly Finding[];
}

const KIND_PREFIX: Record<string, string> = {
  region: 'region',
  zone: 'zone',
  cluster: 'cluster',
  loadBalancer: 'lb',
  servers: 'servers',
  gslb: 'gslb',
  app: 'app',
  router: 'router',
  network: 'network',
  storage: 'storage',
  management: 'management',
};

/** Stable, unique ids for the model's elements: `cluster:ocp-fra`, `zone:dc-fra.az1` (`#2` for a repeated name). */
export class ElementIds {
  private readonly ids = new Map<object, string>();
  private readonly taken = new Set<string>();

  /** The id given to `e`, if any. */
  known(e: Element): string | undefined {
    return this.ids.get(e);
  }

  of(e: Element): string {
    const known = this.ids.get(e);
    if (known) return known;
    const base = `${KIND_PREFIX[e.kind] ?? e.kind}:${e.kind === 'zone' ? (e as Zone).id : e.name}`;
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}#${n}`;
    this.ids.set(e, id);
    this.taken.add(id);
    return id;
  }
}

export function buildDiagram(model: TopoModel, options: DiagramOptions = {}): Diagram {
  return new Builder(model).build(options);
}

class Builder {
  private readonly ids = new ElementIds();
  private readonly sources: Record<string, ElementSource> = {};
  private readonly rowsByZone = new Map<Zone, DiagramRow[]>();
  private readonly unplaced: DiagramRow[] = [];
  private readonly edges: DiagramEdge[] = [];
  private readonly regionNodes = new Map<Region, DiagramNode>();
  private readonly top: DiagramNode[] = [];
  private rowCount = 0;

  constructor(private readonly model: TopoModel) {}

  build(options: DiagramOptions): Diagram {
    const m = this.model;
    for (const r of m.regions) {
      const node = this.node(
        r,
        'region',
        `${r.keyword}${r.location ? ` · ${r.location}` : ''}${r.provider ? ` · ${r.provider}` : ''}`,
      );
      node.children = r.zones.map((z) => this.node(z, 'zone', 'zone', z.name));
      this.regionNodes.set(r, node);
      this.top.push(node);
    }
    this.placeRows();
    const fronted = new Set<Servers>(
      m.loadBalancers.flatMap((lb) => [
        ...lb.members.filter((x): x is Servers => x.kind === 'servers'),
        ...(lb.via ? [lb.via] : []),
      ]),
    );
    for (const c of m.clusters) this.home(this.clusterNode(c), c.regions, c.zones);
    for (const s of m.servers) {
      if (fronted.has(s)) this.home(this.serversNode(s), unique(s.zones.map((z) => z.region)), s.zones);
      else this.source(s);
    }
    for (const lb of m.loadBalancers) this.home(this.lbNode(lb), lb.regions, lb.zones);
    for (const g of m.gslbs) this.top.push(this.gslbNode(g));
    const groupedApps = m.apps.length > GROUP_APPS_ABOVE;
    if (groupedApps) this.appGroups();
    else for (const a of m.apps) this.top.push(this.appNode(a));
    for (const mg of m.managements) {
      const where = mg.hostedOn
        ? `hosted on ${[mg.hostedOn.platform, mg.hostedOn.region?.name].filter(Boolean).join(' in ') || 'its own hosts'}`
        : '';
      const node = this.node(mg, 'management', ['management', where].filter(Boolean).join(' · '));
      if (mg.manages.length) node.rows = [this.row(mg, 'app', 'manages', mg.manages.map((r) => r.name).join(' '))];
      this.top.push(node);
    }
    for (const r of m.routers) this.source(r);
    for (const n of m.networks) this.source(n);
    if (this.unplaced.length) {
      this.top.push({
        id: 'unplaced',
        kind: 'unplaced',
        title: 'Not placed in a zone',
        subtitle: 'no zone written',
        rows: this.unplaced,
        children: [],
      });
    }
    for (const [r, node] of this.regionNodes) {
      for (const z of r.zones) node.children.find((c) => c.id === this.ids.of(z))!.rows = this.rowsByZone.get(z) ?? [];
    }
    this.linkEdges(groupedApps);
    const diagram: Diagram = {
      title: m.name,
      nodes: this.top,
      edges: this.edges,
      rtts: this.rtts(),
      marks: {},
      markers: this.markers(options.findings ?? []),
      sources: this.sources,
      domains: this.domains(),
      groupedApps,
    };
    if (options.impact) {
      const overlay = failureMarks(m, options.impact, this.ids);
      diagram.marks = overlay.marks;
      diagram.failure = overlay.summary;
      for (const e of diagram.edges) {
        const mark = overlay.edgeMark(e);
        if (mark) {
          e.mark = mark;
          // An app's share in a cluster: its row in the app's box shows the same.
          if (e.kind === 'runs') diagram.marks[e.id] = mark;
        }
      }
    }
    return diagram;
  }

  // ---------------------------------------------------------------- nodes

  private source(e: Element): string {
    const id = this.ids.of(e);
    this.sources[id] ??= { nameLoc: e.nameLoc, loc: e.loc };
    return id;
  }

  private node(
    e: Element,
    kind: DiagramNode['kind'],
    subtitle: string,
    title = e.kind === 'zone' ? (e as Zone).id : e.name,
  ): DiagramNode {
    return { id: this.source(e), kind, title, subtitle, rows: [], children: [] };
  }

  private row(e: Element, kind: DiagramRow['kind'], text: string, detail: string, reserve?: string): DiagramRow {
    const row: DiagramRow = { id: `row${++this.rowCount}`, element: this.source(e), kind, text, detail };
    if (reserve) row.reserve = reserve;
    return row;
  }

  /** Puts a node in the one site holding all of it (else at the top) and links it to its zones. */
  private home(node: DiagramNode, regions: Region[], zones: Zone[]): void {
    const region = regions.length === 1 ? this.regionNodes.get(regions[0]!) : undefined;
    (region ? region.children : this.top).push(node);
    for (const z of unique(zones))
      this.edges.push({
        id: `placement:${node.id}>${this.ids.of(z)}`,
        kind: 'placement',
        source: node.id,
        target: this.ids.of(z),
      });
  }

  private clusterNode(c: Cluster): DiagramNode {
    const node = this.node(
      c,
      'cluster',
      `${c.distribution === 'openshift' ? 'OpenShift' : 'Kubernetes'}${c.version ? ` ${c.version}` : ''} · ${c.install.toUpperCase()}`,
    );
    const workers = c.workers.reduce((n, p) => n + p.placement.total, 0);
    const cp = c.controlPlane.replicas;
    node.rows = [this.row(c, 'members', 'control plane', `${cp} members`, `${cp}/${cp} left, majority ${cp}`)];
    if (c.workers.length) node.rows.push(this.row(c, 'members', 'workers', `${workers}`, `${workers}/${workers} left`));
    const s = clusterSummary(this.model, c);
    node.status = !s
      ? ''
      : s.zoneBreaks.length
        ? `down if ${names(s.zoneBreaks.map((b) => b.domain))} fails`
        : s.componentBreaks.length
          ? `single point: ${names(s.componentBreaks.map((b) => b.domain))}`
          : 'survives any one zone';
    return node;
  }

  private serversNode(s: Servers): DiagramNode {
    const node = this.node(s, 'servers', `VM group${s.role ? ` · ${s.role}` : ''}`);
    node.rows = [
      this.row(s, 'servers', 'VMs', `${s.placement.total}`, `${s.placement.total}/${s.placement.total} left`),
    ];
    node.status = s.antiAffinity ? `${s.antiAffinity} anti-affinity` : '';
    return node;
  }

  private lbNode(lb: LoadBalancer): DiagramNode {
    const node = this.node(lb, 'loadBalancer', `load balancer${lb.provider ? ` · ${lb.provider}` : ''}`);
    if (lb.vip || lb.hostname)
      node.rows.push(this.row(lb, 'loadBalancer', 'VIP', [lb.vip, lb.hostname].filter(Boolean).join(' · ')));
    // An HAProxy pair's VIP moves between its VMs by VRRP: the id topo gives it, and how it speaks.
    const k = lb.keepalived;
    if (k)
      node.rows.push(
        this.row(
          lb,
          'loadBalancer',
          'VRRP',
          [`id ${k.vrid}`, k.mode, k.segment ? `on ${k.segment.name}` : ''].filter(Boolean).join(' · '),
        ),
      );
    node.status = lb.health ? `checks ${health(lb.health)}` : '';
    return node;
  }

  private gslbNode(g: Gslb): DiagramNode {
    const node = this.node(g, 'gslb', `GSLB${g.provider ? ` · ${g.provider}` : ''}${g.policy ? ` · ${g.policy}` : ''}`);
    // Its own name servers (the delegation's NS records): the model does not place them in a zone.
    if (g.nameservers.length) node.rows.push(this.row(g, 'app', 'NS', g.nameservers.join(' ')));
    node.status = g.health ? `checks ${health(g.health)}` : '';
    return node;
  }

  private appNode(a: App): DiagramNode {
    const node = this.node(a, 'app', `app · ${a.replicas} replica${a.replicas === 1 ? '' : 's'}`);
    if (a.url) node.rows.push(this.row(a, 'app', 'url', a.url));
    // Its share in each cluster (the edge to the cluster carries the same mark).
    for (const c of a.clusters) {
      const share = a.split.get(c) ?? 0;
      const row = this.row(
        c,
        'members',
        c.name,
        `${share} replica${share === 1 ? '' : 's'}`,
        `${share}/${share} replicas served`,
      );
      row.markedBy = runsEdgeId(this.ids.of(a), this.ids.of(c));
      node.rows.push(row);
    }
    for (const st of a.storage) {
      node.rows.push(
        this.row(
          st,
          'storage',
          st.name,
          `${st.pattern ?? 'storage'}${st.regions.length ? ` · ${st.regions.map((r) => r.name).join(' ')}` : ''}`,
          'recent writes unavailable',
        ),
      );
    }
    node.status = appStatus(this.model, a);
    return node;
  }

  /** Apps grouped by the clusters and GSLB they use; each group a node, its apps rows. */
  private appGroups(): void {
    const groups = new Map<string, App[]>();
    for (const a of this.model.apps) {
      const key = `${a.clusters
        .map((c) => this.ids.of(c))
        .sort()
        .join(',')}|${a.gslb ? this.ids.of(a.gslb) : ''}`;
      const list = groups.get(key);
      if (list) list.push(a);
      else groups.set(key, [a]);
    }
    for (const [key, apps] of groups) {
      const first = apps[0]!;
      const id = `apps:${key}`;
      const replicas = apps.reduce((n, a) => n + a.replicas, 0);
      const node: DiagramNode = {
        id,
        kind: 'appGroup',
        title: `${apps.length} app${apps.length === 1 ? '' : 's'}`,
        subtitle: `${replicas} replicas${first.clusters.length ? ` on ${first.clusters.map((c) => c.name).join(', ')}` : ''}`,
        rows: [],
        children: [],
      };
      for (const a of apps) this.source(a);
      const surviving = apps.filter((a) => appStatus(this.model, a).startsWith('survives')).length;
      node.status = `${surviving} of ${apps.length} survive any single failure`;
      node.rows = apps
        .slice(0, GROUP_ROWS)
        .map((a) => this.row(a, 'app', a.name, `${a.replicas} replicas`, `DOWN: 0/${a.replicas} replicas served`));
      if (apps.length > GROUP_ROWS)
        node.rows.push({
          id: `row${++this.rowCount}`,
          element: id,
          kind: 'app',
          text: `+${apps.length - GROUP_ROWS} more`,
          detail: '',
        });
      this.top.push(node);
      // The group's apps share their clusters and GSLB: the first one's links are the group's.
      this.appEdges(id, first);
    }
  }

  /** Node `id` (an app, or a group of apps alike) runs on the app's clusters and is named by its GSLB. */
  private appEdges(id: string, a: App): void {
    for (const c of a.clusters)
      this.edges.push({ id: runsEdgeId(id, this.ids.of(c)), kind: 'runs', source: id, target: this.ids.of(c) });
    if (a.gslb)
      this.edges.push({ id: `dns:${id}>${this.ids.of(a.gslb)}`, kind: 'dns', source: id, target: this.ids.of(a.gslb) });
  }

  // ---------------------------------------------------------------- rows in zones

  private placeRows(): void {
    const m = this.model;
    const add = (z: Zone, r: DiagramRow): void => {
      const list = this.rowsByZone.get(z);
      if (list) list.push(r);
      else this.rowsByZone.set(z, [r]);
    };
    for (const c of m.clusters) {
      for (const z of c.zones) {
        const cp = c.controlPlane.placement.perZone.get(z) ?? 0;
        const w = c.workers.reduce((n, p) => n + (p.placement.perZone.get(z) ?? 0), 0);
        const parts = [cp ? `${cp} control plane` : '', w ? `${w} worker${w === 1 ? '' : 's'}` : ''].filter(Boolean);
        if (parts.length) add(z, this.row(c, 'members', c.name, parts.join(' · ')));
      }
    }
    for (const s of m.servers) {
      const role = s.role ?? 'VM';
      for (const [z, n] of s.placement.perZone) if (n > 0) add(z, this.row(s, 'servers', s.name, `${n} × ${role}`));
      if (s.placement.perZone.size === 0)
        this.unplaced.push(this.row(s, 'servers', s.name, `${s.placement.total} × ${role}`));
    }
    for (const lb of m.loadBalancers)
      for (const z of lb.zones)
        add(z, this.row(lb, 'loadBalancer', lb.name, `load balancer${lb.provider ? ` · ${lb.provider}` : ''}`));
    for (const r of m.routers) {
      const row = (): DiagramRow => this.row(r, 'router', r.name, routerDetail(r));
      for (const z of r.zones) add(z, row());
      if (!r.zones.length) this.unplaced.push(row());
    }
    // Storage that no app declares: where its data is (an app's storage is listed in the app's box).
    for (const st of m.storages) {
      if (st.app) continue;
      const detail = `${st.pattern ?? 'storage'}${st.engine ? ` · ${st.engine}` : ''}`;
      for (const z of st.zones) add(z, this.row(st, 'storage', st.name, detail, 'recent writes unavailable'));
      if (!st.zones.length)
        this.unplaced.push(
          this.row(
            st,
            'storage',
            st.name,
            `${detail}${st.regions.length ? ` · ${st.regions.map((r) => r.name).join(' ')}` : ''}`,
            'recent writes unavailable',
          ),
        );
    }
    for (const n of m.networks) {
      const row = (): DiagramRow => this.row(n, 'network', n.name, networkDetail(n));
      for (const z of n.zones) add(z, row());
      if (!n.zones.length) this.unplaced.push(row());
    }
  }

  // ---------------------------------------------------------------- edges

  private linkEdges(groupedApps: boolean): void {
    const m = this.model;
    if (!groupedApps) for (const a of m.apps) this.appEdges(this.ids.of(a), a);
    for (const g of m.gslbs) {
      for (const b of g.backends)
        this.edges.push({
          id: `backend:${this.ids.of(g)}>${this.ids.of(b)}`,
          kind: 'backend',
          source: this.ids.of(g),
          target: this.ids.of(b),
        });
    }
    for (const lb of m.loadBalancers) {
      const id = this.ids.of(lb);
      for (const x of lb.members)
        this.edges.push({ id: `member:${id}>${this.ids.of(x)}`, kind: 'member', source: id, target: this.ids.of(x) });
      if (lb.via)
        this.edges.push({
          id: `via:${id}>${this.ids.of(lb.via)}`,
          kind: 'via',
          source: id,
          target: this.ids.of(lb.via),
        });
    }
  }

  // ---------------------------------------------------------------- RTTs, domains, markers

  private rtts(): RttLink[] {
    const out: RttLink[] = [];
    const seen = new Set<string>();
    for (const d of this.model.rttDecls) {
      let link: RttLink | undefined;
      if (d.aKind === 'zone' && d.bKind === 'zone') {
        const a = this.model.zoneById.get(d.a);
        const b = this.model.zoneById.get(d.b);
        if (a && b && a !== b && a.region === b.region)
          link = { container: this.ids.of(a.region), a: this.ids.of(a), b: this.ids.of(b), ms: d.ms };
      } else if (d.aKind === 'region' && d.bKind === 'region') {
        const a = this.model.regions.find((r) => r.name === d.a);
        const b = this.model.regions.find((r) => r.name === d.b);
        if (a && b && a !== b) link = { container: '', a: this.ids.of(a), b: this.ids.of(b), ms: d.ms };
      }
      if (!link) continue;
      const key = [link.a, link.b].sort().join('|');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(link);
    }
    return out;
  }

  private domains(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const r of this.model.regions) out[this.ids.of(r)] = `region:${r.name}`;
    for (const z of this.model.zones) out[this.ids.of(z)] = `zone:${z.id}`;
    for (const r of this.model.routers) out[this.ids.of(r)] = `router:${r.name}`;
    for (const lb of this.model.loadBalancers) out[this.ids.of(lb)] = `lb:${lb.name}`;
    return out;
  }

  /** Each finding (and model problem) on the innermost element whose declaration holds it, when it is drawn. */
  private markers(findings: readonly Finding[]): Record<string, Marker[]> {
    const out: Record<string, Marker[]> = {};
    const all: { severity: Severity; message: string; loc: Loc; code: string }[] = [
      ...this.model.problems.map((p) => ({ severity: p.severity, message: p.message, loc: p.loc, code: p.code })),
      ...findings.map((f) => ({ severity: f.severity, message: f.message, loc: f.loc, code: f.ruleId })),
    ];
    for (const f of all) {
      const element = enclosingElement(this.model, f.loc);
      const id = element && this.ids.known(element);
      if (!id || !this.sources[id]) continue;
      const list = (out[id] ??= []);
      let marker = list.find((x) => x.severity === f.severity);
      if (!marker) {
        marker = { severity: f.severity, count: 0, messages: [] };
        list.push(marker);
        list.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
      }
      marker.count++;
      marker.messages.push(`${f.code}: ${f.message}`);
    }
    return out;
  }
}

/** The id of the edge from an app (or group of apps) to a cluster it runs in. */
export function runsEdgeId(app: string, cluster: string): string {
  return `runs:${app}>${cluster}`;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** `dc-east.az1`, `router edge1`, `lb ltm-fra`; two at most, then `+N`. */
function names(domains: { kind: string; id: string }[]): string {
  const word = (d: { kind: string; id: string }): string =>
    d.kind === 'router' ? `router ${d.id}` : d.kind === 'loadBalancer' ? `lb ${d.id}` : d.id;
  const shown = domains.slice(0, 2).map(word).join(' or ');
  return domains.length > 2 ? `${shown} (+${domains.length - 2})` : shown;
}

/** What the analysis says of an app over every single failure. */
function appStatus(model: TopoModel, a: App): string {
  const s = appSummary(model, a);
  if (!s) return '';
  if (s.zoneBreaks.length) return `down if ${names(s.zoneBreaks.map((b) => b.domain))} fails`;
  if (s.multiSite && s.siteBreaks.length) return `down if ${names(s.siteBreaks.map((b) => b.domain))} fails`;
  if (s.componentBreaks.length) return `single point: ${names(s.componentBreaks.map((b) => b.domain))}`;
  return s.multiSite ? 'survives any one zone or site' : 'survives any one zone';
}

function health(h: HealthCheck): string {
  return [
    h.path,
    h.intervalMs !== undefined ? `every ${h.intervalMs / 1000}s` : '',
    h.fall !== undefined ? `fall ${h.fall}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

function routerDetail(r: Router): string {
  return ['router', r.ha ? 'HA' : '', r.distributed ? 'distributed' : '', r.external ? `→ ${r.external}` : '']
    .filter(Boolean)
    .join(' · ');
}

function networkDetail(n: Network): string {
  return [
    n.netKind ?? 'network',
    n.cidr ?? '',
    n.gateways.length ? `gw ${n.gateways.map((g) => g.name).join(' ')}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}
