import { relative } from 'node:path';
import { byPosition, plural, sarif, toRecord, type DiagnosticRecord, type SeverityName } from './findings.js';
import { loadWorkspace } from './workspace.js';

export interface CliIO {
  out(text: string): void;
}

export interface ValidateOptions {
  format?: 'text' | 'json' | 'sarif';
  /** Fail (exit 1) when there are more warnings than this, as ESLint's --max-warnings. */
  maxWarnings?: number;
  params?: Record<string, string>;
  version?: string;
}

/** `topo validate`: prints diagnostics in the chosen format; returns the exit code. */
export async function runValidate(paths: string[], io: CliIO, options: ValidateOptions = {}): Promise<number> {
  const { topologies } = await loadWorkspace(paths, options.params);
  const records: DiagnosticRecord[] = [];
  for (const t of topologies) {
    for (const doc of t.documents) {
      if (!t.input.requested.includes(doc.uri.fsPath)) continue;
      const file = relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath;
      for (const d of [...(doc.diagnostics ?? [])].sort(byPosition)) records.push(toRecord(file, d));
    }
  }
  records.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const count = (s: SeverityName) => records.filter((r) => r.severity === s).length;
  const summary = {
    files: topologies.reduce((n, t) => n + t.input.requested.length, 0),
    topologies: topologies.length,
    errors: count('error'),
    warnings: count('warning'),
    infos: count('info'),
  };
  switch (options.format ?? 'text') {
    case 'json':
      io.out(JSON.stringify({ summary, diagnostics: records }, null, 2) + '\n');
      break;
    case 'sarif':
      io.out(JSON.stringify(sarif(records, options.version ?? '0.0.0'), null, 2) + '\n');
      break;
    default:
      for (const r of records) io.out(`${r.file}:${r.line}:${r.column} ${r.severity} ${r.ruleId} ${r.message}\n`);
      io.out(
        `${plural(summary.files, 'file')} in ${summary.topologies} topolog${summary.topologies === 1 ? 'y' : 'ies'}: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}\n`,
      );
      if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
        io.out(`more than --max-warnings ${options.maxWarnings} warnings\n`);
      }
  }
  if (summary.errors > 0) return 1;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) return 1;
  return 0;
}
