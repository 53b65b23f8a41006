import { URI, type LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver';
import type * as ast from '../generated/ast.js';
import type { TopoServices } from '../topo-module.js';

export interface InMemoryFile {
  path: string;
  text: string;
}

/**
 * Loads files (from memory) into a workspace, builds them with validation and returns their
 * documents. Used by the tests and the generation worker (language/lsp/generation-job.ts); the
 * language server uses Langium's own workspace.
 */
export async function loadDocuments(
  services: TopoServices,
  files: InMemoryFile[],
): Promise<LangiumDocument<ast.Document>[]> {
  const shared = services.shared;
  const docs = files.map((f) => {
    const uri = f.path.includes('://') ? URI.parse(f.path) : URI.file(f.path);
    const existing = shared.workspace.LangiumDocuments.getDocument(uri);
    if (existing) shared.workspace.LangiumDocuments.deleteDocument(uri);
    const doc = shared.workspace.LangiumDocumentFactory.fromString<ast.Document>(f.text, uri);
    shared.workspace.LangiumDocuments.addDocument(doc);
    return doc;
  });
  await shared.workspace.DocumentBuilder.build(docs, { validation: true });
  return docs;
}

export function diagnosticsOf(doc: LangiumDocument): Diagnostic[] {
  return doc.diagnostics ?? [];
}
