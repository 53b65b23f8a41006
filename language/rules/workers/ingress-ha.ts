import type { Cluster, WorkerPool, Zone } from '../../model/types.js';
import { setProps, type PropText } from '../common/edits.js';
import { defineRule, type Fix } from '../types.js';

/** Router replicas of the default IngressController on a highly available infrastructure. */
export const ROUTER_REPLICAS = 2;

export const ingressHa = defineRule({
  id: 'workers/ingress-ha',
  title: "Fewer than two nodes for the default IngressController's routers",
  severity: 'warning',
  description:
    "For an OpenShift cluster, counts the nodes the default IngressController's routers can run on: the workers, or the control-plane members when there are no workers. Fires when there is exactly one worker: the installer then sets the infrastructure topology to SingleReplica, the masters are not schedulable, and one router runs. Without workers the masters take the routers (two of them with two or more members); a single-node cluster (one member, no workers) runs one router by design and is left to quorum/single-member.",
  rationale:
    "Every route of the cluster (the console, OAuth, every application's Route) enters through the routers of the default IngressController. On OpenStack they publish on the host network, so each replica needs a node of its own, and the installer asks for two only when the cluster has two or more workers (or none, with a highly available control plane taking them). With one worker there is one router: that node's failure, or its zone's, stops all ingress although the API survives.",
  sources: ['ingress-replicas'],
  fix: "Give the cluster a second worker: a pool written with `replicas` gets `replicas 2`; one with zone counts gets another of the control plane's zones with one worker (else its count raised to 2); a `perZone 1` pool in one zone gets `perZone 2`.",
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  distribution openshift 4.16\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n  workers { replicas 1 }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  distribution openshift 4.16\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n  workers { replicas 2 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const c of model.clusters) {
      if (c.distribution !== 'openshift') continue;
      const workers = c.workers.reduce((n, w) => n + w.placement.total, 0);
      // No workers: the masters are schedulable and take the routers (two or more of them), or
      // it is single-node OpenShift, one router by design (quorum/single-member). Two or more
      // workers: two routers. One worker: the masters are not schedulable, one router.
      if (workers !== 1) continue;
      const pool = c.workers.find((w) => w.placement.total > 0);
      const fix = pool && addWorkerFix(c, pool);
      report({
        message: `${c.name} has 1 worker: the installer sets its infrastructure topology to SingleReplica and the default IngressController runs 1 router, so every route depends on that node (and its zone); two workers give ${ROUTER_REPLICAS} routers on separate nodes`,
        loc: pool?.props.replicas ?? pool?.props.perZone ?? pool?.props.zones ?? pool?.loc ?? c.nameLoc,
        fixes: fix ? [fix] : [],
      });
    }
  },
});

function addWorkerFix(c: Cluster, pool: WorkerPool): Fix | undefined {
  const p = pool.placement;
  let items: PropText[];
  if (p.explicit && pool.props.zones) {
    const current = [...p.perZone.keys()];
    const other: Zone | undefined = c.controlPlane.zones.find((z) => !current.includes(z));
    const counts = other
      ? [...[...p.perZone].map(([z, n]) => `${z.id}: ${n}`), `${other.id}: 1`]
      : [...p.perZone].map(([z, n]) => `${z.id}: ${n + 1}`);
    items = [{ prop: 'zones', text: `zones ${counts.join(' ')}` }];
    if (pool.props.replicas) items.push({ prop: 'replicas', text: `replicas ${ROUTER_REPLICAS}` });
  } else if (pool.props.perZone) {
    items = [{ prop: 'perZone', text: `perZone ${ROUTER_REPLICAS}` }];
  } else {
    items = [{ prop: 'replicas', text: `replicas ${ROUTER_REPLICAS}` }];
  }
  const edits = setProps(pool, items);
  return (
    edits && {
      title: `Add a worker to ${pool.name} of ${c.name} (${ROUTER_REPLICAS} nodes for ${ROUTER_REPLICAS} routers)`,
      edits,
      preferred: true,
    }
  );
}
