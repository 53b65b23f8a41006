/**
 * The VS Code client: starts the bundled topo language server, shows its state in the status bar,
 * logs to the "topo" output channel and contributes the commands of the palette. The HA checks,
 * the failure analysis and the generators all run in the server, so any LSP editor gets the same
 * features; the client only asks for them (`workspace/executeCommand`) and shows the answers.
 *
 * Only stable, Open VSX-compatible APIs: no proposed APIs, no VS Code-only services.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest, LanguageClient, State, TransportKind,
  type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { copyTopology, listSeeds, mainFileOf, validFolderName, type Seed } from './seeds.js';

/** What the server answers to `topo.generate`. */
export interface GenerateResult {
  written: string[];
  unchanged: string[];
  skippedEdited: string[];
  errors: string[];
  /** Generation warnings, `file:line: code: message` (older servers send none). */
  warnings?: string[];
  /** Set when nothing was generated, e.g. "the topology has errors" . */
  blockedBy?: string;
}

/** What the server answers to `topo.simulate`. */
export interface SimulateResult {
  /** The failure domains to offer when no domain was given. */
  domains: string[];
  /** The result for the given domain (or an overview when none was given). */
  markdown: string;
}

/** Commands the server executes (workspace/executeCommand). */
const SERVER = { generate: 'topo.generate', simulate: 'topo.simulate', generatedFiles: 'topo.generatedFiles' } as const;

/** Commands this extension contributes to the palette (package.json `contributes.commands`). */
const COMMANDS = {
  generateNow: 'topo.generateNow',
  simulate: 'topo.simulate',
  openGenerated: 'topo.openGenerated',
  restartServer: 'topo.restartServer',
  showOutput: 'topo.showOutput',
  newTopology: 'topo.newTopology',
} as const;

/** What a command gets: a resource (explorer, editor menus) or `{ uri, domain? }` (the server's code lenses). */
type CommandArg = vscode.Uri | { uri?: string; domain?: string } | undefined;

/** Scheme of the read-only documents holding a failure simulation's markdown. */
const SIMULATION_SCHEME = 'topo-simulation';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;
let output: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('topo', { log: true });
  output = log;
  status = vscode.window.createStatusBarItem('topo.status', vscode.StatusBarAlignment.Left, 0);
  status.name = 'topo';
  status.command = COMMANDS.showOutput;
  setStatus('starting', '$(sync~spin) topo');
  status.show();

  const simulations = new SimulationDocuments();
  context.subscriptions.push(
    log,
    status,
    vscode.workspace.registerTextDocumentContentProvider(SIMULATION_SCHEME, simulations),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output?.show(true)),
    vscode.commands.registerCommand(COMMANDS.restartServer, () => restart('on request')),
    vscode.commands.registerCommand(COMMANDS.generateNow, (arg?: CommandArg) => generateNow(arg)),
    vscode.commands.registerCommand(COMMANDS.simulate, (arg?: CommandArg, domain?: string) =>
      simulate(simulations, arg, domain ?? (arg instanceof vscode.Uri ? undefined : arg?.domain))),
    vscode.commands.registerCommand(COMMANDS.openGenerated, (arg?: CommandArg) => openGenerated(arg)),
    vscode.commands.registerCommand(COMMANDS.newTopology, () => newTopology(context)),
    // Restricted mode: the server never generates on save while the workspace is untrusted; it
    // learns the trust from its initialization options, so it restarts when trust is granted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart('the workspace is now trusted')),
  );

  client = createClient(context);
  try {
    await client.start();
  } catch (e) {
    setStatus('failed', '$(error) topo');
    log.error(`The topo language server failed to start: ${(e as Error).message}`);
    throw e;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('out', 'server', 'main.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'topo' }],
    outputChannel: output,
    // A function: evaluated again on every (re)start, so a restart after trust is granted tells the server.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
    synchronize: {
      configurationSection: 'topo',
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.topo'), vscode.workspace.createFileSystemWatcher('**/topo.config.json')],
    },
  };
  const created = new LanguageClient('topo', 'topo language server', serverOptions, clientOptions);
  keepPaletteCommands(created);
  // Generate-on-save happens in the server; it tells what it wrote (or why it did not).
  created.onNotification('topo/generated', (n: GenerateResult & { uri: string; topology?: string }) => onGenerated(n));
  created.onDidChangeState((e: { newState: State }) => {
    if (e.newState === State.Running) setStatus('ready', '$(check) topo');
    else if (e.newState === State.Starting) setStatus('starting', '$(sync~spin) topo');
    else setStatus('stopped', '$(error) topo');
  });
  return created;
}

/**
 * vscode-languageclient registers a VS Code command for every command the server advertises
 * (`executeCommandProvider.commands`). The server's `topo.simulate` has the id of this extension's
 * palette command, and registering an id twice throws, which would fail the client's start.
 * Leave the ids this extension owns out of that registration: it calls them itself.
 */
function keepPaletteCommands(languageClient: LanguageClient): void {
  const feature = languageClient.getFeature(ExecuteCommandRequest.method);
  const register = feature.register.bind(feature);
  const owned = new Set<string>(Object.values(COMMANDS));
  feature.register = (data) => register({
    ...data,
    registerOptions: { ...data.registerOptions, commands: (data.registerOptions.commands ?? []).filter((c) => !owned.has(c)) },
  });
}

async function restart(reason: string): Promise<void> {
  if (!client) return;
  output?.info(`Restarting the topo language server (${reason})`);
  try {
    await client.restart();
  } catch (e) {
    output?.error(`The topo language server failed to restart: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`topo: the language server failed to restart: ${(e as Error).message}`);
  }
}

function setStatus(state: string, text: string): void {
  if (!status) return;
  status.text = text;
  status.tooltip = `topo language server: ${state}`;
  status.accessibilityInformation = { label: `topo language server ${state}` };
}

/** Sends `workspace/executeCommand` to the server once it runs. */
async function executeServerCommand<T>(command: string, args: unknown[]): Promise<T> {
  if (!client) throw new Error('the topo language server is not running');
  if (!client.isRunning()) await client.start();
  return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }) as Promise<T>;
}

// --- which topology ---------------------------------------------------------------------------

/**
 * The `.topo` file a command works on: the argument (explorer/editor context menus pass the
 * resource), else the active editor's, else one the user picks among the workspace's topologies
 * (one entry per folder, since a folder is one topology).
 */
async function topologyFile(arg?: CommandArg): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && arg.path.endsWith('.topo')) return arg;
  // The server's code lenses call the palette commands with `{ uri: string }`.
  if (arg && !(arg instanceof vscode.Uri) && typeof arg.uri === 'string') return vscode.Uri.parse(arg.uri);
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'topo') return active.uri;
  const files = await vscode.workspace.findFiles('**/*.topo', '{**/node_modules/**,**/generated/**}', 2000);
  const byFolder = new Map<string, vscode.Uri>();
  for (const f of files.sort((a, b) => a.path.localeCompare(b.path))) {
    const folder = path.posix.dirname(f.path);
    if (!byFolder.has(folder)) byFolder.set(folder, f);
  }
  if (byFolder.size === 0) {
    void vscode.window.showWarningMessage('topo: no .topo file in this workspace. Create one, or run "topo: New topology from a seed architecture…".');
    return undefined;
  }
  if (byFolder.size === 1) return [...byFolder.values()][0];
  const picked = await vscode.window.showQuickPick(
    [...byFolder.values()].map((uri) => ({ label: path.posix.basename(path.posix.dirname(uri.path)), description: vscode.workspace.asRelativePath(path.posix.dirname(uri.path) === '/' ? uri : uri.with({ path: path.posix.dirname(uri.path) })), uri })),
    { title: 'topo: which topology?', placeHolder: 'A folder of .topo files is one topology' },
  );
  return picked?.uri;
}

// --- generate now -----------------------------------------------------------------------------

async function generateNow(arg?: CommandArg): Promise<GenerateResult | undefined> {
  const uri = await topologyFile(arg);
  if (!uri) return undefined;
  // Generate what the user sees: unsaved edits of the topology's files first.
  const folder = path.posix.dirname(uri.path);
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.languageId === 'topo' && path.posix.dirname(doc.uri.path) === folder) await doc.save();
  }
  let result: GenerateResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'topo: generating' },
      () => executeServerCommand<GenerateResult>(SERVER.generate, [{ uri: uri.toString() }]),
    );
  } catch (e) {
    output?.error(`topo.generate failed: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`topo: generate failed: ${(e as Error).message}`);
    return undefined;
  }
  reportGenerate(result);
  return result;
}

function reportGenerate(r: GenerateResult): void {
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  for (const f of r.written) output?.info(`generated ${f}`);
  for (const f of r.skippedEdited) output?.warn(`kept ${f}: edited by hand since topo wrote it`);
  for (const e of r.errors) output?.error(e);
  for (const w of r.warnings ?? []) output?.warn(w);
  if (r.blockedBy) {
    void vscode.window.showErrorMessage(`topo: nothing generated: ${r.blockedBy}`, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return;
  }
  const parts = [`wrote ${count(r.written.length, 'file')}`];
  if (r.unchanged.length) parts.push(`${r.unchanged.length} unchanged`);
  if (r.skippedEdited.length) parts.push(`kept ${r.skippedEdited.length} edited by hand`);
  if (r.warnings?.length) parts.push(count(r.warnings.length, 'warning'));
  const message = `topo: generated: ${parts.join(', ')}`;
  if (r.errors.length) {
    void vscode.window.showErrorMessage(`${message}; ${count(r.errors.length, 'error')}: ${r.errors[0]}`, 'Show Output').then((choice) => {
      if (choice) output?.show(true);
    });
    return;
  }
  if (r.warnings?.length) {
    void vscode.window.showWarningMessage(`${message}: ${r.warnings[0]}`, 'Show Output', 'Open Generated File').then((choice) => {
      if (choice === 'Show Output') output?.show(true);
      else if (choice) void vscode.commands.executeCommand(COMMANDS.openGenerated);
    });
    return;
  }
  void vscode.window.showInformationMessage(message, 'Open Generated File').then((choice) => {
    if (choice) void vscode.commands.executeCommand(COMMANDS.openGenerated);
  });
}

/** A generation finished (on save, or on request): a short status bar message, details in the output. */
function onGenerated(n: GenerateResult & { uri: string; topology?: string }): void {
  const name = n.topology || path.posix.basename(path.posix.dirname(vscode.Uri.parse(n.uri).path));
  if (n.blockedBy) {
    vscode.window.setStatusBarMessage(`$(circle-slash) topo: ${name} not generated (see the Problems)`, 8000);
    return;
  }
  const changed = n.written.length;
  vscode.window.setStatusBarMessage(
    `$(check) topo: ${name} generated: ${changed ? `${changed} file${changed === 1 ? '' : 's'} written` : 'up to date'}${n.errors.length ? `, ${n.errors.length} error(s)` : ''}${n.warnings?.length ? `, ${n.warnings.length} warning(s) in the topo output` : ''}`,
    8000,
  );
}

// --- open generated file ------------------------------------------------------------------------

async function openGenerated(arg?: CommandArg): Promise<void> {
  const uri = await topologyFile(arg);
  if (!uri) return;
  let files: string[];
  try {
    files = await executeServerCommand<string[]>(SERVER.generatedFiles, [{ uri: uri.toString() }]);
  } catch (e) {
    void vscode.window.showErrorMessage(`topo: cannot list the generated files: ${(e as Error).message}`);
    return;
  }
  if (!files?.length) {
    const choice = await vscode.window.showInformationMessage('topo: nothing generated yet for this topology.', 'Generate Now');
    if (choice) await generateNow(uri);
    return;
  }
  const items = files.map((file) => {
    const parts = file.split(/[\\/]/);
    // generated/<topology>/<target>/<file>: show the target and the file, the full path below.
    return { label: parts.slice(-2).join('/'), description: vscode.workspace.asRelativePath(file), file };
  });
  const picked = await vscode.window.showQuickPick(items, { title: 'topo: open a generated file', matchOnDescription: true });
  if (picked) await vscode.window.showTextDocument(vscode.Uri.file(picked.file), { preview: false });
}

// --- simulate a failure -------------------------------------------------------------------------

/** Read-only virtual documents with the markdown of each simulation, shown in the markdown preview. */
class SimulationDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, markdown: string): void {
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }
}

async function simulate(docs: SimulationDocuments, arg?: CommandArg, domainArg?: string): Promise<string | undefined> {
  const uri = await topologyFile(arg);
  if (!uri) return undefined;
  let domain = domainArg;
  try {
    if (!domain) {
      const overview = await executeServerCommand<SimulateResult>(SERVER.simulate, [{ uri: uri.toString() }]);
      if (!overview.domains?.length) {
        void vscode.window.showInformationMessage('topo: this topology declares no failure domain (region, zone, router, load balancer) to simulate.');
        return undefined;
      }
      domain = await vscode.window.showQuickPick(overview.domains, {
        title: 'topo: simulate the failure of…',
        placeHolder: 'a site (region), a zone (region.zone), a router or a load balancer',
      });
      if (!domain) return undefined;
    }
    const result = await executeServerCommand<SimulateResult>(SERVER.simulate, [{ uri: uri.toString(), domain }]);
    const topology = path.posix.basename(path.posix.dirname(uri.path));
    const doc = vscode.Uri.from({ scheme: SIMULATION_SCHEME, path: `/${topology}/${domain} fails.md` });
    docs.set(doc, result.markdown);
    await showMarkdown(doc);
    return result.markdown;
  } catch (e) {
    output?.error(`topo.simulate failed: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`topo: simulate failed: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * The built-in markdown preview (VS Code's markdown extension: its command registers only once
 * that extension activates, so it is executed, not looked up), or the markdown source where no
 * preview exists (an editor without the markdown extension).
 */
async function showMarkdown(uri: vscode.Uri): Promise<void> {
  if (vscode.extensions.getExtension('vscode.markdown-language-features')) {
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return;
    } catch (e) {
      output?.warn(`markdown preview unavailable (${(e as Error).message}); showing the markdown source`);
    }
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: true });
}

// --- new topology from a seed -------------------------------------------------------------------

async function newTopology(context: vscode.ExtensionContext): Promise<vscode.Uri | undefined> {
  const seeds = await listSeeds(context.asAbsolutePath('examples'));
  if (!seeds.length) {
    void vscode.window.showErrorMessage('topo: this installation ships no seed architectures (examples/ is missing).');
    return undefined;
  }
  const seed = await vscode.window.showQuickPick(
    seeds.map((s: Seed) => ({ label: s.name, description: s.seed ? `seed ${s.seed}` : '', detail: s.summary, seed: s })),
    { title: 'topo: new topology from a seed architecture', placeHolder: 'Pick the architecture to start from', matchOnDetail: true },
  );
  if (!seed) return undefined;

  let parent: vscode.Uri | undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) parent = folders[0]!.uri;
  else if (folders.length > 1) parent = (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the new topology go?' }))?.uri;
  else parent = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Create the topology here' }))?.[0];
  if (!parent) return undefined;

  const name = await vscode.window.showInputBox({
    title: 'topo: name of the new topology folder',
    value: seed.seed.name,
    validateInput: async (value) => {
      const problem = validFolderName(value);
      if (problem) return problem;
      try {
        await vscode.workspace.fs.stat(vscode.Uri.joinPath(parent!, value.trim()));
        return `${value.trim()} already exists here`;
      } catch {
        return undefined;
      }
    },
  });
  if (!name) return undefined;
  const target = vscode.Uri.joinPath(parent, name.trim());
  try {
    const files = await copyTopology(seed.seed, target, {
      readFile: async (file) => Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(file))).toString('utf8'),
      writeFile: (uri, text) => vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8')),
      join: (uri, file) => vscode.Uri.joinPath(uri, file),
    });
    const main = mainFileOf(seed.seed, files);
    const doc = await vscode.window.showTextDocument(main, { preview: false });
    output?.info(`created ${target.fsPath} from the seed ${seed.seed.name}`);
    if (!folders.length) {
      const open = await vscode.window.showInformationMessage(`topo: created ${name.trim()}.`, 'Open Folder');
      if (open) await vscode.commands.executeCommand('vscode.openFolder', parent);
    }
    return doc.document.uri;
  } catch (e) {
    void vscode.window.showErrorMessage(`topo: could not create ${target.fsPath}: ${(e as Error).message}`);
    return undefined;
  }
}
