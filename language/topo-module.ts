import {
  inject,
  type DeepPartial,
  type LangiumSharedCoreServices,
  type Module,
  type PartialLangiumCoreServices,
} from 'langium';
import {
  createDefaultModule,
  createDefaultSharedModule,
  DefaultCompletionProvider,
  DefaultDefinitionProvider,
  DefaultDocumentHighlightProvider,
  DefaultDocumentSymbolProvider,
  DefaultFoldingRangeProvider,
  DefaultReferencesProvider,
  type DefaultSharedModuleContext,
  type LangiumServices,
  type LangiumSharedServices,
  type PartialLangiumServices,
  type PartialLangiumSharedServices,
} from 'langium/lsp';
import { TopoGeneratedModule, TopoGeneratedSharedModule } from './generated/module.js';
import { TopoCodeActionProvider } from './lsp/code-actions.js';
import { TopoCodeLensProvider } from './lsp/code-lens.js';
import { TopoFormatter } from './lsp/formatter.js';
import { guard } from './lsp/guard.js';
import { TopoCommandHandler, TopoDocumentUpdateHandler, TopoGenerationService } from './lsp/generation.js';
import { TopoHoverProvider } from './lsp/hover.js';
import { TopoRenameProvider } from './lsp/rename.js';
import { TopoScopeComputation, TopoScopeProvider } from './lsp/scope.js';
import { TopoIndexManager } from './workspace/index-manager.js';
import { TopoNodeKindProvider, TopoSemanticTokenProvider } from './lsp/semantic-tokens.js';
import { TopoDocumentValidator } from './lsp/validator.js';
import { TopoValueConverter } from './lsp/value-converter.js';
import { createLogger, type Logger } from './logger.js';
import { TopoDocumentBuilder } from './workspace/document-builder.js';
import { TopoLangiumDocumentFactory } from './workspace/document-factory.js';
import { TopoLangiumDocuments } from './workspace/documents.js';
import { TopoModelProvider } from './workspace/model-provider.js';
import { TopoWorkspaceManager } from './workspace/workspace-manager.js';

export interface TopoAddedSharedServices {
  topo: {
    /** Every message of the services: the client's output channel in the server, else stderr. */
    Logger: Logger;
  };
}

export type TopoSharedServices = LangiumSharedServices & TopoAddedSharedServices;

export interface TopoAddedServices {
  topo: {
    /** The shared Logger. */
    Logger: Logger;
    ModelProvider: TopoModelProvider;
    Generation: TopoGenerationService;
    /** Base URL of the rule docs that diagnostics link to. */
    docsBase?: string;
  };
}

export type TopoServices = LangiumServices & TopoAddedServices & { shared: TopoSharedServices };

export const TopoModule: Module<TopoServices, PartialLangiumServices & PartialLangiumCoreServices & TopoAddedServices> =
  {
    topo: {
      Logger: (services) => services.shared.topo.Logger,
      ModelProvider: (services) =>
        new TopoModelProvider(services.shared as LangiumSharedCoreServices, services.topo.Logger),
      Generation: (services) => new TopoGenerationService(services, services.shared.lsp.Connection),
      docsBase: () => undefined,
    },
    // Every editor provider is guarded: an exception in one is logged and answered with nothing.
    lsp: {
      CodeActionProvider: guarded('codeAction', (s) => new TopoCodeActionProvider(s)),
      CodeLensProvider: guarded('codeLens', (s) => new TopoCodeLensProvider(s)),
      HoverProvider: guarded('hover', (s) => new TopoHoverProvider(s)),
      Formatter: guarded('formatter', () => new TopoFormatter()),
      RenameProvider: guarded('rename', (s) => new TopoRenameProvider(s)),
      SemanticTokenProvider: guarded('semanticTokens', (s) => new TopoSemanticTokenProvider(s)),
      CompletionProvider: guarded('completion', (s) => new DefaultCompletionProvider(s)),
      DefinitionProvider: guarded('definition', (s) => new DefaultDefinitionProvider(s)),
      ReferencesProvider: guarded('references', (s) => new DefaultReferencesProvider(s)),
      DocumentSymbolProvider: guarded('documentSymbol', (s) => new DefaultDocumentSymbolProvider(s)),
      DocumentHighlightProvider: guarded('documentHighlight', (s) => new DefaultDocumentHighlightProvider(s)),
      FoldingRangeProvider: guarded('foldingRange', (s) => new DefaultFoldingRangeProvider(s)),
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

export const TopoSharedModule: Module<TopoSharedServices, PartialLangiumSharedServices & TopoAddedSharedServices> = {
  topo: {
    Logger: (shared) => createLogger(shared.lsp.Connection),
  },
  workspace: {
    DocumentBuilder: (shared) => new TopoDocumentBuilder(shared),
    IndexManager: (shared) => new TopoIndexManager(shared),
    LangiumDocuments: (shared) => new TopoLangiumDocuments(shared),
    LangiumDocumentFactory: (shared) => new TopoLangiumDocumentFactory(shared),
    WorkspaceManager: (shared) => new TopoWorkspaceManager(shared),
  },
  lsp: {
    NodeKindProvider: () => new TopoNodeKindProvider(),
    DocumentUpdateHandler: (shared) => new TopoDocumentUpdateHandler(shared),
    ExecuteCommandHandler: (shared) =>
      guard('executeCommand', new TopoCommandHandler(shared), (m) => shared.topo.Logger.error(m)),
  },
};

/** A provider made by `make`, guarded (see guard.ts) under `name`: its exceptions go to the Logger. */
function guarded<T extends object>(name: string, make: (services: TopoServices) => T): (services: TopoServices) => T {
  return (services) => guard(name, make(services), (m) => services.topo.Logger.error(m));
}

export function createTopoServices(
  context: DefaultSharedModuleContext,
  extra?: Module<TopoServices, DeepPartial<TopoAddedServices>>,
): { shared: TopoSharedServices; Topo: TopoServices } {
  const shared = inject(createDefaultSharedModule(context), TopoGeneratedSharedModule, TopoSharedModule);
  const Topo = inject(
    createDefaultModule({ shared }),
    TopoGeneratedModule,
    TopoModule,
    (extra ?? {}) as Module<TopoServices, object>,
  );
  shared.ServiceRegistry.register(Topo);
  return { shared, Topo };
}
