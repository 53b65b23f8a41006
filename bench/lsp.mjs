// A small LSP client over stdio for the benchmarks: spawns a server, answers the requests servers
// make of clients, records every publishDiagnostics with its arrival time (the latest per URI, and
// each URI's history), and reads the server
// process's peak resident set size (VmHWM) before stopping it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export class Lsp {
  /** @param {string[]} argv the server command (node script and arguments) @param {(section: string) => unknown} settings */
  constructor(argv, settings = () => null) {
    this.t0 = performance.now();
    this.proc = spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.proc.stderr.on('data', (d) => {
      this.stderr += d;
    });
    this.proc.on('exit', (code) => {
      this.exited = code ?? -1;
      for (const w of [...this.waiters])
        w.reject(new Error(`the server exited (${code}); stderr: ${this.stderr.slice(-2000)}`));
    });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
    );
    this.diagnostics = new Map();
    /** Every publication per URI, in order: { at, diagnostics }. */
    this.history = new Map();
    this.lastMessage = performance.now();
    this.waiters = [];
    this.connection.onNotification('textDocument/publishDiagnostics', (p) => {
      const now = performance.now();
      this.lastMessage = now;
      this.diagnostics.set(p.uri, { at: now, count: p.diagnostics.length, diagnostics: p.diagnostics });
      let history = this.history.get(p.uri);
      if (!history) this.history.set(p.uri, (history = []));
      history.push({ at: now, diagnostics: p.diagnostics });
      for (const w of [...this.waiters]) if (w.test(p.uri)) w.resolve(now);
    });
    /** What the server logged (`window/logMessage`), in order. */
    this.log = [];
    this.connection.onNotification('window/logMessage', (m) => {
      this.lastMessage = performance.now();
      this.log.push(m.message);
    });
    this.connection.onNotification(() => {
      this.lastMessage = performance.now();
    });
    this.connection.onRequest('workspace/configuration', (p) => p.items.map((i) => settings(i.section ?? '')));
    this.connection.onRequest(() => null); // registerCapability, workDoneProgress/create, showMessageRequest...
    this.connection.listen();
  }

  /** `initializationOptions`: e.g. topo's `{ cache: false }` or `{ cacheDir }` (language/protocol.ts). */
  async initialize(rootFolder, capabilities = {}, initializationOptions = undefined) {
    const root = pathToFileURL(rootFolder).toString();
    await this.connection.sendRequest('initialize', {
      processId: process.pid,
      initializationOptions,
      rootUri: root,
      workspaceFolders: [{ uri: root, name: 'bench' }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
        },
        textDocument: {
          synchronization: { didSave: true, dynamicRegistration: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: true } },
          publishDiagnostics: { relatedInformation: true },
        },
        ...capabilities,
      },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the arrival time of the next diagnostics for a URI matching `test`. */
  next(test, timeoutMs = 300_000) {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.splice(this.waiters.indexOf(w), 1);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no diagnostics within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`));
      }, timeoutMs);
      const w = {
        test,
        resolve: (t) => {
          done();
          resolve(t);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      };
      this.waiters.push(w);
    });
  }

  /** Resolves when every URI of `uris` has diagnostics; with the times of the first and the last. */
  async all(uris, timeoutMs = 300_000) {
    const pending = new Set(uris.filter((u) => !this.diagnostics.has(u)));
    while (pending.size) {
      await this.next((u) => pending.has(u), timeoutMs);
      for (const u of [...pending]) if (this.diagnostics.has(u)) pending.delete(u);
    }
    const times = uris.map((u) => this.diagnostics.get(u).at);
    return { first: Math.min(...times), last: Math.max(...times) };
  }

  /** The arrival time of the first diagnostics published for `uri`. */
  firstAt(uri) {
    return this.history.get(uri)?.[0]?.at;
  }

  /**
   * The arrival time of the first publication for `uri` equal to the latest one: once the server
   * is idle, when that file first showed the diagnostics it keeps (a server that publishes a
   * partial list first, e.g. syntax errors alone, is timed at its full list).
   */
  completeAt(uri) {
    const history = this.history.get(uri) ?? [];
    const last = JSON.stringify(history.at(-1)?.diagnostics);
    return history.find((h) => JSON.stringify(h.diagnostics) === last)?.at;
  }

  /** Waits until no message arrived for `quietMs` (the server finished the work a change started). */
  async idle(quietMs = 150, maxMs = 120_000) {
    const start = performance.now();
    while (performance.now() - this.lastMessage < quietMs && performance.now() - start < maxMs) {
      await new Promise((r) => setTimeout(r, quietMs / 3));
    }
  }

  open(uri, languageId, text, version = 1) {
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  /** Replaces one character (incremental sync). */
  change(uri, version, line, character, text) {
    return this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 1 } }, text }],
    });
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  /** Peak resident set size of the server process, in MiB (Linux: /proc/<pid>/status VmHWM). */
  peakRssMB() {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 5000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    await new Promise((r) => setTimeout(r, 100));
    if (this.proc.exitCode === null) this.proc.kill();
  }
}
