/**
 * The equivalence property of the editor's incremental path: after any edit, what the server
 * shows (every document's diagnostics) and what it computed (the semantic model, the rule
 * findings, the failure summaries) are byte for byte what a cold build of the same texts gives.
 *
 * A workspace is built once; then random edits (the fuzzer's mutations of test/fuzz/inputs.ts and
 * the scripted LSP session's typing mix of test/reliability/lsp-session.ts) are applied as the
 * language server applies a didChange, through Langium's DocumentBuilder.update, and after each
 * one a fresh workspace is built from the same texts and both are compared. The bounded pass runs
 * in `npx vitest run` (test/incremental.test.ts); the full one is `npm run test:equivalence`.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { summarise } from '../../language/analysis/survivability.js';
import type * as ast from '../../language/generated/ast.js';
import { createTopoServices, type TopoServices } from '../../language/topo-module.js';
import { generateTopology } from '../../bench/topology.mjs';
import { GrammarGenerator } from '../fuzz/grammar-gen.js';
import { mutateText, type Topology } from '../fuzz/inputs.js';
import { Rng } from '../fuzz/rng.js';
import { SNIPPETS } from '../reliability/lsp-session.js';

const FOLDER = '/equivalence/topology';

/**
 * A value as one deterministic string: maps and sets by their entries, shared or cyclic objects
 * (elements refer to each other) by the path where they first appeared, positions by their line
 * and character, functions left out. Two values give the same string exactly when they have the
 * same structure and contents.
 */
export function canonical(value: unknown): string {
  const seen = new Map<object, string>();
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
    if (v === null || typeof v !== 'object') return v;
    // Positions and ranges are values: whether two places share one range object (Langium keeps
    // one per syntax node) shows nowhere, not even in JSON. Compared by their numbers.
    if (isPosition(v)) return { line: v.line, character: v.character };
    if (isRange(v)) return { start: walk(v.start, ''), end: walk(v.end, '') };
    const prior = seen.get(v);
    if (prior !== undefined) return { $ref: prior };
    seen.set(v, path);
    if (v instanceof Map)
      return { $map: [...v].map(([k, x], i) => [walk(k, `${path}<${i}`), walk(x, `${path}>${i}`)]) };
    if (v instanceof Set) return { $set: [...v].map((x, i) => walk(x, `${path}{${i}`)) };
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}`));
    // The model must not hold syntax trees; if one slipped in, compare its type, not its internals.
    if ('$type' in v && '$container' in v) return { $ast: (v as { $type: string }).$type };
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = walk((v as Record<string, unknown>)[k], `${path}.${k}`);
    return out;
  };
  return JSON.stringify(walk(value, '$'));
}

function isPosition(v: object): v is { line: number; character: number } {
  const keys = Object.keys(v);
  return keys.length === 2 && 'line' in v && 'character' in v;
}

function isRange(v: object): v is { start: object; end: object } {
  const r = v as { start?: unknown; end?: unknown };
  return (
    Object.keys(v).length === 2 &&
    typeof r.start === 'object' &&
    r.start !== null &&
    isPosition(r.start) &&
    typeof r.end === 'object' &&
    r.end !== null &&
    isPosition(r.end)
  );
}

/** What is compared: per document, its diagnostics; for the topology, model, findings and summaries. */
export interface Snapshot {
  diagnostics: string;
  model: string;
  findings: string;
  summaries: string;
  /** Per document, its findings as the analysis gives them per file, and whether that is every finding in it, in order. */
  inFile: string;
}

/** What is compared. */
function snapshotOf(services: TopoServices, uris: readonly string[]): Snapshot {
  const documents = services.shared.workspace.LangiumDocuments;
  const diagnostics = uris.map((u) => [u, documents.getDocument(URI.parse(u))?.diagnostics ?? null]);
  const analysis = services.topo.ModelProvider.analysisFor(uris[0]!);
  return {
    diagnostics: canonical(diagnostics),
    model: canonical(analysis.model),
    findings: canonical(analysis.findings),
    summaries: canonical(summarise(analysis.model)),
    inFile: canonical(
      uris.map((u) => {
        const own = services.topo.ModelProvider.inFile(analysis, u).findings;
        const filtered = analysis.findings.filter((f) => f.loc.uri === u);
        return [u, own, own.length === filtered.length && own.every((f, i) => f === filtered[i])];
      }),
    ),
  };
}

/** A fresh workspace with these texts, every file parsed, linked and validated. */
export async function coldSnapshot(files: ReadonlyMap<string, string>): Promise<Snapshot> {
  const { Topo } = createTopoServices(EmptyFileSystem);
  // Nothing kept from an earlier analysis, nothing kept for a later one: the reference.
  Topo.topo.ModelProvider.incremental = false;
  const ws = Topo.shared.workspace;
  const docs: LangiumDocument<ast.Document>[] = [];
  for (const [uri, text] of files) {
    const doc = ws.LangiumDocumentFactory.fromString<ast.Document>(text, URI.parse(uri));
    ws.LangiumDocuments.addDocument(doc);
    docs.push(doc);
  }
  await ws.DocumentBuilder.build(docs, { validation: true });
  return snapshotOf(Topo, [...files.keys()]);
}

/** The editor's workspace: built once, then changed one didChange at a time. */
export class EditedWorkspace {
  private readonly services = createTopoServices(EmptyFileSystem).Topo;
  private readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();

  private constructor(files: Record<string, string>) {
    for (const name of Object.keys(files).sort())
      this.texts.set(URI.file(`${FOLDER}/${name}`).toString(), files[name]!);
  }

  static async open(files: Record<string, string>): Promise<EditedWorkspace> {
    const w = new EditedWorkspace(files);
    const ws = w.services.shared.workspace;
    const docs = [...w.texts].map(([uri, text]) => {
      const doc = ws.LangiumDocumentFactory.fromString<ast.Document>(text, URI.parse(uri));
      ws.LangiumDocuments.addDocument(doc);
      return doc;
    });
    await ws.DocumentBuilder.build(docs, { validation: true });
    return w;
  }

  /** Replaces a document's text as a didChange does: the editor's copy changes, then Langium updates. */
  async change(uri: string, text: string): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    const ws = this.services.shared.workspace as unknown as { TextDocuments: { set(d: TextDocument): void } };
    ws.TextDocuments.set(TextDocument.create(uri, 'topo', version, text));
    await this.services.shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
  }

  snapshot(): Snapshot {
    return snapshotOf(this.services, [...this.texts.keys()]);
  }

  /** How its models were built: from scratch or on the previous build's infrastructure. */
  memoStats(): ReturnType<TopoServices['topo']['ModelProvider']['memoStats']> {
    return this.services.topo.ModelProvider.memoStats();
  }
}

/** Names declared in a topology's texts (the fuzzer's name mutations make them collide). */
function declaredNames(texts: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const t of texts)
    for (const m of t.matchAll(
      /\b(?:region|zone|network|router|cluster|servers|loadBalancer|gslb|app|project|securityGroup|secret|param|management|connector|storage)\s+([_a-zA-Z][\w-]*)/g,
    ))
      names.add(m[1]!);
  return [...names].sort();
}

/** One edit of one file's text: the fuzzer's mutations, or the LSP session's typing, deleting, pasting, restoring. */
export function editText(
  text: string,
  original: string,
  rng: Rng,
  names: string[],
  mix: EditMix = 'any',
): { text: string; kind: string } {
  const kind = rng.weighted<string>([
    [3, 'fuzz'],
    [4, 'type'],
    [3, 'delete'],
    [2, 'replace'],
    [1, 'paste'],
    [1, 'restore'],
    [3, 'digit'],
    [mix === 'apps' ? 60 : 4, 'app'],
  ]);
  const at = rng.int(text.length + 1);
  switch (kind) {
    case 'fuzz':
      return { kind, text: mutateText(text, rng, names) };
    case 'type':
      return { kind, text: text.slice(0, at) + rng.pick(SNIPPETS) + text.slice(at) };
    case 'delete':
      return { kind, text: text.slice(0, at) + text.slice(Math.min(text.length, at + rng.range(1, 40))) };
    case 'replace':
      return {
        kind,
        text: text.slice(0, at) + rng.pick(SNIPPETS) + text.slice(Math.min(text.length, at + rng.range(1, 20))),
      };
    case 'paste': {
      const from = rng.int(text.length + 1);
      return { kind, text: text.slice(0, at) + text.slice(from, from + 200) + text.slice(at) };
    }
    case 'restore':
      return { kind, text: original };
    case 'app':
      return { kind, text: editApp(text, rng, names) };
    default: {
      // A keystroke that keeps the file valid: one digit of a number changes (replicas, RTTs, sizes).
      const digits = [...text.matchAll(/\d/g)];
      if (!digits.length) return { kind, text };
      const m = rng.pick(digits);
      return { kind, text: text.slice(0, m.index!) + String(rng.int(10)) + text.slice(m.index! + 1) };
    }
  }
}

/** Which edits: any of them, or mostly edits of apps (an estate's usual keystrokes). */
export type EditMix = 'any' | 'apps';

/**
 * An edit inside one app's block, or of the block as a whole: where most of a large estate's
 * keystrokes land, and the edits the model's incremental path (model/memo.ts) serves.
 */
function editApp(text: string, rng: Rng, names: string[]): string {
  const blocks = [...text.matchAll(/^app\s+[\w-]+\s*\{[\s\S]*?^\}[^\n]*\n?/gm)];
  if (!blocks.length) return text;
  const b = rng.pick(blocks);
  const start = b.index!;
  const end = start + b[0].length;
  const block = b[0];
  const inside = start + rng.int(block.length);
  switch (rng.int(8)) {
    case 0: {
      const digits = [...block.matchAll(/\d/g)];
      if (!digits.length) return text;
      const at = start + rng.pick(digits).index!;
      return text.slice(0, at) + String(rng.int(10)) + text.slice(at + 1);
    }
    case 1:
      return text.slice(0, inside) + rng.pick(SNIPPETS) + text.slice(inside);
    case 2:
      return text.slice(0, inside) + text.slice(Math.min(end, inside + rng.range(1, 30)));
    case 3:
      // The block twice: the same name declared twice, or a new app beside it.
      return (
        text.slice(0, end) +
        (rng.chance(0.5) ? block : block.replace(/^app\s+([\w-]+)/, (_, n: string) => `app ${n}-copy`)) +
        text.slice(end)
      );
    case 4:
      return text.slice(0, start) + text.slice(end);
    case 5:
      // A line above it: every block below moves.
      return text.slice(0, start) + '\n' + text.slice(start);
    case 6: {
      // Another name where a name is referred to (a cluster, a gslb, a secret ...).
      const words = [...block.matchAll(/(?<=\s)[a-z][\w-]*(?=\s|$)/gm)];
      if (!words.length || !names.length) return text;
      const w = rng.pick(words);
      const at = start + w.index!;
      return text.slice(0, at) + rng.pick(names) + text.slice(at + w[0].length);
    }
    default:
      // Indentation of its first line: the block's text and place change, not its meaning.
      return text.slice(0, start) + ' ' + text.slice(start);
  }
}

export interface EquivalenceFailure {
  topology: string;
  step: number;
  edits: string[];
  part: keyof Snapshot;
  at: number;
  incremental: string;
  cold: string;
}

export interface EquivalenceReport {
  topologies: number;
  edits: number;
  failures: EquivalenceFailure[];
  ms: number;
  /** Models the edits gave: built from scratch, or on the previous infrastructure (with the apps reused and built again there). */
  models: { scratch: number; reused: number; appsReused: number; appsBuilt: number };
}

/**
 * The starting topologies: every example, an estate of the benchmark's generator (mostly apps, as
 * large estates are), and some topologies of the fuzzer's grammar-aware generator.
 */
export function startingTopologies(examples: Topology[], seed: string, generated: number): Topology[] {
  const gen = new GrammarGenerator();
  const estate = generateTopology({ regions: 2, clusters: 1, apps: 6 }, 1);
  const out = [...examples, { name: 'estate', files: Object.fromEntries(estate.map((f) => [f.name, f.text])) }];
  for (let i = 0; i < generated; i++) {
    const rng = new Rng(`${seed}:generated:${i}`);
    const files: Record<string, string> = { 'gen.topo': gen.document(rng) };
    if (rng.chance(0.5)) files['more.topo'] = gen.document(rng, { maxElements: 8 });
    out.push({ name: `generated-${i}`, files });
  }
  return out;
}

/**
 * Applies `editsPerTopology` random edits to each topology, comparing with a cold build after
 * each. Stops a topology at its first difference (the rest would only repeat it).
 */
export async function runEquivalence(options: {
  seed: string;
  topologies: Topology[];
  editsPerTopology: number;
  mix?: EditMix;
  log?: (line: string) => void;
}): Promise<EquivalenceReport> {
  const t0 = performance.now();
  const report: EquivalenceReport = {
    topologies: 0,
    edits: 0,
    failures: [],
    ms: 0,
    models: { scratch: 0, reused: 0, appsReused: 0, appsBuilt: 0 },
  };
  for (const topo of options.topologies) {
    report.topologies++;
    const rng = new Rng(`${options.seed}:${topo.name}`);
    const w = await EditedWorkspace.open(topo.files);
    const originals = new Map(w.texts);
    const uris = [...w.texts.keys()];
    const history: string[] = [];
    for (let step = 0; step < options.editsPerTopology; step++) {
      const withApps = uris.filter((u) => /^app\s/m.test(w.texts.get(u)!));
      const uri = rng.pick(options.mix === 'apps' && withApps.length ? withApps : uris);
      const before = w.texts.get(uri)!;
      const edit = editText(before, originals.get(uri)!, rng, declaredNames(w.texts.values()), options.mix);
      history.push(`${edit.kind} ${uri.slice(uri.lastIndexOf('/') + 1)}`);
      await w.change(uri, edit.text);
      report.edits++;
      const incremental = w.snapshot();
      const cold = await coldSnapshot(w.texts);
      const part = (Object.keys(cold) as (keyof Snapshot)[]).find((k) => incremental[k] !== cold[k]);
      if (part) {
        const a = incremental[part];
        const b = cold[part];
        let at = 0;
        while (at < a.length && a[at] === b[at]) at++;
        report.failures.push({
          topology: topo.name,
          step,
          edits: history.slice(-10),
          part,
          at,
          incremental: a.slice(Math.max(0, at - 300), at + 300),
          cold: b.slice(Math.max(0, at - 300), at + 300),
        });
        options.log?.(`${topo.name}: differs from a cold build after edit ${step + 1} (${part})`);
        break;
      }
    }
    const stats = w.memoStats();
    for (const k of Object.keys(report.models) as (keyof EquivalenceReport['models'])[]) report.models[k] += stats[k];
    options.log?.(
      `${topo.name}: ${report.edits} edits so far, ${report.failures.length} differences, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
  report.ms = performance.now() - t0;
  return report;
}
