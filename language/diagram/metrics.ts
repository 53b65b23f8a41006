/**
 * The diagram's measures: font sizes, line heights, paddings, and the size of each box from its
 * text. The layout sizes boxes with these and the renderer places text with the same numbers.
 */
import { textWidth } from './text.js';
import type { DiagramNode, DiagramRow } from './types.js';

export const SIZE = {
  title: 13,
  regionTitle: 14,
  subtitle: 11,
  row: 11,
  status: 11,
  rtt: 10,
  header: 18,
  summary: 12,
  legend: 11,
};

export const PAD = 10;
/** Height of the title line, the subtitle line, a row and the status line. */
export const LINE = { title: 18, subtitle: 15, row: 17, status: 17 };
/** Space between a row's name and its detail. */
export const ROW_GAP = 8;
/** Room at a box's top right for the diagnostics markers. */
export const MARKER_ROOM = 40;
const MIN_WIDTH = { leaf: 176, zone: 150 };

/** A site's padding: room for its title and subtitle above its contents, and for RTT brackets below. */
export const REGION = { top: 58, side: 14, bottom: 14 };
/** Vertical space per level of RTT brackets under zones (or sites). */
export const RTT_LEVEL = 22;

/** Room before a row's text for its icon, and after it for a diagnostics marker. */
export const ROW_ICON = 14;
export const ROW_MARKER = 14;

export function rowWidth(r: DiagramRow): number {
  const detail = Math.max(r.detail ? textWidth(r.detail, SIZE.row) : 0, r.reserve ? textWidth(r.reserve, SIZE.row) : 0);
  return ROW_ICON + textWidth(r.text, SIZE.row, true) + (detail ? ROW_GAP + detail : 0) + ROW_MARKER;
}

/** The size of a box without children (a zone, a cluster, an app, ...). */
export function leafSize(n: DiagramNode): { width: number; height: number } {
  const empty = n.kind === 'zone' && n.rows.length === 0;
  let width = textWidth(n.title, n.kind === 'zone' ? SIZE.title : SIZE.title, true) + MARKER_ROOM;
  if (n.kind !== 'zone') width = Math.max(width, textWidth(n.subtitle, SIZE.subtitle));
  for (const r of n.rows) width = Math.max(width, rowWidth(r));
  if (n.status !== undefined) width = Math.max(width, textWidth(n.status, SIZE.status));
  width = Math.max(Math.ceil(width + 2 * PAD + 6), n.kind === 'zone' ? MIN_WIDTH.zone : MIN_WIDTH.leaf);
  return {
    width,
    height:
      rowsTop(n) +
      (n.rows.length + (empty ? 1 : 0)) * LINE.row +
      (n.status !== undefined ? 4 + LINE.status : 0) +
      PAD -
      2,
  };
}

/** Where the first row starts, from the box's top. */
export function rowsTop(n: DiagramNode): number {
  return n.kind === 'zone' ? 8 + LINE.title + 2 : 8 + LINE.title + LINE.subtitle + 4;
}
