/**
 * Text widths for sizing the diagram's boxes without a browser. The diagram's font is Helvetica,
 * or a font with its metrics (Arial on Windows, Liberation Sans on Linux), so the advance widths
 * of Helvetica's AFM files (Adobe Core 14 fonts, in 1/1000 em) give the drawn width of a label.
 * Characters outside the table count as wide as an `M`-ish 0.6 em, which errs on the safe side.
 */

// Advance widths of the printable ASCII characters, 32 (space) to 126 (~).
const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611,
  556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389,
  280, 389, 584,
];
/** A few non-ASCII characters the diagram writes. */
const OTHER: Record<string, number> = {
  '·': 278,
  '→': 1000,
  '↔': 1000,
  '…': 1000,
  '×': 584,
  '–': 556,
  '—': 1000,
  '≥': 549,
};

export const FONT_FAMILY = "Helvetica, Arial, 'Liberation Sans', sans-serif";

/** The drawn width of `text` at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? table[code - 32]! : (OTHER[ch] ?? 600);
  }
  return (units * size) / 1000;
}

/** `text`, cut with an ellipsis so that it is at most `width` px wide. */
export function ellipsize(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text;
  const chars = [...text];
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(chars.slice(0, mid).join('') + '…', size, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return chars.slice(0, lo).join('').trimEnd() + '…';
}
