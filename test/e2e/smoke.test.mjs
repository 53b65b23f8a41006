// Proves the e2e harness against a real VS Code (code-server) with only built-in
// extensions. Run: node --test test/e2e/  (needs scripts/e2e-setup.sh once).

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { before, test } from 'node:test';
import { installCodeServer } from '../../scripts/code-server.mjs';
import { openVSCode } from './harness.mjs';

const TEST_TIMEOUT_MS = 3 * 60_000;

/** A temp workspace holding `files` ({ relative path: content }). */
async function makeWorkspace(files) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'topo-e2e-'));
  for (const [name, content] of Object.entries(files)) await fs.writeFile(path.join(dir, name), content);
  return dir;
}

// A no-op when scripts/e2e-setup.sh already ran; keeps the tests' own timeouts tight.
before(() => installCodeServer(), { timeout: 15 * 60_000 });

test('workbench opens a JSON file, shows its language and the Problems panel', {
  timeout: TEST_TIMEOUT_MS,
}, async (t) => {
  const workspace = await makeWorkspace({ 'hello.json': '{\n  "hello": "world"\n}\n' });
  let vscode;
  try {
    const started = Date.now();
    vscode = await openVSCode({ workspace, name: 'smoke' });
    t.diagnostic(`code-server + workbench ready in ${Date.now() - started} ms`);
    await vscode.captureOnFailure('smoke', async () => {
      await vscode.openFile('hello.json');
      await vscode.waitForLanguageMode('JSON');
      const items = await vscode.statusBarItems();
      assert.ok(
        items.some((item) => item.id === 'status.editor.mode' && item.text === 'JSON'),
        `no JSON language item in ${JSON.stringify(items)}`,
      );

      await vscode.runCommand('View: Toggle Problems');
      await vscode.page.locator('.markers-panel').waitFor({ state: 'visible' });
      assert.deepEqual(await vscode.problems(), []);
      await vscode.screenshot('smoke');
    });
  } finally {
    await vscode?.close();
    await fs.rm(workspace, { recursive: true, force: true });
  }
});

test('harness reads problems, hovers, completions, quick fixes and tokens', { timeout: TEST_TIMEOUT_MS }, async () => {
  // The built-in TypeScript and JSON extensions stand in for a language server.
  const workspace = await makeWorkspace({
    'broken.json': '{\n  "a": 1\n  "b": 2\n}\n',
    'hello.ts': 'const answer: number = 42;\nconsol.log(answer);\nanswer.\n',
  });
  let vscode;
  try {
    vscode = await openVSCode({ workspace, name: 'harness' });
    await vscode.captureOnFailure('harness', async () => {
      await vscode.openFile('broken.json');
      await vscode.openFile('hello.ts');
      await vscode.waitForLanguageMode('TypeScript');

      // tsserver starts lazily: allow it time for the first diagnostics.
      const problems = await vscode.waitForProblems(
        (entries) => entries.some((p) => p.code === '2552') && entries.some((p) => p.file === 'broken.json'),
        60_000,
      );
      assert.deepEqual(
        problems.find((p) => p.file === 'broken.json'),
        {
          severity: 'error',
          message: 'Expected comma',
          source: 'json',
          code: '514',
          href: '',
          file: 'broken.json',
          line: 3,
          column: 3,
        },
      );
      assert.deepEqual(
        problems.find((p) => p.code === '2552'),
        {
          severity: 'error',
          message: "Cannot find name 'consol'. Did you mean 'console'?",
          source: 'ts',
          code: '2552',
          href: '',
          file: 'hello.ts',
          line: 2,
          column: 1,
        },
      );

      assert.match(await vscode.hover(1, 8), /const answer: number/);

      const labels = await vscode.triggerCompletion(3, 8);
      assert.ok(labels.includes('toFixed'), `completions: ${labels}`);
      await vscode.acceptCompletion('toFixed');

      const fixes = await vscode.quickFix(2, 3, "Change spelling to 'console'");
      assert.ok(fixes.includes("Change spelling to 'console'"), `quick fixes: ${fixes}`);
      await vscode.waitForProblems((entries) => !entries.some((p) => p.file === 'hello.ts'), 30_000);
      assert.equal(await vscode.editorText(), 'const answer: number = 42;\nconsole.log(answer);\nanswer.toFixed\n');

      // Syntax highlighting: `const` is a keyword span with its own mtk class.
      const tokens = await vscode.tokens(1);
      const keyword = tokens.find((token) => token.text === 'const');
      assert.match(keyword.className, /\bmtk\d+\b/);
      assert.notEqual(keyword.className, tokens.find((token) => token.text.includes('answer')).className);
      const inspected = await vscode.inspectTokens(1, 3);
      assert.equal(inspected.token, 'const');
      assert.equal(inspected.properties.language, 'typescript');
      assert.deepEqual(inspected.scopes, ['storage.type.ts', 'meta.var.expr.ts', 'source.ts']);
    });
  } finally {
    await vscode?.close();
    await fs.rm(workspace, { recursive: true, force: true });
  }
});
