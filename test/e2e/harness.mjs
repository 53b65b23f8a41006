// Drives a real VS Code workbench (code-server, see scripts/code-server.mjs) with
// playwright-core and Debian's chromium.
//
//   const session = await openVSCode({ workspace, vsix });
//   try { await session.openFile('hello.json'); ... } finally { await session.close(); }
//
// Selectors are those of VS Code 1.100 (code-server 4.100.x). Every wait is bounded.

import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startCodeServer } from '../../scripts/code-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RESULTS_DIR = path.join(ROOT, 'test-results', 'e2e');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Default bound for a single UI wait. */
export const TIMEOUT_MS = 15_000;
const WORKBENCH_TIMEOUT_MS = 60_000;

const SEL = {
  workbench: '.monaco-workbench',
  statusItem: '#workbench\\.parts\\.statusbar .statusbar-item',
  languageMode: '#status\\.editor\\.mode',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  activeEditor: '.part.editor .editor-group-container.active .monaco-editor',
  problemsPanel: '.markers-panel',
  problemsRow: '.markers-panel .monaco-list-row',
  suggest: '.editor-widget.suggest-widget.visible',
  suggestRow: '.editor-widget.suggest-widget.visible .monaco-list-row',
  actionWidget: '.action-widget',
  actionRow: '.action-widget .monaco-list-row.action',
  tokenInspector: '.token-inspect-widget',
};

/** Starts a headless chromium with a fresh, throw-away profile. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Starts code-server on `workspace` (optionally with a .vsix installed), opens the
 * folder in a fresh chromium and waits for the workbench. Returns a VSCode session
 * whose close() stops both.
 * @param {{ workspace: string, vsix?: string, settings?: object, workspaceTrust?: boolean, name?: string,
 *   viewport?: { width: number, height: number } }} options
 */
export async function openVSCode({
  workspace,
  vsix,
  settings,
  workspaceTrust,
  name = 'e2e',
  viewport = { width: 1400, height: 900 },
}) {
  await fs.mkdir(RESULTS_DIR, { recursive: true });
  const server = await startCodeServer({
    workspace,
    vsix,
    settings,
    workspaceTrust,
    logFile: path.join(RESULTS_DIR, `${name}.code-server.log`),
  });
  let browser;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(TIMEOUT_MS);
    const session = new VSCode(page, server, browser, workspace);
    await session.load();
    return session;
  } catch (err) {
    await browser?.close().catch(() => {});
    await server.stop();
    throw err;
  }
}

export class VSCode {
  constructor(page, server, browser, workspace) {
    this.page = page;
    this.server = server;
    this.browser = browser;
    this.workspace = path.resolve(workspace);
  }

  /** Navigates to the workbench (URL with ?folder=) and waits until it is usable. */
  async load() {
    await this.page.goto(this.server.folderUrl, { timeout: WORKBENCH_TIMEOUT_MS });
    await this.page.locator(SEL.workbench).waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
    // The problems counter is contributed once the workbench has restored its
    // parts, and the explorer lists the folder once the remote file system is up.
    await this.page.locator('#status\\.problems').waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
    await this.page
      .locator('.explorer-folders-view .monaco-list-row')
      .first()
      .waitFor({ timeout: WORKBENCH_TIMEOUT_MS });
  }

  /** Stops chromium and code-server; safe to call twice. */
  async close() {
    await this.browser.close().catch(() => {});
    await this.server.stop();
  }

  /** Saves a screenshot of the whole window to test-results/e2e/<name>.png. */
  async screenshot(name) {
    const file = path.join(RESULTS_DIR, `${name}.png`);
    await fs.mkdir(RESULTS_DIR, { recursive: true });
    await this.page.screenshot({ path: file, timeout: TIMEOUT_MS });
    return file;
  }

  /**
   * Runs `fn`; if it throws, screenshots the window to test-results/e2e/<name>.png first, and adds
   * to the error what a CI log needs to tell why: the webviews' frames (does any hold a page, what
   * its status line says) and the end of the extension's log (the language server's messages).
   */
  async captureOnFailure(name, fn) {
    try {
      return await fn(this);
    } catch (err) {
      const file = await this.screenshot(name).catch(() => undefined);
      if (file) err.message += `\n(screenshot: ${path.relative(ROOT, file)})`;
      err.message += `\n${await this.webviewReport().catch((e) => `webviews: not read (${e.message})`)}`;
      err.message += `\n${await this.extensionLog().catch((e) => `extension log: not read (${e.message})`)}`;
      throw err;
    }
  }

  /** The frames of the page besides the workbench: their URL's path and, if any, their status line. */
  async webviewReport() {
    const lines = [];
    for (const frame of this.page.frames()) {
      if (frame === this.page.mainFrame()) continue;
      const url = new URL(frame.url() || 'about:blank');
      const status = await frame
        .locator('#status')
        .innerText({ timeout: 1_000 })
        .catch(() => undefined);
      const svg = await frame
        .locator('#canvas svg')
        .count()
        .catch(() => 0);
      lines.push(
        `  ${url.protocol}${url.pathname}${status === undefined ? '' : ` #status=${JSON.stringify(status)} svg=${svg}`}`,
      );
    }
    return `webview frames (${lines.length}):\n${lines.join('\n')}`;
  }

  /** The last lines of the topo extension's output channel (its log file in the profile). */
  async extensionLog(lines = 40) {
    const logs = path.join(this.server.userDataDir, 'logs');
    const files = (await fs.readdir(logs, { recursive: true }))
      .filter((f) => f.endsWith(path.join('topo-dev.topo', 'topo.log')))
      .map((f) => path.join(logs, f));
    if (!files.length) return 'extension log: none written';
    const text = (await Promise.all(files.map((f) => fs.readFile(f, 'utf8')))).join('');
    if (!text.trim()) return 'extension log: empty';
    const tail = text.trimEnd().split('\n').slice(-lines);
    return `extension log (last ${tail.length} lines):\n${tail.map((l) => `  ${l}`).join('\n')}`;
  }

  // --- quick input (Quick Open and the command palette) ----------------------

  /**
   * Types `text` into the open quick input and accepts the first row whose label is `label`
   * (a string: exactly; a RegExp: matching). Waits for the widget to close unless `keepOpen`
   * (the command opens another quick input: a pick list, an input box). `description` picks,
   * among rows of the same label, the one with that description (a file's folder in Quick Open).
   * @param {string} text
   * @param {string | RegExp} label
   * @param {{ keepOpen?: boolean, timeout?: number, description?: string }} [options]
   */
  async pickQuickInput(text, label, { keepOpen = false, timeout = TIMEOUT_MS, description } = {}) {
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible' });
    const matcher = typeof label === 'string' ? exactText(label) : label;
    let withLabel = { has: this.page.locator('.label-name', { hasText: matcher }) };
    // Several folders hold a sites.topo: the row's description (its folder) tells them apart.
    if (description) {
      withLabel = {
        has: this.page
          .locator('.monaco-icon-label', { has: this.page.locator('.label-name', { hasText: matcher }) })
          .filter({ has: this.page.locator('.label-description', { hasText: description }) }),
      };
    }
    await input.fill(text);
    const row = this.page.locator(SEL.quickInputRow).filter(withLabel).first();
    await row.waitFor({ state: 'visible', timeout });
    await this.acceptWithKeyboard(SEL.quickInputRow, withLabel);
    if (keepOpen)
      await row.waitFor({ state: 'hidden' }); // this list is gone; the next may follow
    else await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
  }

  /** Labels of the rows of the open quick input (the rendered ones). */
  async quickInputLabels() {
    await this.page.locator(SEL.quickInputRow).first().waitFor({ state: 'visible' });
    return this.page
      .locator(SEL.quickInputRow)
      .evaluateAll((rows) => rows.map((r) => r.querySelector('.label-name')?.textContent.trim() ?? ''));
  }

  /**
   * Moves a list's focus down to the first row of `rowSelector` matching `filter`
   * (a Playwright locator filter) and presses Enter. Lists are driven with the
   * keyboard: clicking leaves the mouse over the editor or a tab, where it raises
   * stray hovers, and rows of animated widgets (quick fix) never count as "stable"
   * for a Playwright click.
   */
  async acceptWithKeyboard(rowSelector, filter, maxSteps = 50) {
    const focusedMatch = this.page.locator(`${rowSelector}.focused`).filter(filter);
    for (let i = 0; i < maxSteps && (await focusedMatch.count()) === 0; i++) {
      await this.page.keyboard.press('ArrowDown');
    }
    await focusedMatch.waitFor({ state: 'visible', timeout: 1_000 });
    await this.page.keyboard.press('Enter');
  }

  /** Opens a workspace file via Quick Open (Ctrl+P) and waits for its editor (`timeout`: for the first search of a large workspace). */
  async openFile(relativePath, { timeout = TIMEOUT_MS } = {}) {
    await this.page.keyboard.press('Control+P');
    const folder = path.dirname(relativePath);
    await this.pickQuickInput(relativePath, path.basename(relativePath), {
      description: folder === '.' ? undefined : folder,
      timeout,
    });
    const tab = this.page.locator('.part.editor .tab.active', { hasText: path.basename(relativePath) });
    await tab.waitFor({ state: 'visible' });
    await this.page.locator(SEL.activeEditor).waitFor({ state: 'visible' });
  }

  /**
   * Runs a command by its palette label, e.g. 'View: Toggle Problems'. With `keepOpen`, does
   * not wait for the palette to close: for commands that ask with a quick pick or an input box.
   */
  async runCommand(label, { keepOpen = false } = {}) {
    await this.page.keyboard.press('F1');
    await this.pickQuickInput(`>${label}`, label, { keepOpen });
  }

  // --- webviews -----------------------------------------------------------------

  /**
   * The frame of the webview whose document holds `selector`: a webview's page lives in an
   * iframe inside the workbench's webview iframe, so the frames are searched.
   */
  async webviewFrame(selector, timeout = TIMEOUT_MS) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        if (
          await frame
            .locator(selector)
            .count()
            .catch(() => 0)
        )
          return frame;
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview shows ${selector} within ${timeout} ms`);
  }

  // --- status bar -------------------------------------------------------------

  /** All status bar items: { id, text, ariaLabel }, left to right. */
  statusBarItems() {
    return this.page.locator(SEL.statusItem).evaluateAll((items) =>
      items
        .filter((item) => item.offsetParent !== null) // skip hidden entries
        .map((item) => ({
          id: item.id,
          text: item.textContent.trim(),
          ariaLabel: item.getAttribute('aria-label') ?? '',
        })),
    );
  }

  /** Waits until a status bar entry's text matches `pattern` (e.g. a status bar message); returns that text. */
  async waitForStatusBar(pattern, timeout = TIMEOUT_MS) {
    const deadline = Date.now() + timeout;
    let seen = [];
    while (Date.now() < deadline) {
      seen = (await this.statusBarItems()).map((item) => item.text);
      const hit = seen.find((text) => pattern.test(text));
      if (hit) return hit;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`no status bar entry matches ${pattern} within ${timeout} ms; seen: ${JSON.stringify(seen)}`);
  }

  /** The language mode shown in the status bar for the active editor, e.g. 'JSON'. */
  async languageMode() {
    const item = this.page.locator(SEL.languageMode);
    await item.waitFor({ state: 'visible' });
    return (await item.textContent()).trim();
  }

  /** Waits until the language mode indicator reads `expected`. */
  async waitForLanguageMode(expected, timeout = TIMEOUT_MS) {
    await this.page.locator(SEL.languageMode, { hasText: exactText(expected) }).waitFor({ timeout });
  }

  // --- problems panel ---------------------------------------------------------

  /** Opens the Problems panel (focusing it) and waits for it to render. */
  async showProblems() {
    await this.runCommand('Problems: Focus on Problems View');
    await this.page.locator(SEL.problemsPanel).waitFor({ state: 'visible' });
  }

  /**
   * Entries of the Problems panel as { severity, message, source, code, file, line, column },
   * `file` relative to the workspace. Opens the panel if needed. The tree's rows are
   * virtualised: only what fits in the panel is rendered, so keep test workspaces small.
   */
  async problems() {
    if (!(await this.page.locator(SEL.problemsPanel).isVisible())) await this.showProblems();
    const entries = await this.page.locator(SEL.problemsRow).evaluateAll((rows) => {
      let file = '';
      const found = [];
      for (const row of rows) {
        const fileLabel = row.querySelector('.resource-label-container .monaco-icon-label');
        if (fileLabel) {
          file = fileLabel.getAttribute('aria-label'); // absolute path of the file row
          continue;
        }
        const icon = row.querySelector('.marker-icon');
        if (!icon) continue; // "related information" rows under a marker
        const text = (selector) => row.querySelector(selector)?.textContent.trim() ?? '';
        const position = /\[Ln (\d+), Col (\d+)\]/.exec(text('.marker-line'));
        found.push({
          severity: ['error', 'warning', 'info'].find((s) => icon.classList.contains(s)) ?? 'hint',
          message: text('.marker-message'),
          source: text('.marker-source'),
          code: text('.marker-code'),
          // A code with a codeDescription is a link to the rule's documentation.
          href: row.querySelector('a.monaco-link .marker-code')?.closest('a').getAttribute('href') ?? '',
          file,
          line: position ? Number(position[1]) : undefined,
          column: position ? Number(position[2]) : undefined,
        });
      }
      return found;
    });
    return entries.map((entry) => ({ ...entry, file: path.relative(this.workspace, entry.file) }));
  }

  /** Polls problems() until `predicate(entries)` holds; returns the entries. */
  async waitForProblems(predicate, timeout = TIMEOUT_MS) {
    const deadline = Date.now() + timeout;
    let entries = [];
    while (Date.now() < deadline) {
      entries = await this.problems();
      if (predicate(entries)) return entries;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`Problems did not match within ${timeout} ms; last seen: ${JSON.stringify(entries)}`);
  }

  // --- editor -----------------------------------------------------------------

  /** Moves the cursor of the active editor to 1-based `line`, `column` (Go to Line, Ctrl+G). */
  async goTo(line, column = 1) {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator(SEL.quickInputBox);
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator(SEL.quickInput).waitFor({ state: 'hidden' });
    await this.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  async focusEditor() {
    await this.page
      .locator(`${SEL.activeEditor} textarea.inputarea, ${SEL.activeEditor} .native-edit-context`)
      .first()
      .focus();
  }

  /** Types text at the cursor of the active editor. */
  async type(text) {
    await this.focusEditor();
    await this.page.keyboard.type(text);
  }

  /** Shows the editor hover at a position (keyboard: Ctrl+K Ctrl+I) and returns its text. */
  async hover(line, column) {
    await this.goTo(line, column);
    await this.page.keyboard.press('Control+K');
    await this.page.keyboard.press('Control+I');
    // The editor's own hover lives in its overflow widgets; workbench hovers (tabs,
    // status bar) do not. It shows "Loading..." until every provider has answered.
    const hover = this.page
      .locator(`${SEL.activeEditor} .overflowingContentWidgets .monaco-hover:not(.hidden)`)
      .filter({ has: this.page.locator('.hover-contents') })
      .filter({ hasNotText: /loading\.\.\./i });
    await hover.first().waitFor({ state: 'visible' });
    const text = (await hover.first().innerText()).trim();
    await this.page.keyboard.press('Escape');
    return text;
  }

  /**
   * Triggers completion (Ctrl+Space) at a position, or at the cursor when no
   * position is given, and returns the labels of the visible suggestions.
   * Leaves the widget open: follow with acceptCompletion(label) or press Escape.
   */
  async triggerCompletion(line, column) {
    if (line !== undefined) await this.goTo(line, column);
    else await this.focusEditor();
    await this.page.keyboard.press('Control+Space');
    const rows = this.page.locator(SEL.suggestRow);
    await rows.first().waitFor({ state: 'visible' });
    return rows.evaluateAll((items) => items.map((item) => item.querySelector('.label-name')?.textContent ?? ''));
  }

  /** Accepts the open completion item with this label. */
  async acceptCompletion(label) {
    await this.acceptWithKeyboard(SEL.suggestRow, {
      has: this.page.locator('.label-name', { hasText: exactText(label) }),
    });
    await this.page.locator(SEL.suggest).waitFor({ state: 'hidden' });
  }

  /**
   * Opens the quick fix menu (Ctrl+.) at a position and returns its action titles
   * (group headers excluded); with `pick` (string or RegExp), applies the matching action.
   */
  async quickFix(line, column, pick) {
    await this.goTo(line, column);
    await this.page.keyboard.press('Control+.');
    const rows = this.page.locator(SEL.actionRow);
    await rows.first().waitFor({ state: 'visible' });
    const titles = await rows.evaluateAll((items) =>
      items.map((item) => item.querySelector('.title').textContent.trim()),
    );
    if (pick === undefined) {
      await this.page.keyboard.press('Escape');
    } else {
      const matcher = typeof pick === 'string' ? exactText(pick) : pick;
      if (!titles.some((title) => matcher.test(title))) {
        await this.page.keyboard.press('Escape');
        throw new Error(`no quick fix matches ${matcher}; offered: ${JSON.stringify(titles)}`);
      }
      await this.acceptWithKeyboard(
        SEL.actionRow,
        { has: this.page.locator('.title', { hasText: matcher }) },
        titles.length,
      );
    }
    await this.page.locator(SEL.actionWidget).waitFor({ state: 'hidden' });
    return titles;
  }

  /** Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. */
  async save() {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.part.editor .tab.active.dirty').waitFor({ state: 'detached' });
  }

  /** Texts of the code lenses rendered in the active editor, top to bottom. */
  async codeLenses() {
    return this.page
      .locator(`${SEL.activeEditor} .codelens-decoration`)
      .evaluateAll((lenses) =>
        lenses
          .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
          .map((lens) => lens.textContent.replace(/\u00a0/g, ' ').trim()),
      );
  }

  /** Polls codeLenses() until one matches `pattern`; returns them all. */
  async waitForCodeLens(pattern, timeout = TIMEOUT_MS) {
    const deadline = Date.now() + timeout;
    let lenses = [];
    while (Date.now() < deadline) {
      lenses = await this.codeLenses();
      if (lenses.some((l) => pattern.test(l))) return lenses;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no code lens matches ${pattern} within ${timeout} ms; seen: ${JSON.stringify(lenses)}`);
  }

  /**
   * Squiggles drawn in the active editor: [{ severity, line }] for the rendered lines, from the
   * view overlay rows (`.squiggly-error`, `-warning`, `-info`), matched to line numbers by `top`.
   */
  squiggles() {
    return this.page.locator(SEL.activeEditor).evaluate((editor) => {
      const numbers = new Map();
      for (const el of editor.querySelectorAll('.margin-view-overlays > div')) {
        const n = Number(el.querySelector('.line-numbers')?.textContent);
        if (n) numbers.set(el.style.top, n);
      }
      const found = [];
      for (const row of editor.querySelectorAll('.view-overlays > div')) {
        for (const el of row.querySelectorAll('[class*="squiggly-"]')) {
          const severity = /squiggly-(error|warning|info|hint)/.exec(el.className)?.[1];
          if (severity) found.push({ severity, line: numbers.get(row.style.top) });
        }
      }
      return found;
    });
  }

  /** Polls squiggles() until `predicate(list)` holds; returns the list. */
  async waitForSquiggles(predicate, timeout = TIMEOUT_MS) {
    const deadline = Date.now() + timeout;
    let list = [];
    while (Date.now() < deadline) {
      list = await this.squiggles();
      if (predicate(list)) return list;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`squiggles did not match within ${timeout} ms; last seen: ${JSON.stringify(list)}`);
  }

  /**
   * Opens the Outline view (collapsing the Explorer's other sections) and returns its rows as
   * { label, description, level } (tree depth, 1 = top). Virtualised like every list: the rows
   * that fit in the side bar.
   */
  async outline() {
    await this.runCommand('Explorer: Focus on Outline View');
    // Give the outline the side bar's height: collapse the other expanded sections (the folder).
    const others = this.page
      .locator('#workbench\\.parts\\.sidebar .pane-header[aria-expanded="true"]')
      .filter({ hasNotText: /outline/i });
    for (let i = await others.count(); i > 0; i--) await others.first().click();
    await this.runCommand('Explorer: Focus on Outline View');
    const rows = this.page.locator('.outline-pane .monaco-list-row');
    await rows.first().waitFor({ state: 'visible' });
    return rows.evaluateAll((items) =>
      items.map((row) => ({
        label: row.querySelector('.label-name')?.textContent.trim() ?? '',
        description: row.querySelector('.label-description')?.textContent.trim() ?? '',
        level: Number(row.getAttribute('aria-level') ?? 0),
      })),
    );
  }

  /** Texts of the notification toasts on screen. */
  notifications() {
    return this.page
      .locator('.notifications-toasts .notification-toast')
      .evaluateAll((toasts) =>
        toasts.map(
          (toast) =>
            toast.querySelector('.notification-list-item-message')?.textContent.trim() ?? toast.textContent.trim(),
        ),
      );
  }

  /** Waits for a notification toast whose text matches `pattern`; returns its text. */
  async waitForNotification(pattern, timeout = TIMEOUT_MS) {
    const deadline = Date.now() + timeout;
    let seen = [];
    while (Date.now() < deadline) {
      seen = await this.notifications();
      const hit = seen.find((text) => pattern.test(text));
      if (hit) return hit;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no notification matches ${pattern} within ${timeout} ms; seen: ${JSON.stringify(seen)}`);
  }

  /** Closes every notification toast (Notifications: Clear All Notifications). */
  async clearNotifications() {
    await this.runCommand('Notifications: Clear All Notifications');
  }

  /** The text of one rendered line (1-based) of the active editor. */
  async lineText(line) {
    const found = (await this.renderedLines()).find((l) => l.line === line);
    if (!found) throw new Error(`line ${line} is not rendered in the active editor`);
    return found.tokens.map((t) => t.text).join('');
  }

  /** The text of the active editor's model, read through its rendered lines. */
  async editorText() {
    const lines = await this.renderedLines();
    return lines.map((l) => l.tokens.map((t) => t.text).join('')).join('\n');
  }

  /**
   * Syntax tokens of a rendered line of the active editor: [{ text, className, color }].
   * VS Code renders each token as a span with an `mtkN` class (N indexes the theme's
   * colour map); `color` is its computed CSS colour. The line must be in view.
   */
  async tokens(line) {
    const found = (await this.renderedLines()).find((l) => l.line === line);
    if (!found) throw new Error(`line ${line} is not rendered in the active editor`);
    return found.tokens;
  }

  /** Rendered lines of the active editor: view lines matched to line numbers by their `top`. */
  renderedLines() {
    return this.page.locator(SEL.activeEditor).evaluate((editor) => {
      const numbers = new Map();
      for (const el of editor.querySelectorAll('.margin-view-overlays > div')) {
        const n = Number(el.querySelector('.line-numbers')?.textContent);
        if (n) numbers.set(el.style.top, n);
      }
      return [...editor.querySelectorAll('.view-lines .view-line')]
        .map((el) => ({
          line: numbers.get(el.style.top),
          tokens: [...el.querySelectorAll('span > span')].map((span) => ({
            text: span.textContent.replace(/\u00a0/g, ' '),
            className: span.className,
            color: getComputedStyle(span).color,
          })),
        }))
        .filter((l) => l.line !== undefined)
        .sort((a, b) => a.line - b.line);
    });
  }

  /**
   * Opens "Developer: Inspect Editor Tokens and Scopes" at a position and returns
   * { token, properties, scopes }: the token's text, the widget's key/value rows
   * (first occurrence of each key: language, standard token type, foreground, ...,
   * and semantic token type/modifiers when the language has semantic tokens) and
   * the TextMate scopes, innermost first.
   */
  async inspectTokens(line, column) {
    await this.goTo(line, column);
    await this.runCommand('Developer: Inspect Editor Tokens and Scopes');
    const widget = this.page.locator(SEL.tokenInspector);
    // The widget first renders a "Loading..." placeholder, then the tables.
    await widget.locator('.tiw-metadata-table').first().waitFor({ state: 'visible' });
    const result = await widget.evaluate((el) => {
      const properties = {};
      for (const row of el.querySelectorAll('.tiw-metadata-table tr')) {
        const key = row.querySelector('.tiw-metadata-key')?.textContent.trim();
        const value = row.querySelector('.tiw-metadata-value')?.innerText.trim();
        if (key && !(key in properties)) properties[key] = value;
      }
      const token = el.querySelector('.tiw-token')?.firstChild?.textContent ?? '';
      const scopes = el.querySelector('.tiw-metadata-scopes')?.innerText.split('\n').filter(Boolean) ?? [];
      return { token, properties, scopes };
    });
    await this.focusEditor();
    await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
    return result;
  }
}

/** A RegExp matching exactly `text` (for Playwright's hasText filters). */
function exactText(text) {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
