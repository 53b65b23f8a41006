/**
 * A small YAML writer for HOT templates (the HEAT generator's output). Heat reads templates with
 * PyYAML, so scalars are quoted as YAML 1.1 reads them (`yes`, `on`, `0755`, dates ...), and what
 * PyYAML refuses anywhere in a document (C1 controls, lone surrogates ...) is escaped, even in
 * comments. Unlike a general YAML library it keeps what a person reading a template wants: comments
 * above entries, blank lines between resources, flow style for intrinsic functions
 * (`{get_resource: web_net}`), folded descriptions.
 *
 * The caller decides the layout (which entries, in which order, where comments go); this module
 * decides the characters.
 */
import { hashComments, wrapWords } from './comments.js';

/** Text written as is (`2018-08-31`, which HOT writes unquoted: PyYAML reads a date, Heat accepts it). */
export class YRaw {
  constructor(readonly text: string) {}
}
type YScalar = string | number | boolean | null | YRaw;
export type YValue = YScalar | YMap | YSeq | YFolded | YLiteral;

export interface YEntry {
  key: string;
  value: YValue;
  comments?: string[];
  blankBefore?: boolean;
}

export class YMap {
  constructor(
    readonly entries: YEntry[],
    readonly flow = false,
  ) {}
}
export class YSeq {
  constructor(
    readonly items: YValue[],
    readonly flow = false,
  ) {}
}
/** A folded block scalar (`>`), for descriptions. */
export class YFolded {
  constructor(readonly text: string) {}
}

/**
 * A literal block scalar (`|`), for text whose lines must reach the cloud as written (a server's
 * cloud-init user_data). Chomping and indentation indicators are chosen from the text.
 */
export class YLiteral {
  constructor(readonly text: string) {}
}

/** A block map from an object literal (undefined members dropped, insertion order kept). */
export function ymap(o: Record<string, YValue | undefined>): YMap {
  return new YMap(
    Object.entries(o)
      .filter((e): e is [string, YValue] => e[1] !== undefined)
      .map(([key, value]) => ({ key, value })),
  );
}
/** A flow map `{k: v}` (intrinsic functions). */
export const fn = (name: string, arg: YValue): YMap => new YMap([{ key: name, value: arg }], true);
export const flowSeq = (...items: YValue[]): YSeq => new YSeq(items, true);
export const seq = (...items: YValue[]): YSeq => new YSeq(items, false);
export const getResource = (name: string): YMap => fn('get_resource', name);
export const getParam = (name: string): YMap => fn('get_param', name);
export const getAttr = (...path: YScalar[]): YMap => fn('get_attr', flowSeq(...path));

const YAML11_SPECIAL =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<)$/;
const YAML11_NUMBER =
  /^[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?0[xXbBoO][0-9a-fA-F_]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;
const YAML11_DATE = /^\d{4}-\d{1,2}-\d{1,2}/;

function yScalar(v: YScalar, flow: boolean): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof YRaw) return v.text;
  const plain =
    /[A-Za-z0-9]/.test(v) &&
    // no indicator first, no control characters, nothing that starts a comment or a mapping value
    !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(v) &&
    !/[\u0000-\u001f\u007f]/.test(v) &&
    !/\s$/.test(v) &&
    !/:$/.test(v) &&
    !/: | #/.test(v) &&
    !(flow && /[,[\]{}:#]/.test(v)) &&
    !YAML11_SPECIAL.test(v) &&
    !YAML11_NUMBER.test(v) &&
    !YAML11_DATE.test(v);
  if (plain && !YAML_UNSAFE.test(v)) return v;
  if (/[\u0000-\u001f\u007f]/.test(v) || YAML_UNSAFE.test(v)) return yDouble(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * What YAML 1.1 (PyYAML, which Heat uses) does not accept as text anywhere in a document, even in
 * a comment: characters outside its printable set (C1 controls, lone surrogates, U+FFFE/FFFF),
 * and the line breaks it counts but we do not write (CR, NEL, U+2028, U+2029). Found by fuzzing:
 * a C1 control character in a description made Heat refuse the template.
 */
const YAML_UNSAFE = /[^\x09\x0A\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\u2028\u2029]/u;
const YAML_UNSAFE_ALL = new RegExp(YAML_UNSAFE.source, 'gu');

/** A double-quoted scalar with every character outside printable ASCII that YAML would not take escaped. */
function yDouble(v: string): string {
  let out = '"';
  for (const ch of v) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (!YAML_UNSAFE.test(ch)) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff)
      out += '\ufffd'; // a lone surrogate: no UTF-8 for it, Heat could not encode it
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Comment text YAML accepts: characters it would refuse are written as `\uXXXX`. */
function printable(text: string): string {
  return text.replace(YAML_UNSAFE_ALL, (ch) =>
    /[\ud800-\udfff]/.test(ch) ? '\ufffd' : `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`,
  );
}

function yFlow(v: YValue): string {
  if (v instanceof YMap) return `{${v.entries.map((e) => `${yScalar(e.key, true)}: ${yFlow(e.value)}`).join(', ')}}`;
  if (v instanceof YSeq) return `[${v.items.map(yFlow).join(', ')}]`;
  if (v instanceof YFolded || v instanceof YLiteral) return yScalar(v.text, true);
  return yScalar(v, true);
}

/** Comment lines YAML accepts (see `printable`), paragraphs kept. */
function comments(lines: readonly string[] | undefined, pad: string): string {
  return hashComments(lines, pad, (l, width) => wrap(printable(l), width));
}

/** Text wrapped at `width` columns, paragraph by paragraph (`\n` starts a new line). */
export function wrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((para) => wrapWords(para, width));
}

/** A flow collection whose members are all scalars or flow collections (else written as a block). */
function isFlow(v: YValue): boolean {
  if (v instanceof YMap) return v.flow && v.entries.every((e) => isFlow(e.value));
  if (v instanceof YSeq) return v.flow && v.items.every(isFlow);
  return true;
}

function yAfterKey(v: YValue, indent: number): string {
  if (v instanceof YFolded && !YAML_UNSAFE.test(v.text) && !/[\u0000-\u001f\u007f]/.test(v.text.replace(/\n/g, ''))) {
    const pad = ' '.repeat(indent + 2);
    return (
      ' >\n' +
      wrap(v.text, Math.max(40, 98 - indent))
        .map((l) => (l ? pad + l : ''))
        .join('\n') +
      '\n'
    );
  }
  if (v instanceof YFolded) return ` ${yScalar(v.text, false)}\n`;
  if (v instanceof YLiteral) return yLiteral(v.text, indent);
  if (v instanceof YMap && !isFlow(v)) return v.entries.length ? '\n' + yMapBlock(v, indent + 2) : ' {}\n';
  if (v instanceof YSeq && !isFlow(v)) return v.items.length ? '\n' + ySeqBlock(v, indent + 2) : ' []\n';
  if (v instanceof YMap || v instanceof YSeq) return ` ${yFlow(v)}\n`;
  return ` ${yScalar(v, false)}\n`;
}

/**
 * `|` then the lines, indented under the key. YAML keeps every character of them, so text YAML
 * cannot carry as is (control characters other than tab, what PyYAML refuses, a line of spaces
 * only, which a block scalar reads as empty) is written double-quoted instead. The chomping
 * indicator keeps the text's final line breaks exactly (`|-` none, `|` one, `|+` more); the
 * indentation indicator is given when the first line starts with a space.
 */
function yLiteral(text: string, indent: number): string {
  if (!text || YAML_UNSAFE.test(text) || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text) || /^ +$/m.test(text))
    return ` ${yDouble(text)}\n`;
  const body = text.replace(/\n+$/, '');
  const breaks = text.length - body.length;
  const chomp = breaks === 0 ? '-' : breaks === 1 ? '' : '+';
  const pad = ' '.repeat(indent + 2);
  const lines = (breaks > 1 ? text.slice(0, -1) : body).split('\n');
  return ` |${/^\n*[ \t]/.test(text) ? '2' : ''}${chomp}\n` + lines.map((l) => (l ? pad + l : '')).join('\n') + '\n';
}

function yMapBlock(m: YMap, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const e of m.entries) {
    if (e.blankBefore && out) out += '\n';
    out += comments(e.comments, pad);
    out += `${pad}${yScalar(e.key, false)}:${yAfterKey(e.value, indent)}`;
  }
  return out;
}

function ySeqBlock(s: YSeq, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const item of s.items) {
    if (item instanceof YMap && !isFlow(item) && item.entries.length) {
      const text = yMapBlock(
        new YMap(item.entries.map((e, i) => (i === 0 ? { ...e, comments: undefined, blankBefore: false } : e))),
        indent + 2,
      );
      out += comments(item.entries[0]!.comments, pad);
      out += `${pad}- ${text.slice(indent + 2)}`;
    } else if (item instanceof YSeq && !isFlow(item)) {
      out += `${pad}- ${yFlow(new YSeq(item.items, true))}\n`;
    } else {
      out += `${pad}- ${yFlow(item)}\n`;
    }
  }
  return out;
}

/** A YAML document from a top-level block map. */
export function renderYaml(m: YMap): string {
  return yMapBlock(m, 0);
}
