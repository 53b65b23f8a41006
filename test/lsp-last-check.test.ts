import { DocumentState } from 'langium';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LAST_CHECK_FILE } from '../language/lsp/last-check.js';
import type { TopoServices } from '../language/topo-module.js';
import { LspClient } from './support/lsp-client.js';

/** A real topology of three files whose findings fall in two of them. */
const EXAMPLE = resolve(import.meta.dirname, '../examples/two-dc-gtm-ltm');
const FILES = ['apps.topo', 'sites.topo', 'traffic.topo'];
/** The file the editor has open. */
const OPENED = 'apps.topo';
const BUILD = 'build-1';

const codes = (d: Diagnostic[]) => d.map((x) => String(x.code));
const syntaxOnly = (d: Diagnostic[]) => d.every((x) => String(x.code).startsWith('syntax/'));

/** A copy of the example in a workspace of its own, and an empty cache folder. */
function workspace() {
  const dir = mkdtempSync(join(tmpdir(), 'topo-last-check-'));
  const folder = join(dir, 'estate');
  mkdirSync(folder);
  for (const f of FILES) copyFileSync(join(EXAMPLE, f), join(folder, f));
  const cacheDir = join(dir, 'cache');
  const uri = (f: string) => pathToFileURL(join(folder, f)).toString();
  return { dir, folder, cacheDir, uri, uris: FILES.map(uri) };
}
type Workspace = ReturnType<typeof workspace>;

interface Start {
  buildId?: string;
  settings?: Record<string, unknown>;
  cacheDir?: string;
  /** The text the editor opens (default: the file's text on disk). */
  text?: string;
  /** Hold every build of the workspace before it validates anything, until `release()`. */
  hold?: boolean;
}

/**
 * A server in this process on the workspace, the opened file sent before the client answers the
 * server's settings request (as an editor that restores its tabs does): the server knows the
 * editor's text when it decides whether the last check applies.
 */
async function start(ws: Workspace, o: Start = {}) {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let answer!: () => void;
  const settingsAnswered = new Promise<void>((r) => (answer = r));
  let services!: TopoServices;
  const session = await LspClient.inProcess(
    ws.dir,
    (s) => {
      services = s;
      if (o.hold) s.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedReferences, () => held);
    },
    { generate: { onSave: false }, ...o.settings },
    {
      buildId: o.buildId ?? BUILD,
      initializationOptions: { cacheDir: o.cacheDir ?? ws.cacheDir },
      settingsAnswered,
    },
  );
  const uri = ws.uri(OPENED);
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: {
      uri,
      languageId: 'topo',
      version: 1,
      text: o.text ?? readFileSync(join(ws.folder, OPENED), 'utf8'),
    },
  });
  answer();
  /** Returns once the server has handled every message sent before (it answers in order). */
  const handled = () => session.connection.sendRequest('topo/no-such-request').catch(() => undefined);
  /** Every list published for the file, in order. */
  const lists = (u: string) => session.publications.filter((p) => p.uri === u).map((p) => p.diagnostics);
  const kept = () => session.log.some((m) => m.message.startsWith('topo: last check kept'));
  const change = (version: number, text: string) =>
    session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  return { session, services: () => services, release, handled, lists, kept, change, uri };
}

/** Waits until `f` holds (polling), at most `ms`. */
async function until(f: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${f}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * A session that checks the whole workspace and keeps its check (written soon after the first
 * complete check, and at shutdown): every file's final list, as the build published it.
 */
async function populate(ws: Workspace, o: Start = {}): Promise<Map<string, Diagnostic[]>> {
  const s = await start(ws, o);
  try {
    await until(() => ws.uris.every((u) => s.session.diagnostics.has(u)));
    await until(() => existsSync(join(ws.cacheDir, LAST_CHECK_FILE)));
    await s.handled();
    return new Map(ws.uris.map((u) => [u, s.session.diagnostics.get(u)!]));
  } finally {
    await s.session.stop();
  }
}

/**
 * While the build is held, nothing but the opened file's syntax-only list may be published:
 * the last check was not used.
 */
async function expectMiss(s: Awaited<ReturnType<typeof start>>, ws: Workspace): Promise<void> {
  await s.session.waitForLog((m) => m.message.startsWith('topo: last check not used'));
  await s.handled();
  expect(s.kept()).toBe(false);
  for (const u of ws.uris.filter((x) => x !== s.uri)) expect(s.lists(u)).toEqual([]);
  expect(s.lists(s.uri).every(syntaxOnly)).toBe(true);
}

describe('the last check kept between sessions', () => {
  const sessions: Awaited<ReturnType<typeof start>>[] = [];
  const begin = async (ws: Workspace, o: Start = {}) => {
    const s = await start(ws, o);
    sessions.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of sessions.splice(0)) {
      s.release();
      await s.session.stop();
    }
  });

  it("publishes every file's complete diagnostics before the workspace is checked, equal to the build's", async () => {
    const ws = workspace();
    const built = await populate(ws);
    expect([...built.values()].flat().length).toBeGreaterThan(3);
    const s = await begin(ws, { hold: true });
    // The build is held before it validates anything: these lists can only be the kept ones.
    // The log line follows the publications: once it is in, they are.
    await until(() => s.kept());
    for (const u of ws.uris) expect(s.lists(u).at(-1)).toEqual(built.get(u));
    expect(s.services().shared.workspace.LangiumDocuments.all.some((d) => d.state === DocumentState.Validated)).toBe(
      false,
    );
    // The workspace is then checked as always and publishes the same lists.
    const before = s.session.publications.length;
    s.release();
    await until(() => ws.uris.every((u) => s.session.publications.slice(before).some((p) => p.uri === u)));
    for (const u of ws.uris) expect(s.lists(u).at(-1)).toEqual(built.get(u));
  });

  it('is not used when a file the editor has not open changed on disk', async () => {
    const ws = workspace();
    await populate(ws);
    const other = join(ws.folder, 'traffic.topo');
    writeFileSync(other, readFileSync(other, 'utf8').replace('fall', 'rise'));
    await expectMiss(await begin(ws, { hold: true }), ws);
  });

  it('is not used when the editor has unsaved changes in the opened file', async () => {
    const ws = workspace();
    await populate(ws);
    const text = `${readFileSync(join(ws.folder, OPENED), 'utf8')}\n`;
    await expectMiss(await begin(ws, { hold: true, text }), ws);
  });

  it('is not used when a setting changed', async () => {
    const ws = workspace();
    await populate(ws);
    await expectMiss(await begin(ws, { hold: true, settings: { rules: { 'storage/no-dr': 'off' } } }), ws);
  });

  it('is not used when topo.config.json changed', async () => {
    const ws = workspace();
    await populate(ws);
    writeFileSync(join(ws.folder, 'topo.config.json'), JSON.stringify({ rules: { 'gslb/single-check': 'off' } }));
    await expectMiss(await begin(ws, { hold: true }), ws);
  });

  it('is not used by another build of the server', async () => {
    const ws = workspace();
    await populate(ws);
    await expectMiss(await begin(ws, { hold: true, buildId: 'build-2' }), ws);
  });

  it('keeps the lists of the settings in effect: a session with other settings keeps its own', async () => {
    const ws = workspace();
    const settings = { rules: { 'storage/no-dr': 'off' } };
    const built = await populate(ws, { settings });
    expect(codes([...built.values()].flat())).not.toContain('storage/no-dr');
    const s = await begin(ws, { hold: true, settings });
    await until(() => s.kept());
    for (const u of ws.uris) expect(s.lists(u).at(-1)).toEqual(built.get(u));
  });

  it('is kept again after a later check: a setting changed during the session', async () => {
    const ws = workspace();
    await populate(ws);
    const file = join(ws.cacheDir, LAST_CHECK_FILE);
    const first = readFileSync(file);
    const s = await begin(ws);
    await until(() => s.kept());
    const rules = { 'storage/no-dr': 'off' };
    await s.session.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { topo: { rules } },
    });
    await s.session.waitForDiagnostics(s.uri, (d) => !codes(d).includes('storage/no-dr'));
    await until(() => !readFileSync(file).equals(first), 20_000);
    const lists = new Map(ws.uris.map((u) => [u, s.session.diagnostics.get(u)]));
    await s.session.stop();
    // The next session, with those settings, shows what the last one showed at its end.
    const next = await begin(ws, { hold: true, settings: { rules } });
    await until(() => next.kept());
    for (const u of ws.uris) expect(next.lists(u).at(-1)).toEqual(lists.get(u));
  });

  for (const [name, damage] of [
    ['cut short', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    [
      'with a byte changed',
      (b: Buffer) => Buffer.from(b.toString('latin1').replace(/"message":"./, '"message":"#'), 'latin1'),
    ],
    ['not of this format', () => Buffer.from('{"format":0}\n[]')],
    ['empty', () => Buffer.alloc(0)],
  ] as const) {
    it(`ignores a kept file ${name}`, async () => {
      const ws = workspace();
      await populate(ws);
      const file = join(ws.cacheDir, LAST_CHECK_FILE);
      const damaged = damage(readFileSync(file));
      expect(damaged.equals(readFileSync(file))).toBe(false);
      writeFileSync(file, damaged);
      const s = await begin(ws, { hold: true });
      await expectMiss(s, ws);
      // The check runs as always and keeps a whole file again.
      s.release();
      await until(() => !readFileSync(file).equals(damaged));
      expect(codes(s.lists(s.uri).at(-1)!)).toContain('storage/no-dr');
    });
  }

  it('works without a cache folder it can write: the failure is logged, the diagnostics come as always', async () => {
    const ws = workspace();
    const blocker = join(ws.dir, 'a-file');
    writeFileSync(blocker, '');
    const s = await begin(ws, { cacheDir: join(blocker, 'cache') });
    await s.session.waitForLog((m) => m.message.startsWith('topo: the last check could not be kept'));
    await until(() => ws.uris.every((u) => s.session.diagnostics.has(u)));
    expect(codes(s.session.diagnostics.get(s.uri)!)).toContain('storage/no-dr');
  });

  it('never lets a syntax-only list follow the kept complete one: an edit waits for the build', async () => {
    const ws = workspace();
    const built = await populate(ws);
    const s = await begin(ws, { hold: true });
    await until(() => s.kept());
    const complete = s.lists(s.uri).at(-1)!;
    expect(complete).toEqual(built.get(s.uri));
    const broken = readFileSync(join(ws.folder, OPENED), 'utf8').replace('app ', 'replicas 3\napp ');
    await s.change(2, broken);
    await s.handled();
    // Still the complete list: the changed text's syntax error comes with its findings, from the build.
    expect(s.lists(s.uri).at(-1)).toBe(complete);
    s.release();
    const full = await s.session.waitForDiagnostics(s.uri, (d) => codes(d).includes('syntax/parse'));
    expect(full.some((d) => !String(d.code).startsWith('syntax/'))).toBe(true);
    const lists = s.lists(s.uri);
    expect(lists.slice(lists.indexOf(complete)).filter(syntaxOnly)).toEqual([]);
  });
});
