import type { LangiumDocument } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams } from 'vscode-languageserver';
import { appSurvival, clusterSurvival } from '../analysis/survivability-text.js';
import { PaletteCommand } from '../protocol.js';
import type { TopoServices } from '../topo-module.js';

/**
 * Survivability above each cluster and app: "survives any one zone", "loses quorum if
 * dc-east.az2 fails", "down if dc-east fails: 0 of 6 replicas left". Clicking opens the failure
 * simulation (the client's `topo.simulate` command).
 */
export class TopoCodeLensProvider implements CodeLensProvider {
  constructor(private readonly services: TopoServices) {}

  provideCodeLens(document: LangiumDocument, _params: CodeLensParams): CodeLens[] {
    const uri = document.uri.toString();
    const { model } = this.services.topo.ModelProvider.analysisFor(uri);
    const lenses: CodeLens[] = [];
    const add = (range: CodeLens['range'], title: string): void => {
      if (title) lenses.push({ range, command: { title, command: PaletteCommand.simulate, arguments: [{ uri }] } });
    };
    for (const c of model.clusters) if (c.nameLoc.uri === uri) add(c.loc.range, `⚡ ${clusterSurvival(model, c.name)}`);
    for (const a of model.apps) if (a.nameLoc.uri === uri) add(a.loc.range, `⚡ ${appSurvival(model, a.name)}`);
    return lenses;
  }
}
