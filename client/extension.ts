/**
 * The VS Code extension: starts the bundled topo language server (client.ts), shows its state in
 * the status bar (status.ts), logs to the "topo" output channel and contributes the commands of
 * the palette (generate.ts, simulate.ts, new-topology.ts). The work is the server's; the client
 * asks for it (`workspace/executeCommand`, language/protocol.ts) and shows the answers.
 *
 * Only stable, Open VSX-compatible APIs: no proposed APIs, no VS Code-only services.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GeneratedNotification, PaletteCommand, ServerCommand, type GenerationReport } from '../language/protocol.js';
import { createLanguageClient, TopoServer } from './client.js';
import { DiagramPanels } from './diagram.js';
import { generateNow, openGenerated, showGenerated } from './generate.js';
import { newTopology } from './new-topology.js';
import { SIMULATION_SCHEME, SimulationDocuments, simulate } from './simulate.js';
import { ServerStatus } from './status.js';
import { topologyFile, type CommandArg } from './topology.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('topo', { log: true });
  const status = new ServerStatus(PaletteCommand.showOutput);
  const languageClient = createLanguageClient(context, output);
  client = languageClient;
  const server = new TopoServer(languageClient, output);
  const simulations = new SimulationDocuments();
  const diagrams = new DiagramPanels(context, (params) => server.execute(ServerCommand.diagram, params), output);
  context.subscriptions.push(
    output,
    status,
    status.follow(languageClient),
    // Generate-on-save happens in the server; it tells what it wrote (or why it did not).
    languageClient.onNotification(GeneratedNotification.method, (report: GenerationReport) => showGenerated(report)),
    vscode.workspace.registerTextDocumentContentProvider(SIMULATION_SCHEME, simulations),
    vscode.commands.registerCommand(PaletteCommand.showOutput, () => output.show(true)),
    vscode.commands.registerCommand(PaletteCommand.restartServer, () => server.restart('on request')),
    vscode.commands.registerCommand(PaletteCommand.generateNow, (arg?: CommandArg) => generateNow(server, arg)),
    vscode.commands.registerCommand(PaletteCommand.simulate, (arg?: CommandArg, domain?: string) =>
      simulate(server, simulations, arg, domain),
    ),
    vscode.commands.registerCommand(PaletteCommand.openGenerated, (arg?: CommandArg) => openGenerated(server, arg)),
    vscode.commands.registerCommand(PaletteCommand.newTopology, () => newTopology(context, output)),
    diagrams,
    vscode.commands.registerCommand(PaletteCommand.openDiagram, async (arg?: CommandArg) => {
      const uri = await topologyFile(arg);
      if (uri) await diagrams.open(uri);
    }),
    vscode.commands.registerCommand(PaletteCommand.diagramFailure, async (arg?: CommandArg) => {
      const uri = await topologyFile(arg);
      if (uri) await diagrams.pickFailure(uri);
    }),
    // Restricted mode: the server never generates on save while the workspace is untrusted; it
    // learns the trust from its initialization options, so it restarts when trust is granted.
    vscode.workspace.onDidGrantWorkspaceTrust(() => server.restart('the workspace is now trusted')),
  );

  try {
    await languageClient.start();
  } catch (e) {
    status.set('failed');
    output.error(`The topo language server failed to start: ${(e as Error).message}`);
    throw e;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
