// Bundles and runs the reliability tools (docs/reliability.md):
//   node scripts/reliability.mjs fuzz [options]   the fuzzer (test/fuzz/main.ts), see its header for options
//   node scripts/reliability.mjs lsp [options]    the scripted LSP session against out/server/main.cjs (test/reliability/lsp-session.ts)
//   node scripts/reliability.mjs equivalence [options]  incremental analysis against cold builds after random edits (test/incremental/main.ts)
// The bundles go to out/reliability/. The parser must have been generated (npm run build does it).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const [tool, ...args] = process.argv.slice(2);
const entries = {
  fuzz: ['test/fuzz/main.ts', 'test/fuzz/worker.ts'],
  lsp: ['test/reliability/lsp-session-main.ts'],
  equivalence: ['test/incremental/main.ts'],
};
if (!entries[tool]) {
  console.error('usage: node scripts/reliability.mjs fuzz|lsp|equivalence [options]');
  process.exit(2);
}
if (!existsSync(join(root, 'language/generated/ast.ts'))) {
  const r = spawnSync('npm', ['run', 'langium:generate'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// Our sources find their fixtures with import.meta.url: keep each file's own URL in the bundle.
const importMeta = {
  name: 'import-meta-of-source',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (a) => {
      if (a.path.includes('node_modules')) return undefined;
      const url = pathToFileURL(a.path).href;
      const contents = readFileSync(a.path, 'utf8')
        .replaceAll('import.meta.url', JSON.stringify(url))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(a.path)));
      return { contents, loader: 'ts' };
    });
  },
};

const outdir = join(root, 'out', 'reliability', tool);
await esbuild.build({
  entryPoints: Object.fromEntries(entries[tool].map((e) => [e.split('/').pop().replace(/\.ts$/, ''), join(root, e)])),
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  external: ['@cdktf/hcl2json'],
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  plugins: [importMeta],
});
const main = join(outdir, { fuzz: 'main.cjs', lsp: 'lsp-session-main.cjs', equivalence: 'main.cjs' }[tool]);
const r = spawnSync(process.execPath, ['--enable-source-maps', '--max-old-space-size=6144', main, ...args], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TOPO_ROOT: root },
});
process.exit(r.status ?? 1);
