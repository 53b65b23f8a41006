import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver';
import { catalogue } from '../rules/catalogue.js';
import { ruleDocUrl } from '../rules/docs-link.js';
import { loadWorkspace } from './workspace.js';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;
type SeverityName = (typeof SEVERITY)[number];

export interface CliIO { out(text: string): void }

export interface ValidateOptions {
  format?: 'text' | 'json' | 'sarif';
  /** Fail (exit 1) when there are more warnings than this, as ESLint's --max-warnings. */
  maxWarnings?: number;
  params?: Record<string, string>;
  version?: string;
}

/** One finding as the CLI reports it: 1-based lines and columns, paths relative to the cwd. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: SeverityName;
  ruleId: string;
  message: string;
}

/** `topo validate`: prints diagnostics in the chosen format; returns the exit code. */
export async function runValidate(paths: string[], io: CliIO, options: ValidateOptions = {}): Promise<number> {
  const { topologies } = await loadWorkspace(paths, options.params);
  const records: Finding[] = [];
  for (const t of topologies) {
    for (const doc of t.documents) {
      if (!t.input.requested.includes(doc.uri.fsPath)) continue;
      const file = relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath;
      for (const d of [...(doc.diagnostics ?? [])].sort(byPosition)) records.push(toRecord(file, d));
    }
  }
  records.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const count = (s: SeverityName) => records.filter((r) => r.severity === s).length;
  const summary = { files: topologies.reduce((n, t) => n + t.input.requested.length, 0), topologies: topologies.length, errors: count('error'), warnings: count('warning'), infos: count('info') };
  switch (options.format ?? 'text') {
    case 'json':
      io.out(JSON.stringify({ summary, diagnostics: records }, null, 2) + '\n');
      break;
    case 'sarif':
      io.out(JSON.stringify(sarif(records, options.version ?? '0.0.0'), null, 2) + '\n');
      break;
    default:
      for (const r of records) io.out(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.ruleId} ${r.message}\n`);
      io.out(`${plural(summary.files, 'file')} in ${summary.topologies} topolog${summary.topologies === 1 ? 'y' : 'ies'}: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}\n`);
      if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
        io.out(`more than --max-warnings ${options.maxWarnings} warnings\n`);
      }
  }
  if (summary.errors > 0) return 1;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) return 1;
  return 0;
}

function toRecord(file: string, d: Diagnostic): Finding {
  return {
    file,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: SEVERITY[d.severity ?? 1],
    ruleId: d.code === undefined ? 'syntax/parse' : String(d.code),
    message: (typeof d.message === 'string' ? d.message : (d.message as { value: string }).value).replace(/\s*\n\s*/g, ' '),
  };
}

/** SARIF 2.1.0, as GitHub code scanning reads it. */
function sarif(records: Finding[], version: string): object {
  const used = [...new Set(records.map((r) => r.ruleId))].sort();
  const rules = used.map((id) => {
    const rule = catalogue.find((r) => r.id === id);
    return {
      id,
      name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()),
      shortDescription: { text: rule?.title ?? descriptionOf(id) },
      ...(rule ? { fullDescription: { text: rule.description }, helpUri: ruleDocUrl(id), help: { text: `${rule.rationale}\nSources: ${rule.sources.join('; ')}`, markdown: `${rule.rationale}\n\nSources: ${rule.sources.join('; ')}\n\n[Documentation](${ruleDocUrl(id)})` } } : {}),
      defaultConfiguration: { level: level(rule?.severity ?? 'error') },
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'topo', version, informationUri: 'https://github.com/topo-dev/topo', rules } },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(process.cwd()).toString() + '/' } },
      results: records.map((r) => ({
        ruleId: r.ruleId,
        ruleIndex: used.indexOf(r.ruleId),
        level: level(r.severity),
        message: { text: r.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: r.file.split('\\').join('/'), uriBaseId: 'SRCROOT' }, region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn } } }],
      })),
    }],
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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}
