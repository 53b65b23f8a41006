import type { LangiumDocument } from 'langium';
import type { Formatter } from 'langium/lsp';
import type { DocumentFormattingParams, DocumentOnTypeFormattingOptions, DocumentRangeFormattingParams, TextEdit } from 'vscode-languageserver';

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
    return formatEdits(document.textDocument.getText(), indentUnit(params.options), params.range.start.line, params.range.end.line);
  }

  formatDocumentOnType(): TextEdit[] {
    return [];
  }

  get formatOnTypeOptions(): DocumentOnTypeFormattingOptions | undefined {
    return undefined;
  }
}

function indentUnit(options: { tabSize: number; insertSpaces: boolean }): string {
  return options.insertSpaces === false ? '\t' : ' '.repeat(options.tabSize > 0 && options.tabSize <= 8 ? options.tabSize : 2);
}

/** The formatted text of a whole document. */
export function formatText(text: string, unit = '  '): string {
  return formatLines(text.split(/\r?\n/), unit, 0, Number.MAX_SAFE_INTEGER).join('\n');
}

/**
 * Per-line edits when the line count stays the same (cursors and folds are disturbed least),
 * otherwise one edit for the whole document.
 */
function formatEdits(text: string, unit: string, fromLine: number, toLine: number): TextEdit[] {
  const lines = text.split(/\r?\n/);
  const formatted = formatLines(lines, unit, fromLine, toLine);
  if (formatted.length !== lines.length) {
    const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted.join('\n') }];
  }
  const edits: TextEdit[] = [];
  formatted.forEach((line, i) => {
    if (line !== lines[i]) edits.push({ range: { start: { line: i, character: 0 }, end: { line: i, character: lines[i]!.length } }, newText: line });
  });
  return edits;
}

/** Lines re-indented by brace depth, trailing spaces and extra blank lines removed, one final newline. */
function formatLines(lines: string[], unit: string, fromLine: number, toLine: number): string[] {
  const out: string[] = [];
  let depth = 0;
  let inComment = false;
  lines.forEach((line, i) => {
    const trimmed = line.trim();
    const scan = scanLine(trimmed, inComment);
    const inRange = i >= fromLine && i <= toLine;
    let wanted = line;
    if (inRange) {
      if (inComment) wanted = line.replace(/\s+$/, ''); // inside a block comment: keep the author's text
      else wanted = trimmed ? unit.repeat(Math.max(0, depth - scan.leadingCloses)) + trimmed : '';
    }
    const previousBlank = out.length > 0 && out[out.length - 1] === '';
    if (!(inRange && wanted === '' && previousBlank && !inComment)) out.push(wanted);
    depth = Math.max(0, depth + scan.opens - scan.closes);
    inComment = scan.endsInComment;
  });
  if (toLine >= lines.length - 1) {
    while (out.length > 1 && out[out.length - 1] === '' && out[out.length - 2] === '') out.pop();
    if (out[out.length - 1] !== '') out.push('');
  }
  return out;
}

/** Counts braces outside strings and comments; `leadingCloses` are the `}` that start the line. */
function scanLine(line: string, inComment: boolean): { opens: number; closes: number; leadingCloses: number; endsInComment: boolean } {
  let opens = 0;
  let closes = 0;
  let leadingCloses = 0;
  let leading = true;
  let inString = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    const next = line[i + 1];
    if (inComment) {
      if (c === '*' && next === '/') {
        inComment = false;
        i++;
      }
      continue;
    }
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '/' && next === '/') break;
    if (c === '/' && next === '*') {
      inComment = true;
      i++;
      continue;
    }
    if (c === '"') inString = true;
    if (c === '{') opens++;
    if (c === '}') {
      closes++;
      if (leading) leadingCloses++;
    }
    if (c !== '}' && c !== ' ' && c !== '\t') leading = false;
  }
  return { opens, closes, leadingCloses, endsInComment: inComment };
}
