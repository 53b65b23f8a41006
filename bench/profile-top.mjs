// Summarises a V8 CPU profile (node --cpu-prof): the functions with the most self time, and the
// most inclusive time, so a hot spot can be named without a GUI.
// Usage: node bench/profile-top.mjs <file.cpuprofile> [count=25] [filter]
import { readFileSync } from 'node:fs';

const [file, countArg, filter] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++)
  dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n) =>
  `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
const self = new Map();
const total = new Map();
for (const n of profile.nodes) {
  const ms = dt.get(n.id) ?? 0;
  if (!ms) continue;
  self.set(name(n), (self.get(name(n)) ?? 0) + ms);
  const seen = new Set();
  for (let id = n.id; id !== undefined; id = parent.get(id)) {
    const k = name(byId.get(id));
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + ms);
  }
}
const count = Number(countArg ?? 25);
const show = (title, m) => {
  console.log(title);
  for (const [k, v] of [...m]
    .filter(([k]) => !filter || k.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count))
    console.log(`${v.toFixed(0).padStart(8)} ms  ${k}`);
};
show('self time', self);
show('inclusive time', total);
// `node bench/profile-top.mjs file 25 '' callers-of-NAME`: who spends the time of a function (by caller).
const callersOf = process.argv[5]?.startsWith('callers-of-') ? process.argv[5].slice('callers-of-'.length) : undefined;
if (callersOf) {
  const byCaller = new Map();
  const subtree = (id) => (dt.get(id) ?? 0) + (byId.get(id).children ?? []).reduce((n, c) => n + subtree(c), 0);
  for (const n of profile.nodes) {
    if (!name(n).startsWith(`${callersOf} `)) continue;
    const p = byId.get(parent.get(n.id));
    const gp = p && byId.get(parent.get(p.id));
    const k = `${p ? name(p) : '?'}  <-  ${gp ? name(gp) : '?'}`;
    byCaller.set(k, (byCaller.get(k) ?? 0) + subtree(n.id));
  }
  show(`callers of ${callersOf}`, byCaller);
}
