import type { Finding } from './types.js';

/**
 * The findings of one run of the rules per file, made from the pieces the run put together, so
 * that a keystroke does not read all 10,000 findings of an estate to find those of the files it
 * shows: each piece is grouped by file once, and a per-app rule's grouping is updated from the
 * last run's at the apps that changed (language/rules/engine.ts).
 */
export interface RuleResults {
  /** Every finding, rule by rule, `topo-ignore` applied. */
  readonly findings: Finding[];
  /** The findings in one file, in the same order as in `findings`. */
  inFile(uri: string): Finding[];
}

/** Part of a run's findings, in order: a rule's list, or a per-app rule's findings of every app. */
export interface Piece {
  /** The rule whose findings these are (and the report of its failure, if it failed). */
  readonly ruleId: string;
  /** The findings, in order. */
  readonly list: readonly Finding[];
  inFile(uri: string): readonly Finding[] | undefined;
}

/**
 * A run's results: the pieces' findings in order, as one list (made when first read) and per file,
 * those silenced by `topo-ignore` left out: `ignores.kept` says which are kept, looked at for the
 * rules a directive names (`ignores.named`; all of them when one names the report of a rule's
 * failure, `failed`) and, per file, in the files with directives (`ignores.files`).
 */
export function resultsOf(
  pieces: readonly Piece[],
  ignores?: { files: ReadonlySet<string>; named: ReadonlySet<string>; kept: (f: Finding) => boolean; failed: string },
): RuleResults {
  const byUri = new Map<string, Finding[]>();
  let all: Finding[] | undefined;
  const everyRule = ignores?.named.has(ignores.failed);
  return {
    get findings(): Finding[] {
      if (!all) {
        all = [];
        for (const piece of pieces) {
          if (ignores && (everyRule || ignores.named.has(piece.ruleId))) {
            for (const f of piece.list) if (ignores.kept(f)) all.push(f);
          } else for (const f of piece.list) all.push(f);
        }
      }
      return all;
    },
    inFile(uri: string): Finding[] {
      let out = byUri.get(uri);
      if (!out) {
        out = [];
        const directed = ignores?.files.has(uri);
        for (const piece of pieces) {
          const list = piece.inFile(uri);
          if (!list) continue;
          if (directed && (everyRule || ignores!.named.has(piece.ruleId))) {
            for (const f of list) if (ignores!.kept(f)) out.push(f);
          } else for (const f of list) out.push(f);
        }
        byUri.set(uri, out);
      }
      return out;
    },
  };
}

/** A rule's list as a piece (a list kept with the infrastructure is grouped once). */
export function listPiece(ruleId: string, list: readonly Finding[]): Piece {
  let groups: Map<string, Finding[]> | undefined;
  return { ruleId, list, inFile: (uri) => (groups ??= groupsOf(list)).get(uri) };
}

function groupsOf(list: readonly Finding[]): Map<string, Finding[]> {
  let groups = grouped.get(list);
  if (!groups) {
    groups = new Map();
    for (const f of list) {
      const l = groups.get(f.loc.uri);
      if (l) l.push(f);
      else groups.set(f.loc.uri, [f]);
    }
    grouped.set(list, groups);
  }
  return groups;
}
const grouped = new WeakMap<readonly Finding[], Map<string, Finding[]>>();

/** One file's findings of a per-app rule, and the index of the app each came from. */
interface FileFindings {
  idx: number[];
  list: Finding[];
}

/**
 * A per-app rule's findings: every app's in the apps' order as one list, the app at index i's at
 * `flat[offsets[i] .. offsets[i + 1]]`. Never changed once made (a run makes a new one, `after`):
 * a keystroke replaces one app's findings, and the rest are copied as they are, without reading
 * the apps' lists one by one.
 */
export class AppPiece implements Piece {
  private files?: Map<string, FileFindings>;

  private constructor(
    readonly ruleId: string,
    readonly flat: readonly Finding[],
    readonly offsets: Int32Array,
  ) {}

  /** The piece of every app's findings (`found[i]`: the app at index i's). */
  static of(ruleId: string, found: readonly (readonly Finding[])[]): AppPiece {
    const flat: Finding[] = [];
    const offsets = new Int32Array(found.length + 1);
    found.forEach((list, i) => {
      for (const f of list) flat.push(f);
      offsets[i + 1] = flat.length;
    });
    return new AppPiece(ruleId, flat, offsets);
  }

  get list(): readonly Finding[] {
    return this.flat;
  }

  inFile(uri: string): readonly Finding[] | undefined {
    return this.byFile().get(uri)?.list;
  }

  /**
   * The piece of the next run, in which the apps at `changed` (ascending) have the findings
   * `found` gives them and the others those they have here: this one when none of them had or has
   * any (most keystrokes, for most rules). When this piece's findings were grouped by file, the
   * next one's are made from them: only the files the changed apps' findings were or are in are
   * made again.
   */
  after(found: readonly (readonly Finding[])[], changed: ReadonlySet<number>): AppPiece {
    const { flat, offsets } = this;
    if ([...changed].every((i) => offsets[i + 1] === offsets[i] && !found[i]!.length)) return this;
    const out: Finding[] = [];
    const next = new Int32Array(offsets.length);
    let from = 0; // the first index not yet copied
    for (const i of changed) {
      // The apps from `from` up to i keep their findings, shifted by what the earlier changes added.
      const shift = out.length - offsets[from]!;
      for (let k = offsets[from]!; k < offsets[i]!; k++) out.push(flat[k]!);
      for (let j = from + 1; j <= i; j++) next[j] = offsets[j]! + shift;
      for (const f of found[i]!) out.push(f);
      next[i + 1] = out.length;
      from = i + 1;
    }
    const shift = out.length - offsets[from]!;
    for (let k = offsets[from]!; k < flat.length; k++) out.push(flat[k]!);
    for (let j = from + 1; j < offsets.length; j++) next[j] = offsets[j]! + shift;
    const piece = new AppPiece(this.ruleId, out, next);
    if (this.files) piece.files = this.patched(piece, [...changed]);
    return piece;
  }

  private byFile(): Map<string, FileFindings> {
    if (!this.files) {
      const files = new Map<string, FileFindings>();
      for (let i = 0; i + 1 < this.offsets.length; i++)
        for (let k = this.offsets[i]!; k < this.offsets[i + 1]!; k++) add(files, i, this.flat[k]!);
      this.files = files;
    }
    return this.files;
  }

  private patched(next: AppPiece, changed: number[]): Map<string, FileFindings> {
    const touched = new Set<string>();
    const fresh = new Map<string, FileFindings>();
    for (const i of changed) {
      for (let k = this.offsets[i]!; k < this.offsets[i + 1]!; k++) touched.add(this.flat[k]!.loc.uri);
      for (let k = next.offsets[i]!; k < next.offsets[i + 1]!; k++) {
        const f = next.flat[k]!;
        touched.add(f.loc.uri);
        add(fresh, i, f);
      }
    }
    const gone = new Set(changed);
    const files = new Map(this.files);
    for (const uri of touched) {
      const was = this.files!.get(uri) ?? NO_FINDINGS;
      const now = fresh.get(uri) ?? NO_FINDINGS;
      // Both in the apps' order: the file's findings of unchanged apps, and the changed apps' new ones.
      const out: FileFindings = { idx: [], list: [] };
      let a = 0;
      let b = 0;
      while (a < was.idx.length || b < now.idx.length) {
        if (a < was.idx.length && gone.has(was.idx[a]!)) {
          a++;
          continue;
        }
        const takeOld = b >= now.idx.length || (a < was.idx.length && was.idx[a]! < now.idx[b]!);
        const from = takeOld ? was : now;
        const k = takeOld ? a++ : b++;
        out.idx.push(from.idx[k]!);
        out.list.push(from.list[k]!);
      }
      if (out.list.length) files.set(uri, out);
      else files.delete(uri);
    }
    return files;
  }
}

const NO_FINDINGS: FileFindings = { idx: [], list: [] };

function add(files: Map<string, FileFindings>, i: number, f: Finding): void {
  const entry = files.get(f.loc.uri);
  if (entry) {
    entry.idx.push(i);
    entry.list.push(f);
  } else files.set(f.loc.uri, { idx: [i], list: [f] });
}
