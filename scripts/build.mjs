// Bundles the VS Code client (CJS, `vscode` external), the language server and the CLI with esbuild.
// `node scripts/build.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: !watch,
  sourcesContent: false,
  logLevel: 'warning',
  // Langium and its dependencies are ESM; `import.meta.url` is used by nothing we bundle at runtime,
  // but keep a shim so a stray use does not crash the CJS bundle.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/** @type {import('esbuild').BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { 'client/extension': 'client/extension.ts' },
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
    external: ['vscode'],
  },
  // Loaded at run time only when needed: playwright-core for a PNG from `topo diagram`; elkjs for a
  // diagram's layout, from the copy beside the bundles (below; compiling it cost every start 200 ms).
  {
    ...common,
    entryPoints: { 'server/main': 'server/main.ts', 'server/cli': 'server/cli.ts' },
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
    external: ['playwright-core', 'elkjs'],
  },
  // The diagram view's script: runs in the webview (a browser), loaded from the extension.
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    define: {},
    banner: {},
    entryPoints: { 'client/diagram-webview': 'client/webview/diagram.ts' },
    outdir: 'out',
    outExtension: { '.js': '.js' },
  },
];

/** The layout engine beside the server and CLI bundles (language/diagram/layout.ts loads it on the first layout). */
mkdirSync('out/server', { recursive: true });
copyFileSync('node_modules/elkjs/lib/elk.bundled.js', 'out/server/elk.bundled.cjs');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: bundled client, server and CLI in ${Date.now() - started} ms`);
}
