import { relative, resolve } from 'node:path';
import type { GenerationTarget } from '../generators/index.js';
import { syntaxErrors } from '../lsp/generation.js';
import { InputError } from '../workspace/files.js';
import { confinement, generateTopology, outDirProblem, resolveOutDir } from '../workspace/generation.js';
import type { CliIO } from './validate.js';
import { loadWorkspace } from './workspace.js';

export interface GenerateCliOptions {
  targets?: GenerationTarget[];
  out?: string;
  params?: Record<string, string>;
  overwrite?: boolean;
}

/**
 * `topo generate`: writes each topology's artifacts, or says which error blocks it. Exit 1 when
 * any topology is blocked, a generator reports an error or a file could not be written; files a
 * person edited are kept (and reported) unless --overwrite.
 */
export async function runGenerate(paths: string[], io: CliIO, options: GenerateCliOptions = {}): Promise<number> {
  const { topologies } = await loadWorkspace(paths, options.params);
  // An output folder topo must not write into is bad input: say so before anything is written.
  const cwd = process.cwd();
  for (const t of topologies) {
    const outDir = resolveOutDir(t.analysis, t.input.folder, options.out);
    const confine =
      options.out && !relative(cwd, resolve(options.out)).startsWith('..')
        ? cwd
        : confinement(t.input.folder, outDir, options.out);
    const problem = outDirProblem(outDir, confine);
    if (problem) throw new InputError(problem);
  }
  let failed = false;
  for (const t of topologies) {
    const outcome = await generateTopology({
      analysis: t.analysis,
      folder: t.input.folder,
      syntaxErrors: syntaxErrors(t.documents, t.input.folder),
      targets: options.targets,
      outRoot: options.out,
      overwrite: options.overwrite,
    });
    const name = t.analysis.model.name;
    const where = relative(process.cwd(), outcome.outDir) || '.';
    if (outcome.blockedBy) {
      failed = true;
      io.out(`${outcome.blockedBy}\n`);
      continue;
    }
    for (const p of outcome.problems) {
      if (p.severity === 'error') failed = true;
      io.out(`${name}: ${p.severity} ${p.code} ${p.message}\n`);
    }
    const r = outcome.report!;
    for (const p of r.written) io.out(`${where}/${p}: written\n`);
    for (const s of r.skippedEdited)
      io.out(
        `${where}/${s.path}: kept, ${s.reason === 'edited' ? 'edited by hand since it was generated' : 'not written by topo'}; --overwrite replaces it\n`,
      );
    for (const p of r.stale) io.out(`${where}/${p}: no longer generated; delete it if it is not needed\n`);
    for (const e of r.errors) {
      failed = true;
      io.out(`${where}/${e.path}: error ${e.message}\n`);
    }
    io.out(
      `${name}: ${r.written.length} written, ${r.unchanged.length} unchanged, ${r.skippedEdited.length} kept, into ${where}\n`,
    );
  }
  return failed ? 1 : 0;
}
