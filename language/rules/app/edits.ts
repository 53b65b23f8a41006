import type { Loc, Position, TopoModel } from '../../model/types.js';

/**
 * True when a property's value is written with a parameter (`replicas $n`): a fix that rewrites it
 * as a literal would silently drop the parameter and its `--set` overrides.
 */
export function usesParam(model: TopoModel, at: Loc | undefined): boolean {
  if (!at) return false;
  const before = (a: Position, b: Position): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return [...model.params.values()].some((p) =>
    p.refs.some((r) => r.uri === at.uri && before(at.range.start, r.range.start) && before(r.range.end, at.range.end)),
  );
}
