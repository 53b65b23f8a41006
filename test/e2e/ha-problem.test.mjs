// A topology with an HA problem, in the real VS Code with the extension installed from the .vsix:
// the diagnostic in the Problems panel (with its rule id) and as a squiggle, the quick fix (Ctrl+.)
// that removes it, and generate-on-save: nothing is written while the topology has errors, the
// artifacts are written once it has none. Run: npm run test:e2e (or node --test test/e2e/).
// UPDATE_SCREENSHOTS=1 also refreshes images/marketplace-diagnostics.png (the README's screenshot).

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { installCodeServer } from '../../scripts/code-server.mjs';
import { openVSCode } from './harness.mjs';
import { ensureVsix, filesUnder, GENERATED_MESSAGE, makeWorkspace, publishScreenshot, ROOT } from './topo.mjs';

const TEST_TIMEOUT_MS = 2 * 60_000;
const FILE = 'ha-demo/ha-demo.topo';
const CP_LINE = 19; // `controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 ... }`
// The fixture: three control-plane members over two zones of a three-zone region. Losing
// dc-east.az1 (two members) leaves one of three, below the majority of two.
const FIXTURE = path.join(ROOT, 'test', 'e2e', 'fixtures', 'ha-demo');

let workspace;
let vscode;
const generatedDir = () => path.join(workspace, 'ha-demo', 'generated');
const isZoneLoss = (p) => p.code === 'quorum/zone-loss' && p.file === FILE;

before(
  async () => {
    await installCodeServer(); // a no-op once scripts/e2e-setup.sh ran
    const vsix = ensureVsix();
    workspace = await makeWorkspace({});
    await fs.cp(FIXTURE, path.join(workspace, 'ha-demo'), { recursive: true });
    const started = Date.now();
    vscode = await openVSCode({
      workspace,
      vsix,
      name: 'ha-problem',
      settings: { 'editor.stickyScroll.enabled': false },
    });
    await vscode.openFile(FILE);
    await vscode.waitForLanguageMode('topo', 30_000);
    console.log(`# ha-problem: workbench with the extension ready in ${Date.now() - started} ms`);
  },
  { timeout: 15 * 60_000 },
);

after(async () => {
  await vscode?.close();
  if (workspace) await fs.rm(workspace, { recursive: true, force: true });
});

test(
  'the HA problem shows in the Problems panel with its rule id, and as a squiggle',
  { timeout: TEST_TIMEOUT_MS },
  () =>
    vscode.captureOnFailure('ha-problem-diagnostic', async () => {
      const problems = await vscode.waitForProblems((entries) => entries.some(isZoneLoss), 30_000);
      const finding = problems.find(isZoneLoss);
      assert.equal(finding.severity, 'error');
      assert.equal(finding.source, 'topo');
      assert.equal(finding.line, CP_LINE);
      assert.match(finding.message, /loses quorum if dc-east\.az1 fails: 2 of 3 members there, 1 left, majority is 2/);
      // The rule id links to the rule's documentation.
      assert.match(finding.href, /\/docs\/rules\.md#quorumzone-loss$/);
      const squiggles = await vscode.waitForSquiggles((list) =>
        list.some((s) => s.severity === 'error' && s.line === CP_LINE),
      );
      assert.deepEqual(
        squiggles.filter((s) => s.severity === 'error').map((s) => s.line),
        [CP_LINE],
      );
    }),
);

test('saving a topology with errors generates nothing', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('ha-problem-no-generate', async () => {
    const lines = (await fs.readFile(path.join(FIXTURE, 'ha-demo.topo'), 'utf8')).split('\n').length;
    await vscode.goTo(lines, 1); // the empty last line
    await vscode.type('// saved while it has an error\n');
    await vscode.save();
    // Give the server the time it needs to generate (the next test measures it) and check.
    await vscode.page.waitForTimeout(5_000);
    assert.deepEqual(await filesUnder(generatedDir()), []);
  }),
);

test('Ctrl+. offers the quick fix, and applying it removes the diagnostic', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('ha-problem-quick-fix', async () => {
    const title = 'Spread the 3 control-plane members over dc-east.az1, dc-east.az2, dc-east.az3';
    await vscode.showProblems();
    await vscode.goTo(CP_LINE, 36);
    await vscode.page.keyboard.press('Control+.');
    const rows = vscode.page.locator('.action-widget .monaco-list-row.action');
    await rows.first().waitFor({ state: 'visible' });
    const titles = await rows.evaluateAll((items) =>
      items.map((item) => item.querySelector('.title').textContent.trim()),
    );
    assert.ok(titles.includes(title), `quick fixes: ${JSON.stringify(titles)}`);
    assert.ok(
      titles.some((t) => t.startsWith('Ignore quorum/zone-loss here')),
      `quick fixes: ${JSON.stringify(titles)}`,
    );
    await vscode.page.waitForTimeout(300); // let the menu's fade-in finish for the picture
    const shot = await vscode.screenshot('marketplace-diagnostics');
    await publishScreenshot(shot, 'marketplace-diagnostics.png');

    await vscode.acceptWithKeyboard(
      '.action-widget .monaco-list-row.action',
      { has: vscode.page.locator('.title', { hasText: title }) },
      titles.length,
    );
    await vscode.page.locator('.action-widget').waitFor({ state: 'hidden' });
    await vscode.waitForProblems((entries) => !entries.some(isZoneLoss), 30_000);
    await vscode.waitForSquiggles((list) => !list.some((s) => s.severity === 'error'));
    assert.match(await vscode.lineText(CP_LINE), /zones dc-east\.az1 dc-east\.az2 dc-east\.az3/);
  }),
);

test('saving the fixed topology writes the generated artifacts to disk', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('ha-problem-generate-on-save', async () => {
    const started = Date.now();
    await vscode.save();
    await vscode.waitForStatusBar(GENERATED_MESSAGE, 30_000);
    const files = await filesUnder(generatedDir());
    console.log(`# generated on save in ${Date.now() - started} ms: ${files.join(', ')}`);
    assert.ok(
      files.some((f) => /install-config\.yaml$/.test(f)),
      `no install-config.yaml in ${JSON.stringify(files)}`,
    );
    const first = await fs.readFile(path.join(generatedDir(), files[0]), 'utf8');
    assert.match(first, /topo-hash: sha256:/);
  }),
);
