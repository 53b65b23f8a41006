import { analyseAll, findDomain, failureDomains } from '../analysis/failure.js';
import type { FailureImpact } from '../analysis/types.js';
import { renderDetail, renderTable } from '../analysis/report.js';
import type { TopoModel } from '../model/types.js';
import { InputError } from '../workspace/files.js';
import { impactJson, renderJson } from './simulate-json.js';
import type { CliIO } from './validate.js';
import { loadWorkspace } from './workspace.js';

/** `topo simulate`: the survivability table of every single failure, or the detail of one. */
export async function runSimulate(
  paths: string[],
  io: CliIO,
  options: { fail?: string; json?: boolean; params?: Record<string, string> } = {},
): Promise<number> {
  const { topologies } = await loadWorkspace(paths, options.params);
  const outputs: string[] = [];
  for (const t of topologies) {
    const model = t.analysis.model;
    if (!options.fail) {
      outputs.push(options.json ? renderJson(model) : renderTable(model));
      continue;
    }
    const impact = impactOf(model, options.fail);
    outputs.push(options.json ? JSON.stringify(impactJson(impact), null, 2) : renderDetail(model, impact));
  }
  io.out(outputs.map((o) => (o.endsWith('\n') ? o : `${o}\n`)).join('\n'));
  return 0;
}

/** What one failure (`--fail dc-east`, `dc-east.az1`, `router:edge1`, `lb:lb1`) does; bad input names the known domains. */
export function impactOf(model: TopoModel, spec: string): FailureImpact {
  const domain = findDomain(model, spec);
  if (!domain) {
    const known = failureDomains(model).map((d) => d.id);
    throw new InputError(
      `${spec}: no such failure domain in ${model.name}; known: ${known.slice(0, 12).join(', ')}${known.length > 12 ? ', ...' : ''}`,
    );
  }
  return analyseAll(model).find((i) => i.domain.kind === domain.kind && i.domain.id === domain.id)!;
}
