/**
 * In-process timings of one topology folder, run by bench/run.mjs in a child process of its own
 * (bundled to out/bench/inprocess.cjs): each stage alone, the whole cold validation, and the warm
 * revalidation after a one-line edit through Langium's DocumentBuilder.update (the path a
 * keystroke takes in the language server). Prints one JSON object on stdout.
 *
 *   node out/bench/inprocess.cjs <folder> <edit-file> <cold-runs> <warm-runs>
 */
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyseAll } from '../language/analysis/failure.js';
import { summarise } from '../language/analysis/survivability.js';
import type * as ast from '../language/generated/ast.js';
import { drawDiagram } from '../language/diagram/index.js';
import { forgetLayouts } from '../language/diagram/layout.js';
import { buildModel } from '../language/model/build.js';
import { catalogue } from '../language/rules/catalogue.js';
import { runRules } from '../language/rules/engine.js';
import { createTopoServices } from '../language/topo-module.js';
import { folderName, topologyKey } from '../language/workspace/topology.js';

const [folderArg, editArg, coldArg, warmArg] = process.argv.slice(2);
if (!folderArg || !editArg) throw new Error('usage: inprocess.cjs <folder> <edit-file> <cold-runs> <warm-runs>');
const folder = resolve(folderArg);
const editFile = resolve(editArg);
const coldRuns = Number(coldArg ?? 5);
const warmRuns = Number(warmArg ?? 10);
const files = readdirSync(folder)
  .filter((f) => f.endsWith('.topo'))
  .sort()
  .map((f) => ({ path: join(folder, f), text: readFileSync(join(folder, f), 'utf8') }));

type Samples = Record<string, number[]>;
/** Wall-clock milliseconds per stage, and the process's CPU milliseconds over the same span (on a loaded machine the CPU time varies less). */
const samples: Samples = {};
const cpuSamples: Samples = {};
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let cpuStart = 0;
const add = (name: string, ms: number): void => {
  (samples[name] ??= []).push(ms);
  (cpuSamples[name] ??= []).push(cpuMs() - cpuStart);
};
const start = (): number => {
  cpuStart = cpuMs();
  return performance.now();
};
const time = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
  const t0 = start();
  const r = await f();
  add(name, performance.now() - t0);
  return r;
};

/**
 * A fresh workspace. Its parser is built here, outside the timings: Langium builds it (a grammar
 * analysis of ~100 ms) once per process, which the language server and the CLI pay at startup
 * (that is in the process timings), not per validation.
 */
function services() {
  const { Topo } = createTopoServices(NodeFileSystem);
  Topo.parser.LangiumParser.parse('');
  return Topo;
}

let diagramBytes = 0;

/** The stages one after the other on a fresh workspace, each timed alone. */
async function stages(record: boolean): Promise<{ findings: number; problems: number; errors: number }> {
  const Topo = services();
  const ws = Topo.shared.workspace;
  const t = record ? time : async <T>(_: string, f: () => T | Promise<T>) => f();
  const docs = await t('parse', () =>
    files.map((f) => ws.LangiumDocumentFactory.fromString<ast.Document>(f.text, URI.file(f.path))),
  );
  for (const d of docs) ws.LangiumDocuments.addDocument(d);
  // Index, scopes, linking and the reference index: everything Langium does before validation.
  await t('link', () => ws.DocumentBuilder.build(docs, { validation: false }));
  const errors = docs.reduce(
    (n, d) =>
      n +
      d.parseResult.lexerErrors.length +
      d.parseResult.parserErrors.length +
      d.references.filter((r) => r.error).length,
    0,
  );
  const key = topologyKey(docs[0]!.uri);
  const model = await t('model', () =>
    buildModel(
      docs.map((d) => ({
        uri: d.uri.toString(),
        root: d.parseResult.value,
        text: d.textDocument.getText(),
        references: d.references,
      })),
      { params: {}, fallbackName: folderName(key) },
    ),
  );
  // The failure analysis as validation runs it: the survivability summaries app/site-loss reads.
  await t('failure', () => summarise(model));
  // Rules on a model whose summaries are done (cached per model): the rules alone.
  const findings = await t('rules', () => runRules(model, catalogue, {}, undefined, { survivability: summarise }));
  // Every scenario in full, as `topo simulate` and the failure hovers read it (not on validation).
  await t('failureFull', () => analyseAll(model));
  // The diagram, as `topo diagram` and the editor's view draw it: diagram model, elkjs layout, SVG.
  forgetLayouts();
  const drawing = await t('diagram', () => drawDiagram(model, { findings, standalone: true }));
  if (record) add('diagramLayout', drawing.layoutMs);
  diagramBytes = drawing.svg.length;
  return { findings: findings.length, problems: model.problems.length, errors };
}

/** Cold: a fresh workspace, every file parsed, linked and validated (model, rules, failure analysis). */
async function cold(): Promise<{ Topo: ReturnType<typeof services>; docs: LangiumDocument<ast.Document>[] }> {
  const Topo = services();
  const ws = Topo.shared.workspace;
  const t0 = start();
  const docs = files.map((f) => ws.LangiumDocumentFactory.fromString<ast.Document>(f.text, URI.file(f.path)));
  for (const d of docs) ws.LangiumDocuments.addDocument(d);
  await ws.DocumentBuilder.build(docs, { validation: true });
  add('cold', performance.now() - t0);
  return { Topo, docs };
}

/** The editor's path: the text document changes, DocumentBuilder.update rebuilds what it affects. */
async function warm(): Promise<{ diagnostics: number; relinked: number }> {
  const { Topo, docs } = await cold();
  const ws = Topo.shared.workspace;
  const uri = URI.file(editFile);
  const original = docs.find((d) => d.uri.toString() === uri.toString())!.textDocument.getText();
  const lines = original.split('\n');
  const at = lines.findIndex((l) => /^\s+replicas [46]\s*$/.test(l));
  if (at < 0) throw new Error(`${editFile}: no "replicas 4|6" line to edit`);
  let version = 1;
  let relinked = 0;
  Topo.shared.workspace.DocumentBuilder.onBuildPhase(2 /* IndexedContent */, (built) => void (relinked = built.length));
  // Where an edit's time goes: the end of each of Langium's build phases, and the model provider's
  // own stages (model, failure summaries, rules), which run inside the validation phase.
  const PHASES = ['', 'reparse', 'index', 'scopes', 'link', 'indexRefs', 'validate'] as const;
  let phaseStart = 0;
  let recordPhases = false;
  for (let state = 1; state <= 6; state++) {
    Topo.shared.workspace.DocumentBuilder.onBuildPhase(state as 1, () => {
      const now = performance.now();
      if (recordPhases) (samples[`edit:${PHASES[state]}`] ??= []).push(now - phaseStart);
      phaseStart = now;
    });
  }
  const open = (text: string) =>
    (ws as unknown as { TextDocuments: { set(d: TextDocument): void } }).TextDocuments.set(
      TextDocument.create(uri.toString(), 'topo', version++, text),
    );
  open(original);
  await ws.DocumentBuilder.update([uri], []);
  for (let i = 0; i < warmRuns + 2; i++) {
    // One line replaced: `replicas 4` <-> `replicas 6` (a real change to the model and findings).
    lines[at] = lines[at]!.includes('4') ? lines[at]!.replace('4', '6') : lines[at]!.replace('6', '4');
    open(lines.join('\n'));
    const t0 = start();
    phaseStart = t0;
    recordPhases = i >= 2;
    await ws.DocumentBuilder.update([uri], []);
    if (i >= 2) {
      add('warmEdit', performance.now() - t0); // the first two warm the JIT
      // (Absent in code before these timings existed: the harness also measures earlier commits.)
      const t = (Topo.topo.ModelProvider as { lastTimings?: Record<'model' | 'summaries' | 'rules', number> })
        .lastTimings;
      if (t) for (const k of ['model', 'summaries', 'rules'] as const) (samples[`edit:${k}`] ??= []).push(t[k]);
    }
  }
  const diagnostics = docs.reduce((n, d) => n + (ws.LangiumDocuments.getDocument(d.uri)?.diagnostics?.length ?? 0), 0);
  return { diagnostics, relinked };
}

async function main(): Promise<void> {
  const heap0 = process.memoryUsage().rss;
  // One unrecorded round warms the JIT; the first cold run is kept apart (a CLI run pays it).
  const t0 = performance.now();
  await cold();
  const firstCold = performance.now() - t0;
  delete samples.cold;
  delete cpuSamples.cold;
  // The first diagram of the process is kept apart too: elkjs's code is compiled then (a CLI run pays it).
  const d0 = performance.now();
  const counts = await stages(false);
  const firstStagesMs = performance.now() - d0;
  for (let i = 0; i < coldRuns; i++) await stages(true);
  for (let i = 0; i < coldRuns; i++) await cold();
  const w = await warm();
  process.stdout.write(
    JSON.stringify({
      files: files.length,
      firstColdMs: firstCold,
      firstStagesMs,
      diagramBytes,
      ...counts,
      ...w,
      samples,
      cpuSamples,
      rssMB: Math.max(heap0, process.memoryUsage().rss) / 2 ** 20,
    }) + '\n',
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
