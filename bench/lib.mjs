// Small helpers shared by the benchmark scripts: timing statistics and result files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { runs: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), min: round(sorted[0]), max: round(sorted[sorted.length - 1]) };
}

export function round(ms) {
  return Math.round(ms * 10) / 10;
}

export function machine() {
  return { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', date: new Date().toISOString() };
}

export function writeResults(file, data) {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ machine: machine(), ...data }, null, 2) + '\n');
  console.log(`results written to ${file}`);
}
