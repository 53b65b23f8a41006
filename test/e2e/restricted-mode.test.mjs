// Restricted Mode: with workspace trust on, a folder the user does not trust still gets topo's
// checks and its diagram, but saving generates nothing and "Generate Now" says why; trusting the
// folder restarts the language server (initializationOptions.trusted) and saving generates again.

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { installCodeServer } from '../../scripts/code-server.mjs';
import { openVSCode } from './harness.mjs';
import { ensureVsix, filesUnder, GENERATED_MESSAGE, makeWorkspace, ROOT } from './topo.mjs';

const TEST_TIMEOUT_MS = 2 * 60_000;
const FILE = 'retail/sites.topo';
let workspace;
let vscode;
const generatedDir = () => path.join(workspace, 'retail', 'generated');

before(
  async () => {
    await installCodeServer();
    const vsix = ensureVsix();
    workspace = await makeWorkspace({});
    await fs.cp(path.join(ROOT, 'test', 'e2e', 'fixtures', 'retail'), path.join(workspace, 'retail'), {
      recursive: true,
    });
    vscode = await openVSCode({ workspace, vsix, name: 'restricted-mode', workspaceTrust: true });
  },
  { timeout: 15 * 60_000 },
);

after(async () => {
  await vscode?.close();
  if (workspace) await fs.rm(workspace, { recursive: true, force: true });
});

/** Adds a comment line at the end of the active editor and saves it. */
async function editAndSave(text) {
  const lines = (await fs.readFile(path.join(workspace, FILE), 'utf8')).split('\n').length;
  await vscode.goTo(lines, 1);
  await vscode.type(`// ${text}\n`);
  await vscode.save();
}

test('in an untrusted folder topo checks the file but saving generates nothing', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('restricted-mode-untrusted', async () => {
    const dialog = vscode.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await dialog.innerText(), /Do you trust the authors/);
    await dialog.locator('.monaco-button', { hasText: /No, I don.t trust the authors/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    await vscode.openFile(FILE);
    await vscode.waitForLanguageMode('topo');
    await vscode.page
      .locator('[id$="topo.status"][aria-label="topo language server ready"]')
      .waitFor({ timeout: 30_000 });
    await editAndSave('saved in Restricted Mode');
    await vscode.page.waitForTimeout(5_000);
    assert.deepEqual(await filesUnder(generatedDir()), []);

    await vscode.runCommand('topo: Generate Now');
    const message = await vscode.waitForNotification(/^topo: nothing generated: .*untrusted/, 30_000);
    assert.deepEqual(await filesUnder(generatedDir()), [], message);
    await vscode.clearNotifications();
  }),
);

test('in an untrusted folder the diagram opens and shows a failure', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('restricted-mode-diagram', async () => {
    await vscode.openFile(FILE);
    await vscode.runCommand('topo: Open Diagram');
    const view = await vscode.webviewFrame('#canvas svg [data-id="zone:dc-east.az1"]', 60_000);
    await view.locator('[data-id="zone:dc-east.az1"] > text.title').click();
    await view.locator('[data-id="zone:dc-east.az1"][data-state="failed"]').waitFor({ timeout: 30_000 });
    await vscode.page.keyboard.press('Control+1');
    await vscode.runCommand('View: Close All Editor Groups');
  }),
);

test('trusting the folder restarts the server, and saving generates again', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('restricted-mode-trusted', async () => {
    await vscode.runCommand('Workspaces: Manage Workspace Trust');
    const trust = vscode.page.locator('.workspace-trust-editor .monaco-button', { hasText: /^Trust$/ });
    await trust.first().click();
    await vscode.page.locator('.workspace-trust-editor', { hasText: 'You trust this folder' }).waitFor();
    await vscode.openFile(FILE);
    await vscode.page
      .locator('[id$="topo.status"][aria-label="topo language server ready"]')
      .waitFor({ timeout: 30_000 });
    const started = Date.now();
    await editAndSave('saved once trusted');
    await vscode.waitForStatusBar(GENERATED_MESSAGE, 30_000);
    const files = await filesUnder(generatedDir());
    console.log(`# generated on save ${Date.now() - started} ms after trusting: ${files.length} files`);
    assert.ok(
      files.some((f) => f.endsWith('install-config.yaml')),
      JSON.stringify(files),
    );
  }),
);
