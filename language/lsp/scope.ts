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

  constructor(services: LangiumCoreServices) {
    super(services);
    this.folderScopes = new WorkspaceCache(services.shared);
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
    return this.folderScopes.get(`${folder}\u0000${referenceType}`, () => {
      // In the order of the files' URIs, whatever the order Langium indexed them in (the order the
      // workspace was read in, with each changed file moved to the end): when two files declare
      // the same name, the scope keeps the last, and that must be the same file after any edit as
      // in a fresh start (the duplicate is reported either way).
      const byFile = new Map<string, AstNodeDescription[]>();
      for (const d of this.indexManager.allElements(referenceType)) {
        if (topologyKey(d.documentUri) !== folder) continue;
        const uri = d.documentUri.toString();
        const list = byFile.get(uri);
        if (list) list.push(d);
        else byFile.set(uri, [d]);
      }
      const inFolder = [...byFile.keys()].sort().flatMap((uri) => byFile.get(uri)!);
      return new MapScope(inFolder);
    });
  }
}
