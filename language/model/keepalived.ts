/**
 * VRRP on the L2 segments of a topology: the keepalived instances topo configures itself (one per
 * HAProxy load balancer with a VIP, `loadBalancer … provider haproxy via <servers> vip …`) and the
 * segments of the keepalived that OpenShift runs on the nodes of IPI clusters.
 *
 * Every instance gets a virtual router id that nothing else on its segment uses: not an
 * OpenShift cluster's API or ingress id (`vrrp.ts`), not another instance of topo's. The id is
 * derived from the load balancer's name as runtimecfg derives a cluster's (Fletcher-8 + 1, so the
 * same name gets the same id in every topology), then moved up to the next free id when taken.
 * Instances are assigned in name order, so the result does not depend on declaration order.
 */
import { cidrContains } from './cidr.js';
import { segmentKey } from './segments.js';
import type { Cluster, KeepalivedInstance, LoadBalancer, Network, TopoModel } from './types.js';
import { fletcher8, vrrpIds } from './vrrp.js';

/** VRRP virtual router ids are 1..255 (RFC 5798 §5.2.3). */
const VRID_MAX = 255;

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

/** The network of an HAProxy load balancer's `via` servers on which keepalived holds its VIP. */
export function keepalivedSegment(lb: LoadBalancer): Network | undefined {
  const nets = lb.via?.networks ?? [];
  const vip = lb.vip;
  const holding = vip === undefined ? undefined : nets.find((n) => n.cidr !== undefined && cidrContains(n.cidr, vip));
  return holding ?? (lb.network && nets.includes(lb.network) ? lb.network : undefined) ?? nets[0];
}

/** Load balancers for which topo configures keepalived: HAProxy, on a `via` group, with a VIP. */
export function keepalivedLoadBalancers(model: Pick<TopoModel, 'loadBalancers'>): LoadBalancer[] {
  return model.loadBalancers.filter((lb) => lb.provider === 'haproxy' && lb.via && lb.vip);
}

/**
 * The keepalived instances of the model, each also set as its load balancer's `keepalived`.
 * An instance whose segment has no free id left gets vrid 0 (reported by `model/checks.ts`).
 */
export function keepalivedInstances(model: Pick<TopoModel, 'loadBalancers' | 'clusters'>): KeepalivedInstance[] {
  // Keyed by L2 segment: two networks with one VLAN on one physnet hear each other's VRRP.
  const taken = new Map<string | undefined, Set<number>>();
  const takenOn = (n: Network | undefined): Set<number> => {
    const key = n && segmentKey(n);
    let s = taken.get(key);
    if (!s) taken.set(key, (s = new Set()));
    return s;
  };
  for (const c of model.clusters) {
    if (!c.keepalived) continue;
    const ids = vrrpIds(c.name);
    for (const n of vipNetworks(c)) takenOn(n).add(ids.api).add(ids.ingress);
  }
  const lbs = keepalivedLoadBalancers(model).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: KeepalivedInstance[] = [];
  for (const lb of lbs) {
    const servers = lb.via!;
    const segment = keepalivedSegment(lb);
    const used = takenOn(segment);
    const vrid = freeVrid(fletcher8(lb.name) + 1, used);
    if (vrid) used.add(vrid);
    const unicast = servers.addresses.length > 0 && servers.addresses.length === servers.placement.total;
    const instance: KeepalivedInstance = {
      loadBalancer: lb,
      servers,
      segment,
      vrid,
      mode: unicast ? 'unicast' : 'multicast',
      peers: unicast ? [...servers.addresses] : [],
      vip: lb.vip!,
    };
    lb.keepalived = instance;
    out.push(instance);
  }
  return out;
}

function freeVrid(preferred: number, used: Set<number>): number {
  for (let i = 0; i < VRID_MAX; i++) {
    const id = ((preferred - 1 + i) % VRID_MAX) + 1;
    if (!used.has(id)) return id;
  }
  return 0;
}
