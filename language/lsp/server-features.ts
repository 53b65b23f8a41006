import { startLanguageServer, type DefaultSharedModuleContext } from 'langium/lsp';
import type { Connection } from 'vscode-languageserver';
import { checkThresholdSettings, CONFIG_FILE } from '../config/config.js';
import { fileConfigResolver } from '../config/resolver.js';
import type { RuleSettings } from '../rules/types.js';
import type { InitializationOptions } from '../protocol.js';
import { createTopoServices, type TopoServices, type TopoSharedServices } from '../topo-module.js';
import { TopoDocumentBuilder } from '../workspace/document-builder.js';
import { TopoWorkspaceManager } from '../workspace/workspace-manager.js';
import { publishSyntaxFirst } from './early-diagnostics.js';
import { LastCheck } from './last-check.js';
import type { TopoGenerationService } from './generation.js';
import { reportBuildProgress } from './progress.js';

/** The `topo.*` settings the client sends (VS Code settings or any editor's configuration). */
export interface TopoSettings {
  rules?: RuleSettings['rules'];
  thresholds?: RuleSettings['thresholds'];
  params?: Record<string, string>;
  /** Whether to keep the last check between sessions (language/lsp/last-check.ts). */
  cache?: { enabled?: boolean };
}

/** How the server was built and started, beyond Langium's context. */
export interface TopoServerOptions {
  /**
   * Changes with any change of the server's code (server/main.ts: a hash of the bundle). Part of
   * the last check's key; none: no last check is kept.
   */
  buildId?: string;
  /** Runs generations in another thread (see TopoGenerationService.runner); none: in the server's. */
  generationRunner?: TopoGenerationService['runner'];
}

/**
 * The topo language server on `connection`: the topo services, their server-side wiring and
 * Langium's LSP handlers. It answers once the connection delivers the client's `initialize`.
 */
export function startTopoServer(
  context: DefaultSharedModuleContext & { connection: Connection },
  options: TopoServerOptions = {},
): {
  shared: TopoSharedServices;
  Topo: TopoServices;
} {
  const services = createTopoServices(context);
  registerTopoServerFeatures(services.Topo, options);
  startLanguageServer(services.shared);
  return services;
}

/**
 * Server-side wiring that is not a Langium service: the `topo` settings section (rule severities,
 * thresholds, parameters) read through Langium's ConfigurationProvider, the workspace trust and
 * the workspace's topo.config.json.
 */
export function registerTopoServerFeatures(services: TopoServices, options: TopoServerOptions = {}): void {
  const provider = services.topo.ModelProvider;
  const log = services.topo.Logger;
  const builder = services.shared.workspace.DocumentBuilder;
  const connection = services.shared.lsp.Connection;
  services.topo.Generation.runner = options.generationRunner;
  if (connection && builder instanceof TopoDocumentBuilder) reportBuildProgress(connection, builder);
  // Before startLanguageServer, whose listener sends the full diagnostics (see early-diagnostics.ts).
  const early = connection ? publishSyntaxFirst(connection, services.shared) : undefined;
  // The settings in effect, as the last check's key reads them.
  let applied = JSON.stringify({ rules: {}, thresholds: {}, params: {} });
  const lastCheck =
    connection && early
      ? new LastCheck(services, connection, {
          buildId: options.buildId,
          settings: () => applied,
          complete: (uri) => early.complete(uri),
        })
      : undefined;
  // VS Code tells whether the workspace is trusted; other editors start the server deliberately.
  services.shared.lsp.LanguageServer.onInitialize((params) => {
    const options = params.initializationOptions as InitializationOptions | undefined;
    services.topo.Generation.trusted = options?.trusted !== false;
    lastCheck?.initialize(params);
  });
  const configuration = services.shared.workspace.ConfigurationProvider;
  // Rebuilds after a settings or config change. It must wait for the first workspace build and
  // take the workspace lock, as Langium's own updates do: a rebuild racing the initial build
  // links documents before their scopes exist (hundreds of false "could not resolve" errors).
  const workspace = services.shared.workspace;
  const revalidateAll = async (): Promise<void> => {
    await workspace.WorkspaceManager.ready;
    await workspace.WorkspaceLock.write(async (token) => {
      const docs = workspace.LangiumDocuments.all.map((d) => d.uri).toArray();
      if (docs.length) await workspace.DocumentBuilder.update(docs, [], token);
    });
  };

  // The workspace's topo.config.json, re-read when it changes (Langium watches every file).
  const resolver = fileConfigResolver(provider.rules);
  provider.configResolver = resolver;
  services.shared.lsp.DocumentUpdateHandler.onWatchedFilesChange((params) => {
    if (params.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE}`))) {
      resolver.clear();
      provider.invalidate();
      lastCheck?.inputsChanged();
      void revalidateAll();
    }
  });

  // VS Code sends the (default) settings at startup: nothing to rebuild unless they changed.
  const apply = async (settings: TopoSettings | undefined): Promise<void> => {
    const s = settings ?? {};
    const key = JSON.stringify({ rules: s.rules ?? {}, thresholds: s.thresholds ?? {}, params: s.params ?? {} });
    if (key === applied) return;
    applied = key;
    const { thresholds, problems } = checkThresholdSettings(s.thresholds, provider.rules);
    for (const p of problems) log.warn(p);
    provider.configure({ rules: s.rules, thresholds }, s.params ?? {});
    lastCheck?.inputsChanged();
    await revalidateAll();
  };

  configuration.onConfigurationSectionUpdate((update) => {
    if (update.section !== 'topo') return;
    lastCheck?.setEnabled((update.configuration as TopoSettings | undefined)?.cache?.enabled !== false);
    void apply(update.configuration as TopoSettings).catch((e) => log.error(`topo: settings: ${e}`));
  });
  const settingsKnown = configuration.ready.then(async () => {
    const read = async (key: string): Promise<unknown> =>
      configuration.getConfiguration('topo', key).catch(() => undefined);
    const settings: TopoSettings = {
      rules: (await read('rules')) as TopoSettings['rules'],
      thresholds: (await read('thresholds')) as TopoSettings['thresholds'],
      params: (await read('params')) as TopoSettings['params'],
    };
    lastCheck?.setEnabled(((await read('cache')) as TopoSettings['cache'])?.enabled !== false);
    // Applied at once (the rebuild it starts is not waited for): the last check's key reads them.
    if (settings.rules || settings.thresholds || settings.params)
      void apply(settings).catch((e) => log.error(`topo: settings: ${e}`));
  });
  // The settings known (the workspace's files are read meanwhile): the last check, if it was of
  // these inputs, before Langium's workspace parses every file.
  if (lastCheck && workspace.WorkspaceManager instanceof TopoWorkspaceManager)
    workspace.WorkspaceManager.beforeLoad = () => lastCheck.beforeWorkspaceLoad();
  if (lastCheck)
    void settingsKnown
      .then(() => lastCheck.publishKept())
      .catch((e) => log.error(`topo: last check: ${(e as Error)?.stack ?? e}`));
}
