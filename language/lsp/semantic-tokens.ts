import { isReference, type AstNode, type AstNodeDescription } from 'langium';
import { AbstractSemanticTokenProvider, DefaultNodeKindProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { CompletionItemKind, SemanticTokenModifiers, SemanticTokenTypes, SymbolKind } from 'vscode-languageserver';

/** The kind of each declaration, shared by semantic tokens, the outline and completion. */
const KINDS: Record<string, { token: string; symbol: SymbolKind; completion: CompletionItemKind }> = {
  Region: { token: SemanticTokenTypes.namespace, symbol: SymbolKind.Namespace, completion: CompletionItemKind.Module },
  Zone: { token: SemanticTokenTypes.namespace, symbol: SymbolKind.Package, completion: CompletionItemKind.Module },
  Param: { token: SemanticTokenTypes.parameter, symbol: SymbolKind.Constant, completion: CompletionItemKind.Constant },
  Secret: { token: SemanticTokenTypes.variable, symbol: SymbolKind.Key, completion: CompletionItemKind.Variable },
  Project: { token: SemanticTokenTypes.type, symbol: SymbolKind.Module, completion: CompletionItemKind.Module },
  Network: {
    token: SemanticTokenTypes.interface,
    symbol: SymbolKind.Interface,
    completion: CompletionItemKind.Interface,
  },
  Router: { token: SemanticTokenTypes.interface, symbol: SymbolKind.Event, completion: CompletionItemKind.Interface },
  Connector: {
    token: SemanticTokenTypes.interface,
    symbol: SymbolKind.Operator,
    completion: CompletionItemKind.Interface,
  },
  SecurityGroup: { token: SemanticTokenTypes.type, symbol: SymbolKind.Struct, completion: CompletionItemKind.Struct },
  Cluster: { token: SemanticTokenTypes.class, symbol: SymbolKind.Class, completion: CompletionItemKind.Class },
  Servers: { token: SemanticTokenTypes.class, symbol: SymbolKind.Array, completion: CompletionItemKind.Class },
  LoadBalancer: {
    token: SemanticTokenTypes.function,
    symbol: SymbolKind.Function,
    completion: CompletionItemKind.Function,
  },
  Gslb: { token: SemanticTokenTypes.function, symbol: SymbolKind.Function, completion: CompletionItemKind.Function },
  App: { token: SemanticTokenTypes.method, symbol: SymbolKind.Method, completion: CompletionItemKind.Method },
  Storage: { token: SemanticTokenTypes.struct, symbol: SymbolKind.File, completion: CompletionItemKind.File },
  Management: { token: SemanticTokenTypes.class, symbol: SymbolKind.Object, completion: CompletionItemKind.Class },
  WorkerPool: { token: SemanticTokenTypes.property, symbol: SymbolKind.Field, completion: CompletionItemKind.Field },
};

/**
 * Semantic tokens: declared names and references coloured by what they name (a zone, a cluster,
 * a network ...), units and parameters on top of the TextMate grammar's keywords and literals.
 */
export class TopoSemanticTokenProvider extends AbstractSemanticTokenProvider {
  protected override highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
    const own = KINDS[node.$type];
    if (own && (node as { name?: string }).name) {
      acceptor({ node, property: 'name' as never, type: own.token, modifier: SemanticTokenModifiers.declaration });
    }
    for (const [property, value] of Object.entries(node)) {
      if (property.startsWith('$')) continue;
      const refs = Array.isArray(value) ? value : [value];
      refs.forEach((r, index) => {
        if (!isReference(r) || !r.ref) return;
        const kind = KINDS[r.ref.$type];
        if (kind)
          acceptor({
            node,
            property: property as never,
            index: Array.isArray(value) ? index : undefined,
            type: kind.token,
          });
      });
    }
  }
}

export class TopoNodeKindProvider extends DefaultNodeKindProvider {
  override getSymbolKind(node: AstNode | AstNodeDescription): SymbolKind {
    return KINDS[typeOf(node)]?.symbol ?? SymbolKind.Field;
  }

  override getCompletionItemKind(node: AstNode | AstNodeDescription): CompletionItemKind {
    return KINDS[typeOf(node)]?.completion ?? CompletionItemKind.Reference;
  }
}

function typeOf(node: AstNode | AstNodeDescription): string {
  return 'type' in node && typeof node.type === 'string' ? node.type : (node as AstNode).$type;
}
