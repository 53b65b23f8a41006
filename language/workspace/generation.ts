import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  defaultOutDir,
  fileSecretResolver,
  generate,
  GENERATION_TARGETS,
  writeGenerated,
  type GenerationProblem,
  type GenerationTarget,
  type SecretResolver,
  type WriteReport,
} from '../generators/index.js';
import type { Analysis } from './model-provider.js';

/** An error that blocks generation: a syntax error, an unresolved name, a model problem or an error finding. */
export interface BlockingError {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

export interface GenerationRequest {
  analysis: Analysis;
  /** The topology's folder on disk. */
  folder: string;
  /** Syntax and linking errors of the topology's documents (the analysis has the rest). */
  syntaxErrors: BlockingError[];
  targets?: readonly GenerationTarget[];
  /** Root of the output; the topology's files go to `<outRoot>/<topology>/<target>/`. */
  outRoot?: string;
  overwrite?: boolean | readonly string[];
  resolveSecret?: SecretResolver;
  /**
   * The folder the output must stay in once symbolic links are followed (see outDirProblem).
   * Default: the topology's folder when the output lies in it, else the output root's parent.
   */
  confine?: string;
}

export interface GenerationOutcome {
  /** Set when errors in the topology stopped generation: says which one. */
  blockedBy?: string;
  blockingErrors: BlockingError[];
  problems: GenerationProblem[];
  report?: WriteReport;
  outDir: string;
}

/** A document's path relative to its topology folder, as messages name it (`clusters/east.topo`). */
export function fileInFolder(folder: string, uri: string): string {
  return uri.startsWith('file:') ? relative(folder, fileURLToPath(uri)) || uri : uri;
}

/**
 * Generation as both generate-on-save and `topo generate` run it: refuse when the topology has
 * errors (warnings do not block), run the generators, and write through the one writer.
 */
export async function generateTopology(req: GenerationRequest): Promise<GenerationOutcome> {
  const refused = refusal(req);
  if (refused) return refused;
  const { model, config } = req.analysis;
  const outDir = resolveOutDir(req.analysis, req.folder, req.outRoot);
  const targets = req.targets ?? config?.generate?.targets;
  const sourceFiles = Object.fromEntries(
    model.files.map((uri) => [uri, fileInFolder(req.folder, uri).split('\\').join('/')]),
  );
  const { files, problems } = generate(model, {
    targets,
    sourceFiles,
    resolveSecret: req.resolveSecret ?? fileSecretResolver(req.folder),
  });
  const report = await writeGenerated(files, { outDir, overwrite: req.overwrite, targets });
  return { blockingErrors: [], problems, report, outDir };
}

/**
 * Why generation refuses the request, if it does: errors in the topology (warnings do not block),
 * or an output folder it may not write to. Cheap: nothing is generated.
 */
export function refusal(req: Omit<GenerationRequest, 'overwrite' | 'resolveSecret'>): GenerationOutcome | undefined {
  const { model, findings, config } = req.analysis;
  const outDir = resolveOutDir(req.analysis, req.folder, req.outRoot);
  const at = (uri: string): string => fileInFolder(req.folder, uri);
  const targets = req.targets ?? config?.generate?.targets;
  // A target's own checks (`openshift/flavor` ...) block that target only: `--target heat` still
  // generates a topology whose OpenShift clusters are not ready for install-config.
  const skipped = new Set(GENERATION_TARGETS.filter((t) => targets && !targets.includes(t)));
  const blocks = (code: string): boolean => !skipped.has(code.slice(0, code.indexOf('/')) as GenerationTarget);
  const blockingErrors: BlockingError[] = [
    ...req.syntaxErrors,
    ...model.problems
      .filter((p) => p.severity === 'error' && blocks(p.code))
      .map((p) => ({
        file: at(p.loc.uri),
        line: p.loc.range.start.line + 1,
        column: p.loc.range.start.character + 1,
        code: p.code,
        message: p.message,
      })),
    ...findings
      .filter((f) => f.severity === 'error')
      .map((f) => ({
        file: at(f.loc.uri),
        line: f.loc.range.start.line + 1,
        column: f.loc.range.start.character + 1,
        code: f.ruleId,
        message: f.message,
      })),
  ].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  if (blockingErrors.length) {
    const first = blockingErrors[0]!;
    const more =
      blockingErrors.length > 1
        ? ` (and ${blockingErrors.length - 1} more error${blockingErrors.length > 2 ? 's' : ''})`
        : '';
    return {
      blockedBy: `${model.name} was not generated: fix ${first.file}:${first.line}:${first.column} ${first.code} ${first.message}${more}`,
      blockingErrors,
      problems: [],
      outDir,
    };
  }
  const where = outDirProblem(outDir, req.confine ?? confinement(req.folder, outDir, req.outRoot));
  if (where)
    return { blockedBy: `${model.name} was not generated: ${where}`, blockingErrors: [], problems: [], outDir };
  return undefined;
}

/**
 * Where a topology's files go: `<outRoot>/<topology>` when an output root is given (CLI --out,
 * editor setting), else topo.config.json's `generate.outDir`, else `generated/<topology>` beside
 * the .topo files.
 */
export function resolveOutDir(analysis: Analysis, folder: string, outRoot?: string): string {
  const root =
    outRoot ?? (analysis.config?.generate?.outDir ? resolve(folder, analysis.config.generate.outDir) : undefined);
  return root ? resolve(root, safeName(analysis.model.name)) : defaultOutDir(folder, analysis.model.name);
}

function safeName(name: string): string {
  return name.replace(/[^\w.-]/g, '_').replace(/^\.+/, '_') || 'topology';
}

function inside(child: string, root: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The default confinement of an output folder: the topology's folder, or the output root's parent. */
export function confinement(folder: string, outDir: string, outRoot?: string): string {
  return inside(resolve(outDir), resolve(folder)) ? resolve(folder) : dirname(resolve(outRoot ?? outDir));
}

/**
 * Why topo must not write into `outDir`, or undefined: a file stands where a folder of the path
 * should be, or a folder of the path below `root` is a symbolic link that leads out of `root`
 * (a `generated` link to /etc committed to a repository). Checked before anything is written;
 * the writer checks the folders below `outDir` itself.
 */
export function outDirProblem(outDir: string, root: string): string | undefined {
  const show = (p: string): string => relative(process.cwd(), p) || '.';
  const target = resolve(outDir);
  const base = resolve(root);
  let realBase: string;
  try {
    realBase = realpathSync(base);
  } catch {
    realBase = base;
  }
  const rel = relative(base, target);
  const parts = !rel || rel.startsWith('..') || isAbsolute(rel) ? [] : rel.split(sep);
  let cur = base;
  for (const part of parts) {
    cur = join(cur, part);
    let st: Stats;
    try {
      st = lstatSync(cur);
    } catch {
      return undefined; // the rest of the path does not exist yet: topo creates it
    }
    if (st.isSymbolicLink()) {
      let real: string;
      try {
        real = realpathSync(cur);
      } catch {
        return `${show(cur)} is a symbolic link to a missing target: remove the link or give another output folder`;
      }
      if (!inside(real, realBase))
        return `${show(cur)} is a symbolic link to ${real}, outside ${show(base) === '.' ? 'the current folder' : show(base)}: topo does not write through it; remove the link or give the real folder as the output`;
      if (!lstatSync(real).isDirectory())
        return `${show(cur)} is a link to a file, not a folder: remove it or give another output folder`;
    } else if (!st.isDirectory()) {
      return `${show(cur)} is a file, not a folder: remove it or give another output folder`;
    }
  }
  return undefined;
}
