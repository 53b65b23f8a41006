/**
 * Where a spec puts the cursor: a needle written with Langium's `<|>` index marker
 * (`'network <|>ctrl }'`), found in a text. The request parameters themselves come from
 * `langium/test` (`textDocumentParams`, `textDocumentPositionParams`, `referenceParams`).
 */
import { replaceIndices } from 'langium/test';

/**
 * The offset of the `<|>` marker of `needle` (its start when it has none) where `needle`, without
 * the marker, first stands in `text`.
 */
export function offsetOf(text: string, needle: string): number {
  const { output, indices } = replaceIndices({ text: needle });
  const at = text.indexOf(output);
  if (indices.length > 1 || at < 0) throw new Error(`"${needle}" must stand in the text, with at most one <|>`);
  return at + (indices[0] ?? 0);
}

/** The same place as an LSP position (0-based line and character). */
export function positionOf(text: string, needle: string): { line: number; character: number } {
  const before = text.slice(0, offsetOf(text, needle)).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}
