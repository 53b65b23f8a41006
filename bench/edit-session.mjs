// A long typing session against the bundled server on one estate: N one-character edits of the
// largest file (the harness's `replicas 4` ↔ `6`), each awaited to its diagnostics, with the
// server's resident memory sampled every `every` edits. Issue 12 asks that memory stay flat
// over 10,000 edits on L:
//   node bench/edit-session.mjs bench/.work/L 10000 500
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Lsp } from './lsp.mjs';

const [dirArg, nArg = '10000', everyArg = '500'] = process.argv.slice(2);
if (!dirArg) throw new Error('usage: node bench/edit-session.mjs <estate folder> [edits] [sample every]');
const dir = resolve(dirArg);
const server = fileURLToPath(new URL('../out/server/main.cjs', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.topo'));
const largest = [...files].sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0];
const uri = pathToFileURL(join(dir, largest)).toString();
const text = readFileSync(join(dir, largest), 'utf8');
const lsp = new Lsp([server, '--stdio'], (s) => (s === 'topo' ? { generate: { onSave: false } } : null));
await lsp.initialize(dir);
lsp.open(uri, 'topo', text);
await lsp.all(files.map((f) => pathToFileURL(join(dir, f)).toString()));
await lsp.idle();
const status = () => readFileSync(`/proc/${lsp.proc.pid}/status`, 'utf8');
const mib = (field) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status())[1]) / 1024);
const lines = text.split('\n');
const line = lines.findIndex((l) => /^\s+replicas [46]\s*$/.test(l));
const ch = Math.max(lines[line].lastIndexOf('4'), lines[line].lastIndexOf('6'));
let cur = lines[line][ch];
const n = Number(nArg);
const every = Number(everyArg);
const started = performance.now();
let window = [];
console.log(`edits\tRSS MiB\tmedian ms (last ${every})\tp95 ms`);
console.log(`0\t${mib('VmRSS')}\t-\t-`);
for (let i = 1; i <= n; i++) {
  cur = cur === '4' ? '6' : '4';
  const next = lsp.next((u) => u === uri);
  const t = performance.now();
  await lsp.change(uri, i + 1, line, ch, cur);
  await next;
  window.push(performance.now() - t);
  if (i % every === 0) {
    window.sort((a, b) => a - b);
    const at = (q) => window[Math.min(window.length - 1, Math.floor(q * window.length))].toFixed(1);
    console.log(`${i}\t${mib('VmRSS')}\t${at(0.5)}\t${at(0.95)}`);
    window = [];
  }
}
console.log(
  `peak RSS (VmHWM) ${mib('VmHWM')} MiB; ${n} edits in ${Math.round((performance.now() - started) / 1000)} s`,
);
await lsp.stop();
