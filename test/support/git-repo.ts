/**
 * Temporary git repositories for the tests of `topo diff` and the CI recipes: a repository whose
 * `main` holds a topology, and a change on top of it, as a pull request would bring.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES } from './examples.js';

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'topo test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'topo test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
    },
  });
}

/** A repository on branch main whose first commit holds examples/<example> as `site/`. */
export function repoWithExample(example: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'topo-repo-'));
  git(dir, 'init', '-q', '-b', 'main');
  cpSync(join(EXAMPLES, example), join(dir, 'site'), { recursive: true, filter: (src) => !src.endsWith('/generated') });
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', 'the topology');
  return dir;
}

/** The seed-004 cluster ocp-fra's control plane, one member per zone of dc-fra. */
export const SPREAD = 'zones dc-fra.az1 dc-fra.az2 dc-fra.az3';
/** The same three members with one moved so that dc-fra.az1 holds two. */
export const MOVED = 'zones dc-fra.az1: 2  dc-fra.az3: 1';

/**
 * The deliberate regression: in `site/sites.topo` (two-dc-gtm-ltm/corrected), a master of ocp-fra
 * moves from az2 to az1. Returns the 1-based line changed.
 */
export function moveMaster(repo: string): number {
  const file = join(repo, 'site', 'sites.topo');
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(SPREAD);
  if (at < 0) throw new Error(`${file} no longer holds "${SPREAD}": update the regression of the diff tests`);
  writeFileSync(file, text.slice(0, at) + MOVED + text.slice(at + SPREAD.length));
  return text.slice(0, at).split('\n').length;
}
