// Seed 001: a whole environment from its name and subnet, many times over. Times generating N
// environments from one topology with `topo generate --set env=... --set subnet=...`, as N
// separate processes (a CI loop) — total and per environment.
// Usage: node bench/generate-environments.mjs [count=100] [example=api-integration-platform]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { round, stats, writeResults } from './lib.mjs';

const root = resolve(import.meta.dirname, '..');
const cli = join(root, 'out/server/cli.cjs');
const count = Number(process.argv[2] ?? 100);
const example = process.argv[3] ?? 'api-integration-platform';
const out = mkdtempSync(join(tmpdir(), 'topo-envs-'));
const samples = [];
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      cli,
      'generate',
      join(root, 'examples', example),
      '--target',
      'heat,terraform',
      '--set',
      `env=env${i}`,
      '--set',
      `subnet=10.${i % 256}.0.0/16`,
      '--out',
      join(out, `env${i}`),
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`environment ${i}: exit ${r.status}\n${r.stdout}${r.stderr}`);
  samples.push(performance.now() - t);
}
const total = performance.now() - t0;
const files = readdirSync(out, { recursive: true }).filter((f) => /\.(ya?ml|tf)$/.test(String(f))).length;
rmSync(out, { recursive: true, force: true });
const s = stats(samples);
console.log(
  `${count} environments of ${example} (heat + terraform): ${round(total / 1000)} s in all, median ${s.median} ms, p95 ${s.p95} ms per environment, ${files} files`,
);
writeResults(join(root, 'bench/results/generate-environments.json'), {
  example,
  count,
  totalMs: round(total),
  perEnvironment: s,
  files,
});
