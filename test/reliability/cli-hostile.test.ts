/**
 * Hostile and broken input on the command line: every case gets one line on stderr that names the
 * path and says what to do, the documented exit code (2: bad input), and nothing is written.
 * (test/cli.test.ts has the first cases; these go further.)
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topo as runTopo, workspace } from '../support/index.js';

const ROOT = process.getuid?.() === 0;
const topo = (args: string[], cwd: string, asNobody = false) => runTopo(args, cwd, { timeout: 30_000, asNobody });

/** Every path below `dir` with its content (links as their target): to prove nothing was written. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = `${prefix}${e.name}`;
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[rel] = `-> link`;
      else if (st.isDirectory()) {
        out[rel] = 'dir';
        walk(p, `${rel}/`);
      } else if (st.isFile()) out[rel] = readFileSync(p, 'latin1');
      else out[rel] = 'special';
    }
  };
  walk(dir, '');
  return out;
}

/** One line, naming `path`, with the advice; exit 2; nothing on stdout. */
function expectBadInput(r: ReturnType<typeof topo>, path: string, advice: RegExp): void {
  expect(r.signal, r.stderr).toBeNull();
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^topo: /);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toMatch(advice);
}

const GOOD = 'topology tf\nnetwork n { cidr 10.0.0.0/24 }\n';
const COMMANDS: string[][] = [
  ['validate'],
  ['simulate'],
  ['generate'],
  ['generate', '--target', 'terraform', '--out', 'build'],
];

describe('hostile input on the command line', () => {
  it('a missing file or folder: every command says so, exits 2 and writes nothing', () => {
    const dir = workspace({ 'site/main.topo': GOOD });
    const before = snapshot(dir);
    for (const cmd of COMMANDS) {
      expectBadInput(topo([...cmd, 'nope'], dir), 'nope', /no such file or folder; check the path/);
      expectBadInput(topo([...cmd, 'site/nope.topo'], dir), 'site/nope.topo', /check the path/);
      expectBadInput(topo([...cmd, 'site', 'also-missing'], dir), 'also-missing', /check the path/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('a folder without .topo files (empty, other files only, .topo only in skipped folders)', () => {
    const dir = workspace({
      'other/readme.md': '# x',
      'other/x.topo.bak': GOOD,
      'hidden/.git/x.topo': GOOD,
      'hidden/node_modules/y.topo': GOOD,
    });
    mkdirSync(join(dir, 'empty'));
    const before = snapshot(dir);
    for (const cmd of COMMANDS) {
      for (const folder of ['empty', 'other', 'hidden'])
        expectBadInput(topo([...cmd, folder], dir), folder, /no \.topo files in this folder or below it/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('binary files: NUL bytes, an image, UTF-16 text', () => {
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    const utf16 = Buffer.from(`\ufeff${GOOD}`, 'utf16le');
    const dir = workspace({
      'a/x.topo': Buffer.from([0x00, 0x01, 0x02, 0xff]),
      'b/image.topo': png,
      'c/wide.topo': utf16,
    });
    const before = snapshot(dir);
    for (const cmd of COMMANDS) {
      expectBadInput(topo([...cmd, 'a'], dir), join(dir, 'a/x.topo'), /is a binary file, not a \.topo text file/);
      expectBadInput(topo([...cmd, 'b/image.topo'], dir), join(dir, 'b/image.topo'), /binary/);
      expectBadInput(topo([...cmd, 'c'], dir), join(dir, 'c/wide.topo'), /binary/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('text that is not UTF-8: Latin-1, a stray byte, a truncated multi-byte character', () => {
    const dir = workspace({
      'latin/x.topo': Buffer.from('network r\xe9seau { }\n', 'latin1'),
      'stray/x.topo': Buffer.concat([Buffer.from(GOOD), Buffer.from([0xff])]),
      'cut/x.topo': Buffer.concat([Buffer.from(GOOD), Buffer.from([0xe2, 0x9c])]),
    });
    const before = snapshot(dir);
    for (const cmd of COMMANDS) {
      for (const f of ['latin', 'stray', 'cut'])
        expectBadInput(topo([...cmd, f], dir), join(dir, `${f}/x.topo`), /is not UTF-8 text; save it as UTF-8/);
    }
    expect(snapshot(dir)).toEqual(before);
  });

  it('an unreadable file (mode 000; run as nobody when the tests run as root)', () => {
    const dir = workspace({ 'site/main.topo': GOOD, 'site/locked.topo': GOOD });
    chmodSync(join(dir, 'site'), 0o755);
    chmodSync(join(dir, 'site/locked.topo'), 0o000);
    const before = snapshot(dir);
    for (const cmd of [
      ['validate'],
      ['simulate'],
      ['generate', '--target', 'terraform', '--out', join(dir, 'build')],
    ]) {
      expectBadInput(
        topo([...cmd, 'site'], dir, ROOT),
        join(dir, 'site/locked.topo'),
        /cannot be read \(EACCES\); check its permissions/,
      );
    }
    chmodSync(join(dir, 'site/locked.topo'), 0o644);
    expect(snapshot(dir)).toEqual(before);
  });

  it('a named pipe or a folder given as a .topo file: refused at once, never read (no hang)', () => {
    const dir = workspace({ 'site/main.topo': GOOD });
    mkdirSync(join(dir, 'site/dir.topo'));
    const fifo = spawnSync('mkfifo', [join(dir, 'site/pipe.topo')]);
    if (fifo.status === 0) {
      for (const cmd of COMMANDS)
        expectBadInput(topo([...cmd, 'site/pipe.topo'], dir), 'site/pipe.topo', /not a regular file/);
      // In a folder, a pipe is not a .topo file: the folder's real files are checked, nothing hangs.
      expect(topo(['validate', 'site'], dir).code).toBe(0);
    }
    expectBadInput(topo(['validate', 'site/dir.topo'], dir), 'site/dir.topo', /no \.topo files/);
  });

  it('an output folder that is a file: one line, exit 2, nothing written', () => {
    const dir = workspace({
      'tf/main.topo': GOOD,
      'build.txt': 'not a folder',
      'tf/generated': 'a file named like the output folder',
    });
    const before = snapshot(dir);
    expectBadInput(
      topo(['generate', 'tf', '--out', 'build.txt'], dir),
      'build.txt',
      /is a file, not a folder: remove it or give another output folder/,
    );
    expectBadInput(topo(['generate', 'tf', '--out', 'build.txt/deeper'], dir), 'build.txt', /is a file, not a folder/);
    expectBadInput(topo(['generate', 'tf'], dir), join('tf', 'generated'), /is a file, not a folder/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('an output folder that is a symbolic link out of the workspace: one line, exit 2, nothing written on either side', () => {
    const outside = mkdtempSync(join(tmpdir(), 'topo-outside-'));
    const dir = workspace({ 'tf/main.topo': GOOD, 'other/main.topo': GOOD });
    symlinkSync(outside, join(dir, 'build'));
    symlinkSync(outside, join(dir, 'tf', 'generated'));
    symlinkSync(join(dir, 'missing'), join(dir, 'dangling'));
    const before = snapshot(dir);
    expectBadInput(
      topo(['generate', 'tf', '--out', 'build'], dir),
      'build',
      new RegExp(`symbolic link to ${outside}, outside the current folder: topo does not write through it`),
    );
    expectBadInput(
      topo(['generate', 'tf'], dir),
      join('tf', 'generated'),
      /symbolic link to .*, outside tf: topo does not write through it/,
    );
    expectBadInput(topo(['generate', 'tf', '--out', 'dangling'], dir), 'dangling', /symbolic link to a missing target/);
    // Two topologies, the second one's output is a link out: the first is not written either.
    symlinkSync(outside, join(dir, 'other', 'generated'));
    expectBadInput(
      topo(['generate', 'tf', 'other', '--target', 'terraform'], dir),
      join('other', 'generated'),
      /outside other/,
    );
    expect(snapshot(dir)).toEqual({ ...before, 'other/generated': '-> link' });
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a link to a folder inside the workspace is fine: the files land there', () => {
    const dir = workspace({ 'tf/main.topo': GOOD });
    mkdirSync(join(dir, 'real-build'));
    symlinkSync(join(dir, 'real-build'), join(dir, 'build'));
    const r = topo(['generate', 'tf', '--target', 'terraform', '--out', 'build'], dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(existsSync(join(dir, 'real-build', 'tf', 'terraform', 'networks.tf'))).toBe(true);
  });
});
