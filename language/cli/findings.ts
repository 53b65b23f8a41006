/**
 * Findings as the command line reports them (one record per diagnostic: 1-based lines and
 * columns, paths relative to the working folder), and SARIF 2.1.0 for GitHub code scanning.
 * `topo validate` prints all of them; `topo diff` the ones a change added.
 */
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { catalogue } from '../rules/catalogue.js';
import { ruleDocUrl } from '../rules/docs-link.js';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;
export type SeverityName = (typeof SEVERITY)[number];

/** One diagnostic as the CLI reports it: 1-based lines and columns, paths relative to the cwd. */
export interface DiagnosticRecord {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: SeverityName;
  ruleId: string;
  message: string;
  /** The model element it concerns (`cluster ocp-east`), when the diagnostic names one. */
  element?: string;
}

export function toRecord(file: string, d: Diagnostic): DiagnosticRecord {
  const element = (d.data as { element?: unknown } | undefined)?.element;
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity ?? 1],
    ruleId: d.code === undefined ? 'syntax/parse' : String(d.code),
    message: (typeof d.message === 'string' ? d.message : (d.message as { value: string }).value).replace(
      /\s*\n\s*/g,
      ' ',
    ),
    ...(typeof element === 'string' ? { element } : {}),
  };
}

export function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

/** SARIF 2.1.0, as GitHub code scanning reads it. */
export function sarif(records: DiagnosticRecord[], version: string): object {
  const used = [...new Set(records.map((r) => r.ruleId))].sort();
  const rules = used.map((id) => {
    const rule = catalogue.find((r) => r.id === id);
    return {
      id,
      name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: rule?.title ?? descriptionOf(id) },
      ...(rule
        ? {
            fullDescription: { text: rule.description },
            helpUri: ruleDocUrl(id),
            help: {
              text: `${rule.rationale}\nSources: ${rule.sources.join('; ')}`,
              markdown: `${rule.rationale}\n\nSources: ${rule.sources.join('; ')}\n\n[Documentation](${ruleDocUrl(id)})`,
            },
          }
        : {}),
      defaultConfiguration: { level: level(rule?.severity ?? 'error') },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'topo', version, informationUri: 'https://github.com/topo-dev/topo', rules } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(process.cwd()).toString() + '/' } },
        results: records.map((r) => ({
          ruleId: r.ruleId,
          ruleIndex: used.indexOf(r.ruleId),
          level: level(r.severity),
          message: { text: r.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: r.file.split('\\').join('/'), uriBaseId: 'SRCROOT' },
                region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
              },
            },
          ],
        })),
      },
    ],
  };
}

function descriptionOf(id: string): string {
  if (id.startsWith('syntax/')) return 'Syntax error';
  if (id === 'ref/unresolved') return 'Unresolved name';
  if (id.startsWith('model/') || id.startsWith('config/')) return 'Inconsistent topology';
  return id;
}

function level(s: string): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
