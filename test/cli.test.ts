import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, EXAMPLES, fakeHome, topo, workspace } from './support/index.js';

// Clean means ready to generate: OpenShift needs a base domain, a flavor and a pull secret.
const GOOD =
  'region dc { zone a  zone b  zone c  rtt a b 1ms  rtt b c 1ms  rtt a c 1ms }\ncluster k { baseDomain "example.com"  controlPlane { replicas 3  zones dc.a dc.b dc.c  flavor "m1.xlarge" }  pullSecret env PULL_SECRET }\n';

describe('topo validate', () => {
  it('exits 0 on a clean topology and says what it checked', () => {
    const dir = workspace({ 'site/main.topo': GOOD });
    const r = topo(['validate', 'site'], dir);
    expect(r.stdout).toBe('1 file in 1 topology: 0 errors, 0 warnings\n');
    expect(r.code).toBe(0);
  });

  it('prints file:line:col severity id message and exits 1 on errors', () => {
    const dir = workspace({
      'site/main.topo':
        'region dc { zone a  zone b  rtt a b 1ms }\ncluster k { distribution kubernetes  controlPlane { replicas 3  zones dc.a dc.b } }\nnetwrk x { }\n',
    });
    const r = topo(['validate', 'site/main.topo'], dir);
    expect(r.stdout.split('\n')).toEqual([
      'site/main.topo:2:65 error quorum/zone-loss control plane of k loses quorum if dc.a fails: 2 of 3 members there, 1 left, majority is 2',
      "site/main.topo:3:1 error syntax/parse Expecting token of type 'EOF' but found `netwrk`.",
      '1 file in 1 topology: 2 errors, 0 warnings',
      '',
    ]);
    expect(r.code).toBe(1);
  });

  it('analyses a file together with the other files of its folder', () => {
    const dir = workspace({
      'site/regions.topo': 'region dc { zone a  zone b  zone c }\n',
      'site/cluster.topo': 'cluster k { controlPlane { zones dc.a dc.b dc.c } }\n',
    });
    const r = topo(['validate', 'site/cluster.topo'], dir);
    expect(r.stdout).not.toContain('ref/unresolved');
    expect(r.stdout).toContain('1 file in 1 topology');
  });

  it('exits 2 with a one-line message naming the path for bad input', () => {
    const dir = workspace({
      'empty/readme.txt': 'x',
      'bin/x.topo': Buffer.from([0x00, 0x01, 0x02]),
      'latin/x.topo': Buffer.from([0x72, 0xe9, 0x67]),
      'notes.txt': 'x',
    });
    expect(topo(['validate', 'missing'], dir)).toMatchObject({
      code: 2,
      stderr: 'topo: missing: no such file or folder; check the path\n',
    });
    expect(topo(['validate', 'empty'], dir)).toMatchObject({
      code: 2,
      stderr: 'topo: empty: no .topo files in this folder or below it\n',
    });
    expect(topo(['validate', 'notes.txt'], dir)).toMatchObject({
      code: 2,
      stderr: 'topo: notes.txt: not a .topo file; give .topo files or folders that contain them\n',
    });
    expect(topo(['validate', 'bin'], dir)).toMatchObject({
      code: 2,
      stderr: `topo: ${join(dir, 'bin/x.topo')}: is a binary file, not a .topo text file\n`,
    });
    expect(topo(['validate', 'latin'], dir)).toMatchObject({
      code: 2,
      stderr: `topo: ${join(dir, 'latin/x.topo')}: is not UTF-8 text; save it as UTF-8\n`,
    });
  });

  it('exits 2 on an unreadable file', () => {
    if (process.getuid?.() === 0) {
      // root reads any file: simulate with a directory named like a file instead
      const dir = workspace({ 'site/a.topo/inner.txt': 'x' });
      expect(topo(['validate', 'site/a.topo'], dir).code).toBe(2);
      return;
    }
    const dir = workspace({ 'site/a.topo': GOOD });
    chmodSync(join(dir, 'site/a.topo'), 0o000);
    expect(topo(['validate', 'site'], dir).code).toBe(2);
  });

  it('exits 2 on an unknown command or option', () => {
    const dir = workspace({});
    expect(topo(['frobnicate'], dir).code).toBe(2);
  });
});

describe('topo generate and topo simulate on the examples', () => {
  it('generates every corrected variant into --out, and refuses a design with errors naming the first one', () => {
    const out = mkdtempSync(join(tmpdir(), 'topo-out-'));
    const env = fakeHome();
    const ok = spawnSync(
      process.execPath,
      [CLI, 'generate', join(EXAMPLES, 'stretched-ocp-ipi-rpn/corrected'), '--out', out],
      { encoding: 'utf8', env },
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/openshift\/ocp-qa\/install-config\.yaml: written/);
    const blocked = spawnSync(
      process.execPath,
      [CLI, 'generate', join(EXAMPLES, 'stretched-ocp-ipi-rpn'), '--out', out],
      { encoding: 'utf8', env },
    );
    expect(blocked.status).toBe(1);
    expect(blocked.stdout).toMatch(
      /^stretched-ocp-ipi-rpn was not generated: fix stretched-ocp-ipi-rpn\.topo:\d+:\d+ l2\/gateway-spof/,
    );
  });

  it("writes seed 004's apps on both clusters: every app's Deployments add up to its replicas", () => {
    const out = mkdtempSync(join(tmpdir(), 'topo-out-'));
    const r = spawnSync(
      process.execPath,
      [CLI, 'generate', join(EXAMPLES, 'two-dc-gtm-ltm/corrected'), '--target', 'apps', '--out', out],
      { encoding: 'utf8', env: fakeHome() },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const apps = join(out, 'two-dc-gtm-ltm-corrected', 'apps');
    const replicas = (cluster: string, app: string): number =>
      Number(/^ {2}replicas: (\d+)$/m.exec(readFileSync(join(apps, cluster, app, 'deployment.yaml'), 'utf8'))![1]);
    for (const [app, total] of [
      ['storefront', 6],
      ['orders', 4],
      ['ledger', 4],
      ['customers', 4],
    ] as const) {
      expect(replicas('ocp-fra', app) + replicas('ocp-mad', app), app).toBe(total);
    }
    expect(existsSync(join(out, 'two-dc-gtm-ltm-corrected', 'openshift'))).toBe(false);
  });

  it('makes a whole environment from two parameters (seed 001)', () => {
    const out = mkdtempSync(join(tmpdir(), 'topo-out-'));
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        'generate',
        join(EXAMPLES, 'api-integration-platform'),
        '--target',
        'terraform,heat',
        '--set',
        'env=uat',
        '--set',
        'subnet=10.77.0.0/16',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const heat = spawnSync('grep', ['-rh', '10.77', join(out)], { encoding: 'utf8' }).stdout;
    expect(heat).toMatch(/10\.77\./);
  });

  it('prints the survivability table, one failure in detail, and JSON', () => {
    const dir = join(EXAMPLES, 'two-dc-gtm-ltm/corrected');
    const table = spawnSync(process.execPath, [CLI, 'simulate', dir], { encoding: 'utf8' });
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^Single failures of /);
    expect(table.stdout).toMatch(/FAILURE\s+CONTROL PLANES\s+APPS SERVED/);
    const one = spawnSync(process.execPath, [CLI, 'simulate', dir, '--fail', 'dc-fra'], { encoding: 'utf8' });
    expect(one.status).toBe(0);
    expect(one.stdout).toMatch(/dc-fra/);
    const json = JSON.parse(
      spawnSync(process.execPath, [CLI, 'simulate', dir, '--json'], { encoding: 'utf8' }).stdout,
    ) as { format: string; failures: unknown[] };
    expect(json.format).toBe('topo-simulate/1');
    expect(json.failures.length).toBeGreaterThan(3);
    const bad = spawnSync(process.execPath, [CLI, 'simulate', dir, '--fail', 'nowhere'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^topo: nowhere: no such failure domain in /);
  });

  it('diagram: SVG to stdout or a file, PNG through headless Chromium, one failure drawn', () => {
    const dir = join(EXAMPLES, 'two-dc-gtm-ltm/corrected');
    const out = mkdtempSync(join(tmpdir(), 'topo-diagram-'));
    const svg = spawnSync(process.execPath, [CLI, 'diagram', dir], { encoding: 'utf8' });
    expect(svg.stderr).toBe('');
    expect(svg.status).toBe(0);
    expect(svg.stdout).toMatch(
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="topo-diagram" width="\d+" height="\d+"/,
    );
    expect(svg.stdout).not.toMatch(/data-state=/);
    const fra = spawnSync(process.execPath, [CLI, 'diagram', dir, '--fail', 'dc-fra', '-o', join(out, 'fra.svg')], {
      encoding: 'utf8',
    });
    expect(fra.status).toBe(0);
    expect(fra.stdout).toBe(`${join(out, 'fra.svg')}: written (SVG, two-dc-gtm-ltm-corrected, if dc-fra fails)\n`);
    const file = readFileSync(join(out, 'fra.svg'), 'utf8');
    expect(file).toMatch(/data-id="region:dc-fra" data-kind="region" data-state="failed"/);
    expect(file).toMatch(/data-id="cluster:ocp-fra" data-kind="cluster" data-state="down"/);
    const png = spawnSync(process.execPath, [CLI, 'diagram', dir, '--fail', 'dc-mad.az1', '-o', join(out, 'az1.png')], {
      encoding: 'utf8',
    });
    expect(png.stderr).toBe('');
    expect(png.status).toBe(0);
    const bytes = readFileSync(join(out, 'az1.png'));
    expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // Twice the SVG's width: drawn at 2 pixels per unit.
    const width = Number(/width="(\d+)"/.exec(svg.stdout)![1]);
    expect(bytes.readUInt32BE(16)).toBe(2 * width);
  }, 120_000);

  it('diagram: bad input exits 2 with one line naming the fix', () => {
    const dir = join(EXAMPLES, 'two-dc-gtm-ltm/corrected');
    const out = mkdtempSync(join(tmpdir(), 'topo-diagram-'));
    const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'diagram', ...args], { encoding: 'utf8' });
    expect(run(dir, '--fail', 'nowhere')).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(
        /^topo: nowhere: no such failure domain in two-dc-gtm-ltm-corrected; known: dc-fra, dc-mad, /,
      ),
    });
    expect(run(dir, '--format', 'png')).toMatchObject({
      status: 2,
      stderr: 'topo: --format png writes a file: give one with -o, e.g. -o topology.png\n',
    });
    expect(run(dir, '-o', out)).toMatchObject({
      status: 2,
      stderr: `topo: ${out}: is a folder; give a file name, e.g. ${join(out, 'topology.svg')}\n`,
    });
    expect(run(dir, '-o', join(out, 'missing', 'x.svg'))).toMatchObject({
      status: 2,
      stderr: `topo: ${join(out, 'missing', 'x.svg')}: its folder ${join(out, 'missing')} does not exist; create it first\n`,
    });
    expect(run(join(EXAMPLES, 'two-dc-gtm-ltm', '..'))).toMatchObject({
      status: 2,
      stderr: expect.stringMatching(/^topo: .*examples\/\.\.: holds \d+ topologies|^topo: .*: holds \d+ topologies \(/),
    });
  });

  it('validate --format json and sarif', () => {
    const dir = join(EXAMPLES, 'two-dc-gtm-ltm');
    const json = JSON.parse(
      spawnSync(process.execPath, [CLI, 'validate', dir, '--format', 'json'], { encoding: 'utf8' }).stdout,
    ) as { summary: { errors: number }; diagnostics: { ruleId: string }[] };
    expect(json.summary.errors).toBeGreaterThan(0);
    expect(json.diagnostics.map((d) => d.ruleId)).toContain('storage/no-dr');
    const sarif = JSON.parse(
      spawnSync(process.execPath, [CLI, 'validate', dir, '--format', 'sarif'], { encoding: 'utf8' }).stdout,
    ) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string; helpUri?: string }[] } };
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { region: { startLine: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0]!;
    const noDr = run.results.find((r) => r.ruleId === 'storage/no-dr')!;
    expect(noDr.level).toBe('error');
    expect(noDr.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(0);
    expect(run.tool.driver.rules.find((r) => r.id === 'storage/no-dr')?.helpUri).toMatch(/rules\.md#storageno-dr$/);
  });

  it('--max-warnings fails on warnings', () => {
    const dir = join(EXAMPLES, 'stretched-ocp-ipi-overlay/corrected');
    expect(
      spawnSync(process.execPath, [CLI, 'validate', dir, '--max-warnings', '0'], { encoding: 'utf8' }).status,
    ).toBe(0);
    const warn = join(EXAMPLES, 'two-dc-gtm-ltm');
    const r = spawnSync(process.execPath, [CLI, 'validate', warn, '--max-warnings', '0', '--format', 'text'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
  });
});
