import { DocumentState, URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { TopoLangiumDocumentFactory } from '../workspace/document-factory.js';
import { TopoDocumentValidator } from './validator.js';

/**
 * Syntax first, findings when the workspace is checked, as tsserver publishes syntactic then
 * semantic diagnostics. A file's findings depend on its whole topology (references and latencies
 * in other files), so its full diagnostics come once Langium has parsed, linked and analysed the
 * workspace: seconds on a large one. Meanwhile, each text the editor opens or changes is parsed
 * alone, as soon as it arrives, and its lexer and parser errors are published exactly as the full
 * validation publishes them (an empty list for a valid file): the user sees at once whether the
 * file parses, and the full list replaces that one when the build gets to the file.
 *
 * The text is parsed by the language's parser and nothing more: the syntax tree is not added to
 * the workspace, nor linked (its unresolved references would be false errors). The build takes
 * that parse when it gets to the same text, and a text the workspace has parsed already is not
 * parsed again (TopoLangiumDocumentFactory.parseAhead): the early list costs the build nothing.
 *
 * The early path stops for a document once the build has validated it (its full diagnostics are
 * sent then), and for every document once a build has validated the workspace: from then on
 * edits go through Langium's update alone. The check and the publication happen in one turn of
 * the event loop, and a document counts as fully diagnosed before Langium's own listener sends
 * its diagnostics: this listener is registered first (before `startLanguageServer`), so no
 * early list can follow a full one, even for a `didChange` that arrives while the build pauses
 * between the two listeners. The same holds for the complete lists of the last check kept from
 * the previous session (last-check.ts), published before the build: they mark their documents
 * as fully diagnosed (`complete`) as they are sent.
 */
export function publishSyntaxFirst(
  connection: Pick<Connection, 'sendDiagnostics'>,
  shared: Pick<LangiumSharedServices, 'workspace' | 'ServiceRegistry'>,
): SyntaxFirst {
  const builder = shared.workspace.DocumentBuilder;
  const factory = shared.workspace.LangiumDocumentFactory;
  if (!(factory instanceof TopoLangiumDocumentFactory)) return { complete: () => undefined };
  /** The documents validated by a build (their full diagnostics are being or were sent). */
  const validated = new Set<string>();
  let workspaceValidated = false;
  builder.onDocumentPhase(DocumentState.Validated, (doc) => {
    validated.add(doc.uri.toString());
  });
  builder.onBuildPhase(DocumentState.Validated, () => {
    workspaceValidated = true;
    validated.clear();
    factory.forgetAhead();
  });
  shared.workspace.TextDocuments.onDidChangeContent(({ document }) => {
    if (workspaceValidated) return;
    // Langium's spelling of the URI, which its own publication uses (file:///c%3A/..., not c:/).
    const uri = URI.parse(document.uri);
    if (validated.has(uri.toString()) || !shared.ServiceRegistry.hasServices(uri)) return;
    const services = shared.ServiceRegistry.getServices(uri);
    const validator = services.validation.DocumentValidator;
    if (!(validator instanceof TopoDocumentValidator)) return;
    const parsed = factory.parseAhead(uri, document.getText());
    void connection.sendDiagnostics({ uri: uri.toString(), diagnostics: validator.syntaxDiagnostics(parsed) });
  });
  return {
    complete: (uri) => {
      if (!workspaceValidated) validated.add(uri);
    },
  };
}

export interface SyntaxFirst {
  /**
   * The complete diagnostics of `uri` (Langium's spelling) were published by other means than
   * the build (the last check kept, last-check.ts): no syntax-only list may follow them.
   */
  complete(uri: string): void;
}
