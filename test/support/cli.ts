/** The `topo` command as the CLI specs run it: the bundled CLI in a temporary workspace. */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../out/server/cli.cjs');

/** Runs `topo ARGS` in `cwd` (for at most `timeout` ms; as the user `nobody` with `asNobody`, when root). */
export function topo(args: string[], cwd: string, options: { timeout?: number; asNobody?: boolean } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: options.timeout,
    ...(options.asNobody ? { uid: 65534, gid: 65534 } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** A temporary folder (readable by all) holding `files`, by path relative to it. */
export function workspace(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'topo-cli-'));
  chmodSync(dir, 0o755);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
