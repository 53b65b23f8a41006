import { DocumentState, URI } from 'langium';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { TopoServices } from '../language/topo-module.js';
import { LspClient, tempTopology } from './support/lsp-client.js';

/** The regions, in a file of their own: the opened file's zones resolve only through it. */
const REGIONS = 'region dc { zone a  zone b  zone c }\n';

/** Valid, with a finding: a control plane of 3 on two zones loses quorum with one of them. */
const VALID = `topology shop
cluster k { controlPlane { replicas 3  zones dc.a dc.b } }
`;

/** VALID with a property outside any block (a parser error) on line 2. */
const BROKEN = VALID.replace('cluster k', 'replicas 3\ncluster k');

const codes = (d: Diagnostic[]) => d.map((x) => String(x.code));
const syntaxOnly = (d: Diagnostic[]) => d.every((x) => String(x.code).startsWith('syntax/'));
const hasFinding = (d: Diagnostic[]) => codes(d).includes('quorum/zone-loss');

/**
 * A server in this process on a two-file topology whose workspace build is held where `hold`
 * says until `release()`: what the editor sees while a large workspace is still being checked.
 */
async function start(hold: (services: TopoServices, held: Promise<void>) => void) {
  const topology = tempTopology(VALID, 'shop', { 'regions.topo': REGIONS });
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let services!: TopoServices;
  const session = await LspClient.inProcess(topology.dir, (s) => {
    services = s;
    hold(s, held);
  });
  const uri = topology.uri;
  /** The state of the opened file in the workspace (undefined: not loaded yet). */
  const state = () => services.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))?.state;
  const open = (text: string) =>
    session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'topo', version: 1, text },
    });
  const change = (version: number, text: string) =>
    session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  /** Every diagnostics list published for the opened file so far, in order. */
  const lists = () => session.publications.filter((p) => p.uri === uri).map((p) => p.diagnostics);
  /**
   * Returns once the server has handled every message sent before: it answers requests in order,
   * and publishes what a didChange shows while handling it.
   */
  const handled = () => session.connection.sendRequest('topo/no-such-request').catch(() => undefined);
  return { session, uri, release, state, open, change, lists, handled };
}

/** Holds every build of the workspace before it validates anything. */
const beforeValidation = (s: TopoServices, held: Promise<void>) =>
  s.shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedReferences, () => held);

describe('a file opened while its workspace is being checked: syntax first, findings after', () => {
  let server: Awaited<ReturnType<typeof start>> | undefined;
  afterEach(async () => {
    server?.release();
    await server?.session.stop();
    server = undefined;
  });

  it('shows its syntax error before the workspace build ends, then the same error among its findings', async () => {
    server = await start(beforeValidation);
    await server.open(BROKEN);
    const early = await server.session.waitForDiagnostics(server.uri);
    // The workspace has not validated the file: this is the text parsed alone.
    expect(server.state() ?? DocumentState.Changed).toBeLessThan(DocumentState.Validated);
    expect(codes(early)).toEqual(['syntax/parse']);
    expect(early[0]!.range.start.line).toBe(1);
    // No "could not resolve dc.a": the zones are in the other file, which the text alone does not see.
    server.release();
    const full = await server.session.waitForDiagnostics(server.uri, hasFinding);
    expect(full.filter((d) => String(d.code).startsWith('syntax/'))).toEqual(early);
    expect(codes(full)).not.toContain('ref/unresolved');
  });

  it('shows an empty list for a valid file, then its findings', async () => {
    server = await start(beforeValidation);
    await server.open(VALID);
    expect(await server.session.waitForDiagnostics(server.uri)).toEqual([]);
    expect(server.state() ?? DocumentState.Changed).toBeLessThan(DocumentState.Validated);
    server.release();
    await server.session.waitForDiagnostics(server.uri, hasFinding);
    expect(server.lists().map(hasFinding)).toEqual([false, true]);
  });

  it('shows the syntax errors of a text changed before the build ends', async () => {
    server = await start(beforeValidation);
    await server.open(VALID);
    await server.session.waitForDiagnostics(server.uri);
    await server.change(2, BROKEN);
    const early = await server.session.waitForDiagnostics(server.uri, (d) => d.length > 0);
    expect(codes(early)).toEqual(['syntax/parse']);
    expect(server.state() ?? DocumentState.Changed).toBeLessThan(DocumentState.Validated);
    server.release();
    // The full list is the changed text's: its syntax error and its findings.
    const full = await server.session.waitForDiagnostics(server.uri, hasFinding);
    expect(full.filter((d) => String(d.code).startsWith('syntax/'))).toEqual(early);
  });

  it('never shows a syntax-only list after the full one: later edits wait for the full diagnostics', async () => {
    // The build is held right after it published the opened file's full diagnostics, before it
    // validated the other file: the workspace's first build is not over.
    server = await start((s, held) =>
      s.shared.workspace.DocumentBuilder.onDocumentPhase(DocumentState.Validated, (doc) =>
        doc.uri.path.endsWith('/main.topo') ? held : undefined,
      ),
    );
    await server.open(VALID);
    const first = await server.session.waitForDiagnostics(server.uri, hasFinding);
    await server.change(2, BROKEN);
    await server.handled();
    // The file still shows its full diagnostics: the changed text's syntax error waits for them.
    expect(server.lists().at(-1)).toBe(first);
    server.release();
    const full = await server.session.waitForDiagnostics(
      server.uri,
      (d) => hasFinding(d) && codes(d).includes('syntax/parse'),
    );
    expect(full.length).toBeGreaterThan(1);
    // After the first build, an edit's syntax error comes with the findings, in one list.
    await server.change(3, BROKEN.replace('replicas 3\n', 'zones dc.a\n'));
    await server.session.waitForDiagnostics(server.uri, (d) => d !== full && codes(d).includes('syntax/parse'));
    await server.handled();
    const lists = server.lists();
    const firstFull = lists.findIndex(hasFinding);
    expect(firstFull).toBeGreaterThanOrEqual(0);
    expect(lists.slice(firstFull).filter(syntaxOnly)).toEqual([]);
  });
});
