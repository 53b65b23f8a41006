import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DocumentState, URI } from 'langium';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiagramResult } from '../language/protocol.js';
import type { TopoServices } from '../language/topo-module.js';
import { LspClient, LspSession, tempTopology } from './support/lsp-client.js';

/** Three zones, an HA gateway, a cluster over the three zones and one app on it. */
const TEXT = `topology shop
region dc provider openstack {
  zone az1  zone az2  zone az3
  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms
}
router gw { zones dc.az1 dc.az2 dc.az3  ha  external "public" }
network ctrl { kind overlay  cidr 10.0.0.0/24  zones dc.az1 dc.az2 dc.az3  gateway gw }
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl }
  workers { perZone 2  networks ctrl }
}
app shop { clusters ocp  replicas 4 }
`;

const sessions: LspClient[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.stop();
});

async function open(initializationOptions?: Record<string, unknown>): Promise<{ session: LspSession; uri: string }> {
  const { dir, uri } = tempTopology(TEXT, 'shop');
  const session = await LspSession.start(dir, {}, initializationOptions);
  sessions.push(session);
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'topo', version: 1, text: TEXT },
  });
  await session.waitForDiagnostics(uri);
  return { session, uri };
}

function diagram(session: LspClient, params: Record<string, unknown>): Promise<DiagramResult> {
  return session.connection.sendRequest('workspace/executeCommand', {
    command: 'topo.diagram',
    arguments: [params],
  }) as Promise<DiagramResult>;
}

describe('topo.diagram in the language server', () => {
  it('at startup, with the file opened while the first build runs: every file is checked, and the diagram answers', async () => {
    // As VS Code does on a large workspace: the file is opened while the server builds the
    // workspace for the first time. Its update cancels that build: the other files were then left
    // unchecked until the next edit, and the diagram waited for them for ever.
    const { dir, uri } = tempTopology(TEXT, 'shop');
    const others = Array.from({ length: 12 }, (_, i) => {
      mkdirSync(join(dir, `site${i}`));
      const file = join(dir, `site${i}`, 'main.topo');
      writeFileSync(file, TEXT.replace('topology shop', `topology site${i}`));
      return pathToFileURL(file).toString();
    });
    let building!: () => void;
    const firstBuild = new Promise<void>((resolve) => (building = resolve));
    const session = await LspClient.inProcess(dir, (services) => {
      const workspace = services.shared.workspace;
      let first = true;
      // The first build waits, once its files are indexed, until the editor has opened the file.
      workspace.DocumentBuilder.onBuildPhase(DocumentState.IndexedContent, async () => {
        if (!first) return;
        first = false;
        await new Promise<void>((resolve) => {
          const opened = workspace.TextDocuments.onDidOpen(() => {
            opened.dispose();
            setTimeout(resolve, 50);
          });
          building();
        });
      });
    });
    sessions.push(session);
    await firstBuild;
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'topo', version: 1, text: TEXT },
    });
    const started = Date.now();
    const r = await diagram(session, { uri });
    expect(r.topology).toBe('shop');
    expect(Date.now() - started).toBeLessThan(15_000);
    // Each other file, the same topology under another name, shows the opened file's findings.
    await Promise.all(others.map((o) => session.waitForDiagnostics(o, (d) => d.length > 0)));
    const codes = (u: string) => session.diagnostics.get(u)!.map((d) => d.code);
    for (const o of others) expect(codes(o)).toEqual(codes(uri));
  });

  it('a file a build left linked but not validated does not hold the diagram: it answers, and the log says why', async () => {
    const { dir, uri } = tempTopology(TEXT, 'shop');
    let services!: TopoServices;
    const session = await LspClient.inProcess(dir, (s) => (services = s));
    sessions.push(session);
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'topo', version: 1, text: TEXT },
    });
    await session.waitForDiagnostics(uri, (d) => d.length > 0);
    const workspace = services.shared.workspace;
    workspace.DocumentBuilder.resetToState(
      workspace.LangiumDocuments.getDocument(URI.parse(uri))!,
      DocumentState.IndexedReferences,
    );
    const r = await diagram(session, { uri });
    expect(r.topology).toBe('shop');
    const warning = await session.waitForLog((m) => m.message.includes('not validated'), 1_000);
    expect(warning.message).toContain('no build is running: the command reads the topology as it is');
  });

  it('answers the SVG, the failure domains and where each element is declared', async () => {
    const { session, uri } = await open();
    const r = await diagram(session, { uri });
    expect(r.topology).toBe('shop');
    expect(r.svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="topo-diagram"/);
    expect(r.svg).not.toContain('<style>'); // the webview styles it with the theme's colours
    for (const id of ['region:dc', 'zone:dc.az1', 'zone:dc.az2', 'zone:dc.az3', 'cluster:ocp', 'app:shop'])
      expect(r.svg).toContain(`data-id="${id}"`);
    expect(r.domains).toEqual([
      { spec: 'region:dc', label: 'region dc' },
      { spec: 'zone:dc.az1', label: 'zone dc.az1' },
      { spec: 'zone:dc.az2', label: 'zone dc.az2' },
      { spec: 'zone:dc.az3', label: 'zone dc.az3' },
      { spec: 'router:gw', label: 'router gw' },
    ]);
    const cluster = r.elements.find((e) => e.id === 'cluster:ocp')!;
    expect(cluster).toMatchObject({ uri, name: { start: { line: 7, character: 8 }, end: { line: 7, character: 11 } } });
    expect(cluster.declaration.start.line).toBe(7);
    expect(cluster.declaration.end.line).toBe(10);
    // Innermost first: the zone az1 (inside the region's block) comes before the region.
    const ids = r.elements.map((e) => e.id);
    expect(ids.indexOf('zone:dc.az1')).toBeLessThan(ids.indexOf('region:dc'));
  });

  it('draws a failure, says when the domain is unknown, and gives a standalone file for an export', async () => {
    const { session, uri } = await open();
    const r = await diagram(session, { uri, fail: 'router:gw' });
    expect(r.failure).toEqual({ spec: 'router:gw', title: 'router gw' });
    expect(r.svg).toMatch(/data-id="cluster:ocp" data-kind="cluster" data-state="down"/);
    expect(r.svg).toMatch(/data-id="app:shop" data-kind="app" data-state="down"/);
    const unknown = await diagram(session, { uri, fail: 'zone:dc.az9' });
    expect(unknown.unknownFailure).toBe('zone:dc.az9');
    expect(unknown.failure).toBeUndefined();
    expect(unknown.svg).not.toContain('data-state=');
    const file = await diagram(session, { uri, fail: 'zone:dc.az1', standalone: true });
    expect(file.svg).toContain('<style>');
    expect(file.svg).toContain('If zone dc.az1 fails');
  });

  it('follows an edit: the next diagram is the edited topology', async () => {
    const { session, uri } = await open();
    const edited = TEXT.replace('zone az1  zone az2  zone az3', 'zone az1  zone az2  zone az3  zone az4').replace(
      'app shop',
      'app store',
    );
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edited }],
    });
    const r = await diagram(session, { uri });
    expect(r.svg).toContain('data-id="zone:dc.az4"');
    expect(r.svg).toContain('data-id="app:store"');
    expect(r.svg).not.toContain('data-id="app:shop"');
  });

  it('works in an untrusted workspace (Restricted Mode): it reads, it writes nothing', async () => {
    const { session, uri } = await open({ trusted: false });
    const r = await diagram(session, { uri, fail: 'zone:dc.az2' });
    expect(r.failure?.spec).toBe('zone:dc.az2');
    expect(r.svg).toMatch(/data-id="zone:dc\.az2" data-kind="zone" data-state="failed"/);
  });
});
