import { readdirSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';

/** A problem with the paths given on the command line: one line naming the path and the fix. */
export class InputError extends Error {}

export interface TopologyInput {
  /** The folder holding the topology's files. */
  folder: string;
  /** Every .topo file of the folder (a topology is a whole folder). */
  files: string[];
  /** The files the user asked about (diagnostics are reported for these). */
  requested: string[];
}

/**
 * Turns CLI arguments (files or folders) into topologies: a file brings its whole folder along
 * (names resolve across the folder's files); a folder is searched recursively, each sub-folder
 * with .topo files being its own topology. Skips node_modules and dot-folders.
 */
export function collectTopologies(paths: string[]): TopologyInput[] {
  if (!paths.length) throw new InputError('no input: give .topo files or folders, e.g. `topo validate examples/`');
  const byFolder = new Map<string, TopologyInput>();
  const add = (file: string, requested: boolean): void => {
    const folder = dirname(file);
    let t = byFolder.get(folder);
    if (!t) {
      t = { folder, files: topoFilesIn(folder), requested: [] };
      byFolder.set(folder, t);
    }
    if (requested && !t.requested.includes(file)) t.requested.push(file);
  };
  for (const p of paths) {
    const abs = resolve(p);
    let st: Stats;
    try {
      st = statSync(abs);
    } catch {
      throw new InputError(`${p}: no such file or folder; check the path`);
    }
    if (st.isDirectory()) {
      const files = walk(abs);
      if (!files.length) throw new InputError(`${p}: no .topo files in this folder or below it`);
      for (const f of files) add(f, true);
    } else if (!st.isFile()) {
      throw new InputError(
        `${p}: not a regular file (a pipe, socket or device); give .topo files or folders that contain them`,
      );
    } else if (extname(abs) !== '.topo') {
      throw new InputError(`${p}: not a .topo file; give .topo files or folders that contain them`);
    } else {
      add(abs, true);
    }
  }
  return [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder));
}

function topoFilesIn(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && extname(e.name) === '.topo')
    .map((e) => join(folder, e.name))
    .sort();
}

function walk(folder: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const p = join(folder, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile() && extname(e.name) === '.topo') out.push(p);
  }
  return out;
}

export function displayName(folder: string): string {
  return basename(folder);
}
