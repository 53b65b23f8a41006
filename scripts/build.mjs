// Bundles the VS Code client (CJS, `vscode` external), the language server and the CLI with esbuild.
// `node scripts/build.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';

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
  // playwright-core (PNG from `topo diagram`) is loaded at run time only when a PNG is asked for.
  {
    ...common,
    entryPoints: { 'server/main': 'server/main.ts', 'server/cli': 'server/cli.ts' },
    outdir: 'out',
    outExtension: { '.js': '.cjs' },
    external: ['playwright-core'],
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

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: bundled client, server and CLI in ${Date.now() - started} ms`);
}
