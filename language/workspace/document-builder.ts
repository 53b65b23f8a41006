import {
  DefaultDocumentBuilder,
  DocumentState,
  type BuildOptions,
  type LangiumDocument,
  type AstNode,
  type LangiumSharedCoreServices,
  type URI,
} from 'langium';
import { type CancellationToken, Emitter, type Event } from 'vscode-languageserver';
import { topologyKey } from './topology.js';

/** How far a build has got: documents validated (their diagnostics published) out of those it validates. */
export interface BuildProgress {
  checked: number;
  total: number;
  /** The build ended (completed or cancelled). */
  done: boolean;
}

/**
 * Langium's document builder, with what a topology needs:
 *
 * - **Every file of a changed topology is revalidated.** The findings of one file depend on the
 *   whole topology (a latency in one file makes a cluster in another fail its etcd check), but
 *   Langium revalidates only the changed documents and those it relinks. Documents of the
 *   topology an update touches are taken back to IndexedReferences (their syntax trees and
 *   links stay; only validation runs again, which reads the one analysis of the topology).
 * - **Open documents first.** Langium puts documents the editor has open first on updates; the
 *   first build of the workspace now does too, so the file in front is diagnosed before the rest.
 * - **A new name relinks the files that use it.** When an edit adds a name that another file of
 *   the folder already declares, references to that name may now resolve to the new declaration
 *   (the scope's order decides which of two declarations wins; see TopoScopeProvider), but
 *   Langium relinks only files whose references point into the changed file or failed to resolve.
 *   Files that write the added name are relinked too, so an edit ends as a cold build would.
 * - **Progress.** `onProgress` reports documents validated out of those a build validates (the
 *   server shows it in the editor's status bar on large workspaces).
 * - **Changed trees.** `onTreeChanged` tells when a document is parsed again, or its references
 *   are unlinked or linked again (the model provider then knows its analysis is stale).
 */
export class TopoDocumentBuilder extends DefaultDocumentBuilder {
  private readonly progressEmitter = new Emitter<BuildProgress>();
  readonly onProgress: Event<BuildProgress> = this.progressEmitter.event;
  private progress: BuildProgress | undefined;
  private readonly treeEmitter = new Emitter<URI>();
  /** A document's syntax tree was parsed again, or its references unlinked or linked again. */
  readonly onTreeChanged: Event<URI> = this.treeEmitter.event;
  /** The names each changed document exported before the update (its URI → names). */
  private readonly exportedBefore = new Map<string, Set<string>>();

  constructor(services: LangiumSharedCoreServices) {
    super(services);
    // The changed documents are indexed again: relink the files of their folder that write a name
    // they now export and did not before. Those files are in this build (update() took every file
    // of the folder back to IndexedReferences), so the linking phase that follows relinks them.
    this.onBuildPhase(DocumentState.IndexedContent, (indexed) => {
      const added = new Map<string, Set<string>>();
      for (const doc of indexed) {
        const key = doc.uri.toString();
        const before = this.exportedBefore.get(key);
        if (!before) continue;
        this.exportedBefore.delete(key);
        for (const name of this.exportedNames(key)) {
          if (before.has(name)) continue;
          const folder = topologyKey(doc.uri);
          let names = added.get(folder);
          if (!names) added.set(folder, (names = new Set()));
          names.add(name);
        }
      }
      if (!added.size) return;
      for (const doc of this.langiumDocuments.all) {
        const names = doc.state > DocumentState.ComputedScopes ? added.get(topologyKey(doc.uri)) : undefined;
        if (!names || !doc.references.some((r) => names.has(r.$refText))) continue;
        // resetToState forgets the build state (the options this build validates with): keep it.
        const key = doc.uri.toString();
        const state = this.buildState.get(key);
        this.resetToState(doc, DocumentState.ComputedScopes);
        if (state) this.buildState.set(key, state);
      }
    });
  }

  private exportedNames(uri: string): Set<string> {
    return new Set(this.indexManager.allElements(undefined, new Set([uri])).map((d) => d.name));
  }

  override build<T extends AstNode>(
    documents: Array<LangiumDocument<T>>,
    options?: BuildOptions,
    cancelToken?: CancellationToken,
  ): Promise<void> {
    return super.build(this.sortDocuments([...documents]) as Array<LangiumDocument<T>>, options, cancelToken);
  }

  override update(changed: URI[], deleted: URI[], cancelToken?: CancellationToken): Promise<void> {
    // The folders touched: a changed file's folder; a changed or deleted folder is itself the
    // folder of its files (their own siblings are under it, hence changed or deleted too).
    const keys = new Set<string>();
    for (const uri of [...changed, ...deleted]) {
      keys.add(topologyKey(uri));
      keys.add(uri.toString());
    }
    for (const doc of this.langiumDocuments.all) {
      if (doc.state === DocumentState.Validated && keys.has(topologyKey(doc.uri)))
        this.resetToState(doc, DocumentState.IndexedReferences);
    }
    // What the changed documents export now, before Langium drops it from the index. A document
    // whose previous update was cancelled before it was indexed keeps its earlier record.
    for (const uri of changed) {
      const key = uri.toString();
      if (!this.exportedBefore.has(key) && this.langiumDocuments.hasDocument(uri))
        this.exportedBefore.set(key, this.exportedNames(key));
    }
    return super.update(changed, deleted, cancelToken);
  }

  override resetToState<T extends AstNode>(document: LangiumDocument<T>, state: DocumentState): void {
    // Down to ComputedScopes (or below) unlinks the document's references.
    const unlinks = state <= DocumentState.ComputedScopes && document.state > state;
    super.resetToState(document, state);
    if (unlinks) this.treeEmitter.fire(document.uri);
  }

  protected override runCancelable(
    documents: LangiumDocument[],
    targetState: DocumentState,
    cancelToken: CancellationToken,
    callback: (document: LangiumDocument) => unknown,
  ): Promise<void> {
    if (targetState !== DocumentState.Parsed && targetState !== DocumentState.Linked)
      return super.runCancelable(documents, targetState, cancelToken, callback);
    // Parsing replaces the syntax tree, linking sets the references: told even if either throws
    // (cancelled) half-way, since the tree may have changed already.
    return super.runCancelable(documents, targetState, cancelToken, async (doc) => {
      try {
        await callback(doc);
      } finally {
        this.treeEmitter.fire(doc.uri);
      }
    });
  }

  protected override async buildDocuments(
    documents: LangiumDocument[],
    options: BuildOptions,
    cancelToken: CancellationToken,
  ): Promise<void> {
    const total = options.validation ? documents.filter((d) => d.state < DocumentState.Validated).length : 0;
    const progress: BuildProgress = { checked: 0, total, done: false };
    this.progress = progress;
    if (total) this.progressEmitter.fire({ ...progress });
    try {
      await super.buildDocuments(documents, options, cancelToken);
    } finally {
      if (this.progress === progress) this.progress = undefined;
      if (total) this.progressEmitter.fire({ ...progress, done: true });
    }
  }

  protected override async validate(document: LangiumDocument, cancelToken: CancellationToken): Promise<void> {
    await super.validate(document, cancelToken);
    const progress = this.progress;
    if (progress && progress.total) {
      progress.checked++;
      this.progressEmitter.fire({ ...progress });
    }
  }
}
