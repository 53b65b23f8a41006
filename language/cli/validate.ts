import { relative } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { loadWorkspace } from './workspace.js';

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'] as const;

export interface CliIO { out(text: string): void }

/** `topo validate`: prints `file:line:col severity id message`; returns the exit code. */
export async function runValidate(paths: string[], io: CliIO): Promise<number> {
  const { topologies } = await loadWorkspace(paths);
  let errors = 0;
  let warnings = 0;
  for (const t of topologies) {
    for (const doc of t.documents) {
      if (!t.input.requested.includes(doc.uri.fsPath)) continue;
      const file = relative(process.cwd(), doc.uri.fsPath) || doc.uri.fsPath;
      const diags = [...(doc.diagnostics ?? [])].sort(byPosition);
      for (const d of diags) {
        const severity = SEVERITY[d.severity ?? 1];
        if (severity === 'error') errors++;
        if (severity === 'warning') warnings++;
        io.out(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity} ${codeOf(d)} ${messageText(d).replace(/\s*\n\s*/g, ' ')}\n`);
      }
    }
  }
  const files = topologies.reduce((n, t) => n + t.input.requested.length, 0);
  io.out(`${files} file${files === 1 ? '' : 's'} in ${topologies.length} topolog${topologies.length === 1 ? 'y' : 'ies'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
  return errors > 0 ? 1 : 0;
}

function codeOf(d: Diagnostic): string {
  return d.code === undefined ? 'syntax/parse' : String(d.code);
}

function byPosition(a: Diagnostic, b: Diagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function messageText(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}
