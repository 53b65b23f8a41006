/**
 * `topo diff`: what a change to a topology does to availability.
 *
 *   topo diff old/ new/                       two folders (each one topology, or a tree of them)
 *   topo diff --base origin/main site/        the base read from git, the head from the work tree
 *   topo diff --base v1 --head v2 site/       both read from git
 *
 * Topologies are paired by their folder relative to the folder compared. Exit 1 when a failure
 * scenario gets worse (unless --exit-zero), 2 on bad input.
 */
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { compareTopology, totals, type DiffSide, type TopologyDiff } from '../diff/compare.js';
import type { GenerationTarget } from '../generators/index.js';
import { elementKeyAt } from '../model/elements.js';
import { collectTopologies, InputError } from '../workspace/files.js';
import { fileInFolder } from '../workspace/generation.js';
import { renderDiff, type DiffFormat } from './diff-render.js';
import { byPosition, toRecord, type DiagnosticRecord } from './findings.js';
import { revisionTree, type RevisionTree } from './git.js';
import type { CliIO } from './validate.js';
import { loadWorkspace } from './workspace.js';

export interface DiffCliOptions {
  /** Read the base from this git revision (then `paths` are the work tree's folders). */
  base?: string;
  /** Read the head from this git revision too (default: the work tree). */
  head?: string;
  format?: DiffFormat;
  /** Exit 0 even when a scenario gets worse. */
  exitZero?: boolean;
  params?: Record<string, string>;
  targets?: GenerationTarget[];
  version?: string;
}

interface Side {
  label: string;
  topologies: Map<string, { side: DiffSide<DiagnosticRecord>; targets?: readonly GenerationTarget[] }>;
}

/** Where one version's files are, and how to show their paths and pair their folders. */
interface Source {
  label: string;
  /** The folders to load (each searched for topologies, like `topo validate`). */
  roots: string[];
  /** Key pairing a topology folder with its counterpart in the other version. */
  key(folder: string): string;
  /** How a file of this version is named in the output. */
  display(file: string): string;
  /** A root without .topo files is an empty version (a topology added or removed in git), not bad input. */
  mayBeEmpty: boolean;
  /** Folders to leave out (the other version's root, nested in this one). */
  exclude?: string;
}

const cwdRelative = (p: string): string => relative(process.cwd(), p) || '.';
const posixRel = (from: string, to: string): string => relative(from, to).split(sep).join('/') || '.';

function inside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
}

async function loadSide(source: Source, params?: Record<string, string>): Promise<Side> {
  const topologies: Side['topologies'] = new Map();
  const roots = source.mayBeEmpty ? source.roots.filter(hasTopoFiles) : source.roots;
  if (!roots.length) return { label: source.label, topologies };
  const { topologies: loaded } = await loadWorkspace(roots, params);
  for (const t of loaded) {
    if (source.exclude && inside(t.input.folder, source.exclude)) continue;
    const model = t.analysis.model;
    const findings: DiagnosticRecord[] = [];
    for (const doc of t.documents) {
      const file = source.display(doc.uri.fsPath);
      for (const d of [...(doc.diagnostics ?? [])].sort(byPosition)) {
        const r = toRecord(file, d);
        r.element ??= elementKeyAt(model, { uri: doc.uri.toString(), range: d.range });
        findings.push(r);
      }
    }
    const sourceFiles = Object.fromEntries(
      model.files.map((uri) => [uri, fileInFolder(t.input.folder, uri).split('\\').join('/')]),
    );
    topologies.set(source.key(t.input.folder), {
      side: { model, findings, sourceFiles },
      targets: t.analysis.config?.generate?.targets,
    });
  }
  return { label: source.label, topologies };
}

/** Whether a folder holds a topology at all (a version may lack one: added or removed in git). */
function hasTopoFiles(root: string): boolean {
  try {
    return collectTopologies([root]).length > 0;
  } catch (e) {
    if (e instanceof InputError) return false;
    throw e;
  }
}

/** `topo diff`: prints the comparison in the chosen format; returns the exit code. */
export async function runDiff(paths: string[], io: CliIO, options: DiffCliOptions = {}): Promise<number> {
  const trees: RevisionTree[] = [];
  try {
    let base: Source;
    let head: Source;
    if (options.base !== undefined) {
      const given = paths.length ? paths : ['.'];
      const folders = given.map((p) => resolve(p));
      const baseTree = revisionTree(options.base, given);
      trees.push(baseTree);
      const repoKey =
        (tree: RevisionTree) =>
        (folder: string): string =>
          posixRel(tree.repo, tree.unmap(folder));
      base = {
        label: options.base,
        roots: folders.map(baseTree.map),
        key: repoKey(baseTree),
        display: (f) => cwdRelative(baseTree.unmap(f)),
        mayBeEmpty: true,
      };
      if (options.head !== undefined) {
        const headTree = revisionTree(options.head, given);
        trees.push(headTree);
        head = {
          label: options.head,
          roots: folders.map(headTree.map),
          key: repoKey(headTree),
          display: (f) => cwdRelative(headTree.unmap(f)),
          mayBeEmpty: true,
        };
      } else {
        head = {
          label: 'work tree',
          roots: folders,
          key: (folder) => posixRel(baseTree.repo, folder),
          display: cwdRelative,
          mayBeEmpty: false,
        };
      }
    } else {
      if (options.head !== undefined)
        throw new InputError('--head needs --base: topo diff --base <rev> --head <rev> [folders]');
      if (paths.length !== 2)
        throw new InputError(
          `give two folders (topo diff old/ new/) or a git revision to compare with (topo diff --base origin/main site/); got ${paths.length} path${paths.length === 1 ? '' : 's'}`,
        );
      const [b, h] = paths.map((p) => resolve(p)) as [string, string];
      const rootOf = (p: string): string => (statSync(p, { throwIfNoEntry: false })?.isFile() ? resolve(p, '..') : p);
      const [bRoot, hRoot] = [rootOf(b), rootOf(h)];
      base = {
        label: paths[0]!,
        roots: [b],
        key: (f) => posixRel(bRoot, f),
        display: cwdRelative,
        mayBeEmpty: false,
        exclude: inside(hRoot, bRoot) && hRoot !== bRoot ? hRoot : undefined,
      };
      head = {
        label: paths[1]!,
        roots: [h],
        key: (f) => posixRel(hRoot, f),
        display: cwdRelative,
        mayBeEmpty: false,
        exclude: inside(bRoot, hRoot) && hRoot !== bRoot ? bRoot : undefined,
      };
    }
    const [baseSide, headSide] = [await loadSide(base, options.params), await loadSide(head, options.params)];
    if (!baseSide.topologies.size && !headSide.topologies.size) {
      throw new InputError(
        `no .topo files in ${paths.join(', ') || '.'}, neither at ${base.label} nor in the ${head.label}`,
      );
    }
    const keys = [...new Set([...headSide.topologies.keys(), ...baseSide.topologies.keys()])].sort();
    const diffs: TopologyDiff<DiagnosticRecord>[] = keys.map((k) => {
      const b = baseSide.topologies.get(k);
      const h = headSide.topologies.get(k);
      return compareTopology(k, b?.side, h?.side, options.targets ?? h?.targets ?? b?.targets);
    });
    io.out(
      renderDiff(diffs, {
        format: options.format ?? 'text',
        base: baseSide.label,
        head: headSide.label,
        version: options.version ?? '0.0.0',
      }),
    );
    return totals(diffs).worse > 0 && !options.exitZero ? 1 : 0;
  } finally {
    for (const t of trees) t.dispose();
  }
}
