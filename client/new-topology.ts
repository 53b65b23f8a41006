/** "New Topology from a Seed Architecture…": a copy of one of the shipped examples, to start from. */
import * as vscode from 'vscode';
import { copyTopology, listSeeds, mainFileOf, validFolderName, type Seed } from './seeds.js';

export async function newTopology(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
): Promise<vscode.Uri | undefined> {
  const seeds = await listSeeds(context.asAbsolutePath('examples'));
  if (!seeds.length) {
    void vscode.window.showErrorMessage('topo: this installation ships no seed architectures (examples/ is missing).');
    return undefined;
  }
  const seed = await vscode.window.showQuickPick(
    seeds.map((s: Seed) => ({
      label: s.name,
      description: s.seed ? `seed ${s.seed}` : '',
      detail: s.summary,
      seed: s,
    })),
    {
      title: 'topo: new topology from a seed architecture',
      placeHolder: 'Pick the architecture to start from',
      matchOnDetail: true,
    },
  );
  if (!seed) return undefined;

  let parent: vscode.Uri | undefined;
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 1) parent = folders[0]!.uri;
  else if (folders.length > 1)
    parent = (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where should the new topology go?' }))?.uri;
  else
    parent = (
      await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        openLabel: 'Create the topology here',
      })
    )?.[0];
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
    output.info(`created ${target.fsPath} from the seed ${seed.seed.name}`);
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
