/**
 * A scripted LSP session against the bundled server (out/server/main.cjs --stdio), as an editor
 * would drive it but far faster and nastier: random edits (typing, deleting, pasting, undoing to
 * the original) to the files of an example topology, and requests at random positions (some past
 * the end of the document): hover, completion, definition, references, document highlight,
 * prepare rename and rename, code actions, formatting (whole and range), semantic tokens, code
 * lenses, document symbols, folding ranges, `topo.simulate` and `topo.generatedFiles`, and saves
 * (which generate). Requests are left in flight while the document changes under them (stale
 * versions) and some are cancelled ($/cancelRequest) right away or a moment later.
 *
 * Checks: every request is answered (a result, or an LSP error: RequestCancelled or
 * ContentModified; an InternalError means a provider threw and counts as a failure), the server
 * never exits, it logs no error (a guarded provider that threw logs one), and its RSS once idle
 * after the session is within `rssFactor` of its RSS after the first hundred edits.
 *
 *   node scripts/reliability.mjs lsp --edits 10000 --seed topo
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol/node';
import { Rng } from '../fuzz/rng.js';
import { LspSession } from '../support/lsp-client.js';

export interface SessionOptions {
  /** Number of edits (didChange); requests come on top, about two per edit. */
  edits: number;
  seed?: string;
  /** The example topology to start from (a folder of examples/). */
  example?: string;
  /** Or any topology folder (e.g. the benchmark's L estate, bench/.work/L): its .topo files are copied. */
  folder?: string;
  /** Fail when the final RSS exceeds this factor of the RSS after the first hundred edits. */
  rssFactor?: number;
  /** Per-request time bound (ms). */
  requestTimeoutMs?: number;
  /** Progress lines (every 1 000 edits). */
  log?: (line: string) => void;
}

export interface SessionReport {
  edits: number;
  requests: number;
  byMethod: Record<string, number>;
  answered: number;
  errors: Record<string, number>;
  cancelled: number;
  saves: number;
  failures: string[];
  rssAfter100: number;
  /** RSS once idle after the session (see below), and right after the last answer. */
  rssEnd: number;
  rssEndImmediate: number;
  rssPeak: number;
  seconds: number;
  serverAlive: boolean;
  serverErrors: string[];
}

const ROOT = resolve(import.meta.dirname, '../..');

/** Request kinds, by weight. */
const REQUESTS: [number, string][] = [
  [10, 'textDocument/hover'],
  [10, 'textDocument/completion'],
  [8, 'textDocument/definition'],
  [5, 'textDocument/references'],
  [3, 'textDocument/documentHighlight'],
  [4, 'textDocument/prepareRename'],
  [4, 'textDocument/rename'],
  [8, 'textDocument/codeAction'],
  [3, 'textDocument/formatting'],
  [2, 'textDocument/rangeFormatting'],
  [5, 'textDocument/semanticTokens/full'],
  [5, 'textDocument/codeLens'],
  [2, 'textDocument/documentSymbol'],
  [2, 'textDocument/foldingRange'],
  [3, 'workspace/executeCommand:topo.simulate'],
  [1, 'workspace/executeCommand:topo.generatedFiles'],
];

/** What the session types and pastes (the equivalence property test of incremental analysis types the same). */
export const SNIPPETS = [
  'zone az9 ',
  'cluster x { controlPlane { replicas 3 } }\n',
  '{',
  '}',
  '"',
  '/*',
  '*/',
  '// x\n',
  'replicas 5 ',
  '$subnet ',
  'cidrsubnet($subnet, 8, 1) ',
  'rtt az1 az2 1ms ',
  'network n { kind stretched-l2 }\n',
  '\n',
  '  ',
  'ha ',
  'dc-east.az1 ',
  '99999999999999999999 ',
  '0 ',
  '-1 ',
  'é✓😀',
  '\u0000',
  '\r\n',
  'app a { clusters ocp }\n',
];

export async function runSession(options: SessionOptions): Promise<SessionReport> {
  const rng = new Rng(`lsp:${options.seed ?? 'topo'}`);
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const exampleName = options.example ?? 'two-dc-gtm-ltm';
  const dir = mkdtempSync(join(tmpdir(), 'topo-lsp-session-'));
  const folder = join(dir, options.folder ? basename(options.folder) : exampleName);
  cpSync(options.folder ?? join(ROOT, 'examples', exampleName), folder, {
    recursive: true,
    filter: (src) => !src.includes('/generated') && !src.includes('/corrected'),
  });
  writeFileSync(join(folder, 'pull-secret.json'), '{"auths":{"quay.io":{"auth":"c2Vzc2lvbjpzZWNyZXQ="}}}');
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.topo'))
    .sort();
  const docs = files.map((f) => {
    const text = readFileSync(join(folder, f), 'utf8');
    return { uri: pathToFileURL(join(folder, f)).toString(), original: text, text, version: 1 };
  });

  const report: SessionReport = {
    edits: 0,
    requests: 0,
    byMethod: {},
    answered: 0,
    errors: {},
    cancelled: 0,
    saves: 0,
    failures: [],
    rssAfter100: 0,
    rssEnd: 0,
    rssEndImmediate: 0,
    rssPeak: 0,
    seconds: 0,
    serverAlive: true,
    serverErrors: [],
  };
  const session = await LspSession.start(dir);
  const pid = session.proc.pid!;
  let exited = false;
  session.proc.on('exit', (code, signal) => {
    exited = true;
    report.failures.push(
      `the server exited (${signal ?? `code ${code}`}) after ${report.edits} edits; stderr: ${session.stderr.join('').slice(-2000)}`,
    );
  });
  session.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1 && report.serverErrors.length < 50) report.serverErrors.push(p.message.slice(0, 2000));
  });
  session.connection.onNotification('window/showMessage', () => undefined);
  session.connection.onNotification('$/progress', () => undefined);
  session.connection.onNotification('textDocument/publishDiagnostics', () => undefined);

  const rss = (): number => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      return m ? Number(m[1]) * 1024 : 0;
    } catch {
      return 0;
    }
  };

  for (const d of docs)
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: d.uri, languageId: 'topo', version: 1, text: d.text },
    });

  const inFlight = new Set<Promise<void>>();
  const timeout = options.requestTimeoutMs ?? 60_000;
  const position = (text: string): { line: number; character: number } => {
    if (rng.chance(0.03)) return { line: rng.range(0, 5000), character: rng.range(0, 500) }; // past the end
    const offset = rng.int(text.length + 1);
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    return { line: before.length - 1, character: before[before.length - 1]!.length };
  };

  const request = (kind: string): void => {
    const d = rng.pick(docs);
    const textDocument = { uri: d.uri };
    let method = kind;
    let params: unknown;
    const pos = position(d.text);
    const range = (): { start: { line: number; character: number }; end: { line: number; character: number } } => {
      const a = position(d.text);
      const b = position(d.text);
      return a.line < b.line || (a.line === b.line && a.character <= b.character)
        ? { start: a, end: b }
        : { start: b, end: a };
    };
    switch (kind) {
      case 'textDocument/references':
        params = { textDocument, position: pos, context: { includeDeclaration: rng.chance(0.5) } };
        break;
      case 'textDocument/rename':
        params = {
          textDocument,
          position: pos,
          newName: rng.pick(['renamed', 'x-1', 'ocp-2', '1bad', 'with space', '']),
        };
        break;
      case 'textDocument/codeAction': {
        const diagnostics = session.diagnostics.get(d.uri) ?? [];
        const chosen = diagnostics.length && rng.chance(0.7) ? [rng.pick(diagnostics)] : [];
        params = { textDocument, range: chosen[0]?.range ?? range(), context: { diagnostics: chosen } };
        break;
      }
      case 'textDocument/formatting':
        params = { textDocument, options: { tabSize: rng.pick([2, 4, 8, 0, 64]), insertSpaces: rng.chance(0.8) } };
        break;
      case 'textDocument/rangeFormatting':
        params = { textDocument, range: range(), options: { tabSize: 2, insertSpaces: true } };
        break;
      case 'textDocument/semanticTokens/full':
      case 'textDocument/codeLens':
      case 'textDocument/documentSymbol':
      case 'textDocument/foldingRange':
        params = { textDocument };
        break;
      case 'workspace/executeCommand:topo.simulate': {
        method = 'workspace/executeCommand';
        const domain = rng.pick([undefined, 'dc-east', 'dc-east.az1', 'router:nope', 'lb:x', '', '\u0000']);
        params = {
          command: 'topo.simulate',
          arguments: rng.chance(0.05) ? [] : [{ uri: d.uri, ...(domain !== undefined ? { domain } : {}) }],
        };
        break;
      }
      case 'workspace/executeCommand:topo.generatedFiles':
        method = 'workspace/executeCommand';
        params = { command: 'topo.generatedFiles', arguments: [{ uri: d.uri }] };
        break;
      default:
        params = { textDocument, position: pos };
    }
    report.requests++;
    report.byMethod[kind] = (report.byMethod[kind] ?? 0) + 1;
    const cts = new CancellationTokenSource();
    const cancel = rng.weighted([
      [85, 'no'],
      [8, 'now'],
      [7, 'later'],
    ]);
    const p = (async () => {
      let timer: NodeJS.Timeout | undefined;
      try {
        const answer = session.connection.sendRequest(method, params, cts.token);
        if (cancel === 'now') cts.cancel();
        else if (cancel === 'later') setTimeout(() => cts.cancel(), rng.range(1, 30));
        await Promise.race([
          answer,
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer to ${kind} within ${timeout} ms`)), timeout);
          }),
        ]);
        report.answered++;
      } catch (e) {
        if (e instanceof ResponseError) {
          report.answered++;
          report.errors[String(e.code)] = (report.errors[String(e.code)] ?? 0) + 1;
          if (e.code === -32800) report.cancelled++;
          // Deliberate errors: cancelled, content modified, an invalid rename, bad arguments. Anything else is a provider that threw.
          else if (
            ![-32801, -32602].includes(e.code) &&
            !(kind === 'textDocument/rename' && /not a valid name/.test(e.message))
          ) {
            report.failures.push(`${kind}: LSP error ${e.code} ${e.message.slice(0, 300)}`);
          }
        } else {
          report.failures.push(`${kind}: ${(e as Error).message}`);
        }
      } finally {
        clearTimeout(timer);
        cts.dispose();
      }
    })();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };

  const edit = async (): Promise<void> => {
    const d = rng.pick(docs);
    const op = rng.weighted([
      [40, 'type'],
      [25, 'delete'],
      [15, 'replace'],
      [8, 'paste'],
      [5, 'restore'],
      [4, 'full'],
      [3, 'multi'],
    ]);
    const at = rng.int(d.text.length + 1);
    const pos = (offset: number): { line: number; character: number } => {
      const before = d.text.slice(0, offset).split(/\r\n|\r|\n/);
      return { line: before.length - 1, character: before[before.length - 1]!.length };
    };
    let changes: unknown[];
    if (op === 'restore' || op === 'full' || (op === 'paste' && rng.chance(0.2))) {
      const text =
        op === 'restore' ? d.original : op === 'full' ? d.text.split('\n').reverse().join('\n') : d.text + d.text;
      d.text = text.length > 100_000 ? d.original : text;
      changes = [{ text: d.text }];
    } else {
      const specs: { start: number; end: number; text: string }[] = [];
      const n = op === 'multi' ? rng.range(2, 4) : 1;
      let cursor = d.text.length;
      for (let k = 0; k < n; k++) {
        // Several changes in one notification are applied in order; go from the end backwards.
        const start = rng.int(cursor + 1);
        const len = op === 'type' ? 0 : rng.range(0, Math.min(40, d.text.length - start));
        const text =
          op === 'delete'
            ? ''
            : op === 'paste'
              ? d.text.slice(rng.int(d.text.length), rng.int(d.text.length) + 200)
              : rng.pick(SNIPPETS);
        specs.push({ start, end: start + len, text });
        cursor = start;
      }
      changes = [];
      for (const s of specs) {
        (changes as unknown[]).push({ range: { start: pos(s.start), end: pos(s.end) }, text: s.text });
        d.text = d.text.slice(0, s.start) + s.text + d.text.slice(s.end);
      }
      void at;
    }
    d.version++;
    report.edits++;
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: d.uri, version: d.version },
      contentChanges: changes,
    });
  };

  try {
    for (let i = 0; i < options.edits && !exited; i++) {
      await edit();
      // About two requests per edit, some sent before the next edit lands (stale versions).
      for (let r = rng.count(1.6, 6); r > 0; r--) request(rng.weighted(REQUESTS));
      if (rng.chance(0.01)) {
        report.saves++;
        const d = rng.pick(docs);
        await session.connection.sendNotification('textDocument/didSave', { textDocument: { uri: d.uri } });
      }
      // Let the server breathe now and then (an editor does not type 10 000 characters a second).
      if (inFlight.size > 24 || rng.chance(0.05))
        await Promise.race([Promise.all(inFlight), new Promise((r) => setTimeout(r, 200))]);
      if (rng.chance(0.02)) await new Promise((r) => setTimeout(r, rng.range(5, 60)));
      if (report.edits === 100) {
        await Promise.all(inFlight);
        await new Promise((r) => setTimeout(r, 500));
        report.rssAfter100 = rss();
      }
      report.rssPeak = Math.max(report.rssPeak, i % 50 === 0 ? rss() : 0);
      if (report.edits % 1000 === 0)
        log(
          `lsp: ${report.edits} edits, ${report.requests} requests, ${report.answered} answered, RSS ${(rss() / 1e6).toFixed(0)} MB, ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
    }
    await Promise.all(inFlight);
    // A last round on the original text: every request type must still work.
    for (const d of docs) {
      d.version++;
      d.text = d.original;
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: d.uri, version: d.version },
        contentChanges: [{ text: d.text }],
      });
    }
    for (const [, kind] of REQUESTS) request(kind);
    await Promise.all(inFlight);
    // RSS once the server is idle: V8 hands freed pages back to the system only after a while
    // without allocation (its memory reducer), so poll for up to a minute.
    await new Promise((r) => setTimeout(r, 1000));
    const factor = options.rssFactor ?? 1.5;
    report.rssEndImmediate = rss();
    report.rssEnd = report.rssEndImmediate;
    for (
      let waited = 0;
      waited < 60_000 && report.rssAfter100 && report.rssEnd > factor * report.rssAfter100;
      waited += 5000
    ) {
      await new Promise((r) => setTimeout(r, 5000));
      report.rssEnd = rss();
    }
    report.rssPeak = Math.max(report.rssPeak, report.rssEnd);
    report.serverAlive = !exited && session.proc.exitCode === null;
    if (!report.serverAlive && !report.failures.some((f) => f.startsWith('the server exited')))
      report.failures.push('the server is not running at the end of the session');
    if (report.rssAfter100 && report.rssEnd > factor * report.rssAfter100) {
      report.failures.push(
        `RSS grew from ${(report.rssAfter100 / 1e6).toFixed(0)} MB after 100 edits to ${(report.rssEnd / 1e6).toFixed(0)} MB at the end (more than ${factor}×)`,
      );
    }
    for (const e of report.serverErrors)
      report.failures.push(`server logged an error: ${e.split('\n').slice(0, 6).join('\n')}`);
  } finally {
    await session.stop();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    report.seconds = Math.round((Date.now() - started) / 1000);
  }
  return report;
}
