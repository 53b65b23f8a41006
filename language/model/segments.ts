/**
 * L2 segments. A Neutron provider network is the broadcast domain of its physical network and
 * VLAN (provider:physical_network, provider:segmentation_id): two `network` declarations with the
 * same `vlan` on the same `physnet` are one segment whatever their names, and VRRP advertisements
 * of one reach the other. A network without both is a segment of its own.
 */
import type { Network } from './types.js';

/** A key equal for networks on one L2 segment. */
export function segmentKey(n: Network): string {
  return n.vlan !== undefined && n.physnet !== undefined ? `vlan ${n.vlan} on ${n.physnet}` : `network ${n.name}`;
}

/** The networks of `all` on the segment of `n`, in their order (n included). */
export function segmentOf(n: Network, all: readonly Network[]): Network[] {
  const key = segmentKey(n);
  return all.filter((m) => m === n || segmentKey(m) === key);
}

/**
 * Groups `items` by the L2 segment of the networks `networksOf` gives each: one entry per segment
 * that two or more items share, with those items (each once, in order) and the segment's networks
 * they sit on. Keyed by the first network of the segment in `networks` order.
 */
export function sharedSegments<T>(
  items: readonly T[],
  networksOf: (item: T) => Network[],
): { networks: Network[]; items: T[] }[] {
  // Sets beside the lists: thousands of clusters on one segment must not cost a quadratic scan.
  const bySegment = new Map<string, { networks: Set<Network>; items: Set<T> }>();
  for (const item of items) {
    for (const n of networksOf(item)) {
      const key = segmentKey(n);
      let s = bySegment.get(key);
      if (!s) bySegment.set(key, (s = { networks: new Set(), items: new Set() }));
      s.networks.add(n);
      s.items.add(item);
    }
  }
  return [...bySegment.values()]
    .filter((s) => s.items.size > 1)
    .map((s) => ({ networks: [...s.networks], items: [...s.items] }));
}
