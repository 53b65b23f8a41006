import type { LangiumDocument } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding, Fix } from '../rules/types.js';
import type { TopoServices } from '../topo-module.js';

/**
 * Quick fixes: the fixes the rules attached to their findings, matched to the diagnostics the
 * editor sends back, plus "ignore this finding" (a `// topo-ignore` comment above the line).
 */
export class TopoCodeActionProvider implements CodeActionProvider {
  constructor(private readonly services: TopoServices) {}

  getCodeActions(document: LangiumDocument, params: CodeActionParams): CodeAction[] {
    const uri = document.uri.toString();
    const { findings } = this.services.topo.ModelProvider.analysisFor(uri);
    const actions: CodeAction[] = [];
    for (const diagnostic of params.context.diagnostics) {
      const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
      if (!ruleId) continue;
      const finding = findings.find(
        (f) =>
          f.ruleId === ruleId &&
          f.loc.uri === uri &&
          sameRange(f.loc.range, diagnostic.range) &&
          f.message === diagnostic.message,
      );
      if (!finding) continue;
      for (const fix of finding.fixes ?? []) actions.push(toAction(fix, diagnostic));
      actions.push(ignoreAction(finding, diagnostic, document));
    }
    return actions;
  }
}

function toAction(fix: Fix, diagnostic: Diagnostic): CodeAction {
  const changes: WorkspaceEdit['changes'] = {};
  for (const e of fix.edits) (changes[e.uri] ??= []).push({ range: e.range, newText: e.newText });
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: { changes },
  };
}

function ignoreAction(f: Finding, diagnostic: Diagnostic, document: LangiumDocument): CodeAction {
  const line = f.loc.range.start.line;
  const text = document.textDocument.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^\s*/.exec(text)?.[0] ?? '';
  return {
    title: `Ignore ${f.ruleId} here (add a topo-ignore comment)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: {
      changes: {
        [f.loc.uri]: [
          {
            range: { start: { line, character: 0 }, end: { line, character: 0 } },
            newText: `${indent}// topo-ignore ${f.ruleId}: <why this is acceptable>\n`,
          },
        ],
      },
    },
  };
}

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
