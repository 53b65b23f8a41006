import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { GENERATION_TARGETS } from '../../language/generators/index.js';

/**
 * The generated files under a topology's output folder, by path relative to it (with `/`) → their
 * content: only the targets' folders (a nested example's goldens live beside them).
 */
export function generatedTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const target of GENERATION_TARGETS) {
    const root = join(dir, target);
    if (!existsSync(root)) continue;
    for (const f of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      const abs = join(f.parentPath, f.name);
      out[relative(dir, abs).split('\\').join('/')] = readFileSync(abs, 'utf8');
    }
  }
  return out;
}
