import type { LangiumDocument } from 'langium';
import type { Formatter } from 'langium/lsp';
import type {
  DocumentFormattingParams,
  DocumentOnTypeFormattingOptions,
  DocumentRangeFormattingParams,
  TextEdit,
} from 'vscode-languageserver';

/**
 * Formatting that keeps the author's layout of properties (several on one line is a common,
 * readable style in topo files) and fixes what a formatter should: indentation by block depth
 * (2 spaces, or the editor's tab size), trailing whitespace, runs of blank lines, and the final
 * newline. Strings and comments are never changed.
 */
export class TopoFormatter implements Formatter {
  formatDocument(document: LangiumDocument, params: DocumentFormattingParams): TextEdit[] {
    return formatEdits(document.textDocument.getText(), indentUnit(params.options), 0, Number.MAX_SAFE_INTEGER);
  }

  formatDocumentRange(document: LangiumDocument, params: DocumentRangeFormattingParams): TextEdit[] {
    return formatEdits(
      document.textDocument.getText(),
      indentUnit(params.options),
      params.range.start.line,
      params.range.end.line,
    );
  }

  formatDocumentOnType(): TextEdit[] {
    return [];
  }

  get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
    return undefined;
  }
}

function indentUnit(options: { tabSize: number; insertSpaces: boolean }): string {
  return options.insertSpaces === false
    ? '\t'
    : ' '.repeat(options.tabSize > 0 && options.tabSize <= 8 ? options.tabSize : 2);
}

/** The formatted text of a whole document. */
export function formatText(text: string, unit = '  '): string {
  const { lines, eols } = splitLines(text);
  return join(formatLines(text, lines, eols, unit, 0, Number.MAX_SAFE_INTEGER), eols);
}

/** Lines and the line break after each (`\n`, `\r\n` or `\r`, as LSP counts lines). */
function splitLines(text: string): { lines: string[]; eols: string[] } {
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const eols: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]!);
    if (i + 1 < parts.length) eols.push(parts[i + 1]!);
  }
  return { lines, eols };
}

/** Joins formatted lines with the line break that followed each line's source (a `\r` in a string stays). */
function join(out: { text: string; src: number }[], eols: string[]): string {
  const fallback = eols[0] ?? '\n';
  let s = '';
  out.forEach((l, k) => {
    s += l.text;
    if (k < out.length - 1) s += eols[l.src] ?? fallback;
  });
  return s;
}

/**
 * Per-line edits when every line stays where it is (cursors and folds are disturbed least),
 * otherwise one edit for the whole document.
 */
function formatEdits(text: string, unit: string, fromLine: number, toLine: number): TextEdit[] {
  const { lines, eols } = splitLines(text);
  const formatted = formatLines(text, lines, eols, unit, fromLine, toLine);
  // A dropped blank line and an added final newline keep the count but shift the lines: only a
  // one-to-one result can be sent as per-line edits.
  if (formatted.length !== lines.length || formatted.some((l, i) => l.src !== i)) {
    const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    return [{ range: { start: { line: 0, character: 0 }, end }, newText: join(formatted, eols) }];
  }
  const edits: TextEdit[] = [];
  formatted.forEach(({ text: line }, i) => {
    if (line !== lines[i])
      edits.push({
        range: { start: { line: i, character: 0 }, end: { line: i, character: lines[i]!.length } },
        newText: line,
      });
  });
  return edits;
}

// The lexer's own patterns (language/topo.langium) for what the formatter must never change.
const STRING = /"[^"\\]*(?:\\.[^"\\]*)*"/y;
const ML_COMMENT = /\/\*[\s\S]*?\*\//y;

/**
 * Where the strings and comments are, exactly as the lexer finds them: a quote or `/*` that the
 * lexer cannot close (an unterminated string, a backslash before a line break) is a lexing error
 * there, not the start of a string or comment, and is not one here either.
 */
function protectedSpans(text: string): { start: number; end: number; string: boolean }[] {
  const spans: { start: number; end: number; string: boolean }[] = [];
  for (let i = 0; i < text.length; ) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      STRING.lastIndex = i;
      if (STRING.test(text)) {
        spans.push({ start: i, end: STRING.lastIndex, string: true });
        i = STRING.lastIndex;
        continue;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2a /* * */) {
      ML_COMMENT.lastIndex = i;
      if (ML_COMMENT.test(text)) {
        spans.push({ start: i, end: ML_COMMENT.lastIndex, string: false });
        i = ML_COMMENT.lastIndex;
        continue;
      }
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      let end = i;
      while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
      spans.push({ start: i, end, string: false });
      i = end;
      continue;
    }
    i++;
  }
  return spans;
}

/** Lines re-indented by brace depth, trailing spaces and extra blank lines removed, one final newline. */
function formatLines(
  text: string,
  lines: string[],
  eols: string[],
  unit: string,
  fromLine: number,
  toLine: number,
): { text: string; src: number }[] {
  const spans = protectedSpans(text);
  const out: { text: string; src: number }[] = [];
  let depth = 0;
  let offset = 0;
  let k = 0; // the first span that does not end before the current line
  let endsInside = false;
  lines.forEach((line, i) => {
    const lineEnd = offset + line.length;
    while (k < spans.length && spans[k]!.end <= offset) k++;
    // Inside a string or a block comment that began on an earlier line.
    const startsInside = k < spans.length && spans[k]!.start < offset;
    // Braces outside strings and comments; `leadingCloses` are the `}` that start the line.
    let opens = 0;
    let closes = 0;
    let leadingCloses = 0;
    let leading = !startsInside;
    let j = k;
    let inStringAtEnd = false;
    for (let p = offset; p < lineEnd; p++) {
      while (j < spans.length && spans[j]!.end <= p) j++;
      const span = spans[j];
      if (span && span.start <= p) {
        leading = false;
        if (span.end > lineEnd) {
          inStringAtEnd = span.string;
          break;
        }
        p = span.end - 1;
        continue;
      }
      const c = text[p]!;
      if (c === '{') opens++;
      else if (c === '}') {
        closes++;
        if (leading) leadingCloses++;
      }
      if (c !== '}' && !/\s/.test(c)) leading = false; // any blank the line's trim() removes (a form feed too)
    }
    while (j < spans.length && spans[j]!.end <= lineEnd) j++;
    endsInside = j < spans.length && spans[j]!.start < lineEnd;
    const trimmed = line.trim();
    const inRange = i >= fromLine && i <= toLine;
    let wanted = line;
    if (inRange) {
      // A string may span lines: its text is never re-indented or trimmed; a comment's is not re-indented.
      const end = inStringAtEnd ? line : line.replace(/\s+$/, '');
      if (startsInside) wanted = end;
      else wanted = trimmed ? unit.repeat(Math.max(0, depth - leadingCloses)) + end.trimStart() : '';
    }
    const previousBlank = out.length > 0 && out[out.length - 1]!.text === '';
    if (!(inRange && wanted === '' && previousBlank && !startsInside)) out.push({ text: wanted, src: i });
    depth = Math.max(0, depth + opens - closes);
    offset = lineEnd + (eols[i]?.length ?? 0);
  });
  if (toLine >= lines.length - 1 && !endsInside) {
    while (out.length > 1 && out[out.length - 1]!.text === '' && out[out.length - 2]!.text === '') out.pop();
    if (out[out.length - 1]!.text !== '') out.push({ text: '', src: lines.length });
  }
  return out;
}
