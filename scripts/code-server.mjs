#!/usr/bin/env node
// Installs and runs code-server (VS Code in the browser) for the end-to-end tests
// and for `npm start`.
//
//   node scripts/code-server.mjs install
//   node scripts/code-server.mjs start <workspace> [--vsix path] [--port N]
//
// code-server is installed into .cache/code-server/<version>/ (gitignored), never
// into the project's node_modules. Its npm install builds native modules (node-gyp:
// needs build-essential, python3, libkrb5-dev) and its @vscode/ripgrep dependency
// would download rg from GitHub, which this machine cannot reach: we seed that
// package's download cache with Debian's /usr/bin/rg instead (see seedRipgrepCache).

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100, runs on Node 20

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE_DIR = path.join(ROOT, '.cache', 'code-server');
const INSTALL_DIR = path.join(CACHE_DIR, CODE_SERVER_VERSION);
const PACKAGE_DIR = path.join(INSTALL_DIR, 'node_modules', 'code-server');
const ENTRY = path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');
// Written last: its presence means the install completed.
const DONE_MARKER = path.join(INSTALL_DIR, '.installed');
const LOCK_DIR = path.join(CACHE_DIR, `.lock-${CODE_SERVER_VERSION}`);

const INSTALL_TIMEOUT_MS = 15 * 60_000;
const EXTENSION_INSTALL_TIMEOUT_MS = 2 * 60_000;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/** Settings that make the workbench deterministic for tests and screenshots. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.commandCenter.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'git.openRepositoryInParentFolders': 'never',
  // VS Code for the web saves after a 1 s pause by default (desktop VS Code does not): a test that
  // pauses while it types (a completion list, a loaded machine) would save and generate on save.
  'files.autoSave': 'off',
};

const log = (msg) => console.error(`[code-server] ${msg}`);

export function isInstalled() {
  return fs.existsSync(DONE_MARKER) && fs.existsSync(ENTRY);
}

/**
 * Installs code-server into the cache folder unless it is already there.
 * Safe to call concurrently from several processes (a lock folder serialises them)
 * and after an interrupted install (a folder without the marker is wiped first).
 */
export async function installCodeServer() {
  if (isInstalled()) return;
  await fsp.mkdir(CACHE_DIR, { recursive: true });
  const release = await acquireLock();
  try {
    if (isInstalled()) return; // another process finished it while we waited
    const started = Date.now();
    await fsp.rm(INSTALL_DIR, { recursive: true, force: true });
    await fsp.mkdir(INSTALL_DIR, { recursive: true });
    // Own package.json so npm treats this folder as the prefix, not the repo root.
    await fsp.writeFile(
      path.join(INSTALL_DIR, 'package.json'),
      JSON.stringify({ name: 'topo-code-server-cache', private: true }, null, 2),
    );
    const tmpDir = path.join(INSTALL_DIR, '.tmp');
    await fsp.mkdir(tmpDir);
    const env = installEnv(tmpDir);

    // 1. Fetch code-server and its own dependencies without running any scripts,
    //    so we can read which @vscode/ripgrep its bundled VS Code pins.
    log(`installing code-server@${CODE_SERVER_VERSION} into ${INSTALL_DIR}`);
    await run(
      'npm',
      ['install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`],
      { cwd: INSTALL_DIR, env },
    );
    log(`fetched in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // 2. Put rg where @vscode/ripgrep's postinstall looks for a cached download.
    await seedRipgrepCache(tmpDir, env);

    // 3. Run all install scripts: argon2 and VS Code's native modules get built from
    //    source (their prebuilt downloads fail offline) and code-server's postinstall
    //    installs lib/vscode's dependencies, whose ripgrep now comes from the cache.
    await run('npm', ['rebuild', '--foreground-scripts'], { cwd: INSTALL_DIR, env });

    const rg = path.join(PACKAGE_DIR, 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
    if (!fs.existsSync(rg)) throw new Error(`install finished but ${rg} is missing`);
    await fsp.rm(tmpDir, { recursive: true, force: true });
    await fsp.writeFile(DONE_MARKER, `${CODE_SERVER_VERSION}\n`);
    log(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await release();
  }
}

/**
 * Environment for the npm install of code-server.
 * @returns {NodeJS.ProcessEnv}
 */
function installEnv(tmpDir) {
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    // code-server's postinstall refuses to run as root without unsafe-perm.
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which must not prompt.
    npm_config_yes: 'true',
    // @vscode/ripgrep keeps its download cache in os.tmpdir(): keep it private.
    TMPDIR: tmpDir,
  };
  // Build native modules against the headers of the running Node (Debian ships
  // them in /usr/include/node) instead of downloading them from nodejs.org.
  const nodeDir = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
    env.npm_config_nodedir = nodeDir;
  }
  return env;
}

/**
 * @vscode/ripgrep's postinstall downloads `ripgrep-<tag>-<target>.tar.gz` from GitHub
 * unless `${os.tmpdir()}/vscode-ripgrep-cache-<package version>/` already holds it;
 * the tarball must contain `rg` at its root. The package version comes from the
 * shrinkwrap of code-server's bundled VS Code; the tag is a constant in the
 * package's lib/postinstall.js, read from the package tarball (`npm pack`).
 */
async function seedRipgrepCache(tmpDir, env) {
  const systemRg = findExecutable('rg');
  if (!systemRg) throw new Error('ripgrep not found on PATH: apt-get install -y ripgrep');

  const shrinkwrap = JSON.parse(
    await fsp.readFile(path.join(PACKAGE_DIR, 'lib', 'vscode', 'npm-shrinkwrap.json'), 'utf8'),
  );
  const version = shrinkwrap.packages?.['node_modules/@vscode/ripgrep']?.version;
  if (!version) throw new Error("cannot find @vscode/ripgrep in code-server's lib/vscode/npm-shrinkwrap.json");

  const packDir = await fsp.mkdtemp(path.join(tmpDir, 'ripgrep-pack-'));
  const tarball = execFileSync(
    'npm',
    ['pack', '--silent', `@vscode/ripgrep@${version}`, '--pack-destination', packDir],
    { cwd: INSTALL_DIR, env, encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .pop();
  execFileSync('tar', ['xzf', path.join(packDir, tarball), '-C', packDir, 'package/lib/postinstall.js']);
  const postinstall = await fsp.readFile(path.join(packDir, 'package', 'lib', 'postinstall.js'), 'utf8');
  const tag = /const VERSION = '([^']+)'/.exec(postinstall)?.[1];
  if (!tag) throw new Error(`cannot find the ripgrep release tag in @vscode/ripgrep@${version}`);

  // Same mapping as getTarget() in @vscode/ripgrep (only the Linux targets we run on).
  const target = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' }[os.arch()];
  if (os.platform() !== 'linux' || !target) throw new Error(`unsupported platform ${os.platform()}-${os.arch()}`);

  const cacheDir = path.join(tmpDir, `vscode-ripgrep-cache-${version}`);
  await fsp.mkdir(cacheDir, { recursive: true });
  await fsp.copyFile(systemRg, path.join(packDir, 'rg'));
  execFileSync('tar', ['czf', path.join(cacheDir, `ripgrep-${tag}-${target}.tar.gz`), '-C', packDir, 'rg']);
  log(`seeded @vscode/ripgrep@${version} (${tag}) with ${systemRg}`);
}

function findExecutable(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not in this PATH entry */
    }
  }
  return undefined;
}

/** Lock folder shared by concurrent installers; a lock left by a dead process is taken over. */
async function acquireLock() {
  const deadline = Date.now() + INSTALL_TIMEOUT_MS;
  const pidFile = path.join(LOCK_DIR, 'pid');
  let announced = false;
  for (;;) {
    try {
      await fsp.mkdir(LOCK_DIR);
      await fsp.writeFile(pidFile, String(process.pid));
      return () => fsp.rm(LOCK_DIR, { recursive: true, force: true });
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const holder = Number(await fsp.readFile(pidFile, 'utf8').catch(() => ''));
    // No pid file a while after the folder appeared: its creator died in between.
    const orphaned = !holder && Date.now() - (await fsp.stat(LOCK_DIR).catch(() => ({ mtimeMs: 0 }))).mtimeMs > 10_000;
    if ((holder && !isAlive(holder)) || orphaned) {
      await fsp.rm(LOCK_DIR, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the install lock ${LOCK_DIR}`);
    if (holder && !announced) {
      log(`waiting for process ${holder} to finish installing code-server`);
      announced = true;
    }
    await sleep(2_000);
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Runs a command with inherited output; rejects on a non-zero exit or after the timeout. */
function run(command, args, { cwd, env, timeoutMs = INSTALL_TIMEOUT_MS }) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Runs code-server's own CLI (e.g. --install-extension) and returns its output. */
function runCodeServerCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), EXTENSION_INSTALL_TIMEOUT_MS);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`code-server ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${output}`));
    });
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts code-server on `workspace` with its own profile and waits until it answers HTTP.
 *
 * @param {object} options
 * @param {string} options.workspace folder to open (the URL also carries it as ?folder=)
 * @param {string} [options.extensionsDir] defaults to a folder in a fresh temp dir
 * @param {string} [options.userDataDir] defaults to a folder in a fresh temp dir
 * @param {number} [options.port] defaults to a free port
 * @param {string} [options.vsix] extension package to install before starting
 * @param {string} [options.logFile] where code-server's output goes; defaults to the temp dir
 * @param {object} [options.settings] user settings merged over DEFAULT_SETTINGS
 * @param {boolean} [options.workspaceTrust] keep VS Code's workspace trust on (a new folder opens
 *   in Restricted Mode until trusted); off by default
 * @returns {Promise<{url: string, folderUrl: string, logFile: string, userDataDir: string, stop: () => Promise<void>}>}
 */
export async function startCodeServer({
  workspace,
  extensionsDir,
  userDataDir,
  port,
  vsix,
  logFile,
  settings,
  workspaceTrust = false,
}) {
  if (!workspace) throw new Error('startCodeServer: workspace is required');
  await installCodeServer();
  const folder = path.resolve(workspace);
  const tmp = await fsp.mkdtemp(path.join(os.tmpdir(), 'topo-code-server-'));
  extensionsDir = path.resolve(extensionsDir ?? path.join(tmp, 'extensions'));
  userDataDir = path.resolve(userDataDir ?? path.join(tmp, 'user-data'));
  logFile = path.resolve(logFile ?? path.join(tmp, 'code-server.log'));
  port ??= await freePort();

  const env = serverEnv(tmp);
  const profileArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  try {
    await writeUserSettings(userDataDir, {
      ...DEFAULT_SETTINGS,
      'security.workspace.trust.enabled': workspaceTrust,
      ...settings,
    });
    await fsp.mkdir(extensionsDir, { recursive: true });
    await fsp.mkdir(path.dirname(logFile), { recursive: true });
    const output = vsix
      ? await runCodeServerCli(['--install-extension', path.resolve(vsix), '--force', ...profileArgs], env)
      : '';
    await fsp.writeFile(logFile, output); // also truncates the log of a previous run
  } catch (err) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw err;
  }

  const out = fs.openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      ENTRY,
      '--auth',
      'none',
      ...(workspaceTrust ? [] : ['--disable-workspace-trust']),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--bind-addr',
      `127.0.0.1:${port}`,
      ...profileArgs,
      folder,
    ],
    { env, stdio: ['ignore', out, out], detached: true },
  ); // detached: own process group
  fs.closeSync(out);

  let exited = false;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  // Never leave a server behind if this process exits without calling stop().
  const onExit = () => killGroup('SIGKILL');
  process.on('exit', onExit);

  let stopping;
  const stop = () =>
    (stopping ??= (async () => {
      process.off('exit', onExit);
      killGroup('SIGTERM');
      // Unref'd, so a pending grace timer never keeps this process alive.
      const grace = () => new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
      const timedOut = await Promise.race([exitPromise.then(() => false), grace().then(() => true)]);
      // code-server forks an extension host, pty host and file watcher into the same
      // group: make sure none of them outlives its parent.
      killGroup('SIGKILL');
      if (timedOut) await Promise.race([exitPromise, grace()]);
      await fsp.rm(tmp, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
    })());

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/healthz`, () => exited, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, folderUrl: `${url}/?folder=${encodeURIComponent(folder)}`, logFile, userDataDir, stop };
}

/** Environment for code-server: isolated HOME/XDG folders, no VS Code IPC handles of a parent. */
function serverEnv(tmp) {
  const env = Object.fromEntries(
    Object.entries(process.env)
      // Inside a VS Code terminal, VSCODE_IPC_HOOK_CLI etc. would make the CLI talk to that editor.
      .filter(([key]) => !key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE'),
  );
  const home = path.join(tmp, 'home');
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
  });
  for (const dir of [env.XDG_CONFIG_HOME, env.XDG_DATA_HOME, env.XDG_CACHE_HOME])
    fs.mkdirSync(dir, { recursive: true });
  return env;
}

async function writeUserSettings(userDataDir, settings) {
  const file = path.join(userDataDir, 'User', 'settings.json');
  await fsp.mkdir(path.dirname(file), { recursive: true });
  let existing = {};
  try {
    existing = JSON.parse(await fsp.readFile(file, 'utf8'));
  } catch {
    /* missing (or with comments): start from scratch */
  }
  await fsp.writeFile(file, `${JSON.stringify({ ...existing, ...settings }, null, 2)}\n`);
}

async function waitForHttp(url, hasExited, logFile) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited()) throw new Error(`code-server exited during startup; see ${logFile}:\n${tail(logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(
    `code-server did not answer ${url} within ${READY_TIMEOUT_MS / 1000} s; see ${logFile}:\n${tail(logFile)}`,
  );
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

async function main(argv) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { vsix: { type: 'string' }, port: { type: 'string' } },
  });
  const [command, workspace] = positionals;
  if (command === 'install') {
    await installCodeServer();
    log(`ready: ${ENTRY}`);
    return;
  }
  if (command === 'start' && workspace) {
    const server = await startCodeServer({
      workspace,
      vsix: values.vsix,
      port: values.port ? Number(values.port) : undefined,
    });
    console.log(server.folderUrl);
    log(`log: ${server.logFile} (Ctrl+C to stop)`);
    const shutdown = async () => {
      await server.stop();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    return;
  }
  console.error(
    'usage: node scripts/code-server.mjs install\n' +
      '       node scripts/code-server.mjs start <workspace> [--vsix path] [--port N]',
  );
  process.exitCode = 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err.message ?? err);
    process.exit(1);
  });
}
