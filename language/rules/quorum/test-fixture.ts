/**
 * Topology snippets and fix checks for the quorum/, etcd/, workers/ and ref/ specs. The regions
 * declare every RTT so that a spec's topology trips only the rule under test.
 */

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

export { applyFix, messages, only } from '../../../test/helpers.js';
