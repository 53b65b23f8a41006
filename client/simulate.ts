/** "Simulate a Failure…": the server's simulation of one failure domain, shown as markdown. */
import * as vscode from 'vscode';
import { ServerCommand } from '../language/protocol.js';
import type { TopoServer } from './client.js';
import { folderNameOf, topologyFile, type CommandArg } from './topology.js';

/** Scheme of the read-only documents holding a failure simulation's markdown. */
export const SIMULATION_SCHEME = 'topo-simulation';

/** Read-only virtual documents with the markdown of each simulation, shown in the markdown preview. */
export class SimulationDocuments implements vscode.TextDocumentContentProvider {
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

/**
 * Simulates the failure of `domainArg` (or of the code lens argument's domain; else one the user
 * picks) and shows the result; answers its markdown.
 */
export async function simulate(
  server: TopoServer,
  docs: SimulationDocuments,
  arg?: CommandArg,
  domainArg?: string,
): Promise<string | undefined> {
  const uri = await topologyFile(arg);
  if (!uri) return undefined;
  let domain = domainArg ?? (arg instanceof vscode.Uri ? undefined : arg?.domain);
  try {
    if (!domain) {
      const overview = await server.execute(ServerCommand.simulate, { uri: uri.toString() });
      if (!overview.domains?.length) {
        void vscode.window.showInformationMessage(
          'topo: this topology declares no failure domain (region, zone, router, load balancer) to simulate.',
        );
        return undefined;
      }
      domain = await vscode.window.showQuickPick(overview.domains, {
        title: 'topo: simulate the failure of…',
        placeHolder: 'a site (region), a zone (region.zone), a router or a load balancer',
      });
      if (!domain) return undefined;
    }
    const result = await server.execute(ServerCommand.simulate, { uri: uri.toString(), domain });
    const doc = vscode.Uri.from({ scheme: SIMULATION_SCHEME, path: `/${folderNameOf(uri)}/${domain} fails.md` });
    docs.set(doc, result.markdown);
    await showMarkdown(server.output, doc);
    return result.markdown;
  } catch (e) {
    server.output.error(`topo.simulate failed: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`topo: simulate failed: ${(e as Error).message}`);
    return undefined;
  }
}

/**
 * The built-in markdown preview (VS Code's markdown extension: its command registers only once
 * that extension activates, so it is executed, not looked up), or the markdown source where no
 * preview exists (an editor without the markdown extension).
 */
async function showMarkdown(output: vscode.LogOutputChannel, uri: vscode.Uri): Promise<void> {
  if (vscode.extensions.getExtension('vscode.markdown-language-features')) {
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
      return;
    } catch (e) {
      output.warn(`markdown preview unavailable (${(e as Error).message}); showing the markdown source`);
    }
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: true });
}
