/**
 * The topology diagram: diagram model (build.ts) → layout (layout.ts, elkjs) → SVG (svg.ts).
 * One entry point for the CLI (`topo diagram`) and the language server (`topo/diagram`).
 */
import type { FailureImpact } from '../analysis/types.js';
import type { TopoModel } from '../model/types.js';
import type { Finding } from '../rules/types.js';
import { buildDiagram } from './build.js';
import { layoutDiagram, type Layout } from './layout.js';
import { renderSvg } from './svg.js';
import type { Diagram } from './types.js';

export interface DrawOptions {
  impact?: FailureImpact;
  findings?: readonly Finding[];
  /** A file on its own (style sheet embedded), not for the webview. */
  standalone?: boolean;
}

export interface Drawing {
  diagram: Diagram;
  layout: Layout;
  svg: string;
  /** Milliseconds spent in the layout (about 0 when a layout of the same graph was at hand). */
  layoutMs: number;
}

/** Layouts by model: a failure shown on the same model reuses the layout (it does not depend on marks). */
const layouts = new WeakMap<TopoModel, Promise<Layout>>();

export async function drawDiagram(model: TopoModel, options: DrawOptions = {}): Promise<Drawing> {
  const diagram = buildDiagram(model, { impact: options.impact, findings: options.findings });
  let layoutMs = 0;
  let pending = layouts.get(model);
  if (!pending) {
    const started = performance.now();
    pending = layoutDiagram(diagram).then((l) => {
      layoutMs = performance.now() - started;
      return l;
    });
    layouts.set(model, pending);
    pending.catch(() => layouts.delete(model));
  }
  const layout = await pending;
  return { diagram, layout, svg: renderSvg(diagram, layout, { standalone: options.standalone }), layoutMs };
}

export { buildDiagram } from './build.js';
export type { Diagram } from './types.js';
