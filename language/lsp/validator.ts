import {
  DefaultDocumentValidator,
  isOperationCancelled,
  type AstNode,
  type LangiumDocument,
  type ParseResult,
  type ValidationOptions,
} from 'langium';
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
    relatedInformation: f.related?.map((r) => ({
      location: { uri: r.loc.uri, range: r.loc.range },
      message: r.message,
    })),
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

  override async validateDocument(
    document: LangiumDocument,
    options: ValidationOptions = {},
    cancelToken = CancellationToken.None,
  ): Promise<Diagnostic[]> {
    const diagnostics = (await super.validateDocument(document, options, cancelToken)).map(withCode);
    if (cancelToken.isCancellationRequested) return diagnostics;
    const uri = document.uri.toString();
    try {
      const provider = this.services.topo.ModelProvider;
      const { problems, findings } = provider.inFile(await provider.analysisForAsync(uri, cancelToken), uri);
      for (const p of problems) diagnostics.push(problemToDiagnostic(p));
      for (const f of findings) diagnostics.push(findingToDiagnostic(f, this.services.topo.docsBase));
    } catch (e) {
      // A newer version superseded this one: Langium drops this build and starts the next.
      if (isOperationCancelled(e)) throw e;
      // The model must never take the editor down: keep the syntax diagnostics, log the cause.
      this.services.topo.Logger.error(`topo: analysis of ${uri} failed: ${(e as Error)?.stack ?? e}`);
    }
    return diagnostics;
  }

  /**
   * The lexer and parser errors of a parse result, as validateDocument reports them (Langium's
   * own conversion, with topo's codes): what an opened file shows before its workspace is built
   * (see early-diagnostics.ts).
   */
  syntaxDiagnostics(parseResult: ParseResult): Diagnostic[] {
    const diagnostics: Diagnostic[] = [];
    this.processLexingErrors(parseResult, diagnostics, {});
    this.processParsingErrors(parseResult, diagnostics, {});
    return diagnostics.map(withCode);
  }

  /**
   * Langium walks every node of the document's syntax tree to run the checks registered for its
   * type; topo registers none (its checks read the semantic model), so the walk, one await per
   * node, only cost time: skipped while no check is registered.
   */
  protected override async validateAst(
    rootNode: AstNode,
    options: ValidationOptions,
    cancelToken = CancellationToken.None,
  ): Promise<Diagnostic[]> {
    this.hasChecks ??=
      this.validationRegistry.checksBefore.length > 0 ||
      this.validationRegistry.checksAfter.length > 0 ||
      this.services.shared.AstReflection.getAllTypes().some(
        (t) => this.validationRegistry.getChecks(t).head() !== undefined,
      );
    return this.hasChecks ? super.validateAst(rootNode, options, cancelToken) : [];
  }

  private hasChecks: boolean | undefined;
}
