/**
 * The VS Code client: starts the bundled topo language server, shows its state in the status bar
 * and logs to the "topo" output channel. Everything else happens in the server, so any LSP editor
 * gets the same features.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let status: vscode.StatusBarItem | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('topo', { log: true });
  status = vscode.window.createStatusBarItem('topo.status', vscode.StatusBarAlignment.Left, 0);
  status.name = 'topo';
  status.command = 'topo.showOutput';
  setStatus('starting', '$(sync~spin) topo');
  status.show();

  const module = context.asAbsolutePath(path.join('out', 'server', 'main.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'topo' }],
    outputChannel: output,
    synchronize: {
      configurationSection: 'topo',
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.topo'), vscode.workspace.createFileSystemWatcher('**/topo.config.json')],
    },
  };
  client = new LanguageClient('topo', 'topo language server', serverOptions, clientOptions);
  client.onDidChangeState((e: { newState: State }) => {
    if (e.newState === State.Running) setStatus('ready', '$(check) topo');
    else if (e.newState === State.Starting) setStatus('starting', '$(sync~spin) topo');
    else setStatus('stopped', '$(error) topo');
  });

  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand('topo.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('topo.restartServer', async () => {
      output.appendLine('Restarting the topo language server');
      await client?.restart();
    }),
  );
  try {
    await client.start();
  } catch (e) {
    setStatus('failed', '$(error) topo');
    output.appendLine(`The topo language server failed to start: ${(e as Error).message}`);
    throw e;
  }
}

function setStatus(state: string, text: string): void {
  if (!status) return;
  status.text = text;
  status.tooltip = `topo language server: ${state}`;
  status.accessibilityInformation = { label: `topo language server ${state}` };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
