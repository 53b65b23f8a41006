/** The status bar item: the language server's state; a click shows the "topo" output. */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';

type ServerState = 'starting' | 'ready' | 'stopped' | 'failed';

const ICON: Record<ServerState, string> = {
  starting: '$(sync~spin) topo',
  ready: '$(check) topo',
  stopped: '$(error) topo',
  failed: '$(error) topo',
};

export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('topo.status', vscode.StatusBarAlignment.Left, 0);

  /** `command`: what a click runs. */
  constructor(command: string) {
    this.item.name = 'topo';
    this.item.command = command;
    this.set('starting');
    this.item.show();
  }

  /** Shows the client's state from now on. */
  follow(client: LanguageClient): vscode.Disposable {
    return client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.set('ready');
      else if (e.newState === State.Starting) this.set('starting');
      else this.set('stopped');
    });
  }

  set(state: ServerState): void {
    this.item.text = ICON[state];
    this.item.tooltip = `topo language server: ${state}`;
    this.item.accessibilityInformation = { label: `topo language server ${state}` };
  }

  dispose(): void {
    this.item.dispose();
  }
}
