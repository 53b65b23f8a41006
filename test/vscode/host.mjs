// Runs the extension-host suite (suite/index.cjs) in a VS Code: the desktop one through
// @vscode/test-electron, or the VS Code server inside code-server, whose browser workbench takes
// --extensionDevelopmentPath / --extensionTestsPath as its URL `payload` (the way @vscode/test-web
// drives VS Code for the web) and reports the end through window.codeAutomationExit(code).

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCodeServer } from '../../scripts/code-server.mjs';
import { launchBrowser } from '../e2e/harness.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TESTS_PATH = path.join(ROOT, 'test', 'vscode', 'suite', 'index.cjs');

/** A temp workspace with the e2e fixtures the suite works on (retail/, ha-demo/). */
export async function prepareWorkspace() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'topo-vscode-'));
  for (const name of ['retail', 'ha-demo']) {
    await fs.cp(path.join(ROOT, 'test', 'e2e', 'fixtures', name), path.join(dir, name), { recursive: true });
  }
  return dir;
}

/**
 * Runs the suite in code-server's VS Code server (extension host in Node on the server side, as
 * for a remote workspace). Resolves with { exitCode, lines }: exitCode 0 when every test passed.
 * @param {{ workspace: string, extensionDevelopmentPath?: string, extensionTestsPath?: string, timeoutMs?: number,
 *   logFile?: string, onLine?: (line: string) => void }} options
 */
export async function runInCodeServer({
  workspace,
  extensionDevelopmentPath = ROOT,
  extensionTestsPath = TESTS_PATH,
  timeoutMs = 5 * 60_000,
  logFile,
  onLine = () => {},
}) {
  const server = await startCodeServer({ workspace, logFile });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage();
    const host = new URL(server.url).host;
    // Paths on the server: the extension host runs there.
    const remote = (p) => `vscode-remote://${host}${path.resolve(p).split(path.sep).join('/')}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extensionDevelopmentPath)],
      ['extensionTestsPath', remote(extensionTestsPath)],
    ];
    const lines = [];
    let resolveExit;
    const exited = new Promise((resolve) => {
      resolveExit = resolve;
    });
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = (Array.isArray(args) ? args : [args])
        .map((a) => (typeof a === 'string' ? a : JSON.stringify(a)))
        .join(' ');
      // The suite's own lines; the workbench's chatter stays out.
      if (/^(#|ok -|not ok -|extension host:| {2})/.test(text)) {
        lines.push(text);
        onLine(text);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.goto(`${server.folderUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    let timer;
    const exitCode = await Promise.race([
      exited,
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    if (exitCode === 'timeout')
      throw new Error(
        `the extension-host suite did not finish within ${timeoutMs / 1000} s; output so far:\n${lines.join('\n')}`,
      );
    return { exitCode, lines };
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}
