import { NodeFileSystem } from 'langium/node';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type LogMessageParams,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startTopoServer } from '../../language/lsp/server-features.js';
import { GeneratedNotification, type GenerationReport } from '../../language/protocol.js';
import type { TopoServices } from '../../language/topo-module.js';

export const SERVER = resolve(import.meta.dirname, '../../out/server/main.cjs');

/**
 * A temporary workspace with one topology folder: `<dir>/<folder>/main.topo` holding `text`, and
 * `files` (name → content) beside it.
 */
export function tempTopology(
  text: string,
  folder: string,
  files: Record<string, string> = {},
): { dir: string; file: string; uri: string } {
  const dir = mkdtempSync(join(tmpdir(), `topo-${folder}-`));
  mkdirSync(join(dir, folder));
  const file = join(dir, folder, 'main.topo');
  writeFileSync(file, text);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, folder, name), content);
  return { dir, file, uri: pathToFileURL(file).toString() };
}

/** Messages of one kind as they arrive, and the waits for one that satisfies a predicate. */
class Feed<T> {
  private readonly waits: { pred: (m: T) => boolean; resolve: (m: T) => void }[] = [];

  push(m: T): void {
    for (const w of [...this.waits]) {
      if (w.pred(m)) {
        this.waits.splice(this.waits.indexOf(w), 1);
        w.resolve(m);
      }
    }
  }

  /** The next message that satisfies `pred`; after `timeoutMs`, an error with `message`. */
  next(pred: (m: T) => boolean, timeoutMs: number, message: () => string): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(message())), timeoutMs);
      this.waits.push({
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolvePromise(m);
        },
      });
    });
  }
}

/** How LspClient.inProcess starts its server. */
export interface InProcessOptions {
  /** The server's build (server/main.ts passes a digest of its bundle); none: it keeps no last check. */
  buildId?: string;
  initializationOptions?: Record<string, unknown>;
  /** The client answers the server's first `workspace/configuration` once this resolves. */
  settingsAnswered?: Promise<void>;
}

/** A real LSP client talking to a topo language server, as any editor would. */
export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics, in the order it arrived. */
  readonly publications: { uri: string; diagnostics: Diagnostic[] }[] = [];
  private readonly published = new Feed<{ uri: string; diagnostics: Diagnostic[] }>();
  /** The server's stderr, when it runs in a process of its own. */
  readonly stderr: string[] = [];
  /** What the server logged (`window/logMessage`): what VS Code shows in the "topo" output channel. */
  readonly log: LogMessageParams[] = [];
  private readonly logged = new Feed<LogMessageParams>();
  /** Every `topo/generated` notification, in order. */
  readonly generated: GenerationReport[] = [];
  private readonly reported = new Feed<GenerationReport>();
  /** Ends the server, once the client is done with it. */
  protected endServer = (): void => undefined;

  protected constructor(readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.publications.push(p);
      this.published.push(p);
    });
    connection.onNotification(LogMessageNotification.type, (m) => {
      this.log.push(m);
      this.logged.push(m);
    });
    connection.onNotification(GeneratedNotification.method, (n: GenerationReport) => {
      this.generated.push(n);
      this.reported.push(n);
    });
  }

  /**
   * The server's own wiring (what out/server/main.cjs runs) in this process, over in-memory
   * streams, so that a test can reach into its services: `prepare` runs before the client's
   * `initialize`, that is before the server reads the workspace.
   */
  static async inProcess(
    rootFolder: string,
    prepare: (services: TopoServices) => void,
    settings: Record<string, unknown> = {},
    options: InProcessOptions = {},
  ): Promise<LspClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(toServer),
      new StreamMessageWriter(toClient),
    );
    prepare(startTopoServer({ connection: server, ...NodeFileSystem }, { buildId: options.buildId }).Topo);
    const client = new LspClient(
      createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer)),
    );
    client.endServer = () => server.dispose();
    // No process id: the server would watch that process, and end this one once it is gone.
    return client.initialize(rootFolder, settings, options.initializationOptions, null, options.settingsAnswered);
  }

  protected async initialize(
    rootFolder: string,
    settings: Record<string, unknown>,
    initializationOptions: Record<string, unknown> | undefined,
    processId: number | null,
    settingsAnswered?: Promise<void>,
  ): Promise<this> {
    const connection = this.connection;
    connection.onRequest('workspace/configuration', async (p: { items: { section?: string }[] }) => {
      await settingsAnswered;
      return p.items.map((i) => (i.section === 'topo' ? settings : null));
    });
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId,
      initializationOptions,
      rootUri: pathToFileURL(rootFolder).toString(),
      workspaceFolders: [{ uri: pathToFileURL(rootFolder).toString(), name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: {
          synchronization: { didSave: true },
          hover: { contentFormat: ['markdown'] },
          publishDiagnostics: { relatedInformation: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return this;
  }

  /** Resolves with the next diagnostics published for `uri` that satisfy `pred`. */
  waitForDiagnostics(
    uri: string,
    pred: (d: Diagnostic[]) => boolean = () => true,
    timeoutMs = 20_000,
  ): Promise<Diagnostic[]> {
    const current = this.diagnostics.get(uri);
    if (current && pred(current)) return Promise.resolve(current);
    return this.published
      .next(
        (p) => p.uri === uri && pred(p.diagnostics),
        timeoutMs,
        () => `no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`,
      )
      .then((p) => p.diagnostics);
  }

  /** Resolves with the next `topo/generated` notification. */
  nextGenerated(timeoutMs = 30_000): Promise<GenerationReport> {
    return this.reported.next(
      () => true,
      timeoutMs,
      () => `no topo/generated within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`,
    );
  }

  /** Resolves with the first message logged (already or from now on) that satisfies `pred`. */
  waitForLog(pred: (m: LogMessageParams) => boolean, timeoutMs = 20_000): Promise<LogMessageParams> {
    const logged = this.log.find(pred);
    if (logged) return Promise.resolve(logged);
    return this.logged.next(
      pred,
      timeoutMs,
      () => `no such log message within ${timeoutMs} ms; logged: ${JSON.stringify(this.log)}`,
    );
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.exit();
    } catch {
      // the server may already be gone
    }
    this.connection.dispose();
    this.endServer();
  }

  /** After `shutdown`. Not `exit` to a server in this process: it would end this process. */
  protected async exit(): Promise<void> {}
}

/** A client of the bundled server (out/server/main.cjs) in a process of its own, over stdio. */
export class LspSession extends LspClient {
  private constructor(
    readonly proc: ChildProcess,
    connection: ProtocolConnection,
  ) {
    super(connection);
    proc.stderr?.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.endServer = () => {
      if (proc.exitCode === null) proc.kill();
    };
  }

  static async start(
    rootFolder: string,
    settings: Record<string, unknown> = {},
    initializationOptions?: Record<string, unknown>,
  ): Promise<LspSession> {
    // The server keeps its last check under $XDG_CACHE_HOME unless told otherwise: a folder of
    // this session's own, so that no session reads another's and nothing is left in the home folder.
    const cache = mkdtempSync(join(tmpdir(), 'topo-cache-'));
    const proc = spawn(process.execPath, [SERVER, '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, XDG_CACHE_HOME: cache },
    });
    proc.on('exit', () => rmSync(cache, { recursive: true, force: true }));
    const connection = createProtocolConnection(
      new StreamMessageReader(proc.stdout!),
      new StreamMessageWriter(proc.stdin!),
    );
    return new LspSession(proc, connection).initialize(rootFolder, settings, initializationOptions, process.pid);
  }

  protected override async exit(): Promise<void> {
    await this.connection.sendNotification('exit');
  }
}
