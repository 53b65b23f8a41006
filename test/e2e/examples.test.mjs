// The examples workspace in the real VS Code (code-server) with the extension installed from the
// freshly built .vsix: activation and the status bar, highlighting, hover, completion, outline,
// survivability code lenses, and the commands of the palette (Generate Now, Open Generated File,
// Simulate a Failure, New Topology). One code-server session for the whole file, on a temp copy
// of examples/ (generation writes into it) plus the fixture topology test/e2e/fixtures/retail/,
// whose lines the position-based steps rely on (the examples evolve with the rules).
// Run: npm run test:e2e (or node --test test/e2e/).

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { installCodeServer } from '../../scripts/code-server.mjs';
import { openVSCode } from './harness.mjs';
import { copyExamples, ensureVsix, filesUnder, ROOT, waitForFiles } from './topo.mjs';

const TEST_TIMEOUT_MS = 2 * 60_000;
const EXAMPLE = 'two-dc-gtm-ltm/sites.topo';
const TOPOLOGY = 'retail';
const SITES = `${TOPOLOGY}/sites.topo`;
const APPS = `${TOPOLOGY}/apps.topo`;
const REGION_LINE = 8; // `region dc-east provider openstack {`
const RTT_LINE = 10; // `  rtt az1 az2 1.1ms  ...`
const CLUSTER_LINE = 20; // `cluster ocp-east {`
const APPS_LAST_LINE = 9; // the closing `}` of app shop

let workspace;
let vscode;

before(
  async () => {
    await installCodeServer(); // a no-op once scripts/e2e-setup.sh ran
    const vsix = ensureVsix();
    workspace = await copyExamples();
    await fs.cp(path.join(ROOT, 'test', 'e2e', 'fixtures', TOPOLOGY), path.join(workspace, TOPOLOGY), {
      recursive: true,
    });
    const started = Date.now();
    vscode = await openVSCode({
      workspace,
      vsix,
      name: 'examples',
      settings: { 'editor.stickyScroll.enabled': false },
    });
    console.log(`# examples: workbench ready in ${Date.now() - started} ms`);
  },
  { timeout: 15 * 60_000 },
);

after(async () => {
  await vscode?.close();
  if (workspace) await fs.rm(workspace, { recursive: true, force: true });
});

test(
  'opening a .topo file of the examples: language mode topo, the extension activates, the status bar says ready',
  { timeout: TEST_TIMEOUT_MS },
  () =>
    vscode.captureOnFailure('examples-activation', async () => {
      const started = Date.now();
      await vscode.openFile(EXAMPLE);
      await vscode.waitForLanguageMode('topo');
      const ready = vscode.page.locator('[id$="topo.status"][aria-label="topo language server ready"]');
      await ready.waitFor({ state: 'visible', timeout: 30_000 });
      console.log(`# language server ready ${Date.now() - started} ms after opening the file`);
      const item = (await vscode.statusBarItems()).find((i) => i.id.endsWith('topo.status'));
      assert.equal(item.text, 'topo');
      assert.equal(await ready.locator('.codicon-check').count(), 1, 'the ready item shows a check mark');
      // The server checked the file: its findings (if any) are topo's, with rule ids.
      const problems = await vscode.waitForProblems(() => true);
      assert.ok(
        problems.filter((p) => p.file === EXAMPLE).every((p) => p.source === 'topo' && p.code),
        JSON.stringify(problems),
      );
      await vscode.openFile(SITES);
      await vscode.waitForProblems((entries) => !entries.some((p) => p.file.startsWith(`${TOPOLOGY}/`)), 30_000);
    }),
);

test(
  'every name of the examples resolves in the editor, as it does for topo validate',
  { timeout: TEST_TIMEOUT_MS },
  () =>
    vscode.captureOnFailure('examples-linking', async () => {
      // The CLI links the examples without an error; the language server must agree once it has
      // built the workspace (a startup race once left hundreds of ref/unresolved behind).
      await vscode.page.waitForTimeout(3_000);
      const problems = await vscode.problems();
      const broken = problems.filter((p) => p.code === 'ref/unresolved' || p.code.startsWith('syntax/'));
      assert.deepEqual(
        broken.slice(0, 5),
        [],
        `${broken.length}+ unresolved names; status bar: ${await vscode.page.locator('#status\\.problems').getAttribute('aria-label')}`,
      );
    }),
);

test("syntax highlighting: tokens carry the grammar's scopes", { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('examples-highlighting', async () => {
    await vscode.openFile(SITES);
    const keyword = await vscode.inspectTokens(REGION_LINE, 2);
    assert.equal(keyword.token, 'region');
    assert.equal(keyword.properties.language, 'topo');
    assert.equal(keyword.scopes[0], 'storage.type.topo');
    assert.equal(keyword.scopes.at(-1), 'source.topo');
    const unit = await vscode.inspectTokens(RTT_LINE, 15); // `1.1ms`
    assert.match(unit.token, /^1\.1/);
    assert.ok(unit.scopes.includes('constant.numeric.unit.topo'), JSON.stringify(unit));
    // Rendered: the keyword and the name get different colours.
    const tokens = await vscode.tokens(REGION_LINE);
    const color = (text) => tokens.find((t) => t.text.trim() === text)?.color;
    assert.ok(color('region') && color('dc-east') && color('region') !== color('dc-east'), JSON.stringify(tokens));
  }),
);

test('hover shows the quorum and RTT facts', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('examples-hover', async () => {
    const text = await vscode.hover(CLUSTER_LINE, 11); // on `ocp-east`
    assert.match(text, /cluster ocp-east/);
    assert.match(text, /control plane: 3 members, majority 2, tolerates 1 failure/);
    assert.match(text, /etcd peer RTT: max 2(\.0)? ?ms/);
  }),
);

test('the survivability code lens is visible over a cluster', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('examples-code-lens', async () => {
    await vscode.goTo(CLUSTER_LINE, 1);
    const lenses = await vscode.waitForCodeLens(/survives any one zone/, 30_000);
    console.log(`# code lenses: ${JSON.stringify(lenses)}`);
  }),
);

test("the outline lists the topology's elements", { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('examples-outline', async () => {
    const rows = await vscode.outline();
    const top = rows.filter((r) => r.level === 1).map((r) => r.label);
    for (const name of ['dc-east', 'ctrl', 'edge1', 'ocp-east']) {
      assert.ok(top.includes(name), `${name} not in the outline: ${JSON.stringify(rows)}`);
    }
    assert.ok(
      rows.some((r) => r.level === 2 && r.label === 'az1'),
      `zones under the region: ${JSON.stringify(rows)}`,
    );
  }),
);

test(
  "completion offers keywords and the names declared in the topology's other files",
  { timeout: TEST_TIMEOUT_MS },
  () =>
    vscode.captureOnFailure('examples-completion', async () => {
      await vscode.openFile(APPS);
      await vscode.goTo(APPS_LAST_LINE, 2); // after the last `}`
      await vscode.type('\n\n');
      const keywords = await vscode.triggerCompletion();
      for (const k of ['app', 'cluster', 'region', 'network']) assert.ok(keywords.includes(k), `keywords: ${keywords}`);
      await vscode.page.keyboard.press('Escape');
      await vscode.type('app probe {\nclusters ');
      const names = await vscode.triggerCompletion();
      assert.ok(names.includes('ocp-east'), `completions: ${names}`); // declared in sites.topo
      await vscode.acceptCompletion('ocp-east');
      assert.match(await vscode.editorText(), /app probe \{\s*clusters ocp-east\s*\}/);
      await vscode.runCommand('File: Revert File');
      await vscode.page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached' });
      // Reverted, not saved: a save would have generated the topology (and the next test relies on it not).
      // The tab is clean before the editor has rendered the reverted text: wait for that too.
      await vscode.page
        .waitForFunction(
          () =>
            !Array.from(
              document.querySelectorAll('.part.editor .editor-group-container.active .monaco-editor .view-line'),
            ).some((l) => l.textContent.includes('app probe')),
          undefined,
          { timeout: 15_000 },
        )
        .catch(() => {});
      assert.doesNotMatch(await vscode.editorText(), /app probe/);
    }),
);

test('"topo: Generate Now" from the command palette writes the artifacts', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('examples-generate-now', async () => {
    const out = path.join(workspace, TOPOLOGY, 'generated');
    await fs.rm(out, { recursive: true, force: true }); // whatever an earlier step wrote
    assert.deepEqual(await filesUnder(out), []);
    await vscode.openFile(SITES);
    const started = Date.now();
    await vscode.runCommand('topo: Generate Now');
    const message = await vscode.waitForNotification(/^topo: generated: wrote \d+ files?/, 60_000);
    const files = await waitForFiles(out);
    console.log(`# Generate Now in ${Date.now() - started} ms: "${message}"; ${files.length} files`);
    assert.ok(
      files.some((f) => f.endsWith('install-config.yaml')),
      JSON.stringify(files),
    );
    assert.equal(Number(/wrote (\d+)/.exec(message)[1]), files.length, `${message} vs ${JSON.stringify(files)}`);
    await vscode.clearNotifications();
  }),
);

test('"topo: Open Generated File…" lists the generated files and opens one', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('examples-open-generated', async () => {
    await vscode.openFile(SITES);
    await vscode.runCommand('topo: Open Generated File…', { keepOpen: true });
    await vscode.pickQuickInput('install-config', /install-config\.yaml$/);
    await vscode.page.locator('.part.editor .tab.active', { hasText: 'install-config.yaml' }).waitFor();
    assert.match(await vscode.editorText(), /apiVersion: v1/);
    // The apps target's files are listed too: the Deployment of app shop on cluster ocp-east.
    await vscode.openFile(SITES);
    await vscode.runCommand('topo: Open Generated File…', { keepOpen: true });
    await vscode.pickQuickInput('apps/ocp-east/shop/deployment', /^shop\/deployment\.yaml$/);
    await vscode.page.locator('.part.editor .tab.active', { hasText: 'deployment.yaml' }).waitFor();
    assert.match(await vscode.editorText(), /kind: Deployment[\s\S]*replicas: 6/);
  }),
);

test('"topo: Simulate a Failure…" offers the failure domains and shows the result', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('examples-simulate', async () => {
    await vscode.openFile(SITES);
    await vscode.runCommand('topo: Simulate a Failure…', { keepOpen: true });
    const domains = await vscode.quickInputLabels();
    assert.ok(domains.includes('dc-east') && domains.includes('dc-east.az1'), `domains: ${domains}`);
    await vscode.pickQuickInput('dc-east.az1', 'dc-east.az1');
    // The result opens in the markdown preview: a webview tab, whose content lives in a frame.
    const tab = vscode.page.locator('.part.editor .tab.active', { hasText: /Preview .*dc-east\.az1 fails/ });
    await tab.waitFor({ timeout: 30_000 });
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline && !/If dc-east\.az1 fails/.test(text)) {
      for (const frame of vscode.page.frames().filter((f) => f !== vscode.page.mainFrame())) {
        const body = await frame
          .locator('body')
          .innerText({ timeout: 1_000 })
          .catch(() => '');
        if (/fails/.test(body)) text = body;
      }
      await vscode.page.waitForTimeout(250);
    }
    assert.match(text, /If dc-east\.az1 fails/);
    assert.match(text, /ocp-east keeps quorum/);
    await vscode.screenshot('examples-simulate');
  }),
);

test(
  '"topo: New Topology from a Seed Architecture…" copies a seed into a new folder and opens it',
  { timeout: TEST_TIMEOUT_MS },
  () =>
    vscode.captureOnFailure('examples-new-topology', async () => {
      await vscode.runCommand('topo: New Topology from a Seed Architecture…', { keepOpen: true });
      await vscode.pickQuickInput('stretched-ocp-ipi-rpn', 'stretched-ocp-ipi-rpn', { keepOpen: true });
      const input = vscode.page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      assert.equal(await input.inputValue(), 'stretched-ocp-ipi-rpn');
      await input.fill('my-platform');
      await vscode.page.keyboard.press('Enter');
      await vscode.page
        .locator('.part.editor .tab.active', { hasText: 'stretched-ocp-ipi-rpn.topo' })
        .waitFor({ timeout: 30_000 });
      await vscode.waitForLanguageMode('topo');
      const text = await fs.readFile(path.join(workspace, 'my-platform', 'stretched-ocp-ipi-rpn.topo'), 'utf8');
      assert.match(text, /^topology my-platform$/m);
    }),
);
