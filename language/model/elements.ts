/**
 * Stable keys of model elements, and the element a place in a file belongs to.
 *
 * A finding's line moves with every edit above it; the element it concerns does not. `topo diff`
 * matches the findings of two versions of a topology by rule and element key (`cluster ocp-east`,
 * `zone dc-east.az1`, `storage ledger-db`), so a finding that only moved is neither new nor gone.
 */
import type { Element, Loc, Position, TopoModel, Zone } from './types.js';

/** `kind name`, the qualified id for a zone: `cluster ocp-east`, `zone dc-east.az1`. */
export function elementKey(e: Pick<Element, 'kind' | 'name'> & { id?: string }): string {
  return `${e.kind} ${e.kind === 'zone' && (e as Zone).id ? (e as Zone).id : e.name}`;
}

/** Per file, the declarations sorted by where they start (nested blocks after their parent). */
type Index = Map<string, Element[]>;

const indexCache = new WeakMap<TopoModel, Index>();

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(outer: Loc['range'], inner: Loc['range']): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/** Every named element of a model (including zones and app storage). */
export function allElements(model: TopoModel): Element[] {
  return [...elementsBeforeApps(model), ...model.apps, ...model.storages, ...model.managements];
}

/** The named elements `allElements` lists before the apps: the infrastructure's, but storage and management. */
export function elementsBeforeApps(
  model: Pick<
    TopoModel,
    | 'params'
    | 'regions'
    | 'zones'
    | 'projects'
    | 'networks'
    | 'routers'
    | 'connectors'
    | 'securityGroups'
    | 'clusters'
    | 'servers'
    | 'loadBalancers'
    | 'gslbs'
  >,
): Element[] {
  return [
    ...model.params.values(),
    ...model.regions,
    ...model.zones,
    ...model.projects,
    ...model.networks,
    ...model.routers,
    ...model.connectors,
    ...model.securityGroups,
    ...model.clusters,
    ...model.servers,
    ...model.loadBalancers,
    ...model.gslbs,
  ];
}

function indexOf(model: TopoModel): Index {
  const cached = indexCache.get(model);
  if (cached) return cached;
  const index: Index = new Map();
  for (const e of allElements(model)) {
    const files = index.get(e.loc.uri);
    if (files) files.push(e);
    else index.set(e.loc.uri, [e]);
  }
  for (const list of index.values()) {
    // By start; a block enclosing another starts first (or at the same place and ends later).
    list.sort((a, b) => {
      const s = a.loc.range.start;
      const t = b.loc.range.start;
      if (s.line !== t.line || s.character !== t.character) return s.line - t.line || s.character - t.character;
      return before(a.loc.range.end, b.loc.range.end) ? 1 : before(b.loc.range.end, a.loc.range.end) ? -1 : 0;
    });
  }
  indexCache.set(model, index);
  return index;
}

/**
 * The innermost element whose declaration holds `loc` (a storage block inside an app gives the
 * storage), or undefined for a place outside every block (a top-level `rtt` line).
 */
export function enclosingElement(model: TopoModel, loc: Loc): Element | undefined {
  const list = indexOf(model).get(loc.uri);
  if (!list?.length) return undefined;
  // The last declaration starting at or before the place; blocks nest, so the innermost one
  // holding it is found walking back from there.
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(loc.range.start, list[mid]!.loc.range.start)) hi = mid;
    else lo = mid + 1;
  }
  for (let i = lo - 1; i >= 0; i--) {
    if (contains(list[i]!.loc.range, loc.range)) return list[i];
  }
  return undefined;
}

/** The key of the element whose block holds `loc` (see enclosingElement). */
export function elementKeyAt(model: TopoModel, loc: Loc): string | undefined {
  const e = enclosingElement(model, loc);
  return e ? elementKey(e) : undefined;
}
