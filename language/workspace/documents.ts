import { DefaultLangiumDocuments, type LangiumDocument, type URI } from 'langium';
import { Emitter, type Event } from 'vscode-languageserver';

/**
 * Langium's document store, telling when a document is added or removed: the model provider
 * keeps a generation per topology, bumped then, so that "is this topology's analysis still
 * current" is one number compared, not a walk over the workspace's documents.
 */
export class TopoLangiumDocuments extends DefaultLangiumDocuments {
  private readonly emitter = new Emitter<URI>();
  /** The URI of a document just added or removed. */
  readonly onDidAddOrRemove: Event<URI> = this.emitter.event;

  override addDocument(document: LangiumDocument): void {
    super.addDocument(document);
    this.emitter.fire(document.uri);
  }

  override deleteDocument(uri: URI): LangiumDocument | undefined {
    const doc = super.deleteDocument(uri);
    if (doc) this.emitter.fire(doc.uri);
    return doc;
  }

  override deleteDocuments(folder: URI): LangiumDocument[] {
    const docs = super.deleteDocuments(folder);
    for (const doc of docs) this.emitter.fire(doc.uri);
    return docs;
  }
}
