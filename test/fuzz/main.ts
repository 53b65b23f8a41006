/**
 * The fuzz coordinator: `npm run fuzz` (full run) and `npm run fuzz:ci` (a short pass).
 *
 *   node out/fuzz/main.cjs --seed topo --count 100000 --minutes 120 [--workers 2] [--timeout 10000]
 *       [--heat-every 10] [--lsp-every 20] [--no-save] [--only N] [--summary file]
 *
 * Inputs are numbered; input N is a function of (seed, N) only (see inputs.ts), so any input can
 * be made again. Workers (threads) run inputs one at a time; each input has a time bound (10 s,
 * two minutes for the 10 MB ones): a worker that overruns is terminated, the input is a hang, and
 * a new worker takes over. Failing inputs are stored in test/fixtures/fuzz-regressions/ (up to
 * five per distinct failure) and replayed by test/reliability/fuzz-regressions.test.ts.
 * Validation: install-config (schema) and Terraform (hcl2json + provider arguments + fmt) for
 * every input the product would generate; HOT templates with Heat's engine for the generatable
 * inputs whose number is a multiple of --heat-every, many templates per Heat process.
 * Exit code 0 when nothing failed, 1 otherwise.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fork } from 'node:child_process';
import { isHeatAvailable, validateHot } from '../validators/heat.js';
import type { Failure, HarnessOptions } from './harness.js';
import { CaseMaker, loadExamples, type FuzzCase } from './inputs.js';
import type { WorkData, WorkMessage, WorkRequest } from './types.js';

const ROOT = resolve(process.env.TOPO_ROOT ?? process.cwd());

interface Args {
  seed: string;
  count: number;
  minutes: number;
  workers: number;
  timeout: number;
  heatEvery: number;
  lspEvery: number;
  save: boolean;
  only?: number;
  from: number;
  summary: string;
  fixtures: string;
  /** With --only: store that input as a regression fixture, with this description of how it failed. */
  saveAs?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = {
    seed: 'topo',
    count: 100_000,
    minutes: 120,
    workers: Math.max(1, Math.min(availableParallelism(), 8)),
    timeout: 10_000,
    heatEvery: 10,
    lspEvery: 20,
    from: 0,
    save: true,
    summary: join(ROOT, 'out', 'reliability', 'fuzz-last-run.json'),
    fixtures: join(ROOT, 'test', 'fixtures', 'fuzz-regressions'),
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!;
    const v = (): string => argv[++i] ?? '';
    switch (k) {
      case '--seed':
        a.seed = v();
        break;
      case '--count':
        a.count = Number(v());
        break;
      case '--minutes':
        a.minutes = Number(v());
        break;
      case '--workers':
        a.workers = Number(v());
        break;
      case '--timeout':
        a.timeout = Number(v());
        break;
      case '--heat-every':
        a.heatEvery = Number(v());
        break;
      case '--lsp-every':
        a.lspEvery = Number(v());
        break;
      case '--no-save':
        a.save = false;
        break;
      case '--only':
        a.only = Number(v());
        break;
      case '--from':
        a.from = Number(v());
        break;
      case '--summary':
        a.summary = resolve(v());
        break;
      case '--fixtures':
        a.fixtures = resolve(v());
        break;
      case '--save-as':
        a.saveAs = v();
        break;
      default:
        throw new Error(`unknown option ${k}`);
    }
  }
  return a;
}

/** What makes two failures "the same": stage and first line, without numbers, names and paths. */
export function signature(f: Failure): string {
  const first = f.message
    .split('\n')[0]!
    .replace(/\/fuzz\/topology\/[^\s:]+/g, 'FILE')
    .replace(/"(?:\\.|[^"\\]){21,}"|'[^']{21,}'|`[^`]{21,}`/g, 'Q')
    .replace(/\b[\w.-]*\d[\w.-]*\b/g, 'N')
    .slice(0, 160);
  return `${f.stage}: ${first}`;
}

function slug(s: string): string {
  return s
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
    .toLowerCase();
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const examplesDir = join(ROOT, 'examples');
  const maker = new CaseMaker({ seed: args.seed, count: args.count, examples: loadExamples(examplesDir) });
  const started = Date.now();
  const deadline = started + args.minutes * 60_000;
  const indices =
    args.only !== undefined
      ? [args.only]
      : Array.from({ length: Math.max(0, args.count - args.from) }, (_, i) => args.from + i);
  const heatAvailable = isHeatAvailable();
  if (args.saveAs && args.only !== undefined) {
    // Storing an input found (and fixed) earlier: it is made again from its number.
    const [stage, ...rest] = args.saveAs.split(': ');
    save(args, args.only, maker.make(args.only), [{ stage: stage!, message: rest.join(': ') }], args.saveAs);
  }
  if (process.env.FUZZ_DUMP && args.only !== undefined) {
    // Debugging: write input N's files to $FUZZ_DUMP/ as well.
    const c = maker.make(args.only);
    mkdirSync(process.env.FUZZ_DUMP, { recursive: true });
    for (const [name, text] of Object.entries(c.files)) writeFileSync(join(process.env.FUZZ_DUMP, name), text);
    if (c.params) console.log(`params: ${JSON.stringify(c.params)}`);
  }

  const stats = {
    seed: args.seed,
    requested: args.count,
    run: 0,
    generatable: 0,
    generatedFiles: 0,
    heatTemplatesValidated: 0,
    heatBatches: 0,
    byKind: {} as Record<string, number>,
    hangs: 0,
    workerCrashes: 0,
    failedInputs: 0,
    stageMs: {} as Record<string, number>,
    slowest: [] as { id: string; ms: number }[],
    editorChecked: 0,
    bytes: 0,
  };
  const bySignature = new Map<string, { count: number; examples: string[]; saved: number }>();
  const heatQueue: { name: string; content: string; index: number }[] = [];
  let heatRunning: Promise<void> = Promise.resolve();

  const record = (index: number, id: string, failures: Failure[], c?: FuzzCase): void => {
    stats.failedInputs++;
    const sigs = [...new Set(failures.map(signature))];
    for (const sig of sigs) {
      const entry = bySignature.get(sig) ?? { count: 0, examples: [], saved: 0 };
      entry.count++;
      if (entry.examples.length < 5) entry.examples.push(id);
      bySignature.set(sig, entry);
      if (args.save && entry.saved < 5) {
        entry.saved++;
        const input = c ?? maker.make(index);
        save(args, index, input, failures, sig);
      }
    }
    if (process.env.FUZZ_VERBOSE || args.only !== undefined)
      for (const f of failures) console.log(`  ${id} ${f.stage}: ${f.message}`);
  };

  const flushHeat = (force: boolean): void => {
    if (!heatAvailable || (!force && heatQueue.length < 300) || !heatQueue.length) return;
    const batch = heatQueue.splice(0);
    heatRunning = heatRunning.then(async () => {
      try {
        const results = await validateHot(
          batch.map((t) => ({ name: t.name, content: t.content })),
          { timeoutMs: 600_000 },
        );
        stats.heatBatches++;
        stats.heatTemplatesValidated += results.length;
        const bad = new Map<number, Failure[]>();
        results.forEach((r, k) => {
          if (!r.valid) {
            const t = batch[k]!;
            (bad.get(t.index) ?? bad.set(t.index, []).get(t.index)!).push({
              stage: 'validate-heat',
              message: `${t.name}: ${r.error}`,
            });
          }
        });
        for (const [index, failures] of bad) record(index, maker.make(index).id, failures);
      } catch (e) {
        record(batch[0]!.index, `heat-batch-${stats.heatBatches}`, [
          { stage: 'validate-heat', message: `Heat could not run: ${(e as Error).message}` },
        ]);
      }
    });
  };

  // ------------------------------------------------------------------ workers
  let next = 0;
  let active = 0;
  let stopReason = '';
  const options = (index: number): HarnessOptions => ({
    validate: true,
    collectHeat: heatAvailable && index % args.heatEvery === 0,
    lspPositions: args.lspEvery > 0 && index % args.lspEvery === 0 ? 3 : 0,
  });
  let lastProgress = Date.now();
  const progress = (force = false): void => {
    if (!force && Date.now() - lastProgress < 10_000) return;
    lastProgress = Date.now();
    const s = (Date.now() - started) / 1000;
    console.log(
      `fuzz: ${stats.run}/${indices.length} inputs in ${s.toFixed(0)} s (${(stats.run / s).toFixed(1)}/s), ${stats.generatable} generatable, ${stats.heatTemplatesValidated} HOT templates through Heat, ${stats.failedInputs} failing inputs (${bySignature.size} distinct), ${stats.hangs} hangs`,
    );
  };

  await new Promise<void>((resolveAll) => {
    const spawnWorker = (): void => {
      const w = fork(join(__dirname, 'worker.cjs'), [], {
        env: {
          ...process.env,
          FUZZ_WORKER_DATA: JSON.stringify({
            seed: args.seed,
            count: args.count,
            examples: examplesDir,
          } satisfies WorkData),
        },
        execArgv: ['--enable-source-maps', '--max-old-space-size=6144', '--stack-size=984'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      let current: { index: number; id?: string; timer?: NodeJS.Timeout } | undefined;
      let dead = false;
      const dispatch = (): void => {
        if (dead) return;
        if (next >= indices.length || Date.now() > deadline) {
          if (next < indices.length && !stopReason) stopReason = `time bound of ${args.minutes} min reached`;
          current = undefined;
          dead = true;
          w.kill('SIGKILL');
          active--;
          if (active === 0) resolveAll();
          return;
        }
        const index = indices[next++]!;
        current = { index };
        // Making the input itself is bounded too (the 10 MB ones take a moment).
        current.timer = setTimeout(() => onHang(), 120_000);
        w.send({ index, options: options(index) } satisfies WorkRequest);
      };
      const onHang = (): void => {
        if (!current || dead) return;
        dead = true;
        stats.hangs++;
        stats.run++;
        const c = maker.make(current.index);
        record(
          current.index,
          c.id,
          [{ stage: 'hang', message: `no answer within ${c.timeoutMs ?? args.timeout} ms` }],
          c,
        );
        w.kill('SIGKILL');
        active--;
        spawnWorker();
      };
      w.on('message', (m: WorkMessage) => {
        if (!current || m.index !== current.index) return;
        if (m.type === 'start') {
          clearTimeout(current.timer);
          current.id = m.id;
          current.timer = setTimeout(
            () => onHang(),
            (m.timeoutMs ?? args.timeout) * Number(process.env.FUZZ_TIMEOUT_SCALE ?? 1),
          );
          return;
        }
        clearTimeout(current.timer);
        stats.run++;
        stats.bytes += m.bytes;
        stats.byKind[m.kind] = (stats.byKind[m.kind] ?? 0) + 1;
        if (m.outcome.generatable) stats.generatable++;
        stats.generatedFiles += m.outcome.generatedFiles;
        if (m.outcome.ms.editor !== undefined) stats.editorChecked++;
        for (const [k, v] of Object.entries(m.outcome.ms)) stats.stageMs[k] = (stats.stageMs[k] ?? 0) + v;
        stats.slowest.push({ id: m.id, ms: Math.round(m.ms) });
        stats.slowest.sort((a, b) => b.ms - a.ms).splice(10);
        if (m.outcome.failures.length) record(m.index, m.id, m.outcome.failures);
        if (args.only !== undefined)
          console.log(
            `  ${m.id}: ${Math.round(m.ms)} ms ${JSON.stringify(Object.fromEntries(Object.entries(m.outcome.ms).map(([k, v]) => [k, Math.round(v)])))}`,
          );
        for (const t of m.outcome.heat) heatQueue.push({ ...t, index: m.index });
        flushHeat(false);
        progress();
        dispatch();
      });
      const onDeath = (why: string): void => {
        if (dead) return;
        dead = true;
        if (current) {
          clearTimeout(current.timer);
          stats.workerCrashes++;
          stats.run++;
          record(current.index, current.id ?? String(current.index), [{ stage: 'worker-crash', message: why }]);
        }
        active--;
        if (current) spawnWorker();
        else if (active === 0) resolveAll();
      };
      w.on('error', (e) => onDeath(String(e?.stack ?? e)));
      w.on('exit', (code, signal) => onDeath(`the worker process exited (${signal ?? `code ${code}`})`));
      active++;
      dispatch();
    };
    for (let i = 0; i < Math.min(args.workers, indices.length); i++) spawnWorker();
  });
  flushHeat(true);
  await heatRunning;
  progress(true);

  const seconds = (Date.now() - started) / 1000;
  const summary = {
    ...stats,
    seconds: Math.round(seconds),
    inputsPerSecond: Number((stats.run / seconds).toFixed(1)),
    workers: args.workers,
    stopReason: stopReason || undefined,
    specials: maker.specialCount,
    truncations: maker.truncationCount,
    stageMs: Object.fromEntries(Object.entries(stats.stageMs).map(([k, v]) => [k, Math.round(v)])),
    failures: [...bySignature.entries()]
      .map(([sig, e]) => ({ signature: sig, inputs: e.count, examples: e.examples }))
      .sort((a, b) => b.inputs - a.inputs),
    node: process.version,
    date: new Date().toISOString(),
  };
  mkdirSync(dirname(args.summary), { recursive: true });
  writeFileSync(args.summary, JSON.stringify(summary, null, 2) + '\n');
  console.log(
    `fuzz: ${stats.run} inputs (${Object.entries(stats.byKind)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}) in ${Math.round(seconds)} s with ${args.workers} workers`,
  );
  console.log(
    `fuzz: ${stats.generatable} generatable (validated: install-config, Terraform; ${stats.heatTemplatesValidated} HOT templates through Heat in ${stats.heatBatches} batches); ${stats.editorChecked} inputs with editor features`,
  );
  console.log(
    `fuzz: ${stats.failedInputs} failing inputs, ${bySignature.size} distinct failures, ${stats.hangs} hangs, ${stats.workerCrashes} worker crashes${stopReason ? `; stopped early: ${stopReason}` : ''}`,
  );
  for (const f of summary.failures.slice(0, 40))
    console.log(`  ${String(f.inputs).padStart(6)} × ${f.signature}   (e.g. ${f.examples[0]})`);
  console.log(`fuzz: summary in ${args.summary}`);
  process.exitCode = stats.failedInputs || (stopReason && stats.run < Math.min(1000, indices.length)) ? 1 : 0;
}

function save(
  args: Args,
  index: number,
  input: FuzzCase & { params?: Record<string, string> },
  failures: Failure[],
  sig: string,
): void {
  mkdirSync(args.fixtures, { recursive: true });
  const big = Object.values(input.files).reduce((n, t) => n + t.length, 0) > 512 * 1024;
  const kindName = input.id.split(':')[1] ?? input.kind;
  const fixture = {
    id: input.id,
    found: `fuzz --seed ${args.seed} --count ${args.count} input ${index}`,
    failure: sig,
    failures: failures.map((f) => ({ stage: f.stage, message: f.message.split('\n')[0] })),
    ...(input.params ? { params: input.params } : {}),
    ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}),
    // The 10 MB inputs are made again from their name rather than stored.
    ...(big && index < 1000 ? { special: kindName } : { files: input.files }),
  };
  const hash = createHash('sha256')
    .update(JSON.stringify('files' in fixture ? fixture.files : fixture.special))
    .digest('hex')
    .slice(0, 10);
  writeFileSync(join(args.fixtures, `${slug(sig)}-${hash}.json`), JSON.stringify(fixture, null, 1) + '\n');
}

main().catch((e) => {
  console.error(`fuzz: ${(e as Error)?.stack ?? e}`);
  process.exitCode = 3;
});
