import { DefaultWorkspaceManager, type LangiumDocument, type LangiumSharedCoreServices } from 'langium';
import type { WorkspaceFolder } from 'vscode-languageserver';

/**
 * Langium's workspace manager, with what a topology needs:
 *
 * - **The first build checks the workspace.** Langium's first build only parses and links
 *   (`initialBuildOptions` is empty): the files are validated by the first update after it,
 *   usually the editor's `didOpen`. But when that `didOpen` arrives while the first build runs
 *   (the usual case: the editor opens the file as soon as the server is initialized, and the
 *   first build of a large workspace takes seconds), the update cancels the first build, and
 *   Langium continues the cancelled documents with the first build's options (eclipse-langium
 *   PR #1094): every file but the opened one ended linked and never validated. Their findings
 *   were missing until the next edit, and commands that wait for a validated topology (the
 *   diagram, simulate, generate) waited for ever. A topology's findings are every file's
 *   findings, so the first build validates, as later ones do.
 * - **It can be asked to wait before it loads the workspace's files:** loading parses every
 *   file, in one stretch of about a second on a large workspace during which the server sends
 *   nothing, so what the server has to say before (the last check kept,
 *   language/lsp/last-check.ts) is said first.
 */
export class TopoWorkspaceManager extends DefaultWorkspaceManager {
  /** Awaited before the workspace's files are loaded; it must settle in bounded time. */
  beforeLoad: () => Promise<void> = () => Promise.resolve();

  constructor(services: LangiumSharedCoreServices) {
    super(services);
    this.initialBuildOptions = { validation: true };
  }

  protected override async performStartup(folders: WorkspaceFolder[]): Promise<LangiumDocument[]> {
    await this.beforeLoad().catch(() => undefined);
    return super.performStartup(folders);
  }
}
