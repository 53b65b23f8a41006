/**
 * Every input the fuzzer ever failed on (test/fixtures/fuzz-regressions/, written by
 * `npm run fuzz`), replayed through the same in-process pipeline: parse, link, model, rules,
 * failure analysis, generators with the validators (install-config schema, Terraform; HOT with
 * Heat's engine for all of them here, in one process), the formatter and the editor features.
 * Each must pass without a failure and within its time bound. See docs/reliability.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Harness } from '../fuzz/harness.js';
import { loadExamples, specialCase, type FuzzCase } from '../fuzz/inputs.js';
import { isHeatAvailable, validateHot } from '../validators/heat.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DIR = join(ROOT, 'test', 'fixtures', 'fuzz-regressions');

interface Fixture {
  id: string;
  found: string;
  failure: string;
  params?: Record<string, string>;
  files?: Record<string, string>;
  special?: string;
  timeoutMs?: number;
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, fixture: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture }));

describe('fuzz regressions: every input that ever failed passes now', () => {
  const harness = new Harness();
  const heat: { name: string; content: string }[] = [];

  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(10);
  });

  for (const { file, fixture } of fixtures) {
    it(`${file}: ${fixture.failure.slice(0, 100)}`, async () => {
      let input: FuzzCase | undefined;
      if (fixture.special) input = specialCase(fixture.special, loadExamples(join(ROOT, 'examples')));
      else input = { id: fixture.id, kind: 'fixture', files: fixture.files ?? {} };
      expect(input, `special input ${fixture.special} no longer exists`).toBeDefined();
      const t0 = Date.now();
      // Editor features at random positions for ordinary inputs; the multi-megabyte ones are for parsing and rules.
      const size = Object.values(input!.files).reduce((n, t) => n + t.length, 0);
      const outcome = await harness.run(
        { ...input!, id: file, params: fixture.params },
        { validate: true, collectHeat: true, lspPositions: size < 200_000 ? 3 : 0 },
      );
      const ms = Date.now() - t0;
      expect(outcome.failures.map((f) => `${f.stage}: ${f.message}`)).toEqual([]);
      // The fuzzer's bounds (10 s, two minutes for the 10 MB inputs), with room for a busy CI machine.
      expect(ms).toBeLessThan(fixture.timeoutMs ?? input!.timeoutMs ?? 10_000);
      heat.push(...outcome.heat);
    }, 240_000);
  }

  afterAll(async () => {
    if (!heat.length || !isHeatAvailable()) return;
    const results = await validateHot(heat);
    expect(results.filter((r) => !r.valid).map((r) => `${r.file}: ${r.error}`)).toEqual([]);
  }, 240_000);
});
