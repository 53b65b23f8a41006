import {
  AstUtils, DefaultScopeComputation, DefaultScopeProvider, MapScope, WorkspaceCache,
  type AstNode, type AstNodeDescription, type LangiumCoreServices, type LangiumDocument, type ReferenceInfo, type Scope,
} from 'langium';
import * as ast from '../generated/ast.js';
import { topologyKey } from '../workspace/topology.js';

/**
 * Exports every named element of a file to the other files of its folder: top-level elements by
 * name, zones as `region.zone`, an app's storage by its name. Zones are also visible by their short
 * name inside their own region (the default local scope).
 */
export class TopoScopeComputation extends DefaultScopeComputation {
  override async collectExportedSymbols(document: LangiumDocument): Promise<AstNodeDescription[]> {
    const root = document.parseResult.value as ast.Document;
    const out: AstNodeDescription[] = [];
    for (const el of root.elements) {
      if (el.$type === 'Rtt') continue;
      if (el.name) out.push(this.descriptions.createDescription(el, el.name, document));
      if (ast.isRegion(el)) {
        for (const z of el.zones) if (z.name) out.push(this.descriptions.createDescription(z, `${el.name}.${z.name}`, document));
      }
      if (ast.isApp(el)) {
        for (const s of el.storage) if (s.name) out.push(this.descriptions.createDescription(s, s.name, document));
      }
    }
    return out;
  }
}

/** Names resolve within one topology (the files of one folder), never across folders. */
export class TopoScopeProvider extends DefaultScopeProvider {
  private readonly folderScopes: WorkspaceCache<string, Scope>;

  constructor(services: LangiumCoreServices) {
    super(services);
    this.folderScopes = new WorkspaceCache(services.shared);
  }

  protected override getGlobalScope(referenceType: string, context: ReferenceInfo): Scope {
    const document = AstUtils.getDocument(context.container as AstNode);
    const folder = topologyKey(document.uri);
    return this.folderScopes.get(`${folder}\u0000${referenceType}`, () => {
      const inFolder = this.indexManager.allElements(referenceType).filter((d) => topologyKey(d.documentUri) === folder);
      return new MapScope(inFolder);
    });
  }
}
