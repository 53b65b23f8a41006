// Bundles bench/inprocess.ts (the in-process stage timings) to out/bench/inprocess.cjs, the way
// scripts/build.mjs bundles the server: same esbuild settings, unminified for readable profiles.
import * as esbuild from 'esbuild';
import { join } from 'node:path';

export async function bundleInProcess(root = join(import.meta.dirname, '..')) {
  const outfile = join(root, 'out/bench/inprocess.cjs');
  await esbuild.build({
    entryPoints: [join(root, 'bench/inprocess.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  return outfile;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await bundleInProcess());
