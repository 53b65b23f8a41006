/**
 * The diagram for editors (`topo.diagram`, workspace/executeCommand; its shapes are in
 * protocol.ts): the server builds, lays out and renders it; a client shows the SVG, and uses the
 * element list to reveal a declaration on a click and to highlight the element under the cursor.
 * Any LSP client can ask for it.
 */
import { analyseAll, failureDomains, findDomain } from '../analysis/failure.js';
import { drawDiagram } from '../diagram/index.js';
import type { DiagramElement, DiagramParams, DiagramResult, TextRange } from '../protocol.js';
import type { TopoServices } from '../topo-module.js';

export async function diagramOf(services: TopoServices, params: DiagramParams): Promise<DiagramResult> {
  const { model, findings } = services.topo.ModelProvider.analysisFor(params.uri);
  const specOf = (d: { kind: string; id: string }) => `${d.kind === 'loadBalancer' ? 'lb' : d.kind}:${d.id}`;
  const domains = failureDomains(model).map((d) => {
    const spec = specOf(d);
    const word =
      d.kind === 'region'
        ? (model.regions.find((r) => r.name === d.id)?.keyword ?? 'region')
        : d.kind === 'loadBalancer'
          ? 'load balancer'
          : d.kind;
    return { spec, label: `${word} ${d.id}` };
  });
  const found = params.fail ? findDomain(model, params.fail) : undefined;
  const impact = found && analyseAll(model).find((i) => i.domain.kind === found.kind && i.domain.id === found.id);
  const { diagram, svg } = await drawDiagram(model, { impact, findings, standalone: params.standalone });
  const size = (r: TextRange) => (r.end.line - r.start.line) * 1_000_000 + r.end.character - r.start.character;
  const elements = Object.entries(diagram.sources)
    .map(([id, s]): DiagramElement => ({ id, uri: s.nameLoc.uri, name: s.nameLoc.range, declaration: s.loc.range }))
    .sort((a, b) => size(a.declaration) - size(b.declaration) || a.id.localeCompare(b.id));
  const result: DiagramResult = { topology: model.name, svg, domains, elements };
  if (found && diagram.failure) result.failure = { spec: specOf(found), title: diagram.failure.title };
  if (params.fail && !found) result.unknownFailure = params.fail;
  return result;
}
