import {
  DefaultDocumentBuilder,
  DocumentState,
  interruptAndCheck,
  type AstNode,
  type BuildOptions,
  type LangiumDocument,
  type LangiumSharedCoreServices,
  type URI,
} from 'langium';
import { type CancellationToken, Emitter, type Event } from 'vscode-languageserver';
import type { TopoServices } from '../topo-module.js';
import { TopoLangiumDocuments } from './documents.js';
import type { Analysis, TopoModelProvider } from './model-provider.js';
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
 * - **The files of a changed topology whose diagnostics change are revalidated, and only those.**
 *   The findings of one file depend on the whole topology (a latency in one file makes a cluster
 *   in another fail its etcd check), but Langium revalidates only the changed documents and those
 *   it relinks. Once those are validated (which computes the topology's new analysis), every
 *   other document of the topology whose part of the analysis (model problems and findings in
 *   that file) differs from the part its diagnostics show is taken back to IndexedReferences and
 *   validated, in the same build: its syntax tree and links stay, its diagnostics are published
 *   again. The others keep what they show, which is what a cold build would give them.
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
  /** The documents (URI → analysis) whose published diagnostics show that analysis' part of them. */
  private readonly shown = new Map<string, Analysis>();
  /** Documents validated with an analysis, until their diagnostics are published. */
  private readonly validatedWith = new Map<string, Analysis>();
  /** Topologies changed since their documents' diagnostics were last compared with their analysis. */
  private readonly unsettled = new Set<string>();
  /** The documents the running build builds, and with which options. */
  private building: { documents: LangiumDocument[]; options: BuildOptions } | undefined;
  private watchingPublication = false;

  constructor(services: LangiumSharedCoreServices) {
    super(services);
    // The changed documents are indexed again: relink the files of their folder that write a name
    // they now export and did not before, in this build (before any of it is validated, since the
    // topology's analysis reads every file's links).
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
      const building = this.building;
      if (!added.size || !building) return;
      const inBuild = new Set(building.documents);
      for (const doc of this.langiumDocuments.all) {
        const names = doc.state > DocumentState.ComputedScopes ? added.get(topologyKey(doc.uri)) : undefined;
        if (!names || !doc.references.some((r) => names.has(r.$refText))) continue;
        // resetToState forgets the build state (the options this build validates with): keep it.
        const key = doc.uri.toString();
        const state = this.buildState.get(key);
        this.resetToState(doc, DocumentState.ComputedScopes);
        if (inBuild.has(doc) && state) {
          this.buildState.set(key, state);
        } else {
          this.buildState.set(key, { completed: false, options: building.options });
          if (!inBuild.has(doc)) building.documents.push(doc);
          if (this.progress?.total && building.options.validation) this.progress.total++;
        }
      }
    });
    const documents = services.workspace.LangiumDocuments;
    if (documents instanceof TopoLangiumDocuments)
      documents.onDidAddOrRemove((uri) => {
        this.shown.delete(uri.toString());
        this.validatedWith.delete(uri.toString());
      });
  }

  /**
   * The last build ran to its end (its documents validated) and no update has started since: a
   * document below Validated now will not be validated before the next change.
   */
  get idle(): boolean {
    return this.currentState >= DocumentState.Validated;
  }

  private exportedNames(uri: string): Set<string> {
    return new Set(this.indexManager.allElements(undefined, new Set([uri])).map((d) => d.name));
  }

  /** The model provider of the topo language (the only one the registry holds). */
  private get provider(): TopoModelProvider | undefined {
    return (this.serviceRegistry.all as Partial<TopoServices>[]).find((s) => s.topo)?.topo?.ModelProvider;
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
    // folder of its files (their own siblings are under it, hence changed or deleted too). Their
    // other documents are compared with the new analysis once the changed ones are validated.
    for (const uri of [...changed, ...deleted]) {
      this.unsettled.add(topologyKey(uri));
      this.unsettled.add(uri.toString());
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

  /**
   * Langium relinks, on every change, the documents with a reference that failed to resolve,
   * found by asking each reference of every document (an estate's keystroke asked 60,000). A
   * document's references and their outcome change only when it is linked again, which gives it
   * a new list: the answer is kept per list (and its length, which lazy resolution can grow).
   */
  protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
    const refs = document.references;
    let known = linkingErrors.get(refs);
    if (!known || known.count !== refs.length) {
      known = { count: refs.length, errors: refs.some((r) => r.error !== undefined) };
      linkingErrors.set(refs, known);
    }
    return known.errors || this.indexManager.isAffected(document, changedUris);
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
    this.watchPublication();
    const total = options.validation ? documents.filter((d) => d.state < DocumentState.Validated).length : 0;
    const progress: BuildProgress = { checked: 0, total, done: false };
    this.progress = progress;
    if (total) this.progressEmitter.fire({ ...progress });
    let building = { documents: [...documents], options };
    for (const doc of building.documents) this.unsettled.add(topologyKey(doc.uri));
    try {
      this.building = building;
      await super.buildDocuments(building.documents, options, cancelToken);
      if (!options.validation) return;
      await interruptAndCheck(cancelToken);
      // The changed and relinked documents are validated, so the topology's new analysis exists:
      // the other documents whose diagnostics it changes are validated now, in the same build.
      const again = this.sortDocuments(await this.settle(cancelToken));
      if (!again.length) return;
      progress.total += again.length;
      if (this.progress === progress) this.progressEmitter.fire({ ...progress });
      this.building = building = { documents: again, options };
      await super.buildDocuments(again, options, cancelToken);
    } finally {
      if (this.building === building) this.building = undefined;
      if (this.progress === progress) this.progress = undefined;
      if (progress.total) this.progressEmitter.fire({ ...progress, done: true });
    }
  }

  /**
   * Compares, for each topology changed since, every validated document's diagnostics with the
   * topology's current analysis, and takes those that differ back to IndexedReferences (to be
   * validated again). A topology stays unsettled until its documents are compared, so a build
   * cancelled before that leaves the comparison to the next one.
   */
  private async settle(cancelToken: CancellationToken): Promise<LangiumDocument[]> {
    const again: LangiumDocument[] = [];
    for (const key of [...this.unsettled]) {
      const provider = this.provider;
      const docs = provider?.documentsOf(key) ?? [];
      let analysis: Analysis | undefined;
      if (provider && docs[0]) {
        try {
          analysis = await provider.analysisForAsync(docs[0].uri.toString(), cancelToken);
        } catch (e) {
          // Validation reports a failed analysis in each document (and rethrows a cancellation).
          if (cancelToken.isCancellationRequested) throw e;
        }
      }
      for (const doc of docs) {
        if (doc.state !== DocumentState.Validated) continue; // being built: validated with it
        const uri = doc.uri.toString();
        const before = this.shown.get(uri);
        if (analysis && before === analysis) continue;
        if (analysis && before && sameData(provider!.inFile(before, uri), provider!.inFile(analysis, uri))) {
          this.shown.set(uri, analysis); // the same diagnostics: forget the older analysis
          continue;
        }
        // About to be validated again: nobody may see the workspace as validated meanwhile.
        this.currentState = DocumentState.IndexedReferences;
        this.resetToState(doc, DocumentState.IndexedReferences);
        again.push(doc);
      }
      this.unsettled.delete(key);
    }
    return again;
  }

  /**
   * Records, once a document's diagnostics are published, the analysis they were made from. The
   * listener is added on the first build, after the language server's own (which publishes): if
   * a cancellation skips the publication, it skips this too, and the document counts as showing
   * nothing known (validated again once its topology is compared).
   */
  private watchPublication(): void {
    if (this.watchingPublication) return;
    this.watchingPublication = true;
    this.onDocumentPhase(DocumentState.Validated, (doc) => {
      const uri = doc.uri.toString();
      const analysis = this.validatedWith.get(uri);
      if (!analysis) return;
      this.validatedWith.delete(uri);
      this.shown.set(uri, analysis);
    });
  }

  protected override async validate(document: LangiumDocument, cancelToken: CancellationToken): Promise<void> {
    const uri = document.uri.toString();
    this.shown.delete(uri);
    this.validatedWith.delete(uri);
    await super.validate(document, cancelToken);
    // The analysis validation read (cached by the provider, current unless something changed
    // meanwhile); a validation cut short by a cancellation shows none of it.
    const analysis = cancelToken.isCancellationRequested
      ? undefined
      : this.provider?.current(topologyKey(document.uri));
    if (analysis) this.validatedWith.set(uri, analysis);
    const progress = this.progress;
    if (progress && progress.total) {
      progress.checked++;
      this.progressEmitter.fire({ ...progress });
    }
  }
}

/** Whether a document's list of references (as long as `count`) has one that failed to resolve. */
const linkingErrors = new WeakMap<readonly unknown[], { count: number; errors: boolean }>();

/**
 * Plain data (a file's model problems and findings) equal in every field, or not. Deeper than
 * findings go, or anything not plain, counts as different (the file is validated again).
 */
function sameData(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 16) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (
    Array.isArray(b) ||
    Object.getPrototypeOf(a) !== Object.prototype ||
    Object.getPrototypeOf(b) !== Object.prototype
  )
    return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka)
    if (!sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}
