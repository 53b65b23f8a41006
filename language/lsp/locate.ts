import { allElements } from '../model/elements.js';
import type { Element, Loc, Position, TopoModel } from '../model/types.js';

export function contains(loc: Loc, uri: string, p: Position): boolean {
  if (loc.uri !== uri) return false;
  const { start, end } = loc.range;
  if (p.line < start.line || p.line > end.line) return false;
  if (p.line === start.line && p.character < start.character) return false;
  if (p.line === end.line && p.character > end.character) return false;
  return true;
}

/** The element whose name is declared or referred to at a position. */
export function elementAt(model: TopoModel, uri: string, p: Position): Element | undefined {
  for (const el of allElements(model)) {
    if (contains(el.nameLoc, uri, p) || el.refs.some((r) => contains(r, uri, p))) return el;
  }
  return undefined;
}
