import { inject, type LangiumSharedCoreServices, type Module, type PartialLangiumCoreServices } from 'langium';
import {
  createDefaultModule, createDefaultSharedModule, type DefaultSharedModuleContext, type LangiumServices,
  type LangiumSharedServices, type PartialLangiumServices,
} from 'langium/lsp';
import { TopoGeneratedModule, TopoGeneratedSharedModule } from './generated/module.js';
import { TopoCodeActionProvider } from './lsp/code-actions.js';
import { TopoCodeLensProvider } from './lsp/code-lens.js';
import { TopoFormatter } from './lsp/formatter.js';
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
  lsp: {
    CodeActionProvider: (services) => new TopoCodeActionProvider(services),
    CodeLensProvider: (services) => new TopoCodeLensProvider(services),
    HoverProvider: (services) => new TopoHoverProvider(services),
    Formatter: () => new TopoFormatter(),
    RenameProvider: (services) => new TopoRenameProvider(services),
    SemanticTokenProvider: (services) => new TopoSemanticTokenProvider(services),
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
    ExecuteCommandHandler: (shared: LangiumSharedServices) => new TopoCommandHandler(shared),
  },
} as Module<LangiumSharedServices, object>;

export function createTopoServices(context: DefaultSharedModuleContext, extra?: Module<TopoServices, Partial<TopoAddedServices>>): { shared: LangiumSharedServices; Topo: TopoServices } {
  const shared = inject(createDefaultSharedModule(context), TopoGeneratedSharedModule, TopoSharedModule);
  const Topo = inject(createDefaultModule({ shared }), TopoGeneratedModule, TopoModule, (extra ?? {}) as Module<TopoServices, object>);
  shared.ServiceRegistry.register(Topo);
  return { shared, Topo };
}
