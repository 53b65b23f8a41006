/** "Generate Now", "Open Generated File…", and what the client shows of each generation. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { PaletteCommand, ServerCommand, type GenerationReport } from '../language/protocol.js';
import type { TopoServer } from './client.js';
import { folderNameOf, topologyFile, type CommandArg } from './topology.js';

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

export async function generateNow(server: TopoServer, arg?: CommandArg): Promise<GenerationReport | undefined> {
  const uri = await topologyFile(arg);
  if (!uri) return undefined;
  // Generate what the user sees: unsaved edits of the topology's files first.
  const folder = path.posix.dirname(uri.path);
  for (const doc of vscode.workspace.textDocuments) {
    if (doc.isDirty && doc.languageId === 'topo' && path.posix.dirname(doc.uri.path) === folder) await doc.save();
  }
  let report: GenerationReport;
  try {
    report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'topo: generating' },
      () => server.execute(ServerCommand.generate, { uri: uri.toString() }),
    );
  } catch (e) {
    server.output.error(`topo.generate failed: ${(e as Error).message}`);
    void vscode.window.showErrorMessage(`topo: generate failed: ${(e as Error).message}`);
    return undefined;
  }
  showReport(server.output, report);
  return report;
}

/** The answer to "Generate Now": the details in the output, a message with what to do next. */
function showReport(output: vscode.LogOutputChannel, r: GenerationReport): void {
  for (const f of r.written) output.info(`generated ${f}`);
  for (const f of r.skippedEdited) output.warn(`kept ${f}: edited by hand since topo wrote it`);
  for (const e of r.errors) output.error(e);
  for (const w of r.warnings) output.warn(w);
  if (r.blockedBy) {
    void vscode.window.showErrorMessage(`topo: nothing generated: ${r.blockedBy}`, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return;
  }
  const parts = [`wrote ${count(r.written.length, 'file')}`];
  if (r.unchanged.length) parts.push(`${r.unchanged.length} unchanged`);
  if (r.skippedEdited.length) parts.push(`kept ${r.skippedEdited.length} edited by hand`);
  if (r.warnings.length) parts.push(count(r.warnings.length, 'warning'));
  const message = `topo: generated: ${parts.join(', ')}`;
  if (r.errors.length) {
    void vscode.window
      .showErrorMessage(`${message}; ${count(r.errors.length, 'error')}: ${r.errors[0]}`, 'Show Output')
      .then((choice) => {
        if (choice) output.show(true);
      });
    return;
  }
  if (r.warnings.length) {
    void vscode.window
      .showWarningMessage(`${message}: ${r.warnings[0]}`, 'Show Output', 'Open Generated File')
      .then((choice) => {
        if (choice === 'Show Output') output.show(true);
        else if (choice) void vscode.commands.executeCommand(PaletteCommand.openGenerated);
      });
    return;
  }
  void vscode.window.showInformationMessage(message, 'Open Generated File').then((choice) => {
    if (choice) void vscode.commands.executeCommand(PaletteCommand.openGenerated);
  });
}

/** A generation finished (`topo/generated`, on save or on request): a short status bar message, details in the output. */
export function showGenerated(r: GenerationReport): void {
  const name = r.topology || folderNameOf(vscode.Uri.parse(r.uri));
  if (r.blockedBy) {
    vscode.window.setStatusBarMessage(`$(circle-slash) topo: ${name} not generated (see the Problems)`, 8000);
    return;
  }
  const changed = r.written.length;
  vscode.window.setStatusBarMessage(
    `$(check) topo: ${name} generated: ${changed ? `${count(changed, 'file')} written` : 'up to date'}${r.errors.length ? `, ${r.errors.length} error(s)` : ''}${r.warnings.length ? `, ${r.warnings.length} warning(s) in the topo output` : ''}`,
    8000,
  );
}

export async function openGenerated(server: TopoServer, arg?: CommandArg): Promise<void> {
  const uri = await topologyFile(arg);
  if (!uri) return;
  let files: string[];
  try {
    files = await server.execute(ServerCommand.generatedFiles, { uri: uri.toString() });
  } catch (e) {
    void vscode.window.showErrorMessage(`topo: cannot list the generated files: ${(e as Error).message}`);
    return;
  }
  if (!files?.length) {
    const choice = await vscode.window.showInformationMessage(
      'topo: nothing generated yet for this topology.',
      'Generate Now',
    );
    if (choice) await generateNow(server, uri);
    return;
  }
  const items = files.map((file) => {
    const parts = file.split(/[\\/]/);
    // generated/<topology>/<target>/<file>: show the target and the file, the full path below.
    return { label: parts.slice(-2).join('/'), description: vscode.workspace.asRelativePath(file), file };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'topo: open a generated file',
    matchOnDescription: true,
  });
  if (picked) await vscode.window.showTextDocument(vscode.Uri.file(picked.file), { preview: false });
}
