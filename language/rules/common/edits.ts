/**
 * Text edits for quick fixes, computed from the model's locations only. They keep the file
 * formatted: a property added to a multi-line block goes on a line of its own with the block's
 * indentation, one added to a single-line block goes inline, two spaces after the last item.
 * Shared by the quorum, etcd, workers and ref rules.
 */
import type { Loc, Position } from '../../model/types.js';
import type { TextEdit } from '../types.js';

/** A block quick fixes can edit: a control plane, a worker pool, a region, any element. */
export interface Block {
  loc: Loc;
  props: Record<string, Loc | undefined>;
  /** The closing brace; without it nothing can be added. */
  insertLoc?: Loc;
  indent?: string;
}

/** A property to write: `text` replaces `props[prop]` where written, else is added to the block. */
export interface PropText {
  prop?: string;
  text: string;
  /** A note on an added property: `// note` on a line of its own, `/* note *\/` inline. */
  note?: string;
}

/**
 * Edits that write `items` into `block`; undefined when a property must be added and the block
 * has no braces. `content` locates what the block holds besides its props (a region's zones and
 * rtt lines), so that additions go after the last of them.
 */
export function setProps(block: Block, items: PropText[], content: Loc[] = []): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const added: PropText[] = [];
  for (const item of items) {
    const at = item.prop ? block.props[item.prop] : undefined;
    if (at) edits.push({ uri: at.uri, range: at.range, newText: item.text });
    else added.push(item);
  }
  if (added.length) {
    const add = addToBlock(block, added, content);
    if (!add) return undefined;
    edits.push(add);
  }
  return edits;
}

function addToBlock(block: Block, items: PropText[], content: Loc[]): TextEdit | undefined {
  const close = block.insertLoc;
  if (!close) return undefined;
  const closeLine = close.range.start.line;
  const last = lastEnd(
    [...Object.values(block.props), ...content].filter(
      (l): l is Loc => !!l && l.uri === close.uri && !after(l.range.end, close.range.start),
    ),
  );
  const insert = (at: Position, newText: string): TextEdit => ({
    uri: close.uri,
    range: { start: at, end: at },
    newText,
  });
  const indent = block.indent ?? '  ';
  const inline = (i: PropText): string => (i.note ? `${i.text}  /* ${i.note} */` : i.text);
  const ownLine = (i: PropText): string => `${indent}${i.note ? `${i.text}  // ${i.note}` : i.text}\n`;

  if (block.loc.range.start.line === closeLine) {
    // A single-line block: inline, two spaces after the last item (or just before the brace).
    if (last && last.line === closeLine) return insert(last, items.map((i) => `  ${inline(i)}`).join(''));
    return insert(close.range.start, `${items.map(inline).join('  ')} `);
  }
  // A multi-line block whose brace ends a line with content: new lines after it, the brace stays.
  if (last && last.line === closeLine) return insert(last, items.map((i) => `\n${indent}${inline(i)}`).join(''));
  return insert({ line: closeLine, character: 0 }, items.map(ownLine).join(''));
}

/** True when position `a` comes after `b`. */
export function after(a: Position, b: Position): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}

function lastEnd(locs: Loc[]): Position | undefined {
  let last: Position | undefined;
  for (const l of locs) if (!last || after(l.range.end, last)) last = l.range.end;
  return last;
}
