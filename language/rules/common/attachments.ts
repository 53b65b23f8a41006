/** What sits on a network, read from the model: shared by the l2/* and net/* rules. */
import type { Cluster, Network, TopoModel, WorkerPool, Zone } from '../../model/types.js';

/** The networks a worker pool's machines attach to: its own, else the control plane's (the machine network). */
export function workerNetworks(cluster: Cluster, pool: WorkerPool): Network[] {
  return pool.networks.length ? pool.networks : cluster.controlPlane.networks;
}

/** How a message names a worker pool: `the workers of ocp` for the unnamed pool, else `workers infra of ocp`. */
export function workersName(cluster: Cluster, pool: WorkerPool): string {
  return pool.name === 'worker' ? `the workers of ${cluster.name}` : `workers ${pool.name} of ${cluster.name}`;
}

/** A group of machines on a network: how messages name it, and the zones it has members in. */
export interface Attached {
  what: string;
  zones: Zone[];
}

/**
 * Everything with machines on `net`: control planes, worker pools, server groups, load balancers,
 * each with the zones where it has machines on that network (a group on per-zone networks has
 * only some of its zones on each). A group whose zones are unknown is taken to span the network's.
 */
export function attachedTo(model: TopoModel, net: Network): Attached[] {
  const out: Attached[] = [];
  for (const c of model.clusters) {
    if (c.controlPlane.networks.includes(net))
      out.push({ what: `the control plane of ${c.name}`, zones: [...c.controlPlane.placement.perZone.keys()] });
    for (const w of c.workers) {
      if (workerNetworks(c, w).includes(net))
        out.push({ what: workersName(c, w), zones: [...w.placement.perZone.keys()] });
    }
  }
  for (const s of model.servers)
    if (s.networks.includes(net)) out.push({ what: `servers ${s.name}`, zones: [...s.placement.perZone.keys()] });
  for (const lb of model.loadBalancers)
    if (lb.networks.includes(net)) out.push({ what: `load balancer ${lb.name}`, zones: lb.zones });
  return out.map((a) => ({ ...a, zones: zonesOn(a.zones, net) }));
}

function zonesOn(zones: Zone[], net: Network): Zone[] {
  const inNet = zones.filter((z) => net.zones.includes(z));
  if (inNet.length) return inNet;
  return zones.length ? zones : net.zones;
}

/** `dc.az1, dc.az2` */
export function zoneIds(zones: readonly Zone[]): string {
  return zones.map((z) => z.id).join(', ');
}
