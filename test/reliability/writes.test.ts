/**
 * Writes that never lose work: a generation killed at any moment leaves no half-written file, a
 * file a person edited survives every regeneration until they choose to overwrite it, links in
 * the output folder are not followed out of it, and quick saves end with the last output.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readHashLine } from '../../language/generators/writer.js';
import { Rng } from '../fuzz/rng.js';
import { LspSession } from '../support/lsp-client.js';
import { CLI, topo as runTopo, workspace } from '../support/index.js';

/** `topo ARGS` in `cwd`; generating hundreds of files on a busy machine may take a while. */
const topo = (args: string[], cwd: string) => runTopo(args, cwd, { timeout: 120_000 });

/** A clean topology with `n` IPI clusters (each on its own network) and VM groups: hundreds of files. */
function bigTopology(n: number, flavor: string): string {
  let t =
    'topology big\nregion dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\nrouter gw { zones dc.az1 dc.az2 dc.az3  ha  external "public" }\n';
  for (let i = 0; i < n; i++) {
    t += `network net${i} { kind overlay  cidr 10.0.${i}.0/24  zones dc.az1 dc.az2 dc.az3  gateway gw }
cluster ocp${i} {
  distribution openshift 4.16  install ipi  baseDomain "example.com"
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network net${i}  flavor "m1.xlarge" }
  workers { perZone 1  networks net${i}  flavor "${flavor}" }
  api vip 10.0.${i}.5  ingress vip 10.0.${i}.7
  externalNetwork "public"
  pullSecret file "pull-secret.json"  sshKey file "id.pub"
}
servers vm${i} { role app  count 3  zones dc.az1 dc.az2 dc.az3  flavor "${flavor}"  image "rhel"  network net${i} }
`;
  }
  return t;
}

function site(n: number, flavor = 'm1.large'): string {
  return workspace({
    'site/main.topo': bigTopology(n, flavor),
    'site/pull-secret.json': '{"auths":{"quay.io":{"auth":"d3JpdGVzOnRlc3Q="}}}',
    'site/id.pub': 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ7 ops@example.com',
  });
}

function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Every file is a complete generated file (its hash line matches its text) or a leftover temp file. */
function checkComplete(out: string): { complete: number; temps: number } {
  let complete = 0;
  let temps = 0;
  for (const f of filesBelow(out)) {
    if (f.endsWith('.topo-tmp')) {
      temps++;
      continue;
    }
    const hash = readHashLine(readFileSync(f, 'utf8'));
    expect(hash, `${f} has no hash line: half-written?`).toBeDefined();
    expect(hash!.actual, `${f} does not match its hash line: half-written`).toBe(hash!.declared);
    complete++;
  }
  return { complete, temps };
}

describe('a generation killed at any moment', () => {
  it('leaves every file either absent, complete, or as the previous complete version; the next run cleans up', async () => {
    const dir = site(200);
    const out = join(dir, 'build', 'big');
    // How long a whole run takes here, to kill at random moments within it.
    const t0 = Date.now();
    expect(topo(['generate', 'site', '--out', 'build'], dir).code).toBe(0);
    const whole = Date.now() - t0;
    const rng = new Rng('kill');
    let killedMidWrite = 0;
    for (let round = 0; round < 16; round++) {
      // Every round changes every file's content, so that existing files are being replaced.
      writeFileSync(join(dir, 'site', 'main.topo'), bigTopology(200, `m1.large-${round}`));
      const child = spawn(process.execPath, [CLI, 'generate', 'site', '--out', 'build'], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let written = 0;
      child.stdout.on('data', (d: Buffer) => (written += d.toString().split(': written').length - 1));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      await new Promise((r) => setTimeout(r, rng.range(Math.floor(whole * 0.3), whole)));
      child.kill('SIGKILL');
      const code = await exited;
      if (code === null) killedMidWrite++;
      checkComplete(out);
      void written;
    }
    expect(killedMidWrite).toBeGreaterThan(4);
    // A run to the end: every file complete, of the last round, and no temp file left.
    writeFileSync(join(dir, 'site', 'main.topo'), bigTopology(200, 'm1.final'));
    const r = topo(['generate', 'site', '--out', 'build'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout.split('\n').filter((l) => /: kept|: error/.test(l))).toEqual([]);
    const { complete, temps } = checkComplete(out);
    expect(temps).toBe(0);
    expect(complete).toBeGreaterThan(200);
    expect(readFileSync(join(out, 'openshift', 'ocp7', 'install-config.yaml'), 'utf8')).toContain('m1.final');
  }, 300_000);
});

describe('a file a person edited', () => {
  it('survives every regeneration, whatever changed in the topology, until --overwrite', () => {
    const dir = site(2);
    expect(topo(['generate', 'site', '--out', 'build'], dir).code).toBe(0);
    const file = join(dir, 'build', 'big', 'openshift', 'ocp1', 'install-config.yaml');
    const edited = readFileSync(file, 'utf8').replace('replicas: 3', 'replicas: 3 # checked with the network team');
    writeFileSync(file, edited);
    for (const flavor of ['m1.large', 'm1.xlarge', 'm2.huge']) {
      writeFileSync(join(dir, 'site', 'main.topo'), bigTopology(2, flavor));
      const r = topo(['generate', 'site', '--out', 'build'], dir);
      expect(r.stdout).toContain(
        'build/big/openshift/ocp1/install-config.yaml: kept, edited by hand since it was generated; --overwrite replaces it',
      );
      expect(readFileSync(file, 'utf8')).toBe(edited);
      // Its neighbour, not edited, follows the topology.
      expect(readFileSync(join(dir, 'build', 'big', 'openshift', 'ocp0', 'install-config.yaml'), 'utf8')).toContain(
        flavor,
      );
    }
    const r = topo(['generate', 'site', '--out', 'build', '--overwrite'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('checked with the network team');
    expect(readFileSync(file, 'utf8')).toContain('m2.huge');
  });
});

describe('links inside the output folder', () => {
  it('a folder link that leads out is not followed: error, exit 1, nothing written outside', () => {
    const dir = site(1);
    const outside = mkdtempSync(join(tmpdir(), 'topo-outside-'));
    mkdirSync(join(dir, 'build', 'big'), { recursive: true });
    symlinkSync(outside, join(dir, 'build', 'big', 'terraform'), 'dir');
    const r = topo(['generate', 'site', '--out', 'build'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /terraform\/\S+\.tf: error folder terraform is a symbolic link to .*, outside the output folder; topo does not follow it/,
    );
    expect(readdirSync(outside)).toEqual([]);
    // The other targets were written.
    expect(existsSync(join(dir, 'build', 'big', 'openshift', 'ocp0', 'install-config.yaml'))).toBe(true);
  });

  it('a file link is never written through, even to a file inside the workspace', () => {
    const dir = site(1);
    expect(topo(['generate', 'site', '--out', 'build'], dir).code).toBe(0);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    const target = join(dir, 'build', 'big', 'terraform', 'networks.tf');
    spawnSync('rm', [target]);
    symlinkSync(victim, target);
    writeFileSync(join(dir, 'site', 'main.topo'), bigTopology(1, 'm9.changed'));
    const r = topo(['generate', 'site', '--out', 'build'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('terraform/networks.tf is a symbolic link; topo does not write through links');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });
});

describe('saves in quick succession (language server)', () => {
  const sessions: LspSession[] = [];
  afterEach(async () => {
    for (const s of sessions.splice(0)) await s.stop();
  });

  it('five saves while generations run end with the output of the last one, every file complete', async () => {
    const dir = site(20);
    const file = join(dir, 'site', 'main.topo');
    const uri = pathToFileURL(file).toString();
    const session = await LspSession.start(dir);
    sessions.push(session);
    let text = readFileSync(file, 'utf8');
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'topo', version: 1, text },
    });
    await session.waitForDiagnostics(uri);
    for (let v = 2; v <= 6; v++) {
      text = bigTopology(20, `m1.save-${v}`);
      writeFileSync(file, text);
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v },
        contentChanges: [{ text }],
      });
      await session.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    }
    const notes = [];
    for (let k = 0; k < 5; k++) notes.push(await session.nextGenerated(60_000));
    expect(notes.map((n) => n.blockedBy ?? n.errors.join('; '))).toEqual(['', '', '', '', '']);
    const out = join(dir, 'site', 'generated', 'big');
    for (let i = 0; i < 20; i++)
      expect(readFileSync(join(out, 'openshift', `ocp${i}`, 'install-config.yaml'), 'utf8')).toContain('m1.save-6');
    expect(checkComplete(out).temps).toBe(0);
  }, 120_000);
});
