/**
 * A fuzz worker (a child process, so that even a fatal V8 error in it cannot take the coordinator
 * down): makes input number N itself (inputs are a function of the
 * seed and N), says it started (so that the coordinator can time it and kill a hang), runs it
 * through the harness and posts the outcome.
 */
import { Harness, type Outcome } from './harness.js';
import { CaseMaker, loadExamples } from './inputs.js';
import type { WorkData, WorkMessage, WorkRequest } from './types.js';

const data = JSON.parse(process.env.FUZZ_WORKER_DATA ?? '{}') as WorkData;
const maker = new CaseMaker({ seed: data.seed, count: data.count, examples: loadExamples(data.examples) });
const harness = new Harness();

process.on('message', (req: WorkRequest) => {
  void (async () => {
    const c = maker.make(req.index);
    const bytes = Object.values(c.files).reduce((n, t) => n + t.length, 0);
    process.send!({ type: 'start', index: req.index, id: c.id, timeoutMs: c.timeoutMs, bytes } satisfies WorkMessage);
    if (process.env.FUZZ_TRACE) process.stderr.write(`fuzz: start ${c.id}\n`);
    const t0 = performance.now();
    let outcome: Outcome;
    try {
      outcome = await harness.run(c, req.options);
    } catch (e) {
      outcome = {
        failures: [{ stage: 'harness', message: String((e as Error)?.stack ?? e) }],
        generatable: false,
        generatedFiles: 0,
        heat: [],
        ms: {},
      };
    }
    process.send!({
      type: 'done',
      index: req.index,
      id: c.id,
      kind: c.kind,
      bytes,
      ms: performance.now() - t0,
      outcome,
    } satisfies WorkMessage);
  })();
});
