import type { Placement, Zone } from '../../model/types.js';

/** etcd's majority of n members: floor(n/2) + 1 (etcd FAQ, DOMAIN.md "etcd quorum"). */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** How many members may fail while a majority remains. */
export function tolerance(n: number): number {
  return n - majority(n);
}

/** The zones whose loss leaves fewer than a majority, with the members lost in each. */
export function quorumLosingZones(p: Placement): { zone: Zone; lost: number; left: number }[] {
  const need = majority(p.total);
  const out: { zone: Zone; lost: number; left: number }[] = [];
  for (const [zone, lost] of p.perZone) {
    const left = p.total - lost;
    if (left < need) out.push({ zone, lost, left });
  }
  return out;
}

/** The fewest zones over which n members can be spread so that any one zone may fail. */
export function zonesNeeded(n: number): number | undefined {
  const t = tolerance(n);
  return t < 1 ? undefined : Math.ceil(n / t);
}
