import type { Cluster, WorkerPool, Zone } from '../../model/types.js';
import { memberZones } from '../common/members.js';
import { setProps, type PropText } from '../common/edits.js';
import { majority } from '../../model/quorum.js';
import { defineRule, type Fix } from '../types.js';

export const zoneCoverage = defineRule({
  id: 'workers/zone-coverage',
  title: "Workers do not cover the control plane's zones",
  severity: 'warning',
  description:
    "Fires when a cluster's control plane spans several zones and its workers sit in only one zone, or none of them in some zone holding control-plane members. An arbiter layout (workers in two data sites, and a third site without workers holding a single control-plane member that only keeps the quorum) is an info. Clusters without workers (compact, schedulable control planes) are not checked.",
  rationale:
    "Spreading the control plane over zones keeps the API up when a zone fails, but the applications run on the workers: if they all sit in one zone, that zone's loss stops every workload although the cluster survives; a control-plane zone without workers leaves the survivors fewer zones to reschedule to. Seed 003 gives each AZ its own worker MachineSet.",
  sources: ['workers-per-zone', 'arbiter-layout'],
  fix: "Add the missing zones to the largest worker pool that lists zones: with `perZone` each new zone gets that many; with explicit `zone: n` counts each new zone gets the pool's largest count; with `replicas`, raised to at least one per zone.",
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n  workers { perZone 2  zones dc.az1 }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n  workers { perZone 2 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      const cpZones = memberZones(cluster.controlPlane);
      const workers = cluster.workers.reduce((n, w) => n + w.placement.total, 0);
      if (cpZones.length < 2 || workers === 0) continue;
      const covered = new Set(
        cluster.workers.flatMap((w) => [...w.placement.perZone].filter(([, n]) => n > 0).map(([z]) => z)),
      );
      const missing = cpZones.filter((z) => !covered.has(z));
      if (covered.size > 1 && !missing.length) continue;
      const pool = largest(cluster.workers.filter((w) => w.props.zones));
      const ids = (zones: Iterable<Zone>): string => [...zones].map((z) => z.id).join(', ');
      const only = [...covered][0];
      // An arbiter layout: two data sites hold the workloads, and a third site without workers holds
      // one control-plane member per zone, there only to keep the quorum (a tiebreaker site).
      const cp = cluster.controlPlane.placement;
      const dataSites = new Set([...covered].map((z) => z.region));
      const arbiter =
        dataSites.size > 1 &&
        missing.every((z) => cp.perZone.get(z) === 1 && !dataSites.has(z.region)) &&
        missing.length < majority(cp.total);
      if (arbiter) {
        report({
          severity: 'info',
          message: `${ids(missing)} ${missing.length === 1 ? 'holds' : 'hold'} one control-plane member of ${cluster.name} each and no workers: an arbiter (quorum-only) site, while the workloads run in the data sites ${[...dataSites].map((r) => r.name).join(' and ')}`,
          loc: pool?.props.zones ?? cluster.workers[0]!.loc,
          fixes: [],
        });
        continue;
      }
      report({
        message:
          covered.size === 1 && only
            ? `all ${workers} workers of ${cluster.name} are in ${only.id} while its control plane spans ${ids(cpZones)}: losing ${only.id} stops every workload`
            : `no workers of ${cluster.name} in ${ids(missing)}, where its control plane has members (workers only in ${ids(covered)}): workloads cannot spread like the control plane`,
        loc: pool?.props.zones ?? cluster.workers[0]!.loc,
        fixes: pool && missing.length ? [addZonesFix(cluster, pool, missing)].filter((f): f is Fix => !!f) : [],
      });
    }
  },
});

function largest(pools: WorkerPool[]): WorkerPool | undefined {
  return pools.reduce<WorkerPool | undefined>(
    (best, w) => (!best || w.placement.total > best.placement.total ? w : best),
    undefined,
  );
}

/** Adds `missing` to a pool's zones, keeping its style (perZone, replicas, or explicit counts). */
function addZonesFix(cluster: Cluster, pool: WorkerPool, missing: Zone[]): Fix | undefined {
  const p = pool.placement;
  const items: PropText[] = [];
  let detail: string;
  if (p.explicit) {
    const each = Math.max(...p.perZone.values());
    const counts = [...p.perZone, ...missing.map((z) => [z, each] as const)];
    items.push({ prop: 'zones', text: `zones ${counts.map(([z, n]) => `${z.id}: ${n}`).join(' ')}` });
    const sum = counts.reduce((s, [, n]) => s + n, 0);
    if (pool.props.replicas) items.push({ prop: 'replicas', text: `replicas ${sum}` });
    detail = `${each} each`;
  } else {
    const zones = [...pool.zones, ...missing];
    items.push({ prop: 'zones', text: `zones ${zones.map((z) => z.id).join(' ')}` });
    if (pool.props.perZone) {
      detail = `perZone ${p.perZone.get(pool.zones[0]!) ?? 0}`;
    } else {
      const replicas = Math.max(p.total, zones.length);
      if (replicas !== p.total) items.push({ prop: 'replicas', text: `replicas ${replicas}` });
      detail = `replicas ${replicas}`;
    }
  }
  const edits = setProps(pool, items);
  return (
    edits && {
      title: `Add ${missing.map((z) => z.id).join(', ')} to workers ${pool.name} of ${cluster.name} (${detail})`,
      edits,
      preferred: true,
    }
  );
}
