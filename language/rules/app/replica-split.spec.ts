import { describe, expect, it } from 'vitest';
import { applyEdits, errorsOf, findingsOf, load, site, siteCluster } from '../../../test/support/index.js';

const RULE = 'app/replica-split';
const clusters = (...names: string[]) => site('dc') + names.map((n) => siteCluster(n, 'dc')).join('');
const two = clusters('ocp-east', 'ocp-west');
const three = clusters('a', 'b', 'c');

describe('app/replica-split', () => {
  it('fires for 7 replicas over 2 clusters, giving the split', async () => {
    const { hits } = await findingsOf(RULE, `${two}app shop {\n  clusters ocp-east ocp-west\n  replicas 7\n}\n`);
    expect(hits.map((h) => h.message)).toEqual([
      'app shop: 7 replicas over 2 clusters split 4 + 3 (ocp-east 4, ocp-west 3)',
    ]);
    expect(hits[0]!.severity).toBe('warning');
    expect(hits[0]!.related!.map((r) => r.message)).toEqual([
      'ocp-east runs 4 of the 7 replicas of shop',
      'ocp-west runs 3 of the 7 replicas of shop',
    ]);
  });

  it('does not fire at multiples of the cluster count (6 over 2, 3 over 3), nor on one cluster', async () => {
    expect((await findingsOf(RULE, `${two}app shop { clusters ocp-east ocp-west  replicas 6 }\n`)).hits).toEqual([]);
    expect((await findingsOf(RULE, `${three}app shop { clusters a b c  replicas 3 }\n`)).hits).toEqual([]);
    expect((await findingsOf(RULE, `${two}app shop { clusters ocp-east  replicas 5 }\n`)).hits).toEqual([]);
  });

  it('fires when a cluster gets none: 2 replicas over 3 clusters', async () => {
    const { hits } = await findingsOf(RULE, `${three}app shop { clusters a b c  replicas 2 }\n`);
    expect(hits.map((h) => h.message)).toEqual([
      'app shop: 2 replicas over 3 clusters split 1 + 1 + 0 (a 1, b 1, c 0): c gets none',
    ]);
  });

  it('counts an unset replicas as 1: every cluster but the first gets none', async () => {
    const { hits } = await findingsOf(RULE, `${three}app shop { clusters a b c }\n`);
    expect(hits.map((h) => h.message)).toEqual([
      'app shop: 1 replica over 3 clusters split 1 + 0 + 0 (a 1, b 0, c 0): b, c get none',
    ]);
    expect(hits[0]!.fixes!.map((f) => f.title)).toEqual(['Set replicas to 3 (1 per cluster)']);
  });

  it('offers the multiple above (preferred) and the one below when it still gives every cluster one', async () => {
    const { hits } = await findingsOf(RULE, `${three}app shop { clusters a b c  replicas 4 }\n`);
    expect(hits[0]!.fixes!.map((f) => [f.title, f.preferred])).toEqual([
      ['Set replicas to 6 (2 per cluster)', true],
      ['Set replicas to 3 (1 per cluster)', false],
    ]);
    const small = await findingsOf(RULE, `${three}app shop { clusters a b c  replicas 2 }\n`);
    expect(small.hits[0]!.fixes!.map((f) => f.title)).toEqual(['Set replicas to 3 (1 per cluster)']);
  });

  it('each fix leaves an even split and a file without errors', async () => {
    const text = `${two}app shop {\n  clusters ocp-east ocp-west\n  replicas 7\n}\n`;
    const { hits } = await findingsOf(RULE, text);
    const results = [];
    for (const fix of hits[0]!.fixes!) {
      const fixed = applyEdits(text, fix.edits);
      const after = await load(fixed);
      expect(errorsOf(after.diagnostics)).toEqual([]);
      expect(after.findings.filter((f) => f.ruleId === RULE)).toEqual([]);
      results.push(/replicas \d+/.exec(fixed.slice(two.length))![0]);
    }
    expect(results).toEqual(['replicas 8', 'replicas 6']);
  });

  it('offers no fix when the count comes from a parameter', async () => {
    const { hits } = await findingsOf(
      RULE,
      `param n = 3\n${two}app shop { clusters ocp-east ocp-west  replicas $n }\n`,
    );
    expect(hits.map((h) => h.message)).toEqual([
      'app shop: 3 replicas over 2 clusters split 2 + 1 (ocp-east 2, ocp-west 1)',
    ]);
    expect(hits[0]!.fixes).toEqual([]);
  });

  it('inserts replicas when it was unset', async () => {
    const text = `${three}app shop { clusters a b c }\n`;
    const { hits } = await findingsOf(RULE, text);
    const fixed = applyEdits(text, hits[0]!.fixes![0]!.edits);
    expect(fixed.endsWith('app shop { clusters a b c  replicas 3 }\n')).toBe(true);
    expect((await load(fixed)).findings.filter((f) => f.ruleId === RULE)).toEqual([]);
  });
});
