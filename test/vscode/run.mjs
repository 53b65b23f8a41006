#!/usr/bin/env node
// `npm run test:vscode`: the extension-host suite (test/vscode/suite/) in VS Code desktop through
// @vscode/test-electron. VS Code comes from $VSCODE_EXECUTABLE_PATH, else it is downloaded
// (into .cache/vscode-test). When neither works the suite cannot run: this says so and exits 78,
// never 0. `--code-server` runs the same suite in code-server's VS Code server instead (what CI
// does, through test/e2e/extension-host.test.mjs).
//
//   node test/vscode/run.mjs [--code-server] [--version 1.100.3]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { prepareWorkspace, ROOT, runInCodeServer, TESTS_PATH } from './host.mjs';

export const EXIT_CANNOT_RUN = 78;

const { values } = parseArgs({
  options: {
    'code-server': { type: 'boolean', default: false },
    version: { type: 'string', default: process.env.VSCODE_VERSION ?? 'stable' },
  },
});

const workspace = await prepareWorkspace();
let code;
try {
  code = values['code-server'] ? await inCodeServer() : await inDesktop();
} finally {
  await fs.rm(workspace, { recursive: true, force: true });
}
process.exit(code);

async function inCodeServer() {
  const { exitCode, lines } = await runInCodeServer({ workspace, onLine: (l) => console.log(l) });
  if (!lines.length) console.error('the extension host printed nothing: see the code-server log');
  console.log(
    exitCode === 0
      ? 'extension-host suite passed in code-server'
      : `extension-host suite FAILED in code-server (exit ${exitCode})`,
  );
  return exitCode === 0 ? 0 : 1;
}

async function inDesktop() {
  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE_PATH;
  if (!vscodeExecutablePath) {
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({
        version: values.version,
        cachePath: path.join(ROOT, '.cache', 'vscode-test'),
        timeout: 60_000,
      });
    } catch (err) {
      console.error(
        `cannot run: VS Code desktop is not available (download blocked: ${err.message}); set VSCODE_EXECUTABLE_PATH`,
      );
      console.error('(the same suite runs in code-server: node test/vscode/run.mjs --code-server)');
      return EXIT_CANNOT_RUN;
    }
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    if (!process.env.TOPO_UNDER_XVFB && spawnSync('which', ['xvfb-run']).status === 0) {
      // Electron needs a display: run again under a virtual one.
      const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, TOPO_UNDER_XVFB: '1' },
      });
      return r.status ?? 1;
    }
    console.error('cannot run: VS Code desktop needs a display (set DISPLAY, or install xvfb for xvfb-run)');
    return EXIT_CANNOT_RUN;
  }
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'topo-vscode-profile-'));
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: TESTS_PATH,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        path.join(profile, 'user-data'),
        '--extensions-dir',
        path.join(profile, 'extensions'),
      ],
    });
    console.log('extension-host suite passed in VS Code desktop');
    return 0;
  } catch (err) {
    console.error(`extension-host suite FAILED in VS Code desktop: ${err.message ?? err}`);
    return 1;
  } finally {
    await fs.rm(profile, { recursive: true, force: true });
  }
}
