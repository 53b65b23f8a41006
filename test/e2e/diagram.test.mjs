// The diagram view in the real VS Code (code-server), extension installed from the .vsix: the
// editor-title button opens it beside the editor; a click on a zone shows that zone's failure,
// marked exactly as `topo simulate --json` says; a click on a cluster selects its name in the
// editor; the cursor in a declaration highlights its element; an edit shows in the view.
// Run: npm run test:e2e (or node --test test/e2e/diagram.test.mjs).
// UPDATE_SCREENSHOTS=1 also refreshes images/diagram-vscode.png (the README's screenshot).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { installCodeServer } from '../../scripts/code-server.mjs';
import { openVSCode } from './harness.mjs';
import { copyExamples, ensureVsix, publishScreenshot, ROOT } from './topo.mjs';

const TEST_TIMEOUT_MS = 2 * 60_000;
const FOLDER = 'two-dc-gtm-ltm/corrected';
const SITES = `${FOLDER}/sites.topo`;
const APPS = `${FOLDER}/apps.topo`;

let workspace;
let vscode;
/** The diagram's webview frame, once open. */
let view;
/**
 * Requests the webviews made to anywhere but code-server (the view works offline: none). The
 * extension's own files come through VS Code's resource host, which the webview's service worker
 * answers from code-server: those are fine.
 */
const external = [];
const RESOURCE_HOST = /\.vscode-resource\.vscode-cdn\.net$/;

before(
  async () => {
    await installCodeServer();
    const vsix = ensureVsix();
    workspace = await copyExamples();
    vscode = await openVSCode({
      workspace,
      vsix,
      name: 'diagram',
      viewport: { width: 1680, height: 1000 },
      settings: { 'editor.stickyScroll.enabled': false, 'workbench.startupEditor': 'none' },
    });
    vscode.page.on('request', (request) => {
      const frame = request.frame();
      const url = new URL(request.url());
      if (
        !frame.url().includes('/webview/') ||
        !/^https?:$/.test(url.protocol) ||
        ['127.0.0.1', 'localhost'].includes(url.hostname)
      )
        return;
      if (RESOURCE_HOST.test(url.hostname) && url.pathname.includes('/extensions/topo-dev.topo-')) return;
      external.push(request.url());
    });
  },
  { timeout: 15 * 60_000 },
);

after(async () => {
  await vscode?.close();
  if (workspace) await fs.rm(workspace, { recursive: true, force: true });
});

/** The line (1-based) of the first line of `file` matching `pattern`. */
async function lineOf(file, pattern) {
  const lines = (await fs.readFile(path.join(workspace, file), 'utf8')).split('\n');
  return lines.findIndex((l) => pattern.test(l)) + 1;
}

/** Accepts the save dialog (code-server's, a quick input holding the path) where it offers `file`. */
async function exportTo(file) {
  const input = vscode.page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await vscode.page.waitForFunction(
    (name) =>
      /** @type {HTMLInputElement | null} */ (
        document.querySelector('.quick-input-widget .quick-input-box input')
      )?.value.endsWith(name),
    path.basename(file),
    { timeout: 15_000 },
  );
  await input.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 15_000 });
}

/** The content of `file` once it is written. */
async function waitForFile(file, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const data = await fs.readFile(file).catch(() => undefined);
    if (data?.length) return data;
    if (Date.now() > deadline) throw new Error(`${file} was not written within ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** data-id → data-state of the boxes the view marks. */
function marked() {
  return view
    .locator('.node[data-state]')
    .evaluateAll((nodes) =>
      Object.fromEntries(nodes.map((n) => [n.getAttribute('data-id'), n.getAttribute('data-state')])),
    );
}

/** What `topo simulate --json --fail <domain>` says, as the boxes it marks (zones, sites, clusters, load balancers, apps). */
function simulated(domain) {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'out/server/cli.cjs'), 'simulate', path.join(workspace, FOLDER), '--fail', domain, '--json'],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const f = JSON.parse(r.stdout);
  const out = {};
  for (const z of f.zonesDown) out[`zone:${z}`] = 'failed';
  for (const g of f.regionsDown) out[`region:${g}`] = 'failed';
  for (const l of f.loadBalancersDown) out[`lb:${l.loadBalancer}`] = 'down';
  if (f.kind === 'loadBalancer') out[`lb:${f.domain}`] = 'failed';
  for (const c of f.clusters) out[`cluster:${c.cluster}`] = c.serving ? 'degraded' : 'down';
  for (const a of f.apps) {
    if (!a.served || a.dataUnavailable) out[`app:${a.app}`] = 'down';
    else if (a.left < a.replicas) out[`app:${a.app}`] = 'degraded';
  }
  const gslbs = new Map();
  for (const g of f.gslbNames) gslbs.set(g.gslb, [...(gslbs.get(g.gslb) ?? []), g]);
  for (const [g, names] of gslbs) out[`gslb:${g}`] = names.some((n) => !n.failsOver) ? 'down' : 'degraded';
  return out;
}

test('the editor-title button opens the diagram beside the editor', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('diagram-open', async () => {
    await vscode.openFile(SITES, { timeout: 60_000 });
    await vscode.waitForLanguageMode('topo');
    await vscode.page
      .locator('[id$="topo.status"][aria-label="topo language server ready"]')
      .waitFor({ timeout: 30_000 });
    const started = Date.now();
    await vscode.page.locator('.part.editor .editor-actions .action-label[aria-label="Open Diagram"]').first().click();
    view = await vscode.webviewFrame('#canvas svg [data-id="region:dc-fra"]', 60_000);
    console.log(`# diagram shown ${Date.now() - started} ms after the click`);
    // Anything the view's policy refuses from now on (a style attribute, an image, a script) is recorded.
    await view.evaluate(() => {
      /** @type {string[]} */
      const violations = [];
      /** @type {any} */ (window).topoViolations = violations;
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    for (const id of [
      'region:dc-fra',
      'region:dc-mad',
      'zone:dc-fra.az1',
      'zone:dc-mad.az3',
      'cluster:ocp-fra',
      'cluster:ocp-mad',
      'gslb:gtm',
      'lb:ltm-fra',
      'app:ledger',
    ]) {
      assert.equal(await view.locator(`[data-id="${id}"]`).count(), 1, id);
    }
    assert.deepEqual(await marked(), {});
    // Beside the editor: two editor groups, the view's tab active in the second.
    await vscode.page
      .locator('.part.editor .editor-group-container .tab.active', { hasText: 'Diagram: two-dc-gtm-ltm-corrected' })
      .waitFor();
    assert.equal(await vscode.page.locator('.part.editor .editor-group-container').count(), 2);
  }),
);

test('a click on a zone shows its failure, marked as topo simulate says', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('diagram-fail-zone', async () => {
    await view.locator('[data-id="zone:dc-fra.az1"] > text.title').click();
    await view.locator('[data-id="zone:dc-fra.az1"][data-state="failed"]').waitFor({ timeout: 30_000 });
    const expected = simulated('dc-fra.az1');
    assert.deepEqual(await marked(), expected);
    assert.equal(expected['cluster:ocp-fra'], 'degraded');
    assert.match(await view.locator('#status').innerText(), /If zone dc-fra\.az1 fails/);
    // The members in the other zones of the degraded cluster are marked in their zones too.
    assert.ok(
      await view
        .locator('[data-id="zone:dc-fra.az2"] .row[data-element="cluster:ocp-fra"][data-state="degraded"]')
        .count(),
    );
    // Clicking it again clears the failure; the list shows the same.
    await view.locator('[data-id="zone:dc-fra.az1"] > text.title').click();
    await view.locator('.node[data-state]').first().waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await view.locator('#failure').inputValue(), '');
  }),
);

test(
  'a click on a cluster selects its name in the editor; the cursor highlights the element it is in',
  { timeout: TEST_TIMEOUT_MS },
  () =>
    vscode.captureOnFailure('diagram-reveal', async () => {
      const line = await lineOf(SITES, /^cluster ocp-mad \{/);
      await view.locator('[data-id="cluster:ocp-mad"] > text.title').click();
      // `ocp-mad` selected: the status bar shows the cursor at its end, column 9 + 7.
      await vscode.page
        .locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col 16 (7 selected)` })
        .waitFor({ timeout: 15_000 });
      assert.match(await vscode.page.locator('.part.editor .tab.active').first().innerText(), /sites\.topo/);
      // The cursor in ocp-fra's block highlights ocp-fra.
      const inFra = (await lineOf(SITES, /^cluster ocp-fra \{/)) + 3;
      await vscode.goTo(inFra, 3);
      await view.locator('.node.selected[data-id="cluster:ocp-fra"]').waitFor({ timeout: 15_000 });
      assert.equal(await view.locator('.node.selected').count(), 1);
    }),
);

test('an edit shows in the view without saving, keeping its zoom and position', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('diagram-live', async () => {
    await view.locator('#zoom-in').click();
    const transform = await view.locator('#canvas').evaluate((c) => c.style.transform);
    await vscode.page.keyboard.press('Control+1'); // the editor's group, not the view's
    await vscode.openFile(APPS);
    const line = await lineOf(APPS, /^\s+replicas 6\b/);
    await vscode.goTo(line, 13); // after `replicas 6`
    const started = Date.now();
    await vscode.type('0');
    await view
      .locator('[data-id="app:storefront"] .subtitle', { hasText: 'app · 60 replicas' })
      .waitFor({ timeout: 15_000 });
    const ms = Date.now() - started;
    // Within a second on an idle machine; this suite often shares its cores with other jobs, so
    // the bound grows with the load per core (the figure is logged either way).
    const load = os.loadavg()[0] / os.cpus().length;
    const budget = 1000 * Math.max(1, load);
    console.log(
      `# the view followed the edit in ${ms} ms (budget ${Math.round(budget)} ms at a load of ${load.toFixed(1)} per core)`,
    );
    assert.ok(ms < budget, `the view followed the edit in ${ms} ms, over its budget of ${Math.round(budget)} ms`);
    assert.equal(await view.locator('#canvas').evaluate((c) => c.style.transform), transform);
    await vscode.page.keyboard.press('Control+Z');
    await view
      .locator('[data-id="app:storefront"] .subtitle', { hasText: 'app · 6 replicas' })
      .waitFor({ timeout: 15_000 });
  }),
);

test('a failure picked from the palette, exported as SVG and as PNG', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('diagram-export', async () => {
    await vscode.runCommand('topo: Show a Failure on the Diagram…', { keepOpen: true });
    await vscode.pickQuickInput('ltm-fra-api', 'load balancer ltm-fra-api');
    await view.locator('[data-id="lb:ltm-fra-api"][data-state="failed"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await marked(), simulated('lb:ltm-fra-api'));
    const svgFile = path.join(workspace, FOLDER, 'two-dc-gtm-ltm-corrected-lb-ltm-fra-api.svg');
    const pngFile = svgFile.replace(/\.svg$/, '.png');
    // The save dialog (code-server's own, a quick input) offers the topology's folder and a name.
    await view.locator('#export-svg').click();
    await exportTo(svgFile);
    const svg = await waitForFile(svgFile);
    assert.match(
      svg.toString('utf8'),
      /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="topo-diagram" width="(\d+)"/,
    );
    assert.match(svg.toString('utf8'), /<style>/); // a file on its own, as topo diagram writes it
    assert.match(svg.toString('utf8'), /data-id="lb:ltm-fra-api" data-kind="loadBalancer" data-state="failed"/);
    await view.locator('#export-png').click();
    await exportTo(pngFile);
    const png = await waitForFile(pngFile);
    assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
    // Drawn in the view at twice the SVG's size.
    assert.equal(png.readUInt32BE(16), 2 * Number(/width="(\d+)"/.exec(svg.toString('utf8'))[1]));
    await view.locator('#failure').selectOption('');
    await view.locator('.node[data-state]').first().waitFor({ state: 'detached', timeout: 30_000 });
  }),
);

test('the view follows the theme: light, dark, high contrast', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('diagram-theme', async () => {
    /** The view's body class, its background, and the diagram's background and text colours. */
    const colours = () =>
      view.evaluate(() => {
        const svg = document.querySelector('#canvas svg');
        const style = (selector, property) => getComputedStyle(svg.querySelector(selector))[property];
        return {
          kind: document.body.className,
          body: getComputedStyle(document.body).backgroundColor,
          bg: style('.bg', 'fill'),
          title: style('.region > text.title', 'fill'),
          zone: style('.zone > .box', 'stroke'),
        };
      });
    const seen = [];
    for (const [theme, kind] of [
      ['Light Modern', 'vscode-light'],
      ['Dark High Contrast', 'vscode-high-contrast'],
      ['Dark Modern', 'vscode-dark'],
    ]) {
      await vscode.runCommand('Preferences: Color Theme', { keepOpen: true });
      await vscode.pickQuickInput(theme, theme);
      await view.locator(`body.${kind}`).waitFor({ timeout: 15_000 });
      const c = await colours();
      // The diagram's background is the editor's, its text the editor's foreground.
      assert.equal(c.bg, c.body, theme);
      assert.notEqual(c.title, c.bg, theme);
      seen.push(c);
    }
    assert.equal(new Set(seen.map((c) => c.bg)).size, 3);
    // High contrast: the zones' borders are the theme's contrast border.
    assert.equal(seen[1].zone, 'rgb(111, 195, 223)');
  }),
);

test('the view kept to its Content-Security-Policy and fetched nothing from the network', {
  timeout: TEST_TIMEOUT_MS,
}, async () => {
  const csp = await view.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );
  // Nothing but the view's own script and style (by nonce) and the PNG export's data: image.
  assert.deepEqual(Object.keys(directives).sort(), ['default-src', 'img-src', 'script-src', 'style-src']);
  assert.equal(directives['default-src'], "'none'");
  assert.equal(directives['img-src'], 'data:');
  assert.match(directives['script-src'], /^'nonce-[A-Za-z0-9+/=]+'$/);
  assert.equal(directives['style-src'], directives['script-src']);
  assert.deepEqual(await view.evaluate(() => /** @type {any} */ (window).topoViolations), []);
  assert.deepEqual(external, []);
});

test('a site failure on the diagram beside its topology (the README screenshot)', { timeout: TEST_TIMEOUT_MS }, () =>
  vscode.captureOnFailure('diagram-site', async () => {
    await vscode.page.keyboard.press('Control+1');
    await vscode.openFile(SITES);
    await vscode.goTo(await lineOf(SITES, /^site dc-fra /), 1);
    await vscode.runCommand('View: Toggle Primary Side Bar Visibility');
    await view.locator('#fit').click();
    await view.locator('[data-id="region:dc-fra"] > text.title').click();
    await view.locator('[data-id="region:dc-fra"][data-state="failed"]').waitFor({ timeout: 30_000 });
    assert.deepEqual(await marked(), simulated('dc-fra'));
    assert.equal(await view.locator('#failure').inputValue(), 'region:dc-fra');
    // Closer on the failed site for the picture.
    await view.locator('[data-id="region:dc-fra"] > rect.box').hover({ force: true }); // its centre, over the boxes inside
    for (let i = 0; i < 3; i++) await vscode.page.mouse.wheel(0, -100);
    await vscode.page.waitForTimeout(500);
    const shot = await vscode.screenshot('diagram-vscode');
    await publishScreenshot(shot, 'diagram-vscode.png');
  }),
);
