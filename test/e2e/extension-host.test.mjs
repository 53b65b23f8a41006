// The @vscode/test-electron suite (test/vscode/suite/) run in code-server's VS Code server instead
// of VS Code desktop, which cannot be downloaded here: the extension loaded from the repo
// (--extensionDevelopmentPath) and the suite as --extensionTestsPath, through the workbench URL.
// `npm run test:vscode` runs the same suite in VS Code desktop where one is available.

import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { installCodeServer } from '../../scripts/code-server.mjs';
import { prepareWorkspace, runInCodeServer } from '../vscode/host.mjs';
import { ensureVsix, ROOT } from './topo.mjs';

test("the extension-host suite passes in code-server's VS Code server", { timeout: 10 * 60_000 }, async (t) => {
  await installCodeServer();
  ensureVsix(); // builds out/ when missing; the suite loads the extension from the repo itself
  const workspace = await prepareWorkspace();
  try {
    const started = Date.now();
    const { exitCode, lines } = await runInCodeServer({
      workspace,
      logFile: path.join(ROOT, 'test-results', 'e2e', 'extension-host.code-server.log'),
    });
    for (const line of lines) t.diagnostic(line);
    t.diagnostic(`extension-host suite in ${Date.now() - started} ms`);
    assert.ok(
      lines.some((l) => /^extension host: \d+ passed, 0 failed/.test(l)),
      lines.join('\n'),
    );
    assert.equal(exitCode, 0, lines.filter((l) => !l.startsWith('ok -')).join('\n'));
  } finally {
    await fs.rm(workspace, { recursive: true, force: true });
  }
});
