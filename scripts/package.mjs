#!/usr/bin/env node
// Packages the extension into dist/topo-<version>.vsix with @vscode/vsce (run `npm run build` first;
// `npm run package` does both). The package holds the bundled JS and what VS Code reads, nothing
// else (see .vscodeignore); `--no-dependencies` because esbuild bundled them.
//
// The marketplace page is docs/marketplace/README.md (the repo's README.md is for developers);
// its links are relative to that file (`../../images/...`, right on GitHub), rewritten here to be
// relative to the package root, where vsce expects them and turns them into absolute URLs of the
// repository.
//
//   node scripts/package.mjs [--out file.vsix] [--quiet]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
export const VSIX = path.join(ROOT, 'dist', `${pkg.name}-${pkg.version}.vsix`);

/** Files the package must hold; the build makes the first four. */
const REQUIRED = [
  'out/client/extension.cjs',
  'out/client/diagram-webview.js',
  'out/server/main.cjs',
  'out/server/elk.bundled.cjs',
  'syntaxes/topo.tmLanguage.json',
  'images/icon.png',
  'LICENSE',
  'CHANGELOG.md',
  'docs/marketplace/README.md',
];

export function packageExtension({ out = VSIX, quiet = false } = {}) {
  const missing = REQUIRED.filter((f) => !fs.existsSync(path.join(ROOT, f)));
  if (missing.length) throw new Error(`cannot package: missing ${missing.join(', ')} (run npm run build first)`);
  if (!fs.existsSync(path.join(ROOT, 'docs', 'rules.md'))) {
    console.error('package: docs/rules.md is missing (npm run docs makes it); packaging without the rule docs');
  }
  const tmp = path.join(ROOT, '.cache', 'package');
  fs.mkdirSync(tmp, { recursive: true });
  const readme = path.join(tmp, 'README.md');
  fs.writeFileSync(
    readme,
    fs
      .readFileSync(path.join(ROOT, 'docs', 'marketplace', 'README.md'), 'utf8')
      .replace(/\]\(\.\.\/\.\.\//g, '](')
      .replace(/src="\.\.\/\.\.\//g, 'src="'),
  );
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = [vsce, 'package', '--no-dependencies', '--readme-path', path.relative(ROOT, readme), '--out', out];
  if (!pkg.repository) args.push('--allow-missing-repository', '--no-rewrite-relative-links');
  const started = Date.now();
  const log = execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const files = zipEntries(fs.readFileSync(out));
  const size = fs.statSync(out).size;
  if (!quiet) {
    process.stdout.write(log.replace(/^\s*INFO.*\n/gm, ''));
    console.log(
      `${path.relative(process.cwd(), out)}: ${(size / 1024).toFixed(0)} KiB, ${files.length} files, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return { out, size, files };
}

/** Names in a zip's central directory (enough of the format for a listing; no unzip needed). */
export function zipEntries(buf) {
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, quiet: { type: 'boolean' } } });
  try {
    packageExtension({ out: values.out ? path.resolve(values.out) : VSIX, quiet: values.quiet });
  } catch (err) {
    console.error(err.stderr ? `${err.message}\n${err.stdout ?? ''}${err.stderr}` : err.message);
    process.exit(1);
  }
}
