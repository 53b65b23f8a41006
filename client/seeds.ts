/**
 * The seed architectures the extension ships (its `examples/` folder, one folder per topology) and
 * how "topo: New topology from a seed architecture…" copies one. Free of `vscode` imports except
 * for types, so the pure parts are unit-testable.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Uri } from 'vscode';

export interface Seed {
  /** Folder name, e.g. `two-dc-gtm-ltm`. */
  name: string;
  /** Absolute path of the folder. */
  dir: string;
  /** The `.topo` files, sorted. */
  files: string[];
  /** Seed number from examples/README.md, e.g. `003 #1`. */
  seed?: string;
  /** What it models, from examples/README.md. */
  summary?: string;
}

/** The example folders under `examplesDir` that hold `.topo` files, with README.md's summaries. */
export async function listSeeds(examplesDir: string): Promise<Seed[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(examplesDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const readme = await fs.readFile(path.join(examplesDir, 'README.md'), 'utf8').catch(() => '');
  const rows = parseReadmeTable(readme);
  const seeds: Seed[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.join(examplesDir, entry.name);
    const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.topo')).sort();
    if (!files.length) continue;
    seeds.push({ name: entry.name, dir, files, ...rows.get(entry.name) });
  }
  return seeds;
}

/** `| [`folder/`](folder/) | seed | what it models |` rows of examples/README.md, by folder. */
export function parseReadmeTable(readme: string): Map<string, { seed: string; summary: string }> {
  const rows = new Map<string, { seed: string; summary: string }>();
  for (const line of readme.split('\n')) {
    const m = /^\|\s*\[`?([\w.-]+)\/?`?\]\([^)]*\)\s*\|\s*([^|]*?)\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (m) rows.set(m[1]!, { seed: m[2]!, summary: m[3]!.replace(/`/g, '') });
  }
  return rows;
}

/** Why `name` cannot be a folder name for a topology, or undefined when it can. */
export function validFolderName(name: string): string | undefined {
  const n = name.trim();
  if (!n) return 'Give the folder a name';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(n)) return 'Use letters, digits, "-", "_" and "." (no spaces or slashes)';
  return undefined;
}

/**
 * The text of a seed file for a new topology named `name`: the `topology <seed>` declaration
 * takes the new name when it is a valid topo name (an ID: letter or `_` first).
 */
export function renameTopology(text: string, seedName: string, name: string): string {
  if (!/^[_a-zA-Z][\w-]*$/.test(name)) return text;
  const escaped = seedName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`^(\\s*topology\\s+)${escaped}(?![\\w-])`, 'm'), `$1${name}`);
}

export interface CopyIO {
  readFile(file: string): Promise<string>;
  writeFile(uri: Uri, text: string): Thenable<void> | Promise<void>;
  join(uri: Uri, file: string): Uri;
}

/** Copies the seed's `.topo` files into `target` (created by the writes); returns the new files' URIs. */
export async function copyTopology(seed: Seed, target: Uri, io: CopyIO): Promise<Uri[]> {
  const name = target.path.split('/').filter(Boolean).pop() ?? seed.name;
  const written: Uri[] = [];
  for (const file of seed.files) {
    const text = await io.readFile(path.join(seed.dir, file));
    const uri = io.join(target, file);
    await io.writeFile(uri, renameTopology(text, seed.name, name));
    written.push(uri);
  }
  return written;
}

/**
 * The file to open first: the one named like the folder, else the first that declares a region or
 * a site (where a reader starts), else the first file.
 */
export function mainFileOf(seed: Seed, files: Uri[], texts?: Map<string, string>): Uri {
  const byName = (f: string): Uri | undefined => files.find((u) => u.path.endsWith(`/${f}`));
  const named = byName(`${seed.name}.topo`);
  if (named) return named;
  const preferred = ['sites.topo', 'environment.topo', 'network.topo', 'main.topo'];
  for (const f of preferred) {
    const hit = byName(f);
    if (hit) return hit;
  }
  if (texts) {
    const declaring = files.find((u) => /^\s*(region|site)\s/m.test(texts.get(u.path) ?? ''));
    if (declaring) return declaring;
  }
  return files[0]!;
}
