import {
  DefaultLangiumDocumentFactory,
  type AstNode,
  type LangiumDocument,
  type LangiumSharedCoreServices,
  type ParseResult,
  type URI,
} from 'langium';
import type { CancellationToken } from 'vscode-languageserver';

/**
 * Langium's document factory, which also parses a text ahead of the workspace build: an opened
 * file's syntax errors are published before the workspace is loaded (see
 * language/lsp/early-diagnostics.ts), and the build then takes that parse of the same text rather
 * than parsing it again, so the early publication costs the build nothing. A parse is kept until
 * the build takes it, a newer text of the file replaces it, or `forgetAhead` drops them all.
 */
export class TopoLangiumDocumentFactory extends DefaultLangiumDocumentFactory {
  /** Texts parsed ahead of the build: URI → the text and its parse result. */
  private readonly ahead = new Map<string, { text: string; result: ParseResult }>();
  private readonly documents: () => LangiumSharedCoreServices['workspace']['LangiumDocuments'];

  constructor(services: LangiumSharedCoreServices) {
    super(services);
    // LangiumDocuments needs this factory: read it once both exist.
    this.documents = () => services.workspace.LangiumDocuments;
  }

  /**
   * The parse result of `text` for the file `uri`, for its syntax errors: the workspace's own if
   * its document holds that text already, else a parse kept for the build to take. Nothing is
   * added to the workspace.
   */
  parseAhead(uri: URI, text: string): ParseResult {
    const doc: LangiumDocument | undefined = this.documents().getDocument(uri);
    const parsed = doc?.parseResult;
    if (parsed && parsed.value.$cstNode?.root.fullText === text) return parsed;
    const result = this.parse(uri, text);
    this.ahead.set(uri.toString(), { text, result });
    return result;
  }

  /** Drops the parses no build took (the file's text changed since, or it is not in the workspace). */
  forgetAhead(): void {
    this.ahead.clear();
  }

  protected override parseAsync<T extends AstNode>(
    uri: URI,
    text: string,
    cancellationToken: CancellationToken,
  ): Promise<ParseResult<T>> {
    const key = uri.toString();
    const kept = this.ahead.get(key);
    if (kept?.text === text) {
      this.ahead.delete(key);
      return Promise.resolve(kept.result as ParseResult<T>);
    }
    return super.parseAsync(uri, text, cancellationToken);
  }
}
