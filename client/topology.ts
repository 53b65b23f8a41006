/** Which topology a command works on. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SimulateParams } from '../language/protocol.js';

/** What a command gets: a resource (explorer, editor menus) or `{ uri, domain? }` (the server's code lenses). */
export type CommandArg = vscode.Uri | Partial<SimulateParams> | undefined;

/**
 * The `.topo` file a command works on: the argument (explorer/editor context menus pass the
 * resource), else the active editor's, else one the user picks among the workspace's topologies
 * (one entry per folder, since a folder is one topology).
 */
export async function topologyFile(arg?: CommandArg): Promise<vscode.Uri | undefined> {
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
    void vscode.window.showWarningMessage(
      'topo: no .topo file in this workspace. Create one, or run "topo: New topology from a seed architecture…".',
    );
    return undefined;
  }
  if (byFolder.size === 1) return [...byFolder.values()][0];
  const picked = await vscode.window.showQuickPick(
    [...byFolder.values()].map((uri) => ({
      label: path.posix.basename(path.posix.dirname(uri.path)),
      description: vscode.workspace.asRelativePath(
        path.posix.dirname(uri.path) === '/' ? uri : uri.with({ path: path.posix.dirname(uri.path) }),
      ),
      uri,
    })),
    { title: 'topo: which topology?', placeHolder: 'A folder of .topo files is one topology' },
  );
  return picked?.uri;
}

/** The name of the topology a file belongs to: its folder's. */
export function folderNameOf(uri: vscode.Uri): string {
  return path.posix.basename(path.posix.dirname(uri.path));
}
