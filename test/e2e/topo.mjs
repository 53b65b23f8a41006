// Shared setup of topo's end-to-end suites: the freshly built .vsix, throw-away workspaces, and
// waits on the files the language server writes.

import fs from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packageExtension, VSIX } from '../../scripts/package.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Inputs of the .vsix: when one is newer than the package, it is rebuilt. */
const PACKAGE_INPUTS = [
  'package.json',
  'out/client/extension.cjs',
  'out/client/diagram-webview.js',
  'out/server/main.cjs',
  'syntaxes/topo.tmLanguage.json',
  'snippets/topo.json',
  'language-configuration.json',
  'docs/marketplace/README.md',
  '.vscodeignore',
];

/**
 * The .vsix the suites install: $TOPO_VSIX when set, else dist/topo-<version>.vsix, packaged
 * again when missing or older than what goes into it (`npm run test:e2e` packages first anyway;
 * this keeps `node --test test/e2e/` honest after an edit).
 */
export function ensureVsix() {
  if (process.env.TOPO_VSIX) return path.resolve(process.env.TOPO_VSIX);
  if (!existsSync(path.join(ROOT, 'out', 'server', 'main.cjs'))) {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
  const built = existsSync(VSIX) ? statSync(VSIX).mtimeMs : 0;
  const stale = PACKAGE_INPUTS.some(
    (f) => existsSync(path.join(ROOT, f)) && statSync(path.join(ROOT, f)).mtimeMs > built,
  );
  if (stale) packageExtension({ quiet: true });
  return VSIX;
}

/** A temp workspace holding `files` ({ relative path: content }). */
export async function makeWorkspace(files, prefix = 'topo-e2e-') {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), content);
  }
  return dir;
}

/** A temp copy of examples/ (the suites may write generated files and new topologies into it). */
export async function copyExamples() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'topo-e2e-examples-'));
  await fs.cp(path.join(ROOT, 'examples'), dir, {
    recursive: true,
    filter: (src) => !src.split(path.sep).includes('generated'),
  });
  return dir;
}

/** Every file under `dir` (relative paths, sorted); [] when it does not exist. */
export async function filesUnder(dir) {
  try {
    const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)))
      .sort();
  } catch (err) {
    if (err.code === 'ENOENT') return [];
    throw err;
  }
}

/** Polls filesUnder(dir) until it lists at least one file; returns the list. */
/** The status bar message a finished generation shows (client/generate.ts): files are all on disk by then. */
export const GENERATED_MESSAGE = /topo: .+ generated: (\d+ files? written|up to date)/;

export async function waitForFiles(dir, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const files = await filesUnder(dir);
    if (files.length) return files;
    if (Date.now() > deadline) throw new Error(`nothing was written under ${dir} within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Copies a screenshot into images/ for the README when UPDATE_SCREENSHOTS=1. */
export async function publishScreenshot(file, name) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return undefined;
  const target = path.join(ROOT, 'images', name);
  await fs.copyFile(file, target);
  return target;
}
