// Entry point of the extension-host test suite (VS Code's --extensionTestsPath): runs every
// suite/*.test.cjs inside the extension host, with the `vscode` API, against the topo extension
// loaded from --extensionDevelopmentPath. A small mocha-style runner (suite/test/before/after),
// so the suite needs no test framework in the extension host.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const DEFAULT_TIMEOUT_MS = 60_000;

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]);
}

async function run() {
  const suites = [];
  let current;
  global.suite = (name, fn) => {
    current = { name, tests: [], before: [], after: [] };
    suites.push(current);
    fn();
    current = undefined;
  };
  global.test = (name, fn, timeout = DEFAULT_TIMEOUT_MS) => current.tests.push({ name, fn, timeout });
  global.suiteSetup = (fn) => current.before.push(fn);
  global.suiteTeardown = (fn) => current.after.push(fn);

  const dir = __dirname;
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.cjs'))
    .sort())
    require(path.join(dir, file));

  const log = (line) => console.log(line); // the launcher echoes the extension host's console
  let passed = 0;
  let failed = 0;
  const started = Date.now();
  for (const s of suites) {
    log(`# ${s.name}`);
    let setupError;
    for (const fn of s.before) {
      try {
        await withTimeout(Promise.resolve().then(fn), DEFAULT_TIMEOUT_MS * 2, 'suiteSetup');
      } catch (e) {
        setupError = e;
        break;
      }
    }
    for (const t of s.tests) {
      const t0 = Date.now();
      try {
        if (setupError) throw new Error(`suiteSetup failed: ${setupError.stack ?? setupError}`);
        await withTimeout(Promise.resolve().then(t.fn), t.timeout, t.name);
        passed++;
        log(`ok - ${s.name}: ${t.name} (${Date.now() - t0} ms)`);
      } catch (e) {
        failed++;
        log(
          `not ok - ${s.name}: ${t.name}\n  ${String(e.stack ?? e)
            .split('\n')
            .join('\n  ')}`,
        );
      }
    }
    for (const fn of s.after)
      await Promise.resolve()
        .then(fn)
        .catch((e) => log(`suiteTeardown failed: ${e}`));
  }
  log(`extension host: ${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (failed || !passed) throw new Error(`${failed} of ${passed + failed} extension-host tests failed`);
}

module.exports = { run };
