// Small helpers shared by the benchmark scripts: timing statistics, result files and the rows of
// the results table (run.mjs prints it, report.mjs writes it into docs/benchmarks.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return {
    runs: sorted.length,
    median: round(at(0.5)),
    p95: round(at(0.95)),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
  };
}

export function round(ms) {
  return Math.round(ms * 10) / 10;
}

export function machine() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    date: new Date().toISOString(),
  };
}

export function writeResults(file, data) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ machine: machine(), ...data }, null, 2) + '\n');
  console.log(`results written to ${file}`);
}

/** Rounds a ratio to two decimals; '—' when it is not a number (a stage that did not run). */
export function round2(x) {
  return Number.isFinite(x) ? Math.round(x * 100) / 100 : '—';
}

const ms = (s) => (s ? `${s.median} / ${s.p95}` : '—');

/**
 * The rows of the results table, per size result: [label, value]. Labels are Markdown (the
 * headline rows in bold); `plainLabel` gives the console's.
 */
export const TABLE_ROWS = [
  ['lines (files)', (r) => `${r.lines.toLocaleString('en')} (${r.files})`],
  ['cold: parse', (r) => ms(r.inProcess.stats.parse)],
  ['cold: link (index, scopes, links)', (r) => ms(r.inProcess.stats.link)],
  ['cold: semantic model', (r) => ms(r.inProcess.stats.model)],
  ['cold: failure analysis (summaries)', (r) => ms(r.inProcess.stats.failure)],
  ['cold: rules', (r) => ms(r.inProcess.stats.rules)],
  ['**cold: all, parse → diagnostics**', (r) => ms(r.inProcess.stats.cold)],
  ['**warm: one-line edit** (DocumentBuilder.update)', (r) => ms(r.inProcess.stats.warmEdit)],
  [
    'warm: of which model / summaries / rules',
    (r) =>
      r.inProcess.stats['edit:model']
        ? ['edit:model', 'edit:summaries', 'edit:rules'].map((k) => r.inProcess.stats[k].median).join(' / ')
        : '–',
  ],
  ['diagram: layout alone (elkjs)', (r) => ms(r.inProcess.stats.diagramLayout)],
  ['**diagram: model + layout + SVG** (budget: M 1000, L 10000)', (r) => ms(r.inProcess.stats.diagram)],
  [
    'diagram: SVG, KiB',
    (r) => (r.inProcess.diagramBytes ? Math.round(r.inProcess.diagramBytes / 1024).toLocaleString('en') : '—'),
  ],
  ['LSP spawn → first diagnostics', (r) => ms(r.lsp.spawnToFirst)],
  ['LSP spawn → complete diagnostics of the opened file', (r) => ms(r.lsp.spawnToComplete)],
  ['LSP spawn → complete diagnostics of the opened file, last check kept', (r) => ms(r.lsp.spawnToCompleteKept)],
  ['LSP spawn → every file diagnosed', (r) => ms(r.lsp.spawnToAll)],
  ['**LSP didChange → diagnostics** (1 char)', (r) => ms(r.lsp.change)],
  ['LSP hover', (r) => ms(r.lsp.hover)],
  ['LSP completion', (r) => ms(r.lsp.completion)],
  ['`topo validate` (process)', (r) => ms(r.validate)],
  ['`topo generate`, all targets (process)', (r) => ms(r.generate)],
  ['`topo diagram`, SVG (process)', (r) => ms(r.diagramCli)],
  ['**server peak RSS**, MiB', (r) => Math.round(r.lsp.peakRssMB)],
  [
    'peer: YAML files, install-configs + HOT (lines)',
    (r) => `${r.peer.files.installConfigs} + ${r.peer.files.hot} (${r.peer.files.lines.toLocaleString('en')})`,
  ],
  ['peer: spawn → first diagnostics', (r) => ms(r.peer.spawnToFirst)],
  ['peer: spawn → every file diagnosed', (r) => ms(r.peer.spawnToAll)],
  ['**peer: didChange → diagnostics**, install-config', (r) => ms(r.peer.change)],
  ['peer: didChange → diagnostics, HOT template', (r) => ms(r.peer.changeHot)],
  ['**peer: peak RSS**, MiB', (r) => Math.round(r.peer.peakRssMB)],
  ['ratio ours/peer: spawn → first diagnostics', (r) => round2(r.lsp.spawnToFirst.median / r.peer.spawnToFirst.median)],
  [
    'ratio ours (complete) / peer (first): spawn → diagnostics of the opened file',
    (r) => round2(r.lsp.spawnToComplete?.median / r.peer.spawnToFirst.median),
  ],
  [
    'ratio ours (complete, last check kept) / peer (first): spawn → diagnostics of the opened file',
    (r) => round2(r.lsp.spawnToCompleteKept?.median / r.peer.spawnToFirst.median),
  ],
  ['ratio ours/peer: didChange → diagnostics', (r) => round2(r.lsp.change.median / r.peer.change.median)],
  ['ratio ours/peer: peak RSS', (r) => round2(r.lsp.peakRssMB / r.peer.peakRssMB)],
];

/** A Markdown label as the console shows it: no bold, no backticks. */
export function plainLabel(label) {
  return label.replaceAll('**', '').replaceAll('`', '');
}
