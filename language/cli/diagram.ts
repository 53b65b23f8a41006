import { readdirSync, type Stats, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { drawDiagram } from '../diagram/index.js';
import { PngUnavailable, svgToPng } from '../diagram/png.js';
import { writeFileAtomic } from '../generators/writer.js';
import { InputError } from '../workspace/files.js';
import { impactOf } from './simulate.js';
import type { CliIO } from './validate.js';
import { loadWorkspace } from './workspace.js';

export interface DiagramCliOptions {
  fail?: string;
  format?: 'svg' | 'png';
  out?: string;
  params?: Record<string, string>;
}

/**
 * `topo diagram <folder>`: the topology's diagram as SVG (to stdout, or -o file) or PNG (-o file),
 * with the failure of one domain drawn on it (--fail) and the findings as markers.
 */
export async function runDiagram(path: string, io: CliIO, options: DiagramCliOptions = {}): Promise<number> {
  const format = options.format ?? (options.out && extname(options.out).toLowerCase() === '.png' ? 'png' : 'svg');
  if (format === 'png' && !options.out)
    throw new InputError('--format png writes a file: give one with -o, e.g. -o topology.png');
  const out = options.out ? resolve(options.out) : undefined;
  if (out) checkOutput(options.out!, out);
  const { topologies } = await loadWorkspace(inputsOf(path), options.params);
  if (topologies.length !== 1) {
    const names = topologies.map((t) => relative(process.cwd(), t.input.folder) || '.');
    throw new InputError(`${path}: holds ${topologies.length} topologies (${names.join(', ')}); name one folder`);
  }
  const { analysis } = topologies[0]!;
  const impact = options.fail ? impactOf(analysis.model, options.fail) : undefined;
  const { svg } = await drawDiagram(analysis.model, { impact, findings: analysis.findings, standalone: true });
  if (!out) {
    io.out(svg);
    return 0;
  }
  let data: string | Uint8Array = svg;
  if (format === 'png') {
    try {
      data = await svgToPng(svg);
    } catch (e) {
      if (e instanceof PngUnavailable) throw new InputError(e.message);
      throw e;
    }
  }
  await writeFileAtomic(out, data);
  io.out(
    `${options.out}: written (${format.toUpperCase()}, ${analysis.model.name}${impact ? `, if ${options.fail} fails` : ''})\n`,
  );
  return 0;
}

/** A folder holding .topo files is that topology (not its sub-folders' ones); anything else as `validate` reads it. */
function inputsOf(path: string): string[] {
  const abs = resolve(path);
  try {
    if (statSync(abs).isDirectory()) {
      const own = readdirSync(abs, { withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.topo'))
        .map((e) => join(abs, e.name));
      if (own.length) return own;
    }
  } catch {
    // collectTopologies names the problem.
  }
  return [path];
}

function checkOutput(given: string, out: string): void {
  let parent: Stats;
  try {
    parent = statSync(dirname(out));
  } catch {
    throw new InputError(`${given}: its folder ${dirname(given)} does not exist; create it first`);
  }
  if (!parent.isDirectory()) throw new InputError(`${given}: ${dirname(given)} is not a folder`);
  try {
    if (statSync(out).isDirectory())
      throw new InputError(`${given}: is a folder; give a file name, e.g. ${join(given, 'topology.svg')}`);
  } catch (e) {
    if (e instanceof InputError) throw e;
  }
}
