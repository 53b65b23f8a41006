import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import type { BuildProgress, TopoDocumentBuilder } from '../workspace/document-builder.js';

/** Builds that check fewer files than this finish before a progress indicator would help. */
export const PROGRESS_MIN_FILES = 20;
/** Nor is one shown for a build that ends sooner than this (a keystroke's revalidation). */
export const PROGRESS_DELAY_MS = 400;

/**
 * Shows how far a build of a large workspace has got, "37/161 files checked", with LSP's
 * work-done progress (`window/workDoneProgress/create`, `$/progress`): VS Code's language client
 * shows it in the status bar, and any LSP editor that supports it shows it its own way. Nothing
 * is sent to a client without the capability, nor for builds of fewer than PROGRESS_MIN_FILES
 * files or shorter than PROGRESS_DELAY_MS.
 */
export function reportBuildProgress(
  connection: Pick<Connection, 'window'>,
  builder: TopoDocumentBuilder,
  options = { minFiles: PROGRESS_MIN_FILES, delayMs: PROGRESS_DELAY_MS },
): void {
  let latest: BuildProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let reporter: Promise<WorkDoneProgressServerReporter | undefined> | undefined;
  let lastPercent = -1;
  const percent = (p: BuildProgress): number => Math.floor((100 * p.checked) / p.total);
  builder.onProgress((p) => {
    if (p.total < options.minFiles) return;
    latest = p;
    if (p.done) {
      clearTimeout(timer);
      timer = undefined;
      const current = reporter;
      reporter = undefined;
      void current?.then((r) => r?.done());
      return;
    }
    if (!reporter && !timer) {
      timer = setTimeout(() => {
        timer = undefined;
        const at = latest!;
        lastPercent = percent(at);
        reporter = connection.window.createWorkDoneProgress().then(
          (r) => {
            r.begin('topo', lastPercent, message(at));
            return r;
          },
          () => undefined,
        );
      }, options.delayMs);
    } else if (reporter && percent(p) !== lastPercent) {
      lastPercent = percent(p);
      void reporter.then((r) => r?.report(lastPercent, message(p)));
    }
  });
}

function message(p: BuildProgress): string {
  return `${p.checked}/${p.total} files checked`;
}
