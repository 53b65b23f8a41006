/**
 * The CLI as an installable package (issue 13): `npm run package:cli` makes an npm tarball with the
 * bundled CLI and language server and no dependencies; installed globally into a temporary prefix
 * (offline: nothing to download), `topo validate`, `topo diff` and `topo generate` run from it on an
 * example, and `topo-language-server --stdio` answers an editor's initialize.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createProtocolConnection,
  InitializeRequest,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { buildCliPackage, installCliPackage } from './support/cli-package.js';
import { EXAMPLES, fakeHome } from './support/index.js';

describe('npm run package:cli', () => {
  let pkg: Awaited<ReturnType<typeof buildCliPackage>>;
  let prefix: string;
  /** A folder outside the repository (no node_modules of ours above it) holding a copy of an example. */
  let work: string;

  beforeAll(async () => {
    pkg = await buildCliPackage();
    prefix = installCliPackage(pkg.tarball);
    work = mkdtempSync(join(tmpdir(), 'topo-cli-work-'));
    cpSync(join(EXAMPLES, 'two-dc-gtm-ltm'), join(work, 'two-dc-gtm-ltm'), {
      recursive: true,
      filter: (src) => !src.endsWith('/generated'),
    });
  }, 240_000);

  const run = (bin: string, args: string[], env: NodeJS.ProcessEnv = process.env) => {
    // The bin itself (its shebang), not `node <file>`: as a user's shell runs it.
    const r = spawnSync(join(prefix, 'bin', bin), args, {
      cwd: work,
      encoding: 'utf8',
      env: { ...env, NODE_PATH: '' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it("holds the two bundles, the diagram's layout engine, the config schema, a README and the licence, and depends on nothing", () => {
    expect(pkg.files.map((f) => f.path).sort()).toEqual([
      'LICENSE',
      'README.md',
      'bin/elk.bundled.cjs',
      'bin/topo-language-server.cjs',
      'bin/topo.cjs',
      'package.json',
      'schemas/topo.config.schema.json',
    ]);
    expect(pkg.tarball).toMatch(/topo-cli-\d+\.\d+\.\d+\.tgz$/);
    const installed = join(prefix, 'lib', 'node_modules', 'topo-cli');
    const manifest = JSON.parse(
      spawnSync(
        process.execPath,
        ['-p', `JSON.stringify(require(${JSON.stringify(join(installed, 'package.json'))}))`],
        { encoding: 'utf8' },
      ).stdout,
    ) as Record<string, unknown>;
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.bin).toEqual({ topo: 'bin/topo.cjs', 'topo-language-server': 'bin/topo-language-server.cjs' });
    // npm installed nothing else: no node_modules inside the package.
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
    expect(readdirSync(join(prefix, 'bin')).sort()).toEqual(['topo', 'topo-language-server']);
  });

  it('topo validate, topo diff, topo diagram and topo generate run from the installed package', () => {
    const validate = run('topo', ['validate', 'two-dc-gtm-ltm/corrected']);
    expect(validate).toMatchObject({ code: 0, stdout: '3 files in 1 topology: 0 errors, 0 warnings\n', stderr: '' });
    const failing = run('topo', ['validate', 'two-dc-gtm-ltm']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toMatch(/^two-dc-gtm-ltm\/apps\.topo:\d+:\d+ error storage\/no-dr /m);

    const diff = run('topo', ['diff', 'two-dc-gtm-ltm', 'two-dc-gtm-ltm/corrected', '--format', 'markdown']);
    expect(diff.stderr).toBe('');
    expect(diff.code).toBe(0);
    expect(diff.stdout.split('\n')[0]).toBe('**No availability change.**');
    expect(diff.stdout).toContain('| resolved | `gslb/single-check` warning | gslb gtm |');

    const diagram = run('topo', ['diagram', 'two-dc-gtm-ltm/corrected', '--fail', 'dc-fra']);
    expect(diagram.stderr).toBe('');
    expect(diagram.code).toBe(0);
    expect(diagram.stdout).toMatch(/data-id="region:dc-fra" data-kind="region" data-state="failed"/);

    const generate = run('topo', ['generate', 'two-dc-gtm-ltm/corrected', '--out', 'build'], fakeHome());
    expect(generate.stderr).toBe('');
    expect(generate.code).toBe(0);
    expect(generate.stdout).toMatch(/openshift\/ocp-fra\/install-config\.yaml: written/);
    expect(
      existsSync(join(work, 'build', 'two-dc-gtm-ltm-corrected', 'openshift', 'ocp-fra', 'install-config.yaml')),
    ).toBe(true);
  });

  it('topo-language-server --stdio answers initialize as an editor starts it', async () => {
    const proc = spawn(join(prefix, 'bin', 'topo-language-server'), ['--stdio'], {
      cwd: work,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(
      new StreamMessageReader(proc.stdout),
      new StreamMessageWriter(proc.stdin),
    );
    connection.listen();
    try {
      const result = await Promise.race([
        connection.sendRequest(InitializeRequest.type, {
          processId: process.pid,
          rootUri: pathToFileURL(work).toString(),
          capabilities: {},
          workspaceFolders: null,
        }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no initialize answer in 30 s')), 30_000)),
      ]);
      expect(result.capabilities.hoverProvider).toBeTruthy();
      expect(result.capabilities.codeActionProvider).toBeTruthy();
    } finally {
      connection.dispose();
      proc.kill();
    }
  });
});
