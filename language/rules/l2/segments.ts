/** Which L2 segments clusters share: read by l2/vrrp-collision and l2/shared-segment. */
import { vipNetworks } from '../../model/keepalived.js';
import type { Cluster, Network } from '../../model/types.js';

export { vipNetworks };

/** Each network with the clusters (from `clusters`, in order) that `networksOf` puts on it, for networks with two or more. */
export function sharedNetworks(
  clusters: readonly Cluster[],
  networksOf: (c: Cluster) => Network[],
): Map<Network, Cluster[]> {
  const on = new Map<Network, Cluster[]>();
  for (const c of clusters) for (const n of networksOf(c)) on.set(n, [...(on.get(n) ?? []), c]);
  return new Map([...on].filter(([, cs]) => cs.length > 1));
}
