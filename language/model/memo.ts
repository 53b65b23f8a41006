/**
 * What the model builder keeps from one build of a topology to the next, so that a keystroke
 * rebuilds only what it can change (see `buildModel`'s `memo`).
 *
 * A topology's elements fall in two tiers. Apps (with the storage they declare) are the many
 * leaves: nothing refers to an app, and an app's part of the model reads only its own block and
 * the infrastructure it names (clusters, a gslb, zones, sites, secrets, parameters). Everything
 * else is the infrastructure, which apps never feed back into. So:
 *
 * - when no file's infrastructure changed (the same declarations, with the same text, at the same
 *   places), the infrastructure's part of the model is the previous build's, object for object;
 * - then an app whose block is unchanged (same file, same place, same text) is the previous
 *   build's app, object for object, and only the edited apps are built again.
 *
 * Otherwise the model is built from scratch. Either way the result is what a build from scratch
 * gives, byte for byte (test/incremental/equivalence.ts checks it after thousands of random edits).
 */
import type { AstNode } from 'langium';
import * as ast from '../generated/ast.js';
import { findNodeForProperty } from './cst-properties.js';
import type * as M from './types.js';

/** One app's part of a build: its element and the problems its block gave. */
export interface AppEntry {
  app: M.App;
  problems: readonly M.ModelProblem[];
}

/** The infrastructure's part of a build: the model's fields but apps (and their storage). */
export interface Infrastructure {
  name: string;
  params: Map<string, M.ParamInfo>;
  regions: M.Region[];
  zones: M.Zone[];
  zoneById: Map<string, M.Zone>;
  rttDecls: M.RttDecl[];
  rtt: M.TopoModel['rtt'];
  projects: M.Project[];
  networks: M.Network[];
  routers: M.Router[];
  connectors: M.Connector[];
  securityGroups: M.SecurityGroup[];
  clusters: M.Cluster[];
  servers: M.Servers[];
  loadBalancers: M.LoadBalancer[];
  gslbs: M.Gslb[];
  /** Storage declared at the top level (an app's own storage goes with the app). */
  storages: M.Storage[];
  managements: M.Management[];
  secrets: M.TopoModel['secrets'];
  keepalived: M.KeepalivedInstance[];
  /** The problems found before the apps were built, and after them (before the model's checks). */
  problemsBefore: M.ModelProblem[];
  problemsAfter: M.ModelProblem[];
}

/** The state of the last build of one topology. */
export interface ModelState {
  /** The build options, as a string (parameter overrides, fallback name). */
  options: string;
  /** Per file URI, in the builder's order: its syntax tree. */
  files: { uri: string; root: ast.Document }[];
  infra: Infrastructure;
  /** Per file URI: the infrastructure's elements by their syntax-tree node (zones included). */
  infraNodes: Map<string, Map<AstNode, M.Element>>;
  /** Per file URI: the file's apps, in order. */
  apps: Map<string, { node: ast.App; entry: AppEntry }[]>;
  /**
   * Per file URI: its list of references as linked (`SourceFile.references`, and its length), and
   * the elements they resolved to with the place of each, in order.
   */
  refsByFile: Map<string, { references: readonly unknown[]; count: number; targets: M.Element[]; places: M.Loc[] }>;
}

/** Kept by whoever builds a topology's model again and again (the language server, per topology). */
export class ModelMemo {
  state: ModelState | undefined;
  /** Builds so far: from scratch, or on the previous infrastructure; apps reused and built again there. */
  readonly stats = { scratch: 0, reused: 0, appsReused: 0, appsBuilt: 0 };
}

/**
 * An element's text and place: its file, where it starts, what precedes it on its first line
 * (indentation is read from there) and its text. Two elements with equal keys give equal parts of
 * the model when everything they refer to is equal too. Kept per syntax-tree node.
 */
export function placeKey(node: AstNode, uri: string): string {
  let key = placeKeys.get(node);
  if (key === undefined) {
    const cst = node.$cstNode;
    if (!cst) key = `${uri}\u0000-`;
    else {
      const text = cst.root.fullText;
      const lineStart = text.lastIndexOf('\n', cst.offset - 1) + 1;
      key = `${uri}\u0000${cst.range.start.line}\u0000${text.slice(lineStart, cst.end)}`;
    }
    placeKeys.set(node, key);
  }
  return key;
}
const placeKeys = new WeakMap<AstNode, string>();

/**
 * True when two parses of a file declare the same infrastructure: the same `topology` line and
 * the same top-level declarations but apps, each with the same place key. Two parses of one file
 * are compared only when the file changed: an unchanged file keeps its syntax tree.
 */
export function sameInfrastructure(a: ast.Document, b: ast.Document, uri: string): boolean {
  if (a === b) return true;
  if (a.topology !== b.topology || topologyAt(a) !== topologyAt(b)) return false;
  const left = a.elements.filter((e) => !ast.isApp(e));
  const right = b.elements.filter((e) => !ast.isApp(e));
  return left.length === right.length && left.every((e, i) => placeKey(e, uri) === placeKey(right[i]!, uri));
}

function topologyAt(root: ast.Document): string {
  let at = topologies.get(root);
  if (at === undefined) {
    const cst = findNodeForProperty(root.$cstNode, 'topology');
    at = cst ? `${cst.offset}:${cst.length}` : '-';
    topologies.set(root, at);
  }
  return at;
}
const topologies = new WeakMap<ast.Document, string>();

/**
 * The infrastructure a model was built on, when it was built with a memo: two models with the same
 * one have the same infrastructure, object for object (the failure analysis keeps what depends on
 * it alone per infrastructure, see analysis/survivability.ts). Undefined for models built without.
 */
export function infrastructureOf(model: M.TopoModel): Infrastructure | undefined {
  return infrastructures.get(model);
}

export function setInfrastructure(model: M.TopoModel, infra: Infrastructure): void {
  infrastructures.set(model, infra);
}
const infrastructures = new WeakMap<M.TopoModel, Infrastructure>();

/**
 * What `derive` computes from a model's infrastructure, kept with it: once per infrastructure and
 * function when the model was built with a memo (every model on that infrastructure gets the same
 * result), else computed for this model. `derive` sees the infrastructure's view (reading the
 * apps throws), so what it returns cannot depend on them.
 */
export function ofInfrastructure<T>(model: M.TopoModel, derive: (view: M.TopoModel) => T): T {
  const infra = infrastructures.get(model);
  if (!infra) return derive(infrastructureView(model));
  let kept = derived.get(infra);
  if (!kept) derived.set(infra, (kept = new Map()));
  if (!kept.has(derive)) kept.set(derive, derive(infrastructureView(model)));
  return kept.get(derive) as T;
}
const derived = new WeakMap<Infrastructure, Map<(view: M.TopoModel) => unknown, unknown>>();

/**
 * What `derive` gives for each of a model's apps, in the apps' order, as one list. Kept with the
 * infrastructure, per `derive` (which must read the app and the infrastructure alone), and updated
 * at the indices where the model's apps differ from the last model's: a keystroke changes an app
 * or two, and the others are not read again (reading 7,000 apps scattered over a large heap costs
 * about a millisecond in memory latency alone). Without a memo, every app is read.
 */
export function perAppOf<T>(model: M.TopoModel, derive: (app: M.App) => readonly T[]): T[] {
  const all = ofInfrastructure(model, newPerApp);
  let kept = all.get(derive) as PerApp<T> | undefined;
  const apps = model.apps;
  const changed = kept && changedIndices(kept.apps, apps);
  if (!kept || !changed) {
    kept = { apps, found: new Map(), nonEmpty: [] };
    for (let i = 0; i < apps.length; i++) {
      const list = derive(apps[i]!);
      if (list.length) {
        kept.found.set(i, list);
        kept.nonEmpty.push(i);
      }
    }
    all.set(derive, kept);
  } else if (changed.size) {
    for (const i of changed) {
      const list = derive(apps[i]!);
      if (list.length) kept.found.set(i, list);
      else kept.found.delete(i);
    }
    kept.nonEmpty = [...kept.found.keys()].sort((a, b) => a - b);
    kept.apps = apps;
  }
  const out: T[] = [];
  for (const i of kept.nonEmpty) for (const x of kept.found.get(i)!) out.push(x);
  return out;
}

/** `perAppOf`'s results per app: the non-empty ones by index, the indices in order. */
interface PerApp<T> {
  apps: readonly M.App[];
  found: Map<number, readonly T[]>;
  nonEmpty: number[];
}
const newPerApp = (): Map<unknown, PerApp<unknown>> => new Map();

/**
 * The indices at which two lists of one length (a model's apps and the last model's) hold
 * different items, in order; undefined when the lengths differ or more than a keystroke's few
 * items differ (whoever asks then looks at every item again).
 */
export function changedIndices<T>(before: readonly T[], after: readonly T[]): Set<number> | undefined {
  if (before.length !== after.length) return undefined;
  const out = new Set<number>();
  for (let i = 0; i < after.length; i++) {
    if (before[i] === after[i]) continue;
    if (out.size === MAX_CHANGED) return undefined;
    out.add(i);
  }
  return out;
}
const MAX_CHANGED = 16;

const views = new WeakMap<M.TopoModel, M.TopoModel>();

/**
 * The model as a check that reads the infrastructure alone sees it (rules with `reads:
 * 'infrastructure'`, the generators' checks): no apps (reading them throws, as does the index of
 * every name, which holds them), the storage declared at the top level.
 */
export function infrastructureView(model: M.TopoModel): M.TopoModel {
  let view = views.get(model);
  if (!view) {
    const refuse = (what: string) => (): never => {
      throw new Error(`a check that reads the infrastructure only read ${what}`);
    };
    // The model's fields as they are (one made when first read, `byName`, stays unmade).
    const fields = Object.getOwnPropertyDescriptors(model);
    view = Object.defineProperties({} as M.TopoModel, {
      ...fields,
      storages: {
        value: infrastructures.get(model)?.storages ?? model.storages.filter((s) => !s.app),
        enumerable: true,
        writable: true,
      },
      apps: { get: refuse('the apps'), enumerable: true },
      byName: { get: refuse('every name (apps included)'), enumerable: true },
    });
    views.set(model, view);
  }
  return view;
}
