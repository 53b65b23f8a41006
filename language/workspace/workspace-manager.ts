import { DefaultWorkspaceManager, type LangiumDocument } from 'langium';
import type { WorkspaceFolder } from 'vscode-languageserver';

/**
 * Langium's workspace manager, which can be asked to wait before it loads the workspace's files:
 * loading parses every file, in one stretch of about a second on a large workspace during which
 * the server sends nothing, so what the server has to say before (the last check kept,
 * language/lsp/last-check.ts) is said first.
 */
export class TopoWorkspaceManager extends DefaultWorkspaceManager {
  /** Awaited before the workspace's files are loaded; it must settle in bounded time. */
  beforeLoad: () => Promise<void> = () => Promise.resolve();

  protected override async performStartup(folders: WorkspaceFolder[]): Promise<LangiumDocument[]> {
    await this.beforeLoad().catch(() => undefined);
    return super.performStartup(folders);
  }
}
