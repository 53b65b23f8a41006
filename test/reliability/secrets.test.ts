/**
 * Secrets referenced by file or environment variable never appear in anything topo says: not in
 * the language server's messages (diagnostics, hovers, code lenses, code actions, completion,
 * command results, logs, notifications: every byte it writes), not in the command line's output.
 * They do reach the generated install-config (that is the point of generating it), which proves
 * the secrets were really read.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LspSession } from '../support/lsp-client.js';
import { CLI } from '../support/index.js';

const MARK = {
  pull: 'TOPO-MARKER-PULL-7f3a',
  env: 'TOPOMARKERENV91c2',
  bad: 'TOPO-MARKER-BAD-55e1',
  priv: 'TOPO-MARKER-PRIV-3d9e',
  db: 'TOPO-MARKER-DBPASS-aa01',
  unread: 'TOPO-MARKER-UNREAD-0b7c',
};

const TOPOLOGY = `topology vault
region dc provider openstack {
  zone az1  zone az2  zone az3
  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms
}
router gw { zones dc.az1 dc.az2 dc.az3  ha  external "public" }
network ctrl { kind overlay  cidr 10.0.0.0/24  zones dc.az1 dc.az2 dc.az3  gateway gw }
network ctrl2 { kind overlay  cidr 10.0.1.0/24  zones dc.az1 dc.az2 dc.az3  gateway gw }
network ctrl3 { kind overlay  cidr 10.0.2.0/24  zones dc.az1 dc.az2 dc.az3  gateway gw }
secret db-pass env TOPO_TEST_DB_PASSWORD
cluster ocp {
  distribution openshift 4.16  install ipi  baseDomain "example.com"
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl  flavor "m1.xlarge" }
  workers { perZone 1  networks ctrl  flavor "m1.large" }
  api vip 10.0.0.5  ingress vip 10.0.0.7
  externalNetwork "public"
  pullSecret file "pull-secret.json"  sshKey env TOPO_TEST_SSH_KEY
}
cluster broken {
  distribution openshift 4.16  install ipi  baseDomain "example.com"
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl2  flavor "m1.xlarge" }
  workers { perZone 1  networks ctrl2  flavor "m1.large" }
  api vip 10.0.1.5  ingress vip 10.0.1.7
  externalNetwork "public"
  pullSecret file "not-json.txt"  sshKey file "id_ed25519"
}
cluster unreadable {
  distribution openshift 4.16  install ipi  baseDomain "example.com"
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl3  flavor "m1.xlarge" }
  workers { perZone 1  networks ctrl3  flavor "m1.large" }
  api vip 10.0.2.5  ingress vip 10.0.2.7
  externalNetwork "public"
  pullSecret file "a-folder"  sshKey env TOPO_TEST_SSH_KEY
}
servers db { role database  count 3  zones dc.az1 dc.az2 dc.az3  flavor "m1.large"  image "rhel"  network ctrl  password db-pass }
app shop { clusters ocp  replicas 3  url "shop.example.com" }
`;

function workspace(): { dir: string; folder: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'topo-secrets-'));
  const folder = join(dir, 'vault');
  mkdirSync(folder);
  const file = join(folder, 'main.topo');
  writeFileSync(file, TOPOLOGY);
  writeFileSync(join(folder, 'pull-secret.json'), `{"auths":{"quay.io":{"auth":"${MARK.pull}"}}}`);
  writeFileSync(join(folder, 'not-json.txt'), `this is not a pull secret ${MARK.bad}\n`);
  writeFileSync(
    join(folder, 'id_ed25519'),
    `-----BEGIN OPENSSH PRIVATE KEY-----\n${MARK.priv}\n-----END OPENSSH PRIVATE KEY-----\n`,
  );
  mkdirSync(join(folder, 'a-folder'));
  writeFileSync(join(folder, 'a-folder', 'inside'), MARK.unread);
  return { dir, folder, file };
}

const ENV = {
  TOPO_TEST_SSH_KEY: `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ7${MARK.env} ops@example.com`,
  TOPO_TEST_DB_PASSWORD: MARK.db,
};

function leaks(text: string): string[] {
  return Object.values(MARK).filter((m) => text.includes(m));
}

describe('secrets never appear in what topo says', () => {
  const saved: Record<string, string | undefined> = {};
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  it('the language server: diagnostics, hovers everywhere, lenses, actions, completion, commands, logs, generation', async () => {
    const { dir, folder, file } = workspace();
    for (const [k, v] of Object.entries(ENV)) {
      saved[k] = process.env[k];
      process.env[k] = v; // the server inherits the environment
    }
    const session = await LspSession.start(dir);
    let raw = '';
    session.proc.stdout!.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    try {
      const uri = pathToFileURL(file).toString();
      const c = session.connection;
      await c.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'topo', version: 1, text: TOPOLOGY },
      });
      // Its findings, not the syntax-only list published before the workspace is checked.
      const diagnostics = await session.waitForDiagnostics(uri, (d) => d.length > 0);
      const lines = TOPOLOGY.split('\n');
      const answers: unknown[] = [];
      for (let line = 0; line < lines.length; line++) {
        for (let character = 0; character <= lines[line]!.length; character += 3) {
          answers.push(
            await c.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }),
          );
        }
        answers.push(
          await c.sendRequest('textDocument/completion', {
            textDocument: { uri },
            position: { line, character: lines[line]!.length },
          }),
        );
      }
      answers.push(await c.sendRequest('textDocument/codeLens', { textDocument: { uri } }));
      for (const d of diagnostics)
        answers.push(
          await c.sendRequest('textDocument/codeAction', {
            textDocument: { uri },
            range: d.range,
            context: { diagnostics: [d] },
          }),
        );
      answers.push(await c.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
      answers.push(await c.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } }));
      const sim = (await c.sendRequest('workspace/executeCommand', {
        command: 'topo.simulate',
        arguments: [{ uri }],
      })) as { domains: string[] };
      for (const domain of sim.domains)
        answers.push(
          await c.sendRequest('workspace/executeCommand', { command: 'topo.simulate', arguments: [{ uri, domain }] }),
        );
      // Generation reads every secret: the good ones go into the install-config, the bad ones are refused.
      const gen = (await c.sendRequest('workspace/executeCommand', {
        command: 'topo.generate',
        arguments: [{ uri }],
      })) as { errors: string[]; written: string[] };
      answers.push(gen);
      answers.push(
        await c.sendRequest('workspace/executeCommand', { command: 'topo.generatedFiles', arguments: [{ uri }] }),
      );
      const next = session.nextGenerated();
      await c.sendNotification('textDocument/didSave', { textDocument: { uri } });
      answers.push(await next);
      answers.push(
        await c.sendRequest('workspace/executeCommand', {
          command: 'topo.generate',
          arguments: [{ uri, overwrite: true }],
        }),
      );
      await new Promise((r) => setTimeout(r, 500));

      // The generation did happen and did read the secrets (into the file on disk only).
      const installConfig = readFileSync(
        join(folder, 'generated', 'vault', 'openshift', 'ocp', 'install-config.yaml'),
        'utf8',
      );
      expect(installConfig).toContain(MARK.pull);
      expect(installConfig).toContain(MARK.env);
      // The refusals say what is wrong without quoting the content.
      expect(gen.errors.join('\n')).toMatch(/"not-json\.txt" is not a pull secret/);
      expect(gen.errors.join('\n')).toMatch(/PRIVATE key/);
      expect(gen.errors.join('\n')).toMatch(/a-folder" cannot be read/);

      expect(leaks(raw), 'in the messages the server sent').toEqual([]);
      expect(leaks(session.stderr.join('')), "in the server's stderr").toEqual([]);
      expect(leaks(JSON.stringify(answers)), 'in the answers').toEqual([]);
      expect(raw.length).toBeGreaterThan(10_000);
    } finally {
      await session.stop();
    }
  }, 120_000);

  it('the command line: validate (text, json, sarif), simulate and generate output', () => {
    const { dir } = workspace();
    const env = { ...process.env, ...ENV };
    const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: dir, encoding: 'utf8', env });
    const outputs = [
      run(['validate', 'vault']),
      run(['validate', 'vault', '--format', 'json']),
      run(['validate', 'vault', '--format', 'sarif']),
      run(['simulate', 'vault']),
      run(['simulate', 'vault', '--json']),
      run(['generate', 'vault']),
      run(['generate', 'vault', '--overwrite']),
    ];
    const all = outputs.map((o) => o.stdout + o.stderr).join('\n');
    expect(all).toMatch(/not a pull secret/);
    expect(leaks(all)).toEqual([]);
    expect(
      readFileSync(join(dir, 'vault', 'generated', 'vault', 'openshift', 'ocp', 'install-config.yaml'), 'utf8'),
    ).toContain(MARK.pull);
  });
});
