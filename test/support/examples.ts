/**
 * The topologies under examples/: one folder = one topology, sub-folders (such as an example's
 * `corrected/` variant) are topologies of their own. Shared by the examples' tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export const EXAMPLES = join(__dirname, '..', '..', 'examples');

/** Every folder under examples/ holding .topo files, as paths relative to examples/ (`a`, `a/corrected`), sorted. */
export function topologyFolders(root = EXAMPLES): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true });
    if (dir !== root && entries.some((e) => e.isFile() && e.name.endsWith('.topo')))
      out.push(relative(root, dir).split(sep).join('/'));
    for (const e of entries)
      if (e.isDirectory() && e.name !== 'generated' && !e.name.startsWith('.')) walk(join(dir, e.name));
  };
  walk(root);
  return out.sort();
}

/** The .topo files of one topology folder (not of its sub-folders), keyed `/examples/<folder>/<file>` for load(). */
export function topologyFiles(folder: string, root = EXAMPLES): Record<string, string> {
  const dir = join(root, folder);
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.topo'))
    .map((e) => e.name)
    .sort()) {
    files[`/examples/${folder}/${f}`] = readFileSync(join(dir, f), 'utf8');
  }
  return files;
}
