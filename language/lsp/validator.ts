import { DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import { CancellationToken, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { ModelProblem } from '../model/types.js';
import { ruleDocUrl } from '../rules/docs-link.js';
import type { Finding, Severity } from '../rules/types.js';
import type { TopoServices } from '../topo-module.js';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function findingToDiagnostic(f: Finding, docsBase?: string): Diagnostic {
  return {
    range: f.loc.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    codeDescription: f.ruleId.startsWith('internal/') ? undefined : { href: ruleDocUrl(f.ruleId, docsBase) },
    source: 'topo',
    message: f.message,
    relatedInformation: f.related?.map((r) => ({ location: { uri: r.loc.uri, range: r.loc.range }, message: r.message })),
    data: { ruleId: f.ruleId, ...(f.element ? { element: f.element } : {}) },
  };
}

export function problemToDiagnostic(p: ModelProblem): Diagnostic {
  return { range: p.loc.range, severity: SEVERITY[p.severity], code: p.code, source: 'topo', message: p.message };
}

/** Langium's own diagnostics get ids in the same style as the rules' (shown in Problems and CLI). */
const LANGIUM_CODES: Record<string, string> = {
  'lexing-error': 'syntax/token',
  'parsing-error': 'syntax/parse',
  'linking-error': 'ref/unresolved',
};

function withCode(d: Diagnostic): Diagnostic {
  if (d.code !== undefined) return d;
  const code = (d.data as { code?: string } | undefined)?.code;
  return { ...d, code: (code && LANGIUM_CODES[code]) ?? code ?? 'syntax/parse', source: d.source ?? 'topo' };
}

/**
 * Langium's diagnostics (syntax, unresolved names) plus, for the topology this document belongs
 * to, the semantic model's own problems and the HA rules' findings that fall in this document.
 */
export class TopoDocumentValidator extends DefaultDocumentValidator {
  constructor(private readonly services: TopoServices) {
    super(services);
  }

  override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken = CancellationToken.None): Promise<Diagnostic[]> {
    const diagnostics = (await super.validateDocument(document, options, cancelToken)).map(withCode);
    if (cancelToken.isCancellationRequested) return diagnostics;
    const uri = document.uri.toString();
    try {
      const { model, findings } = this.services.topo.ModelProvider.analysisFor(uri);
      for (const p of model.problems) if (p.loc.uri === uri) diagnostics.push(problemToDiagnostic(p));
      for (const f of findings) if (f.loc.uri === uri) diagnostics.push(findingToDiagnostic(f, this.services.topo.docsBase));
    } catch (e) {
      // The model must never take the editor down: keep the syntax diagnostics, log the cause.
      this.services.topo.Logger.error(`topo: analysis of ${uri} failed: ${(e as Error)?.stack ?? e}`);
    }
    return diagnostics;
  }
}
