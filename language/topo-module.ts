import { inject, type LangiumSharedCoreServices, type Module, type PartialLangiumCoreServices } from 'langium';
import {
  createDefaultModule, createDefaultSharedModule, DefaultCompletionProvider, DefaultDefinitionProvider, DefaultDocumentHighlightProvider,
  DefaultDocumentSymbolProvider, DefaultFoldingRangeProvider, DefaultReferencesProvider, type DefaultSharedModuleContext, type LangiumServices,
  type LangiumSharedServices, type PartialLangiumServices,
} from 'langium/lsp';
import { TopoGeneratedModule, TopoGeneratedSharedModule } from './generated/module.js';
import { TopoCodeActionProvider } from './lsp/code-actions.js';
import { TopoCodeLensProvider } from './lsp/code-lens.js';
import { TopoFormatter } from './lsp/formatter.js';
import { guard, type ErrorLog } from './lsp/guard.js';
import { TopoCommandHandler, TopoDocumentUpdateHandler, TopoGenerationService } from './lsp/generation.js';
import { TopoHoverProvider } from './lsp/hover.js';
import { TopoRenameProvider } from './lsp/rename.js';
import { TopoScopeComputation, TopoScopeProvider } from './lsp/scope.js';
import { TopoNodeKindProvider, TopoSemanticTokenProvider } from './lsp/semantic-tokens.js';
import { TopoDocumentValidator } from './lsp/validator.js';
import { TopoValueConverter } from './lsp/value-converter.js';
import { TopoModelProvider } from './workspace/model-provider.js';

export interface TopoAddedServices {
  topo: {
    ModelProvider: TopoModelProvider;
    Generation: TopoGenerationService;
    /** Base URL of the rule docs that diagnostics link to. */
    docsBase?: string;
  };
}

export type TopoServices = LangiumServices & TopoAddedServices;

export const TopoModule: Module<TopoServices, PartialLangiumServices & PartialLangiumCoreServices & TopoAddedServices> = {
  topo: {
    ModelProvider: (services) => new TopoModelProvider(services.shared as LangiumSharedCoreServices),
    Generation: (services) => new TopoGenerationService(services, services.shared.lsp.Connection),
    docsBase: () => undefined,
  },
  // Every editor provider is guarded: an exception in one is logged and answered with nothing.
  lsp: {
    CodeActionProvider: (services) => guard('codeAction', new TopoCodeActionProvider(services), errorLog(services)),
    CodeLensProvider: (services) => guard('codeLens', new TopoCodeLensProvider(services), errorLog(services)),
    HoverProvider: (services) => guard('hover', new TopoHoverProvider(services), errorLog(services)),
    Formatter: (services) => guard('formatter', new TopoFormatter(), errorLog(services)),
    RenameProvider: (services) => guard('rename', new TopoRenameProvider(services), errorLog(services)),
    SemanticTokenProvider: (services) => guard('semanticTokens', new TopoSemanticTokenProvider(services), errorLog(services)),
    CompletionProvider: (services) => guard('completion', new DefaultCompletionProvider(services), errorLog(services)),
    DefinitionProvider: (services) => guard('definition', new DefaultDefinitionProvider(services), errorLog(services)),
    ReferencesProvider: (services) => guard('references', new DefaultReferencesProvider(services), errorLog(services)),
    DocumentSymbolProvider: (services) => guard('documentSymbol', new DefaultDocumentSymbolProvider(services), errorLog(services)),
    DocumentHighlightProvider: (services) => guard('documentHighlight', new DefaultDocumentHighlightProvider(services), errorLog(services)),
    FoldingRangeProvider: (services) => guard('foldingRange', new DefaultFoldingRangeProvider(services), errorLog(services)),
  },
  references: {
    ScopeComputation: (services) => new TopoScopeComputation(services),
    ScopeProvider: (services) => new TopoScopeProvider(services),
  },
  parser: {
    ValueConverter: () => new TopoValueConverter(),
  },
  validation: {
    DocumentValidator: (services) => new TopoDocumentValidator(services),
  },
};

export const TopoSharedModule: Module<LangiumSharedServices, object> = {
  lsp: {
    NodeKindProvider: () => new TopoNodeKindProvider(),
    DocumentUpdateHandler: (shared: LangiumSharedServices) => new TopoDocumentUpdateHandler(shared),
    ExecuteCommandHandler: (shared: LangiumSharedServices) => guard('executeCommand', new TopoCommandHandler(shared), (m) => (shared.lsp.Connection ? shared.lsp.Connection.console.error(m) : console.error(m))),
  },
} as Module<LangiumSharedServices, object>;

/** Provider errors go to the client's log (the topo output channel), or stderr without a client. */
function errorLog(services: TopoServices): ErrorLog {
  return (message) => {
    const connection = services.shared.lsp.Connection;
    if (connection) connection.console.error(message);
    else console.error(message);
  };
}

export function createTopoServices(context: DefaultSharedModuleContext, extra?: Module<TopoServices, Partial<TopoAddedServices>>): { shared: LangiumSharedServices; Topo: TopoServices } {
  const shared = inject(createDefaultSharedModule(context), TopoGeneratedSharedModule, TopoSharedModule);
  const Topo = inject(createDefaultModule({ shared }), TopoGeneratedModule, TopoModule, (extra ?? {}) as Module<TopoServices, object>);
  shared.ServiceRegistry.register(Topo);
  return { shared, Topo };
}
