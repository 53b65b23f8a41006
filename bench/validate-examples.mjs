// How long `topo validate` takes on each example, as a whole process (what CI pays), with the
// median and p95 of N runs. Usage: node bench/validate-examples.mjs [runs=10]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { stats, writeResults } from './lib.mjs';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'out/server/cli.cjs');
const runs = Number(process.argv[2] ?? 10);
const examples = readdirSync(join(root, 'examples'))
  .filter((d) => statSync(join(root, 'examples', d)).isDirectory())
  .sort();

const lines = (dir) =>
  readdirSync(dir, { recursive: true })
    .filter((f) => String(f).endsWith('.topo'))
    .reduce((n, f) => n + readFileLines(join(dir, String(f))), 0);
function readFileLines(file) {
  return spawnSync('wc', ['-l', file], { encoding: 'utf8' }).stdout.trim().split(/\s+/).map(Number)[0] ?? 0;
}

const results = [];
for (const name of examples) {
  const dir = join(root, 'examples', name);
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [cli, 'validate', dir], { encoding: 'utf8' });
    samples.push(performance.now() - t0);
    if (r.status !== 0 && r.status !== 1) throw new Error(`topo validate ${name} exited ${r.status}: ${r.stderr}`);
  }
  results.push({ example: name, lines: lines(dir), ...stats(samples) });
}
console.log('example                              lines   median ms   p95 ms');
for (const r of results)
  console.log(
    `${r.example.padEnd(36)} ${String(r.lines).padStart(5)}   ${String(r.median).padStart(9)}   ${String(r.p95).padStart(6)}`,
  );
writeResults(join(root, 'bench/results/validate-examples.json'), { runs, results });
