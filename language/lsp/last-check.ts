import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { Connection, Diagnostic, InitializeParams } from 'vscode-languageserver';
import type { InitializationOptions } from '../protocol.js';
import type { TopoServices } from '../topo-module.js';
import { topologyKey } from '../workspace/topology.js';

/** The file the last check is kept in, in the cache folder. */
export const LAST_CHECK_FILE = 'last-check.json';
/** The file's layout and the key's recipe: a file of another format is ignored. */
export const LAST_CHECK_FORMAT = 1;
/** After the first check of the workspace, the check is kept this soon (ms) ... */
const FIRST_WRITE_MS = 500;
/** ... and after later checks, once the server has been idle this long. */
const IDLE_WRITE_MS = 3000;
/** At shutdown, a check still running is waited for this long before the last check is kept. */
const SHUTDOWN_WAIT_MS = 2000;
/** The workspace's loading waits at most this long for the settings, when a last check is kept. */
const SETTINGS_WAIT_MS = 1000;
/** ... and this long for the open files' kept lists to be sent. */
const SEND_WAIT_MS = 250;

/** Everything a workspace's diagnostics are computed from. */
export interface CheckInputs {
  /** The server's code (a hash of its bundle), which includes the rules and their messages. */
  buildId: string;
  /** The `topo.rules`, `topo.thresholds` and `topo.params` settings in effect. */
  settings: string;
  /** Per topology folder (sorted): the topo.config.json that applies, read and checked, or its error. */
  configs: [folder: string, resolved: unknown][];
  /** Every document (sorted by URI) and the exact text its diagnostics were computed from. */
  documents: [uri: string, text: string][];
}

/** A digest of every input: two checks with the same key have the same diagnostics. */
export function checkKey(inputs: CheckInputs): string {
  const hash = createHash('sha256');
  const field = (s: string): void => {
    hash.update(`${s.length}:`);
    hash.update(s);
  };
  field(`topo last check ${LAST_CHECK_FORMAT}`);
  field(inputs.buildId);
  // Sorting (localeCompare) and number formatting may differ between Node versions.
  field(process.version);
  field(inputs.settings);
  field(JSON.stringify(inputs.configs));
  hash.update(`${inputs.documents.length}:`);
  for (const [uri, text] of inputs.documents) {
    field(uri);
    field(text);
  }
  return hash.digest('hex');
}

/** The kept check: a header line (format, key, the body's length and digest), then the body. */
interface Header {
  format: number;
  key: string;
  bytes: number;
  sha256: string;
}

/** The diagnostics of every document, as they were published: [uri, diagnostics]. */
export type CheckDiagnostics = [uri: string, diagnostics: Diagnostic[]][];

export function encodeLastCheck(key: string, diagnostics: CheckDiagnostics): Buffer {
  const body = Buffer.from(JSON.stringify(diagnostics));
  const header: Header = {
    format: LAST_CHECK_FORMAT,
    key,
    bytes: body.length,
    sha256: createHash('sha256').update(body).digest('hex'),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), body]);
}

/**
 * The diagnostics kept under `key`, or why there are none: another key (some input changed),
 * another format, or a file cut short or damaged (its digest does not match).
 */
export function decodeLastCheck(data: Buffer, key: string): CheckDiagnostics | string {
  const end = data.indexOf(0x0a);
  if (end < 0) return 'no header (the file is cut short)';
  let header: Header;
  try {
    header = JSON.parse(data.subarray(0, end).toString('utf8')) as Header;
  } catch {
    return 'a damaged header';
  }
  if (header?.format !== LAST_CHECK_FORMAT) return `another format (${String(header?.format)})`;
  if (header.key !== key) return 'kept for other inputs (a file, a setting, topo.config.json or the server changed)';
  const body = data.subarray(end + 1);
  if (body.length !== header.bytes) return `${body.length} of ${header.bytes} bytes (the file is cut short)`;
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) return 'a damaged body (digest mismatch)';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'a body that is not JSON';
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && Array.isArray(e[1]));
  return ok ? (parsed as CheckDiagnostics) : 'a body of another shape';
}

/**
 * The folder of the last check when the client names none: `$XDG_CACHE_HOME/topo/<hash of the
 * workspace folders>` (default `~/.cache/topo/...`), one per workspace.
 */
export function defaultCacheDir(folders: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const id = createHash('sha256')
    .update(JSON.stringify([...folders].sort()))
    .digest('hex')
    .slice(0, 16);
  return join(base, 'topo', id);
}

/** What the last check needs of the rest of the server. */
export interface LastCheckWiring {
  /** Changes with any change of the server's code; none: nothing is kept. */
  buildId: string | undefined;
  /** The `topo.rules`/`thresholds`/`params` settings in effect, as one string. */
  settings: () => string;
  /** Marks a document as showing its complete diagnostics (early-diagnostics.ts publishes no syntax-only list after them). */
  complete: (uri: string) => void;
}

/**
 * The last check kept between sessions, as `eslint --cache` and tsc's `.tsbuildinfo` keep theirs:
 * on a large workspace a document's findings need the whole topology parsed, linked and analysed
 * (seconds), but when nothing they are computed from changed since the last session, the last
 * session's diagnostics are the answer.
 *
 * - **Kept**: once a check of the workspace is complete (every document validated, the settings
 *   and topo.config.json in effect for all of them), soon after the first one, after later ones
 *   once the server is idle, and at shutdown: every document's diagnostics, exactly as published,
 *   under a key that digests everything they are computed from (checkKey: the server's build,
 *   every document's URI and the text it was checked with, the settings, each topology's
 *   topo.config.json). Written to a temporary file and renamed, so a reader sees a whole file or
 *   the previous one; a failure is logged, nothing more.
 * - **Used**: on start, as soon as the workspace's files are read and the settings are known, the
 *   key of the inputs at hand (the editor's text for open documents) is computed; if the kept
 *   file has that key, every document's diagnostics are published at once. They replace the
 *   opened file's syntax-only list and no syntax-only list follows them. The workspace is then
 *   checked as always and publishes the same lists; an edit meanwhile is checked as always and
 *   its list comes after. Any other file (another key, format, or a damaged one) is ignored.
 *   When a file is kept, Langium's workspace waits for this (a settings round trip, bounded)
 *   before it parses every file: that second of parsing would hold the lists in the pipe.
 */
export class LastCheck {
  private dir: string | undefined;
  private enabled = true;
  /**
   * The workspace's files (URI → text), read since `initialize` as Langium's workspace reads them
   * (the same folders, the same files) but without parsing them: Langium's workspace is ready only
   * once it has parsed every file, a second on a large workspace.
   */
  private files: Promise<Map<string, string>> | undefined;
  /** Resolves once `publishKept` has decided (and sent the open files' lists, if it used the check). */
  private decided!: () => void;
  private readonly decision = new Promise<void>((resolve) => (this.decided = resolve));
  /** A file was kept when the server started. */
  private found = false;
  /** The key of the last check written or used: nothing to write while it is current. */
  private lastKey: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A check of the workspace has completed (from then on the build publishes every list). */
  private checked = false;
  /**
   * The documents not validated since the settings or a topo.config.json changed: until they
   * are, what they show is not what the settings in effect give.
   */
  private readonly unsettled = new Set<string>();

  constructor(
    private readonly services: TopoServices,
    private readonly connection: Pick<Connection, 'sendDiagnostics' | 'onShutdown'>,
    private readonly wiring: LastCheckWiring,
  ) {
    const workspace = services.shared.workspace;
    const builder = workspace.DocumentBuilder;
    builder.onUpdate(() => clearTimeout(this.timer));
    builder.onDocumentPhase(DocumentState.Validated, (doc) => {
      this.unsettled.delete(doc.uri.toString());
    });
    builder.onBuildPhase(DocumentState.Validated, () => {
      this.schedule(this.checked ? IDLE_WRITE_MS : FIRST_WRITE_MS);
      this.checked = true;
    });
    connection.onShutdown(async () => {
      clearTimeout(this.timer);
      let timeout: NodeJS.Timeout | undefined;
      await Promise.race([
        workspace.WorkspaceLock.read(() => this.write()),
        new Promise<void>((resolve) => (timeout = setTimeout(resolve, SHUTDOWN_WAIT_MS))),
      ]);
      clearTimeout(timeout);
    });
  }

  private get log() {
    return this.services.topo.Logger;
  }

  /** From the client's `initialize`: where to keep the check, and whether to. Starts reading it. */
  initialize(params: InitializeParams): void {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    if (options.cache === false || !this.wiring.buildId) {
      this.enabled = false;
      return;
    }
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.dir = typeof options.cacheDir === 'string' && options.cacheDir ? options.cacheDir : defaultCacheDir(folders);
    this.found = existsSync(join(this.dir, LAST_CHECK_FILE));
    this.files = this.readWorkspace(folders);
    // Read or not, nothing waits on a rejection: publishKept reports it.
    this.files.catch(() => undefined);
  }

  private async readWorkspace(folders: string[]): Promise<Map<string, string>> {
    const workspace = this.services.shared.workspace;
    const uris = (await Promise.all(folders.map((f) => workspace.WorkspaceManager.searchFolder(URI.parse(f))))).flat();
    const texts = await Promise.all(uris.map((uri) => workspace.FileSystemProvider.readFile(uri)));
    return new Map(uris.map((uri, i) => [uri.toString(), texts[i]!]));
  }

  /**
   * Settles once the kept check is published or found not to apply, at once when none is kept,
   * after a bounded wait in any case: Langium's workspace waits for it before it parses every
   * file, a stretch in which the server sends nothing.
   */
  beforeWorkspaceLoad(): Promise<void> {
    if (!this.enabled || !this.found) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      this.decision,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, SETTINGS_WAIT_MS))),
    ]).finally(() => clearTimeout(timer));
  }

  /** The `topo.cache.enabled` setting. */
  setEnabled(enabled: boolean): void {
    if (!enabled) clearTimeout(this.timer);
    if (this.dir) this.enabled = enabled;
  }

  /** The settings or a topo.config.json changed: what the documents show is not kept until they are checked again. */
  inputsChanged(): void {
    for (const doc of this.services.shared.workspace.LangiumDocuments.all) this.unsettled.add(doc.uri.toString());
    clearTimeout(this.timer);
  }

  /**
   * Publishes the kept diagnostics if they were computed from exactly the inputs at hand. Call
   * once the workspace's files are read and the settings are known.
   */
  async publishKept(): Promise<void> {
    try {
      const sent = await this.usePublishKept();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(sent),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, SEND_WAIT_MS))),
      ]).finally(() => clearTimeout(timer));
    } finally {
      this.decided();
    }
  }

  /** Publishes the kept lists if they apply; returns the sending of the open files' lists. */
  private async usePublishKept(): Promise<Promise<void>[]> {
    let files: Map<string, string> | undefined;
    try {
      files = await this.files;
    } catch (e) {
      // A file removed between the listing and the reading, say: the check runs as always.
      this.log.info(`topo: last check not used: the workspace's files could not be read (${(e as Error).message})`);
    }
    this.files = undefined;
    if (!files || !this.enabled || !this.dir) return [];
    // Read at once (a few MB on a large workspace): read in chunks, it would wait behind every
    // file Langium's workspace parses meanwhile.
    let data: Buffer;
    try {
      data = readFileSync(join(this.dir, LAST_CHECK_FILE));
    } catch (e) {
      const error = e as NodeJS.ErrnoException;
      if (error.code !== 'ENOENT') this.log.info(`topo: last check not used: ${error.message}`);
      return [];
    }
    // No await from here on: the inputs, the key and the publication are of one moment.
    if (this.checked) return []; // the workspace's check is complete: its lists are published
    const started = performance.now();
    const key = checkKey(this.inputsAtStart(files));
    const kept = decodeLastCheck(data, key);
    if (typeof kept === 'string') {
      this.log.info(`topo: last check not used: ${kept}`);
      return [];
    }
    // The open files' lists first: the others can wait behind the workspace's loading.
    const open = this.services.shared.workspace.TextDocuments;
    const first = (uri: string) => (open.get(uri) ? 0 : 1);
    const sent: Promise<void>[] = [];
    for (const [uri, diagnostics] of [...kept].sort((a, b) => first(a[0]) - first(b[0]))) {
      this.wiring.complete(uri);
      const sending = this.connection.sendDiagnostics({ uri, diagnostics });
      if (open.get(uri)) sent.push(sending);
    }
    this.lastKey = key;
    this.log.info(
      `topo: last check kept: the diagnostics of ${kept.length} files published (${Math.round(performance.now() - started)} ms); the workspace is checked again`,
    );
    return sent;
  }

  /**
   * The inputs at start: the workspace's files as read, the documents Langium has loaded since
   * (e.g. an open file outside the workspace's folders), the editor's text for open documents.
   */
  private inputsAtStart(files: Map<string, string>): CheckInputs {
    const workspace = this.services.shared.workspace;
    const texts = new Map(files);
    for (const doc of workspace.LangiumDocuments.all) {
      const uri = doc.uri.toString();
      if (!texts.has(uri) && doc.state > DocumentState.Changed) texts.set(uri, textOf(doc));
    }
    for (const doc of workspace.TextDocuments.all()) {
      const uri = URI.parse(doc.uri);
      if (this.services.shared.ServiceRegistry.hasServices(uri)) texts.set(uri.toString(), doc.getText());
    }
    return this.inputs([...texts]);
  }

  private inputs(documents: [string, string][]): CheckInputs {
    documents.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const folders = [...new Set(documents.map(([uri]) => topologyKey(uri)))].sort();
    const resolve = this.services.topo.ModelProvider.configResolver;
    return {
      buildId: this.wiring.buildId!,
      settings: this.wiring.settings(),
      configs: folders.map((f) => [f, resolve(f)]),
      documents,
    };
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (!this.enabled || !this.dir) return;
    this.timer = setTimeout(() => {
      void this.services.shared.workspace.WorkspaceLock.read(() => this.write());
    }, ms);
  }

  /**
   * Keeps the workspace's check if it is complete and not kept already: every document validated
   * with the settings and configuration in effect. Synchronous: one moment's state. Called under
   * the workspace's read lock, i.e. with no build running or queued (a change of the settings or
   * of a topo.config.json queues one that validates every document again).
   */
  write(): void {
    if (!this.enabled || !this.dir || !this.wiring.buildId || this.unsettled.size) return;
    const docs = this.services.shared.workspace.LangiumDocuments.all.toArray();
    if (!docs.length || docs.some((d) => d.state < DocumentState.Validated || !d.diagnostics)) return;
    const key = checkKey(this.inputs(docs.map((d) => [d.uri.toString(), textOf(d)])));
    if (key === this.lastKey) return;
    const diagnostics: CheckDiagnostics = docs
      .map((d): [string, Diagnostic[]] => [d.uri.toString(), d.diagnostics!])
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const file = join(this.dir, LAST_CHECK_FILE);
    const temp = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temp, encodeLastCheck(key, diagnostics));
      renameSync(temp, file);
      this.lastKey = key;
    } catch (e) {
      this.log.warn(`topo: the last check could not be kept in ${this.dir}: ${(e as Error).message}`);
      try {
        rmSync(temp, { force: true });
      } catch {
        // nothing was written
      }
    }
  }
}

/** The text a document was parsed from (its diagnostics are that text's). */
function textOf(doc: LangiumDocument): string {
  return doc.parseResult.value.$cstNode?.root.fullText ?? doc.textDocument.getText();
}
