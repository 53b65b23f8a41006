import type { Element, Loc, Position, TopoModel } from '../model/types.js';

export function contains(loc: Loc, uri: string, p: Position): boolean {
  if (loc.uri !== uri) return false;
  const { start, end } = loc.range;
  if (p.line < start.line || p.line > end.line) return false;
  if (p.line === start.line && p.character < start.character) return false;
  if (p.line === end.line && p.character > end.character) return false;
  return true;
}

/** Every named element of a model (including zones and app storage). */
export function allElements(model: TopoModel): Element[] {
  return [
    ...model.params.values(), ...model.regions, ...model.zones, ...model.projects, ...model.networks, ...model.routers,
    ...model.connectors, ...model.securityGroups, ...model.clusters, ...model.servers, ...model.loadBalancers,
    ...model.gslbs, ...model.apps, ...model.storages, ...model.managements,
  ];
}

/** The element whose name is declared or referred to at a position. */
export function elementAt(model: TopoModel, uri: string, p: Position): Element | undefined {
  for (const el of allElements(model)) {
    if (contains(el.nameLoc, uri, p) || el.refs.some((r) => contains(r, uri, p))) return el;
  }
  return undefined;
}
