/**
 * The full equivalence run (`npm run test:equivalence`): every example and generated topologies,
 * many random edits each, each compared with a cold build (see equivalence.ts). Exits 1 on any
 * difference and prints each: the topology, the last edits, the part that differs and where.
 *
 *   node scripts/reliability.mjs equivalence [--edits 200] [--generated 20] [--seed topo] [--mix any|apps]
 *
 * `--mix apps`: mostly edits of apps' blocks, where an estate's keystrokes land and the model's
 * incremental path (model/memo.ts) reuses the most.
 */
import { resolve } from 'node:path';
import { loadExamples } from '../fuzz/inputs.js';
import { runEquivalence, startingTopologies } from './equivalence.js';

const argv = process.argv.slice(2);
const opt = (name: string, def: string): string => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : def;
};
const seed = opt('seed', 'topo');
const root = process.env.TOPO_ROOT ?? resolve(import.meta.dirname, '../..');
const topologies = startingTopologies(loadExamples(resolve(root, 'examples')), seed, Number(opt('generated', '20')));
async function main(): Promise<void> {
  const report = await runEquivalence({
    seed,
    topologies,
    editsPerTopology: Number(opt('edits', '200')),
    mix: opt('mix', 'any') === 'apps' ? 'apps' : 'any',
    log: (l) => process.stderr.write(`${l}\n`),
  });
  for (const f of report.failures) {
    process.stdout.write(
      `\n${f.topology}, edit ${f.step + 1} (${f.edits.join(', ')}): ${f.part} differs at ${f.at}\n  incremental: …${f.incremental.slice(250, 600)}\n  cold:        …${f.cold.slice(250, 600)}\n`,
    );
  }
  process.stdout.write(
    `\n${report.topologies} topologies, ${report.edits} edits, ${report.failures.length} differences from a cold build, ${(report.ms / 1000).toFixed(0)} s\n` +
      `models: ${report.models.scratch} built from scratch, ${report.models.reused} on the previous infrastructure (apps: ${report.models.appsReused} reused, ${report.models.appsBuilt} built again)\n`,
  );
  process.exit(report.failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
