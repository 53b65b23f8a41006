/**
 * A topology folder as it is at a git revision, read without touching the work tree: the
 * revision's `.topo` files and `topo.config.json` files (those of the folder, below it, and on the
 * way up to the repository's root) are copied out of git's object store into a temporary folder
 * that mirrors the repository's layout. Nothing is checked out, stashed or written in the
 * repository.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { InputError } from '../workspace/files.js';

function git(cwd: string, args: string[], input?: string): Buffer {
  return execFileSync('git', args, { cwd, input, maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** The folder `path` names (a file's folder), which need not exist in the work tree. */
function folderOf(path: string): string {
  try {
    return statSync(path).isFile() ? dirname(path) : path;
  } catch {
    return path;
  }
}

/** The nearest existing folder at or above `dir`, where git can be asked. */
function existingAncestor(dir: string): string {
  let d = resolve(dir);
  for (;;) {
    try {
      if (statSync(d).isDirectory()) return d;
    } catch {
      // keep climbing
    }
    const up = dirname(d);
    if (up === d) return d;
    d = up;
  }
}

export interface RevisionTree {
  /** The repository's top-level folder. */
  repo: string;
  rev: string;
  /** A temporary folder laid out like the repository, holding the revision's topology files. */
  dir: string;
  /** Where a path of the work tree lies in `dir`. */
  map(workTreePath: string): string;
  /** Where a file of `dir` lies in the work tree. */
  unmap(path: string): string;
  dispose(): void;
}

/**
 * Copies the topology files under `paths` (work-tree paths, all in one repository) at `rev` into a
 * temporary folder. Bad input (no repository, an unknown revision) is an InputError naming the fix.
 */
export function revisionTree(rev: string, paths: string[]): RevisionTree {
  if (!rev || rev.startsWith('-'))
    throw new InputError(
      `${rev || '(empty)'}: not a git revision; give a branch, tag or commit, e.g. --base origin/main`,
    );
  const first = existingAncestor(folderOf(resolve(paths[0] ?? '.')));
  let repo: string;
  try {
    repo = realpathSync(git(first, ['rev-parse', '--show-toplevel']).toString('utf8').trim());
  } catch {
    throw new InputError(
      `${paths[0] ?? '.'}: not in a git repository; --base reads the base version from git (or compare two folders: topo diff old/ new/)`,
    );
  }
  try {
    git(repo, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    throw new InputError(
      `${rev}: no such revision in ${repo}; fetch it first (e.g. git fetch origin main, or actions/checkout with fetch-depth: 0)`,
    );
  }
  const inRepo = (p: string): string => {
    // The repository's real path: the work tree may be reached through a symbolic link.
    const abs = resolve(p);
    const real = (() => {
      const anc = existingAncestor(abs);
      return join(realpathSync(anc), relative(anc, abs));
    })();
    const rel = relative(repo, real);
    if (rel.startsWith('..') || rel.startsWith(sep))
      throw new InputError(`${p}: not in the repository ${repo}; give paths of one repository`);
    return rel.split(sep).join('/');
  };
  const rels = paths.map((p) => inRepo(folderOf(p)));

  // The blobs to copy: .topo and topo.config.json files below each path, and the config files on
  // the way up (the nearest one applies, as in the work tree).
  const wanted = new Map<string, string>(); // path in repo -> blob id
  const list = (args: string[]): void => {
    const out = git(repo, ['ls-tree', '-r', '-z', '--full-tree', rev, '--', ...args]).toString('utf8');
    for (const entry of out.split('\0')) {
      const m = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(entry);
      if (!m || (m[1] !== '100644' && m[1] !== '100755')) continue;
      const path = m[3]!;
      if (path.endsWith('.topo') || posix.basename(path) === 'topo.config.json') wanted.set(path, m[2]!);
    }
  };
  for (const rel of rels) {
    list([rel === '' ? '.' : rel]);
    const ups: string[] = [];
    for (let d = posix.dirname(rel); ; d = posix.dirname(d)) {
      ups.push(d === '.' || d === '' ? 'topo.config.json' : `${d}/topo.config.json`);
      if (d === '.' || d === '' || d === '/') break;
    }
    list(ups);
  }

  const dir = mkdtempSync(join(realpathSync(tmpdir()), 'topo-diff-'));
  try {
    const entries = [...wanted];
    if (entries.length) {
      // One `git cat-file --batch` for every blob: `<id> blob <size>\n<content>\n` each.
      const out = git(repo, ['cat-file', '--batch'], entries.map(([, id]) => id).join('\n') + '\n');
      let at = 0;
      for (const [path] of entries) {
        const nl = out.indexOf(0x0a, at);
        const head = out.toString('utf8', at, nl).split(' ');
        const size = Number(head[2]);
        const content = out.subarray(nl + 1, nl + 1 + size);
        at = nl + 1 + size + 1;
        const target = join(dir, ...path.split('/'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content);
      }
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    repo,
    rev,
    dir,
    map: (p) => join(dir, ...inRepo(p).split('/').filter(Boolean)),
    unmap: (p) => join(repo, relative(dir, p)),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
