/** The CLI package of `npm run package:cli`, built and installed into a temporary prefix, for the tests. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '../..');

/** Builds the tarball into a temporary folder; returns what scripts/package-cli.mjs reports. */
export async function buildCliPackage(): Promise<{
  tarball: string;
  size: number;
  files: { path: string; size: number }[];
}> {
  const { packageCli } = (await import(pathToFileURL(join(ROOT, 'scripts', 'package-cli.mjs')).href)) as {
    packageCli(o: { outDir: string; quiet: boolean }): {
      tarball: string;
      size: number;
      files: { path: string; size: number }[];
    };
  };
  return packageCli({ outDir: mkdtempSync(join(tmpdir(), 'topo-cli-dist-')), quiet: true });
}

/** `npm install -g --prefix <tmp> <tarball>` without the network; returns the prefix. */
export function installCliPackage(tarball: string): string {
  const prefix = mkdtempSync(join(tmpdir(), 'topo-prefix-'));
  const r = spawnSync('npm', ['install', '-g', '--prefix', prefix, tarball, '--offline', '--no-audit', '--no-fund'], {
    encoding: 'utf8',
    cwd: tmpdir(),
  });
  if (r.status !== 0) throw new Error(`npm install -g failed (${r.status}): ${r.stderr}`);
  return prefix;
}
