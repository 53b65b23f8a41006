import {
  AstUtils,
  DefaultScopeComputation,
  DefaultScopeProvider,
  EMPTY_SCOPE,
  MapScope,
  WorkspaceCache,
  type AstNode,
  type AstNodeDescription,
  type LangiumCoreServices,
  type LangiumDocument,
  type MultiMap,
  type ReferenceInfo,
  type Scope,
} from 'langium';
import * as ast from '../generated/ast.js';
import { TopoIndexManager } from '../workspace/index-manager.js';
import { topologyKey } from '../workspace/topology.js';

/**
 * Exports every named element of a file to the other files of its folder: top-level elements by
 * name, zones as `region.zone`, an app's storage by its name. Zones are also visible by their short
 * name inside their own region (the default local scope).
 */
export class TopoScopeComputation extends DefaultScopeComputation {
  protected override addLocalSymbol(
    node: AstNode,
    document: LangiumDocument,
    symbols: MultiMap<AstNode, AstNodeDescription>,
  ): void {
    if (isTopLevel(node)) return;
    super.addLocalSymbol(node, document, symbols);
  }

  override async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
    const root = document.parseResult.value as ast.Document;
    const out: AstNodeDescription[] = [];
    for (const el of root.elements) {
      if (el.$type === 'Rtt') continue;
      if (el.name) out.push(this.descriptions.createDescription(el, el.name, document));
      if (ast.isRegion(el)) {
        for (const z of el.zones)
          if (z.name) out.push(this.descriptions.createDescription(z, `${el.name}.${z.name}`, document));
      }
      if (ast.isApp(el)) {
        for (const s of el.storage) if (s.name) out.push(this.descriptions.createDescription(s, s.name, document));
      }
    }
    return out;
  }
}

/**
 * Langium also puts every top-level element into the document's local scope, which it searches
 * linearly for each reference: quadratic in the file's size (a 5 MB file took 20 s to link). Top-
 * level elements are in the folder's global scope already (a map), so only nested names (a
 * region's zones, an app's storage) stay local.
 */
export function isTopLevel(node: AstNode): boolean {
  return node.$container !== undefined && node.$container.$container === undefined;
}

/** Names resolve within one topology (the files of one folder), never across folders. */
export class TopoScopeProvider extends DefaultScopeProvider {
  private readonly folderScopes: WorkspaceCache<string, Scope>;
  /** Per folder, the URIs of its indexed files, in order (made again after any change). */
  private readonly folderUris: WorkspaceCache<string, string[]>;
  /** Per folder and type, the last scope made and the files' lists it was made from. */
  private readonly lastScopes = new Map<
    string,
    { uris: string[]; exports: (readonly AstNodeDescription[])[]; lists: AstNodeDescription[][]; scope: Scope }
  >();

  constructor(services: LangiumCoreServices) {
    super(services);
    this.folderScopes = new WorkspaceCache(services.shared);
    this.folderUris = new WorkspaceCache(services.shared);
  }

  override getScope(context: ReferenceInfo): Scope {
    // Completion after parser recovery can ask for a node that hangs in no document (its
    // container chain is cut), or for a property the node does not have (the partial parse up to
    // the cursor and the document's tree disagree): no candidates, rather than an exception in
    // the log. Found by the LSP session and the fuzzer (docs/reliability.md).
    let root: AstNode = context.container;
    while (root.$container) root = root.$container;
    if (!root.$document) return EMPTY_SCOPE;
    try {
      this.reflection.getReferenceType(context);
    } catch {
      return EMPTY_SCOPE;
    }
    return super.getScope(context);
  }

  protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
    const document = AstUtils.getDocument(context.container as AstNode);
    const folder = topologyKey(document.uri);
    return this.folderScopes.get(`${folder}\u0000${referenceType}`, () => this.folderScope(folder, referenceType));
  }

  /**
   * The names of one type the files of a folder export, in the order of the files' URIs, whatever
   * the order Langium indexed them in (the order the workspace was read in, with each changed file
   * moved to the end): when two files declare the same name, the scope keeps the last, and that
   * must be the same file after any edit as in a fresh start (the duplicate is reported either way).
   *
   * Kept from one change to the next while each file exports the same list (the index replaces a
   * file's list when it indexes the file again) or, for a file indexed again, still nothing of
   * this type: a keystroke in a file of apps leaves the clusters' scope as it was, and does not
   * read the 17,000 names of a large estate again for each type its references name.
   */
  private folderScope(folder: string, referenceType: string): Scope {
    const index = this.indexManager;
    if (!(index instanceof TopoIndexManager))
      throw new Error('TopoScopeProvider needs the TopoIndexManager of TopoSharedModule');
    const uris = this.folderUris.get(folder, () =>
      [...index.indexed()].filter((uri) => topologyKey(uri) === folder).sort(),
    );
    const key = `${folder}\u0000${referenceType}`;
    const last = this.lastScopes.get(key);
    const exports = uris.map((uri) => index.exportsOf(uri) ?? NO_DESCRIPTIONS);
    const ofType = (list: readonly AstNodeDescription[]): AstNodeDescription[] =>
      list.filter((d) => this.reflection.isSubtype(d.type, referenceType));
    const sameFiles =
      last !== undefined && last.uris.length === uris.length && uris.every((u, i) => u === last.uris[i]);
    let same = sameFiles;
    const lists = exports.map((list, i) => {
      if (sameFiles && list === last.exports[i]) return last.lists[i]!;
      const now = ofType(list);
      if (!sameFiles || now.length || last.lists[i]!.length) same = false;
      return now;
    });
    const scope = same ? last!.scope : new MapScope(lists.flat());
    this.lastScopes.set(key, { uris, exports, lists, scope });
    return scope;
  }
}

const NO_DESCRIPTIONS: readonly AstNodeDescription[] = [];
