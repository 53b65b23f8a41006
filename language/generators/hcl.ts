/**
 * A tiny HCL (Terraform) emitter whose output is `terraform fmt`-clean by construction:
 *
 *  - two spaces per nesting level, no tabs, no trailing whitespace, one final newline;
 *  - `=` aligned within each run of consecutive single-line attributes (hclwrite's formatCells:
 *    a run ends at a blank line, a comment line, a nested block or a multi-line value);
 *  - block labels quoted; strings escaped (`"`, `\`, `${`, `%{`, control characters);
 *  - interpolation-only strings are never written (`"${var.x}"` → `var.x`, as fmt unwraps them);
 *  - lists on one line `[a, b]`, objects on several lines with their own alignment.
 *
 * The caller decides the layout (which attributes, in which order, where blank lines go); this
 * module decides the characters.
 */
import { hashComments } from './comments.js';

/** An HCL expression written verbatim (`var.x`, `openstack_networking_network_v2.net.id`). */
export class Expr {
  constructor(readonly text: string) {}
}
/** A string template: literal parts and expressions (`"web-${count.index}"`). */
export class Template {
  constructor(readonly parts: readonly (string | Expr)[]) {}
}
/** An object value `{ key = value ... }` (written over several lines), keys in the given order. */
export class HclObject {
  constructor(readonly entries: readonly (readonly [string, HclValue])[]) {}
}

export type HclValue = string | number | boolean | null | Expr | Template | HclObject | readonly HclValue[];

export interface Attribute {
  kind: 'attr';
  name: string;
  value: HclValue;
  /** Comment lines (without `#`) written above the attribute. */
  comments?: readonly string[];
}

export interface Block {
  kind: 'block';
  type: string;
  labels: readonly string[];
  body: readonly BodyItem[];
  comments?: readonly string[];
}

export interface Blank {
  kind: 'blank';
}

export interface Comment {
  kind: 'comment';
  lines: readonly string[];
}

export type BodyItem = Attribute | Block | Blank | Comment;

export const expr = (text: string): Expr => new Expr(text);
export const tmpl = (...parts: (string | Expr)[]): Template | Expr | string => {
  const merged: (string | Expr)[] = [];
  for (const p of parts) {
    if (p === '') continue;
    const last = merged[merged.length - 1];
    if (typeof p === 'string' && typeof last === 'string') merged[merged.length - 1] = last + p;
    else merged.push(p);
  }
  // `"${x}"` alone is what terraform fmt unwraps: write the bare expression.
  if (merged.length === 1 && merged[0] instanceof Expr) return merged[0];
  if (merged.length === 0) return '';
  if (merged.every((p) => typeof p === 'string')) return merged.join('');
  return new Template(merged);
};
export const obj = (entries: (readonly [string, HclValue | undefined])[]): HclObject =>
  new HclObject(entries.filter((e): e is readonly [string, HclValue] => e[1] !== undefined));
export const attr = (name: string, value: HclValue, comments?: readonly string[]): Attribute => ({
  kind: 'attr',
  name,
  value,
  comments,
});
export const block = (
  type: string,
  labels: readonly string[],
  body: readonly BodyItem[],
  comments?: readonly string[],
): Block => ({
  kind: 'block',
  type,
  labels,
  body,
  comments,
});
export const blank: Blank = { kind: 'blank' };
export const comment = (...lines: string[]): Comment => ({ kind: 'comment', lines });

/**
 * Attributes (undefined values dropped) in order: a convenience for building bodies.
 */
export function attrs(entries: (readonly [string, HclValue | undefined])[]): Attribute[] {
  return entries.filter((e): e is readonly [string, HclValue] => e[1] !== undefined).map(([n, v]) => attr(n, v));
}

/** Joins groups of body items with one blank line between non-empty groups. */
export function sections(...groups: (readonly BodyItem[])[]): BodyItem[] {
  const out: BodyItem[] = [];
  for (const g of groups) {
    if (g.length === 0) continue;
    if (out.length) out.push(blank);
    out.push(...g);
  }
  return out;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A valid HCL identifier made of the name (`web-lb` stays, `1st` → `_1st`, `a.b` → `a_b`). */
export function identifier(name: string, separator: '_' | '-' = '_'): string {
  let id = name.replace(/[^A-Za-z0-9_-]+/g, '_');
  if (separator === '_') id = id.replace(/-/g, '_');
  if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
  return id;
}

/** HCL quoted-string escaping (hclsyntax): also `${` and `%{`, which would start a template. */
export function quote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const next = s[i + 1];
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if ((c === '$' || c === '%') && next === '{') out += c + c;
    else if (c.charCodeAt(0) < 0x20) out += `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    else out += c;
  }
  return out + '"';
}

function templateText(t: Template): string {
  let out = '"';
  for (const p of t.parts) out += typeof p === 'string' ? quote(p).slice(1, -1) : `\${${p.text}}`;
  return out + '"';
}

function isMultiline(v: HclValue): boolean {
  if (v instanceof HclObject) return v.entries.length > 0;
  if (Array.isArray(v)) return v.some(isMultiline);
  return false;
}

/** The value's text; objects take several lines (indented for `level`). */
function valueText(v: HclValue, level: number): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`HCL: ${v} is not a number literal`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Expr) return v.text;
  if (v instanceof Template) return templateText(v);
  if (v instanceof HclObject) {
    if (v.entries.length === 0) return '{}';
    const inner = v.entries.map(([k, val]) => attr(IDENT.test(k) ? k : quote(k), val));
    return `{\n${renderBody(inner, level + 1)}${'  '.repeat(level)}}`;
  }
  if (Array.isArray(v)) {
    if (isMultiline(v)) throw new Error('HCL: lists of objects are not supported by this emitter');
    return `[${v.map((x) => valueText(x, level)).join(', ')}]`;
  }
  throw new Error(`HCL: cannot write ${String(v)}`);
}

function renderBody(items: readonly BodyItem[], level: number): string {
  const pad = '  '.repeat(level);
  let out = '';
  // Trim blanks at both ends and collapse repeated blanks; a nested block is set apart from what
  // precedes and follows it by a blank line (Terraform's style conventions).
  const list: BodyItem[] = [];
  for (const item of items) {
    const prev = list[list.length - 1];
    if (item.kind === 'blank' && (!prev || prev.kind === 'blank')) continue;
    if (
      item.kind !== 'blank' &&
      prev &&
      prev.kind !== 'blank' &&
      prev.kind !== 'comment' &&
      (prev.kind === 'block' || item.kind === 'block')
    )
      list.push(blank);
    list.push(item);
  }
  while (list.length && list[list.length - 1]!.kind === 'blank') list.pop();

  for (let i = 0; i < list.length; i++) {
    const item = list[i]!;
    if (item.kind === 'blank') {
      out += '\n';
      continue;
    }
    if (item.kind === 'comment') {
      out += hashComments(item.lines, pad);
      continue;
    }
    if (item.kind === 'block') {
      out += hashComments(item.comments, pad);
      const head = [item.type, ...item.labels.map(quote)].join(' ');
      const body = renderBody(item.body, level + 1);
      out += body ? `${pad}${head} {\n${body}${pad}}\n` : `${pad}${head} {\n${pad}}\n`;
      continue;
    }
    // A run of single-line attributes: align their `=` (a comment above an attribute ends the run).
    const run: Attribute[] = [item];
    if (!isMultiline(item.value)) {
      for (let j = i + 1; j < list.length; j++) {
        const next = list[j]!;
        if (next.kind !== 'attr' || isMultiline(next.value) || (next.comments?.length ?? 0) > 0) break;
        run.push(next);
      }
    }
    const width = Math.max(...run.map((a) => a.name.length));
    for (const a of run) {
      out += hashComments(a.comments, pad);
      out += `${pad}${a.name.padEnd(isMultiline(a.value) ? a.name.length : width)} = ${valueText(a.value, level)}\n`;
    }
    i += run.length - 1;
  }
  return out;
}

/** A whole file: top-level items (blocks separated by the caller's blanks), ending with one newline. */
export function renderHcl(items: readonly BodyItem[]): string {
  return renderBody(items, 0);
}

/** Top-level blocks with one blank line between each. */
export function renderBlocks(blocks: readonly BodyItem[]): string {
  const items: BodyItem[] = [];
  for (const b of blocks) {
    if (items.length) items.push(blank);
    items.push(b);
  }
  return renderHcl(items);
}
