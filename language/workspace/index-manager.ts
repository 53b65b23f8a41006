import { type AstNodeDescription, DefaultIndexManager } from 'langium';

/**
 * Langium's index of exported names, with each document's exports readable as the one list the
 * index holds: the same array until the document is indexed again (see TopoScopeProvider, which
 * keeps a folder's scope while the lists it was made from are the same).
 */
export class TopoIndexManager extends DefaultIndexManager {
  /** The names a document exports, as indexed (undefined when it is not). */
  exportsOf(uri: string): readonly AstNodeDescription[] | undefined {
    return this.symbolIndex.get(uri);
  }

  /** The URIs of the indexed documents. */
  indexed(): IterableIterator<string> {
    return this.symbolIndex.keys();
  }
}
