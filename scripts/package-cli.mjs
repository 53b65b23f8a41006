#!/usr/bin/env node
// Packages the command line and the language server as an npm tarball, dist/topo-cli-<version>.tgz
// (run `npm run build` first; `npm run package:cli` does both):
//
//   npm install -g topo-cli-<version>.tgz   ->   topo, topo-language-server --stdio
//
// The two esbuild bundles are self-contained (every dependency is bundled), so the package declares
// no dependencies and installs without the registry. It holds the bundles, the topo.config.json
// schema, a README (docs/cli-package.md) and the licence; `npm pack` makes the tarball.
//
//   node scripts/package-cli.mjs [--out-dir dir] [--quiet]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const NAME = 'topo-cli';

/** Package path -> source in the repository; the bundles lose their source-map comment (no maps shipped). */
const FILES = {
  'bin/topo.cjs': 'out/server/cli.cjs',
  'bin/topo-language-server.cjs': 'out/server/main.cjs',
  // The diagram's layout engine, loaded by the bundles beside them on the first layout.
  'bin/elk.bundled.cjs': 'out/server/elk.bundled.cjs',
  'schemas/topo.config.schema.json': 'schemas/topo.config.schema.json',
  'README.md': 'docs/cli-package.md',
  LICENSE: 'LICENSE',
};

export function packageCli({ outDir = path.join(ROOT, 'dist'), quiet = false } = {}) {
  const missing = Object.values(FILES).filter((f) => !fs.existsSync(path.join(ROOT, f)));
  if (missing.length)
    throw new Error(`cannot package the CLI: missing ${missing.join(', ')} (run npm run build first)`);
  // A fresh staging folder per run: two runs at once (tests) must not share one.
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), `${NAME}-stage-`));
  try {
    return pack(stage, outDir, quiet);
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

function pack(stage, outDir, quiet) {
  for (const [to, from] of Object.entries(FILES)) {
    const target = path.join(stage, to);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    let content = fs.readFileSync(path.join(ROOT, from));
    const executable = to === 'bin/topo.cjs' || to === 'bin/topo-language-server.cjs';
    if (executable) {
      let text = content.toString('utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
      if (!text.startsWith('#!')) text = `#!/usr/bin/env node\n${text}`;
      content = Buffer.from(text);
    }
    fs.writeFileSync(target, content, { mode: executable ? 0o755 : 0o644 });
  }
  const manifest = {
    name: NAME,
    version: pkg.version,
    description:
      'The topo command line (validate, simulate, diff, diagram, generate) and language server for highly available OpenStack + OpenShift topologies (.topo files).',
    license: pkg.license,
    repository: pkg.repository,
    homepage: pkg.homepage,
    bugs: pkg.bugs,
    keywords: pkg.keywords,
    bin: { topo: 'bin/topo.cjs', 'topo-language-server': 'bin/topo-language-server.cjs' },
    files: Object.keys(FILES).filter((f) => f !== 'README.md' && f !== 'LICENSE'),
    engines: { node: pkg.engines.node },
  };
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', outDir], {
    cwd: stage,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [info] = JSON.parse(out);
  const tarball = path.join(outDir, info.filename);
  const size = fs.statSync(tarball).size;
  const files = info.files.map((f) => ({ path: f.path, size: f.size }));
  if (!quiet) {
    for (const f of files) console.log(`  ${f.path.padEnd(34)} ${(f.size / 1024).toFixed(0).padStart(6)} KiB`);
    console.log(
      `${path.relative(process.cwd(), tarball)}: ${(size / 1024).toFixed(0)} KiB packed, ${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return { tarball, size, unpackedSize: info.unpackedSize, files };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' }, quiet: { type: 'boolean' } } });
  try {
    packageCli({ outDir: values['out-dir'] ? path.resolve(values['out-dir']) : undefined, quiet: values.quiet });
  } catch (err) {
    console.error(err.stderr ? `${err.message}\n${err.stderr}` : err.message);
    process.exit(1);
  }
}
