import { DocumentState, URI, type LangiumDocument } from 'langium';
import {
  AbstractExecuteCommandHandler,
  DefaultDocumentUpdateHandler,
  type ExecuteCommandAcceptor,
  type LangiumSharedServices,
} from 'langium/lsp';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CancellationTokenSource,
  ErrorCodes,
  ResponseError,
  type Connection,
  type TextDocumentChangeEvent,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseAll, failureDomains, findDomain } from '../analysis/failure.js';
import { renderDetail, renderTable } from '../analysis/report.js';
import { domainName } from '../analysis/survivability-text.js';
import { describeReport, type GenerationTarget } from '../generators/index.js';
import {
  GeneratedNotification,
  ServerCommand,
  type DiagramParams,
  type GenerateParams,
  type GenerationReport,
  type SimulateParams,
  type SimulateResult,
  type TopologyParams,
} from '../protocol.js';
import { diagramOf } from './diagram.js';
import type { GenerationJob, GenerationJobResult } from './generation-job.js';
import type { TopoServices } from '../topo-module.js';
import {
  fileInFolder,
  generateTopology,
  refusal,
  resolveOutDir,
  type BlockingError,
  type GenerationOutcome,
} from '../workspace/generation.js';
import { TopoDocumentBuilder } from '../workspace/document-builder.js';
import { topologyKey } from '../workspace/topology.js';

/** The `topo.generate` settings (VS Code: topo.generate.onSave / targets / outDir). */
export interface GenerateSettings {
  onSave?: boolean;
  targets?: GenerationTarget[];
  outDir?: string;
}

/**
 * Generation in the server, so it works from any LSP editor: on save (when the topology has no
 * errors, the workspace is trusted and the setting is on) and on request (`topo.generate`).
 * Generations of one topology run one after the other; each reads the latest model, so two
 * quick saves end with the output of the last one.
 */
export class TopoGenerationService {
  /** False in untrusted workspaces (VS Code sends `initializationOptions.trusted`). */
  trusted = true;
  /**
   * Runs a generation in another thread (server/main.ts gives one: a worker thread running the
   * server's own bundle); without it, or if it fails, generation runs in the server's thread,
   * which then answers nothing until the files are generated (seconds on a large topology).
   */
  runner: ((job: GenerationJob) => Promise<GenerationJobResult>) | undefined;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly services: TopoServices,
    private readonly connection?: Connection,
  ) {}

  async settings(): Promise<GenerateSettings> {
    const value = await this.services.shared.workspace.ConfigurationProvider.getConfiguration('topo', 'generate').catch(
      () => undefined,
    );
    return (value ?? {}) as GenerateSettings;
  }

  /** Runs (queued per topology) a generation for the topology that `uri` belongs to. */
  generate(uri: string, options: Pick<GenerateParams, 'overwrite'> = {}): Promise<GenerationReport> {
    const key = topologyKey(uri);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.run(uri, options));
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  /** The output folder of the topology `uri` belongs to. */
  async outDir(uri: string): Promise<string> {
    await whenValidated(this.services, uri);
    const key = topologyKey(uri);
    const folder = URI.parse(key).fsPath;
    const settings = await this.settings();
    return resolveOutDir(
      this.services.topo.ModelProvider.analysisOf(key),
      folder,
      settings.outDir ? join(folder, settings.outDir) : undefined,
    );
  }

  async onSave(uri: string): Promise<void> {
    if (!this.trusted) return;
    const settings = await this.settings();
    if (settings.onSave === false) return;
    // The configuration only: the model is read once the topology is validated (see whenValidated).
    if (this.services.topo.ModelProvider.configResolver(topologyKey(uri)).config?.generate?.onSave === false) return;
    await this.generate(uri);
  }

  private async run(uri: string, options: Pick<GenerateParams, 'overwrite'>): Promise<GenerationReport> {
    const u = URI.parse(uri);
    if (!this.trusted) {
      return this.publish(uri, {
        topology: '',
        outDir: '',
        blockedBy:
          'topo does not generate in an untrusted workspace: trust the workspace to generate (generated files may read the secrets the topology references)',
      });
    }
    if (u.scheme !== 'file')
      return this.publish(uri, {
        topology: '',
        outDir: '',
        blockedBy: `cannot generate from ${uri}: only files on disk are generated`,
      });
    await whenValidated(this.services, uri);
    const provider = this.services.topo.ModelProvider;
    const key = topologyKey(u);
    const analysis = provider.analysisOf(key);
    const documents = provider.documentsOf(key);
    const folder = URI.parse(key).fsPath;
    const settings = await this.settings();
    const request = {
      analysis,
      folder,
      syntaxErrors: syntaxErrors(documents, folder),
      targets: settings.targets?.length ? settings.targets : undefined,
      outRoot: settings.outDir ? join(folder, settings.outDir) : undefined,
      overwrite: options.overwrite,
    };
    // Refused (errors, an output folder it may not write to): said at once, from this analysis.
    const refused = refusal(request);
    if (refused) return this.publish(uri, toReport(analysis.model.name, refused, folder));
    if (this.runner) {
      const job: GenerationJob = {
        key,
        folder,
        documents: documents.map((d) => [d.uri.toString(), d.textDocument.getText()]),
        ...provider.configuration,
        targets: request.targets,
        outRoot: request.outRoot,
        overwrite: options.overwrite,
      };
      try {
        const started = performance.now();
        const { topology, outcome } = await this.runner(job);
        this.services.topo.Logger.info(
          `topo: ${topology} generated in a worker thread in ${Math.round(performance.now() - started)} ms (the server answered meanwhile)`,
        );
        return this.publish(uri, toReport(topology, outcome, folder));
      } catch (e) {
        this.services.topo.Logger.warn(
          `topo: generation in a worker thread failed (${(e as Error)?.message ?? e}); generating in the server's thread`,
        );
      }
    }
    return this.publish(uri, toReport(analysis.model.name, await generateTopology(request), folder));
  }

  private publish(
    uri: string,
    n: Omit<GenerationReport, 'uri' | 'written' | 'unchanged' | 'skippedEdited' | 'stale' | 'errors' | 'warnings'> &
      Partial<GenerationReport>,
  ): GenerationReport {
    const full: GenerationReport = {
      written: [],
      unchanged: [],
      skippedEdited: [],
      stale: [],
      errors: [],
      warnings: [],
      ...n,
      uri,
    };
    const log = this.services.topo.Logger;
    if (full.blockedBy) log.info(`topo: ${full.blockedBy}`);
    else
      log.info(
        `topo: generated ${full.topology} into ${full.outDir}: ${full.written.length} written, ${full.unchanged.length} unchanged${full.skippedEdited.length ? `, ${full.skippedEdited.length} edited by hand and kept` : ''}`,
      );
    for (const line of full.errors) log.error(`topo: ${line}`);
    for (const line of full.warnings) log.warn(`topo: ${line}`);
    const c = this.connection;
    if (c) {
      if (full.skippedEdited.length) {
        void c.window.showWarningMessage(
          `topo kept ${full.skippedEdited.length} generated file(s) you edited (${full.skippedEdited.slice(0, 3).join(', ')}${full.skippedEdited.length > 3 ? ', ...' : ''}); run "topo: Generate now" and choose to overwrite to replace them.`,
        );
      }
      void c.sendNotification(GeneratedNotification.method, full);
    }
    return full;
  }
}

function toReport(topology: string, o: GenerationOutcome, folder: string): Omit<GenerationReport, 'uri'> {
  const r = o.report;
  // Where a problem is, as `file:line` relative to the topology folder, to find it from the log.
  const at = (p: GenerationOutcome['problems'][number]): string =>
    p.loc ? `${fileInFolder(folder, p.loc.uri)}:${p.loc.range.start.line + 1}: ` : '';
  return {
    topology,
    outDir: o.outDir,
    blockedBy: o.blockedBy,
    written: (r?.written ?? []).map((p) => join(o.outDir, p)),
    unchanged: (r?.unchanged ?? []).map((p) => join(o.outDir, p)),
    skippedEdited: (r?.skippedEdited ?? []).map((s) => join(o.outDir, s.path)),
    stale: (r?.stale ?? []).map((p) => join(o.outDir, p)),
    errors: [
      ...o.problems.filter((p) => p.severity === 'error').map((p) => `${p.target}: ${p.message}`),
      ...(r ? describeReport({ ...r, written: [], skippedEdited: [], stale: [] }) : []),
    ],
    warnings: o.problems.filter((p) => p.severity === 'warning').map((p) => `${at(p)}${p.code}: ${p.message}`),
  };
}

/** Syntax and linking errors of a topology's documents, which block generation. */
export function syntaxErrors(docs: LangiumDocument[], folder: string): BlockingError[] {
  return docs.flatMap((d) =>
    (d.diagnostics ?? [])
      .filter((x) => x.severity === 1 && (String(x.code).startsWith('syntax/') || x.code === 'ref/unresolved'))
      .map((x) => ({
        file: fileInFolder(folder, d.uri.toString()),
        line: x.range.start.line + 1,
        column: x.range.start.character + 1,
        code: String(x.code),
        message: String(x.message),
      })),
  );
}

/** Generate-on-save: Langium's update handler, plus generation when a .topo file is saved. */
export class TopoDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
  constructor(private readonly shared: LangiumSharedServices) {
    super(shared);
  }

  didSaveDocument(event: TextDocumentChangeEvent<TextDocument>): void {
    if (!event.document.uri.endsWith('.topo')) return;
    const services = this.shared.ServiceRegistry.getServices(URI.parse(event.document.uri)) as TopoServices;
    void services.topo.Generation.onSave(event.document.uri).catch((e) =>
      services.topo.Logger.error(`topo: generation on save failed: ${(e as Error)?.stack ?? e}`),
    );
  }
}

/** The commands any LSP client can call (`workspace/executeCommand`): see ServerCommandTypes in protocol.ts. */
export class TopoCommandHandler extends AbstractExecuteCommandHandler {
  constructor(private readonly shared: LangiumSharedServices) {
    super();
  }

  private topo(uri: string): TopoServices['topo'] {
    return (this.shared.ServiceRegistry.getServices(URI.parse(uri)) as TopoServices).topo;
  }

  registerCommands(accept: ExecuteCommandAcceptor): void {
    accept(ServerCommand.generate, ([arg]) => {
      const a = required<GenerateParams>(arg);
      return this.topo(a.uri).Generation.generate(a.uri, { overwrite: a.overwrite });
    });
    accept(ServerCommand.generatedFiles, async ([arg]) => {
      const a = required<TopologyParams>(arg);
      return listFiles(await this.topo(a.uri).Generation.outDir(a.uri));
    });
    accept(ServerCommand.diagram, async ([arg]) => {
      const a = required<DiagramParams>(arg);
      const services = this.shared.ServiceRegistry.getServices(URI.parse(a.uri)) as TopoServices;
      await whenValidated(services, a.uri);
      return diagramOf(services, a);
    });
    accept(ServerCommand.simulate, ([arg]) => {
      const a = required<SimulateParams>(arg);
      return this.simulate(a.uri, a.domain);
    });
  }

  async simulate(uri: string, domain?: string): Promise<SimulateResult> {
    await whenValidated(this.shared.ServiceRegistry.getServices(URI.parse(uri)) as TopoServices, uri);
    const { model } = this.topo(uri).ModelProvider.analysisFor(uri);
    const domains = failureDomains(model).map((d) =>
      d.kind === 'zone' || d.kind === 'region' ? d.id : `${d.kind === 'router' ? 'router' : 'lb'}:${d.id}`,
    );
    if (!domain) return { domains, markdown: '```text\n' + renderTable(model) + '\n```\n' };
    const found = findDomain(model, domain);
    if (!found)
      return {
        domains,
        markdown: `No failure domain named \`${domain}\` in ${model.name}. Known: ${domains.join(', ')}`,
      };
    const impact = analyseAll(model).find((i) => i.domain.kind === found.kind && i.domain.id === found.id)!;
    return {
      domains,
      markdown: `# If ${domainName(found)} fails\n\n\`\`\`text\n${renderDetail(model, impact)}\n\`\`\`\n`,
    };
  }
}

/**
 * Waits until every document of the topology `uri` belongs to is validated. The model must only
 * read linked syntax trees: reading a reference of a tree that is still being rebuilt links it
 * there and then, against an index the rebuild has not updated yet, and the wrong answer sticks
 * (found by the reliability tests: quick saves of a large topology were blocked by bogus
 * "Could not resolve reference" errors). Commands and generation are not run under Langium's
 * workspace lock, hence this wait. A command sent at startup (an editor may send one as soon as
 * the opened file shows its syntax diagnostics, see early-diagnostics.ts) may find no document of
 * the topology yet: it waits for the workspace's files to be loaded first.
 *
 * The wait is bounded: each look waits at most a second for the next document, and a document
 * that a finished build left linked but not validated (nothing will validate it before the next
 * change; see TopoWorkspaceManager for how that happened) is read as it is, with a warning in the
 * log, instead of being waited for, as it was, for ever.
 */
export async function whenValidated(services: TopoServices, uri: string): Promise<void> {
  const key = topologyKey(uri);
  const { ModelProvider: provider, Logger: log } = services.topo;
  if (!provider.documentsOf(key).length) await services.shared.workspace.WorkspaceManager.ready;
  const builder = services.shared.workspace.DocumentBuilder;
  const deadline = performance.now() + VALIDATED_WAIT_MS;
  for (;;) {
    const pending = provider.documentsOf(key).find((d) => d.state < DocumentState.Validated);
    if (!pending) return;
    const idle = builder instanceof TopoDocumentBuilder && builder.idle;
    if ((idle && pending.state >= DocumentState.IndexedReferences) || performance.now() > deadline) {
      log.warn(
        `topo: ${pending.uri.toString()} is ${DocumentState[pending.state]}, not validated${idle ? ', and no build is running' : ` after ${VALIDATED_WAIT_MS} ms`}: the command reads the topology as it is`,
      );
      return;
    }
    const look = new CancellationTokenSource();
    const timer = setTimeout(() => look.cancel(), 1_000);
    try {
      await builder.waitUntil(DocumentState.Validated, pending.uri, look.token);
    } catch {
      // Not yet (a second passed), the document went away, or its build was cancelled: look again
      // in a moment.
      await new Promise((r) => setTimeout(r, 25));
    } finally {
      clearTimeout(timer);
      look.dispose();
    }
  }
}

/** How long a command waits, at most, for its topology to be validated. */
const VALIDATED_WAIT_MS = 60_000;

function required<T extends TopologyParams>(arg: unknown): T {
  if (!arg || typeof (arg as T).uri !== 'string')
    throw new ResponseError(ErrorCodes.InvalidParams, 'missing argument: { uri: string }');
  return arg as T;
}

/** The files under a folder, recursively, without following links (for "open generated file"). */
function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []))
      .sort();
  } catch {
    return [];
  }
}
