/**
 * "topo: Open Diagram": a webview beside the `.topo` editor showing the topology's diagram, which
 * the language server draws (`topo.diagram`). The view follows edits (debounced; it keeps its
 * zoom and position), a click reveals the element's declaration, the editor's cursor highlights
 * the element it is in, a click on a site, zone, router or load balancer shows its failure, and
 * the view exports SVG (the server's standalone file) and PNG (drawn by the webview).
 *
 * The webview loads one script from the extension, nothing from the network, under a strict
 * Content-Security-Policy (scripts and styles with a nonce or from the extension only).
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagramParams, DiagramResult } from '../language/protocol.js';
import { DIAGRAM_CSS, THEME_CSS } from '../language/diagram/style.js';
import type { FromWebview, ToWebview } from './webview/messages.js';

/** Asks the server for a diagram. */
export type DiagramRequest = (params: DiagramParams) => Promise<DiagramResult>;

/** Milliseconds between the last edit and the new diagram. */
const EDIT_DELAY_MS = 150;
const CURSOR_DELAY_MS = 80;
const VIEW_TYPE = 'topo.diagram';

/** One view per topology (folder). */
export class DiagramPanels implements vscode.Disposable {
  private readonly panels = new Map<string, DiagramPanel>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly request: DiagramRequest,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  /** Opens (or reveals) the diagram of the topology `file` belongs to, beside the editor. */
  async open(file: vscode.Uri): Promise<DiagramPanel> {
    const key = folderOf(file);
    const known = this.panels.get(key);
    if (known) {
      known.reveal();
      return known;
    }
    const panel = new DiagramPanel(this.context, file, this.request, this.output, () => this.panels.delete(key));
    this.panels.set(key, panel);
    await panel.refresh(true);
    return panel;
  }

  /** Shows a failure (picked from the topology's failure domains) on its diagram. */
  async pickFailure(file: vscode.Uri): Promise<void> {
    const panel = await this.open(file);
    const domains = panel.domains();
    if (!domains.length) {
      void vscode.window.showInformationMessage(
        'topo: this topology declares no failure domain (site, zone, router, load balancer).',
      );
      return;
    }
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'No failure', spec: undefined as string | undefined },
        ...domains.map((d) => ({ label: d.label, spec: d.spec as string | undefined })),
      ],
      {
        title: 'topo: show on the diagram the failure of…',
        placeHolder: 'a site (region), a zone, a router or a load balancer',
      },
    );
    if (picked) await panel.fail(picked.spec);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
  }
}

export class DiagramPanel implements vscode.Disposable {
  private readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly folder: string;
  private failure?: string;
  private last?: DiagramResult;
  private editTimer?: NodeJS.Timeout;
  private cursorTimer?: NodeJS.Timeout;
  private generation = 0;
  private ready!: Promise<void>;
  private pendingPng?: (m: Extract<FromWebview, { type: 'png' }>) => void;
  /** The column of the editor the view was opened from: declarations are revealed there. */
  private readonly editorColumn: vscode.ViewColumn;

  constructor(
    context: vscode.ExtensionContext,
    private file: vscode.Uri,
    private readonly request: DiagramRequest,
    private readonly output: vscode.LogOutputChannel,
    private readonly onDispose: () => void,
  ) {
    this.folder = folderOf(file);
    this.editorColumn = vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
    const scripts = vscode.Uri.joinPath(context.extensionUri, 'out', 'client');
    this.panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      `Diagram: ${path.posix.basename(this.folder)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        localResourceRoots: [scripts],
        retainContextWhenHidden: true,
      },
    );
    let ready: () => void;
    this.ready = new Promise((resolve) => (ready = resolve));
    this.panel.webview.html = html(this.panel.webview, vscode.Uri.joinPath(scripts, 'diagram-webview.js'));
    this.disposables.push(
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.webview.onDidReceiveMessage((m: FromWebview) => {
        if (m.type === 'ready') ready();
        else void this.onMessage(m);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.mine(e.document.uri) && e.contentChanges.length) this.scheduleRefresh();
      }),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (this.mine(e.textEditor.document.uri))
          this.scheduleHighlight(e.textEditor.document.uri, e.selections[0]!.active);
      }),
    );
  }

  reveal(): void {
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }

  domains(): DiagramResult['domains'] {
    return this.last?.domains ?? [];
  }

  async fail(spec: string | undefined): Promise<void> {
    this.failure = spec;
    await this.refresh();
  }

  /** Asks the server for the diagram and shows it (the newest answer wins). */
  async refresh(fit = false): Promise<void> {
    const mine = ++this.generation;
    let result: DiagramResult;
    try {
      result = await this.request({ uri: this.file.toString(), fail: this.failure });
    } catch (e) {
      const message = (e as Error).message;
      this.output.error(`topo.diagram failed: ${message}`);
      if (mine !== this.generation) return;
      await this.ready;
      this.post({
        type: 'problem',
        message: `The diagram could not be drawn: ${message}. It is drawn again on the next edit (details: topo: Show Output).`,
      });
      return;
    }
    if (mine !== this.generation) return;
    let note: string | undefined;
    if (result.unknownFailure) {
      note = `${result.unknownFailure} is no longer a failure domain of ${result.topology}: showing no failure`;
      this.failure = undefined;
    }
    this.last = result;
    this.panel.title = `Diagram: ${result.topology}`;
    await this.ready;
    this.post({
      type: 'render',
      svg: result.svg,
      topology: result.topology,
      failure: result.failure,
      domains: result.domains,
      fit,
      note,
    });
  }

  private mine(uri: vscode.Uri): boolean {
    return uri.path.endsWith('.topo') && folderOf(uri) === this.folder;
  }

  private scheduleRefresh(): void {
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => void this.refresh(), EDIT_DELAY_MS);
  }

  private scheduleHighlight(uri: vscode.Uri, at: vscode.Position): void {
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(() => {
      const u = uri.toString();
      const hit = this.last?.elements.find((e) => e.uri === u && contains(e.declaration, at));
      this.post({ type: 'highlight', id: hit?.id });
    }, CURSOR_DELAY_MS);
  }

  private async onMessage(m: FromWebview): Promise<void> {
    switch (m.type) {
      case 'reveal':
        return this.revealElement(m.id);
      case 'fail':
        return this.fail(m.spec);
      case 'export':
        return this.export(m.format);
      case 'png':
        this.pendingPng?.(m);
        return undefined;
      default:
        return undefined;
    }
  }

  private async revealElement(id: string): Promise<void> {
    const element = this.last?.elements.find((e) => e.id === id);
    if (!element) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(element.uri));
    const range = new vscode.Range(
      element.name.start.line,
      element.name.start.character,
      element.name.end.line,
      element.name.end.character,
    );
    const column =
      vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === element.uri)?.viewColumn ??
      this.editorColumn;
    await vscode.window.showTextDocument(doc, { viewColumn: column, selection: range, preserveFocus: false });
    this.file = doc.uri;
  }

  private async export(format: 'svg' | 'png'): Promise<void> {
    const result = await this.request({ uri: this.file.toString(), fail: this.failure, standalone: true });
    const name = `${result.topology}${result.failure ? `-${result.failure.spec.replace(/[^\w.-]+/g, '-')}` : ''}.${format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: this.file.with({ path: path.posix.join(this.folder, name) }),
      filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
      title: `topo: export the diagram as ${format.toUpperCase()}`,
    });
    if (!target) return;
    let data: Uint8Array;
    if (format === 'svg') data = Buffer.from(result.svg, 'utf8');
    else {
      const png = await new Promise<Extract<FromWebview, { type: 'png' }>>((resolve) => {
        this.pendingPng = resolve;
        this.post({ type: 'rasterize', svg: result.svg, scale: 2 });
      });
      this.pendingPng = undefined;
      if (!png.data) {
        void vscode.window.showErrorMessage(`topo: the PNG could not be made: ${png.error ?? 'unknown error'}`);
        return;
      }
      data = Buffer.from(png.data, 'base64');
    }
    await vscode.workspace.fs.writeFile(target, data);
    this.output.info(`exported the diagram of ${result.topology} to ${target.fsPath}`);
    void vscode.window.setStatusBarMessage(
      `$(check) topo: diagram exported to ${vscode.workspace.asRelativePath(target)}`,
      5000,
    );
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    clearTimeout(this.editTimer);
    clearTimeout(this.cursorTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

function folderOf(uri: vscode.Uri): string {
  return path.posix.dirname(uri.path);
}

function contains(
  r: { start: { line: number; character: number }; end: { line: number; character: number } },
  p: vscode.Position,
): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** The view's page: the toolbar, the diagram's viewport, the theme's colours, one script. */
function html(webview: vscode.Webview, script: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    "default-src 'none'",
    // The PNG export draws the SVG as a data: image on a canvas; nothing else is an image.
    'img-src data:',
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>topo diagram</title>
<style nonce="${nonce}">${DIAGRAM_CSS}${THEME_CSS}${VIEW_CSS}</style>
</head>
<body>
<div id="toolbar" role="toolbar" aria-label="Diagram">
  <button id="fit" title="Fit to the view (0)">Fit</button>
  <button id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
  <button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
  <button id="actual" title="Actual size">1:1</button>
  <label for="failure">Failure</label>
  <select id="failure" title="Show what the failure of a site, zone, router or load balancer breaks"></select>
  <span class="spacer"></span>
  <button id="export-svg" title="Save the diagram as an SVG file">Export SVG</button>
  <button id="export-png" title="Save the diagram as a PNG image">Export PNG</button>
</div>
<div id="status" role="status">Drawing the diagram…</div>
<div id="viewport"><div id="canvas"></div></div>
<script nonce="${nonce}" src="${webview.asWebviewUri(script)}"></script>
</body>
</html>`;
}

const VIEW_CSS = `
html, body { height: 100%; margin: 0; padding: 0; overflow: hidden; }
body { display: flex; flex-direction: column; background: var(--vscode-editor-background); color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
#toolbar { display: flex; align-items: center; gap: 6px; padding: 6px 8px; border-bottom: 1px solid var(--vscode-panel-border); flex: none; }
#toolbar .spacer { flex: 1; }
#toolbar button { background: var(--vscode-button-secondaryBackground); color: var(--vscode-button-secondaryForeground); border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; min-width: 28px; cursor: pointer; border-radius: 2px; }
#toolbar button:hover { background: var(--vscode-button-secondaryHoverBackground); }
#toolbar button:focus-visible, #toolbar select:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
#toolbar select { background: var(--vscode-dropdown-background); color: var(--vscode-dropdown-foreground); border: 1px solid var(--vscode-dropdown-border); padding: 2px 4px; max-width: 40%; }
#toolbar label { margin-left: 8px; color: var(--vscode-descriptionForeground); }
#status { padding: 4px 10px; color: var(--vscode-descriptionForeground); border-bottom: 1px solid var(--vscode-panel-border); flex: none; }
body[data-failure]:not([data-failure=""]) #status { color: var(--vscode-errorForeground); }
#viewport { position: relative; flex: 1; overflow: hidden; cursor: grab; }
#viewport.panning { cursor: grabbing; }
#canvas { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
#canvas svg { display: block; }
#canvas [data-id], #canvas .row { cursor: pointer; }
#canvas .node:hover > .box { stroke: var(--vscode-focusBorder); }
`;
