/** Places in files that are not written anywhere in particular. */
import type { Loc, Range } from './types.js';

/** The empty range at the start of a file: where something with no place of its own is reported. */
export const EMPTY_RANGE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The start of the file `uri` (a finding about the whole topology goes on its first file). */
export function startOf(uri: string): Loc {
  return { uri, range: EMPTY_RANGE };
}
