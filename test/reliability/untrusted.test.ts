/**
 * Untrusted workspaces and text that looks like commands: in an untrusted workspace the server
 * never generates (on save or on request) and reads no secret; and nothing written in a .topo
 * file is ever executed, trusted or not (values are data: shell syntax in strings, paths and
 * variable names stays text).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LspSession, tempTopology } from '../support/lsp-client.js';
import { CLI } from '../support/index.js';

function hostile(pwned: string): string {
  const sh = (what: string) => `$(touch ${pwned}-${what})`;
  return `topology evil
param env = "${sh('param')}"
region dc provider openstack {
  zone az1  zone az2  zone az3
  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms
  location "\`touch ${pwned}-backtick\`; touch ${pwned}-semicolon"
}
router gw { zones dc.az1 dc.az2 dc.az3  ha  external "${sh('external')}" }
network ctrl { kind overlay  cidr 10.0.0.0/24  zones dc.az1 dc.az2 dc.az3  gateway gw  physnet "${sh('physnet')}" }
cluster ocp {
  distribution openshift 4.16  install ipi  baseDomain "${sh('domain')}.example.com"
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl  flavor "${sh('flavor')}" }
  workers { perZone 1  networks ctrl  flavor "m1.large; touch ${pwned}-flavor2" }
  api vip 10.0.0.5  ingress vip 10.0.0.7
  externalNetwork "public"
  pullSecret file "${sh('pullfile')}"  sshKey env PATH
}
servers vm { role app  count 2  zones dc.az1 dc.az2  flavor "x"  image "${sh('image')}"  network ctrl  hostname "${sh('host')}" }
app shop { clusters ocp  replicas 3  url "shop.\${env}.example.com"  health "${sh('health')}" every 5s  readiness "| touch ${pwned}-pipe" }
`;
}

const sessions: LspSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.stop();
});

function workspace(text: string): { dir: string; file: string; uri: string } {
  return tempTopology(text, 'site');
}

describe('untrusted workspaces', () => {
  it('no generation on save or on request, whatever the settings say', async () => {
    const text = 'topology t\nnetwork n { cidr 10.0.0.0/24 }\n';
    const { dir, uri } = workspace(text);
    writeFileSync(join(dir, 'site', 'topo.config.json'), JSON.stringify({ generate: { onSave: true, outDir: 'out' } }));
    const session = await LspSession.start(
      dir,
      { generate: { onSave: true, targets: ['terraform'], outDir: 'gen' } },
      { trusted: false },
    );
    sessions.push(session);
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'topo', version: 1, text },
    });
    await session.waitForDiagnostics(uri);
    for (let i = 0; i < 3; i++)
      await session.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const n = (await session.connection.sendRequest('workspace/executeCommand', {
      command: 'topo.generate',
      arguments: [{ uri, overwrite: true }],
    })) as { blockedBy?: string; written: string[] };
    expect(n.blockedBy).toMatch(/untrusted workspace/);
    expect(n.written).toEqual([]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(readdirSync(join(dir, 'site')).sort()).toEqual(['main.topo', 'topo.config.json']);
    // Checking still works in Restricted Mode.
    const hover = await session.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 9 },
    });
    expect(hover).not.toBeNull();
  });
});

describe('nothing in a .topo file is ever executed', () => {
  it('the command line: validate, simulate, generate', () => {
    const pwned = join(mkdtempSync(join(tmpdir(), 'topo-pwned-')), 'pwned');
    const { dir } = workspace(hostile(pwned));
    for (const args of [
      ['validate', 'site'],
      ['simulate', 'site'],
      ['simulate', 'site', '--json'],
      ['generate', 'site'],
      ['generate', 'site', '--set', `env=$(touch ${pwned}-set)`],
    ]) {
      spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8' });
    }
    expect(readdirSync(join(pwned, '..'))).toEqual([]);
  });

  it('the language server, trusted: diagnostics, hovers, lenses, commands, generation on save', async () => {
    const pwned = join(mkdtempSync(join(tmpdir(), 'topo-pwned-')), 'pwned');
    const text = hostile(pwned);
    const { dir, uri } = workspace(text);
    const session = await LspSession.start(dir);
    sessions.push(session);
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'topo', version: 1, text },
    });
    await session.waitForDiagnostics(uri);
    const lines = text.split('\n');
    for (let line = 0; line < lines.length; line++) {
      await session.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line, character: Math.floor(lines[line]!.length / 2) },
      });
    }
    await session.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    await session.connection.sendRequest('workspace/executeCommand', {
      command: 'topo.simulate',
      arguments: [{ uri }],
    });
    const next = session.nextGenerated();
    await session.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await next;
    await session.connection.sendRequest('workspace/executeCommand', {
      command: 'topo.generate',
      arguments: [{ uri }],
    });
    expect(readdirSync(join(pwned, '..'))).toEqual([]);
    expect(existsSync(join(dir, 'site'))).toBe(true);
  });
});
