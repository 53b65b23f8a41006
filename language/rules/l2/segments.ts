/** Which L2 segments clusters share: read by l2/vrrp-collision and l2/shared-segment. */
import { cidrContains } from '../../model/cidr.js';
import type { Cluster, Network } from '../../model/types.js';

/**
 * The networks that carry a cluster's keepalived VRRP advertisements: those holding its API or
 * ingress VIPs, else its machine network (the control plane's), where the installer puts the VIPs
 * by default.
 */
export function vipNetworks(cluster: Cluster): Network[] {
  const vips = [...(cluster.api?.vips ?? []), ...(cluster.ingress?.vips ?? [])];
  const holding = cluster.networks.filter((n) => n.cidr && vips.some((v) => cidrContains(n.cidr!, v)));
  if (holding.length) return holding;
  return cluster.controlPlane.network ? [cluster.controlPlane.network] : [];
}

/** Each network with the clusters (from `clusters`, in order) that `networksOf` puts on it, for networks with two or more. */
export function sharedNetworks(clusters: readonly Cluster[], networksOf: (c: Cluster) => Network[]): Map<Network, Cluster[]> {
  const on = new Map<Network, Cluster[]>();
  for (const c of clusters) for (const n of networksOf(c)) on.set(n, [...(on.get(n) ?? []), c]);
  return new Map([...on].filter(([, cs]) => cs.length > 1));
}
