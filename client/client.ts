/**
 * The language client: starts the bundled topo language server (Node IPC) and sends it the
 * commands it executes. The HA checks, the failure analysis and the generators all run in the
 * server, so any LSP editor gets the same features; the client only asks for them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { PaletteCommand, type InitializationOptions, type ServerCommandTypes } from '../language/protocol.js';

export function createLanguageClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): LanguageClient {
  const module = context.asAbsolutePath(path.join('out', 'server', 'main.cjs'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'topo' }],
    outputChannel: output,
    // A function: evaluated again on every (re)start, so a restart after trust is granted tells the server.
    // The server keeps its last check in the extension's storage of this workspace (of no workspace: global).
    initializationOptions: (): InitializationOptions => ({
      trusted: vscode.workspace.isTrusted,
      cacheDir: (context.storageUri ?? context.globalStorageUri).fsPath,
    }),
    synchronize: {
      configurationSection: 'topo',
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.topo'),
        vscode.workspace.createFileSystemWatcher('**/topo.config.json'),
      ],
    },
  };
  const client = new LanguageClient('topo', 'topo language server', serverOptions, clientOptions);
  keepPaletteCommands(client);
  return client;
}

/**
 * vscode-languageclient registers a VS Code command for every command the server advertises
 * (`executeCommandProvider.commands`). The server's `topo.simulate` has the id of this extension's
 * palette command, and registering an id twice throws, which would fail the client's start.
 * Leave the ids this extension owns out of that registration: it calls them itself.
 */
function keepPaletteCommands(client: LanguageClient): void {
  const feature = client.getFeature(ExecuteCommandRequest.method);
  const register = feature.register.bind(feature);
  const owned = new Set<string>(Object.values(PaletteCommand));
  feature.register = (data) =>
    register({
      ...data,
      registerOptions: {
        ...data.registerOptions,
        commands: (data.registerOptions.commands ?? []).filter((c) => !owned.has(c)),
      },
    });
}

/** The running server as the commands see it: its commands, its restart, the "topo" output channel. */
export class TopoServer {
  constructor(
    readonly client: LanguageClient,
    readonly output: vscode.LogOutputChannel,
  ) {}

  /** Sends `workspace/executeCommand` to the server once it runs. */
  async execute<C extends keyof ServerCommandTypes>(
    command: C,
    params: ServerCommandTypes[C]['params'],
  ): Promise<ServerCommandTypes[C]['result']> {
    if (!this.client.isRunning()) await this.client.start();
    return this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: [params] }) as Promise<
      ServerCommandTypes[C]['result']
    >;
  }

  async restart(reason: string): Promise<void> {
    this.output.info(`Restarting the topo language server (${reason})`);
    try {
      await this.client.restart();
    } catch (e) {
      this.output.error(`The topo language server failed to restart: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`topo: the language server failed to restart: ${(e as Error).message}`);
    }
  }
}
