// Markdown for docs/benchmarks.md from a results file of `npm run bench`: the table of the run and
// its targets; with a second (earlier) results file, a before/after table of the same rows.
//   node bench/report.mjs [bench/results.json] [before.json]             prints it
//   node bench/report.mjs bench/results.json [before.json] --update docs/benchmarks.md
// `--update` replaces what stands between the page's `<!-- bench:table -->`, `<!-- bench:targets -->`
// (and, given a before file, `<!-- bench:before-after -->`) markers and their closing ones.
import { readFileSync, writeFileSync } from 'node:fs';
import { round2 as r2, TABLE_ROWS as rows } from './lib.mjs';

const args = process.argv.slice(2);
const updateAt = args.indexOf('--update');
const page = updateAt >= 0 ? args.splice(updateAt, 2)[1] : undefined;
const [file = 'bench/results.json', beforeFile] = args;
const lines = [];
const log = (s = '') => lines.push(s);
const load = (f) => JSON.parse(readFileSync(f, 'utf8'));
const run = load(file);
const before = beforeFile ? load(beforeFile) : undefined;

const sizes = run.sizes;
log(
  `Median / p95 in ms (${run.machine.date.slice(0, 16).replace('T', ' ')} UTC, node ${run.machine.node}, 1-minute load average before → after each size: ${sizes.map((s) => `${s.size} ${s.load.before[0]} → ${s.load.after?.[0] ?? '?'}`).join(', ')}).\n`,
);
log(`| | ${sizes.map((s) => s.size).join(' | ')} |`);
log(`|---|${sizes.map(() => '---:').join('|')}|`);
for (const [name, f] of rows) log(`| ${name} | ${sizes.map((s) => f(s)).join(' | ')} |`);
log('\nTargets (ratios within this run):\n');
for (const t of run.targets) log(`- ${t.met ? '**met**' : '**missed**'}: ${t.target}: **${t.value}** (${t.detail})`);

if (before) {
  const med = (r, f) => {
    try {
      return f(r);
    } catch {
      return undefined;
    }
  };
  const pick = [
    ['cold: all, parse → diagnostics', (r) => r.inProcess.stats.cold.median],
    ['cold: semantic model', (r) => r.inProcess.stats.model.median],
    ['cold: failure analysis (summaries)', (r) => r.inProcess.stats.failure.median],
    ['cold: rules', (r) => r.inProcess.stats.rules.median],
    ['cold: link', (r) => r.inProcess.stats.link.median],
    ['warm: one-line edit', (r) => r.inProcess.stats.warmEdit.median],
    ['warm / cold', (r) => r2(r.inProcess.stats.warmEdit.median / r.inProcess.stats.cold.median)],
    ['LSP spawn → first diagnostics', (r) => r.lsp.spawnToFirst.median],
    ['LSP spawn → complete diagnostics of the opened file', (r) => r.lsp.spawnToComplete.median],
    ['LSP spawn → complete diagnostics of the opened file, last check kept', (r) => r.lsp.spawnToCompleteKept.median],
    ['LSP didChange → diagnostics', (r) => r.lsp.change.median],
    ['LSP hover', (r) => r.lsp.hover.median],
    ['`topo validate`', (r) => r.validate.median],
    ['`topo generate`', (r) => r.generate.median],
    ['server peak RSS, MiB', (r) => Math.round(r.lsp.peakRssMB)],
    ['peer: didChange → diagnostics', (r) => r.peer.change.median],
    ['peer: spawn → first diagnostics', (r) => r.peer.spawnToFirst.median],
    ['ratio ours/peer: didChange → diagnostics', (r) => r2(r.lsp.change.median / r.peer.change.median)],
    ['ratio ours/peer: spawn → first diagnostics', (r) => r2(r.lsp.spawnToFirst.median / r.peer.spawnToFirst.median)],
    [
      'ratio ours (complete) / peer (first): spawn → diagnostics of the opened file',
      (r) => r2(r.lsp.spawnToComplete.median / r.peer.spawnToFirst.median),
    ],
    [
      'ratio ours (complete, last check kept) / peer (first): spawn → diagnostics of the opened file',
      (r) => r2(r.lsp.spawnToCompleteKept.median / r.peer.spawnToFirst.median),
    ],
    ['ratio ours/peer: peak RSS', (r) => r2(r.lsp.peakRssMB / r.peer.peakRssMB)],
  ];
  const both = sizes
    .filter((s) => before.sizes.some((b) => b.size === s.size))
    .map((s) => [s, before.sizes.find((b) => b.size === s.size)]);
  log(`\n| median | ${both.map(([s]) => `${s.size} before | ${s.size} after`).join(' | ')} |`);
  log(`|---|${both.map(() => '---:|---:').join('|')}|`);
  for (const [name, f] of pick)
    log(`| ${name} | ${both.map(([a, b]) => `${med(b, f) ?? '—'} | ${med(a, f) ?? '—'}`).join(' | ')} |`);
}

const text = lines.join('\n');
if (!page) console.log(text);
else {
  const [table, rest] = text.split('\nTargets (ratios within this run):\n');
  const [targets, beforeAfter] = rest.split('\n\n| median |');
  let doc = readFileSync(page, 'utf8');
  const put = (name, body) => {
    const re = new RegExp(`(<!-- bench:${name} -->\\n)[\\s\\S]*?(\\n<!-- /bench:${name} -->)`);
    if (!re.test(doc)) throw new Error(`${page}: no <!-- bench:${name} --> ... <!-- /bench:${name} --> markers`);
    doc = doc.replace(re, (_, open, close) => `${open}${body.trim()}${close}`);
  };
  put('table', table);
  put('targets', targets);
  if (beforeAfter) put('before-after', `| median |${beforeAfter}`);
  writeFileSync(page, doc);
  console.log(`${page} updated`);
}
