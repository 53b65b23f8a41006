/**
 * Quorum arithmetic of etcd (and any majority-vote store): read by the quorum and etcd rules, the
 * failure analysis and the hovers.
 */
import type { Placement, Region, Zone } from './types.js';

/** etcd's majority of n members: floor(n/2) + 1 (etcd FAQ, docs/sources.md#etcd-quorum). */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** How many members may fail while a majority remains. */
export function tolerance(n: number): number {
  return n - majority(n);
}

/** The failure domains (zones, sites) whose loss leaves fewer than a majority of `total` members. */
export function quorumLosing<D>(perDomain: Map<D, number>, total: number): { domain: D; lost: number; left: number }[] {
  const need = majority(total);
  const out: { domain: D; lost: number; left: number }[] = [];
  for (const [domain, lost] of perDomain) {
    const left = total - lost;
    if (lost > 0 && left < need) out.push({ domain, lost, left });
  }
  return out;
}

/** The zones whose loss leaves fewer than a majority, with the members lost in each. */
export function quorumLosingZones(p: Placement): { zone: Zone; lost: number; left: number }[] {
  return quorumLosing(p.perZone, p.total).map(({ domain, lost, left }) => ({ zone: domain, lost, left }));
}

/** Members per region (site), in the order their zones were placed. */
export function perRegion(p: Placement): Map<Region, number> {
  const out = new Map<Region, number>();
  for (const [zone, n] of p.perZone) if (n > 0) out.set(zone.region, (out.get(zone.region) ?? 0) + n);
  return out;
}

/** The fewest zones over which n members can be spread so that any one zone may fail. */
export function zonesNeeded(n: number): number | undefined {
  const t = tolerance(n);
  return t < 1 ? undefined : Math.ceil(n / t);
}
