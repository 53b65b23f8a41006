/**
 * Topology snippets and fix checks for the quorum/, etcd/, workers/ and ref/ specs. The regions
 * declare every RTT so that a spec's topology trips only the rule under test.
 */
import { expect } from 'vitest';
import { applyEdits, findingsOf, load } from '../../../test/helpers.js';
import type { Finding, Fix } from '../types.js';

/** Region `name` with zones az1..az(n), every pair `ms` apart unless `rtts` overrides a pair ("az1 az3": "38ms"). */
export function region(name = 'dc', zones = 3, ms = '1ms', rtts: Record<string, string> = {}): string {
  const ids = Array.from({ length: zones }, (_, i) => `az${i + 1}`);
  const lines = ids.flatMap((a, i) => ids.slice(i + 1).map((b) => `rtt ${a} ${b} ${rtts[`${a} ${b}`] ?? ms}`));
  return `region ${name} provider openstack { ${ids.map((z) => `zone ${z}`).join(' ')}  ${lines.join('  ')} }\n`;
}

/** `cluster NAME { ... }` with the given lines. */
export function cluster(name: string, ...lines: string[]): string {
  return `cluster ${name} {\n${lines.map((l) => `  ${l}\n`).join('')}}\n`;
}

/** The one finding of `ruleId` in `text`. */
export async function only(ruleId: string, text: string): Promise<Finding> {
  const { hits } = await findingsOf(ruleId, text);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

/** Messages of `ruleId` in `text`. */
export async function messages(ruleId: string, text: string): Promise<string[]> {
  return (await findingsOf(ruleId, text)).hits.map((h) => h.message);
}

/**
 * Applies `fix` to `text` (the file /ws/main.topo), checks that `ruleId` no longer fires and the
 * file has no error diagnostics (syntax, links, model problems, any rule's errors) except the
 * `allowedErrors` rule ids, and returns the fixed text.
 */
export async function applyFix(ruleId: string, text: string, fix: Fix | undefined, allowedErrors: string[] = []): Promise<string> {
  expect(fix).toBeDefined();
  const fixed = applyEdits(text, fix!.edits);
  const after = await load(fixed);
  const errors = after.diagnostics.filter((d) => d.severity === 1 && !allowedErrors.includes(String(d.code)));
  expect(errors.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  expect(after.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message)).toEqual([]);
  return fixed;
}
