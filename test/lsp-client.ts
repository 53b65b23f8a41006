import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, PublishDiagnosticsNotification,
  StreamMessageReader, StreamMessageWriter, type Diagnostic, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const SERVER = resolve(import.meta.dirname, '../out/server/main.cjs');

/**
 * A temporary workspace with one topology folder: `<dir>/<folder>/main.topo` holding `text`, and
 * `files` (name → content) beside it.
 */
export function tempTopology(text: string, folder: string, files: Record<string, string> = {}): { dir: string; file: string; uri: string } {
  const dir = mkdtempSync(join(tmpdir(), `topo-${folder}-`));
  mkdirSync(join(dir, folder));
  const file = join(dir, folder, 'main.topo');
  writeFileSync(file, text);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, folder, name), content);
  return { dir, file, uri: pathToFileURL(file).toString() };
}

/** A real LSP client talking to the bundled server over stdio, as any editor would. */
export class LspSession {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  private readonly waiters: { uri: string; resolve: (d: Diagnostic[]) => void; pred: (d: Diagnostic[]) => boolean }[] = [];
  readonly stderr: string[] = [];
  /** Every `topo/generated` notification, in order. */
  readonly generated: { uri: string; written: string[]; skippedEdited: string[]; blockedBy?: string; errors: string[]; warnings: string[] }[] = [];
  private readonly generatedWaiters: ((n: LspSession['generated'][number]) => void)[] = [];

  private constructor(readonly proc: ChildProcess, readonly connection: ProtocolConnection) {
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.pred(p.diagnostics)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p.diagnostics);
        }
      }
    });
    proc.stderr?.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    connection.onNotification('topo/generated', (n: LspSession['generated'][number]) => {
      this.generated.push(n);
      for (const w of this.generatedWaiters.splice(0)) w(n);
    });
  }

  static async start(rootFolder: string, settings: Record<string, unknown> = {}, initializationOptions?: Record<string, unknown>): Promise<LspSession> {
    const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'topo' ? settings : null)));
    connection.onRequest('window/showMessageRequest', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    const session = new LspSession(proc, connection);
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      initializationOptions,
      rootUri: pathToFileURL(rootFolder).toString(),
      workspaceFolders: [{ uri: pathToFileURL(rootFolder).toString(), name: 'ws' }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true },
        textDocument: { synchronization: { didSave: true }, hover: { contentFormat: ['markdown'] }, publishDiagnostics: { relatedInformation: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return session;
  }

  /** Resolves with the next diagnostics published for `uri` that satisfy `pred`. */
  waitForDiagnostics(uri: string, pred: (d: Diagnostic[]) => boolean = () => true, timeoutMs = 20_000): Promise<Diagnostic[]> {
    const current = this.diagnostics.get(uri);
    if (current && pred(current)) return Promise.resolve(current);
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.waiters.push({ uri, pred, resolve: (d) => { clearTimeout(timer); resolvePromise(d); } });
    });
  }

  /** Resolves with the next `topo/generated` notification. */
  nextGenerated(timeoutMs = 30_000): Promise<LspSession['generated'][number]> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => reject(new Error(`no topo/generated within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.generatedWaiters.push((n) => { clearTimeout(timer); resolvePromise(n); });
    });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    if (this.proc.exitCode === null) this.proc.kill();
  }
}
