import { unique } from '../../model/lists.js';
import { majority, quorumLosingZones, zonesNeeded } from '../../model/quorum.js';
import type { Cluster, Zone } from '../../model/types.js';
import { setProps } from '../common/edits.js';
import { defineRule, type Fix } from '../types.js';

export const zoneLoss = defineRule({
  id: 'quorum/zone-loss',
  title: 'Control plane loses quorum when one zone fails',
  severity: 'error',
  description:
    'For every zone holding control-plane members (two or more members, each with a zone), checks that the members outside that zone still form a majority (floor(n/2) + 1): two members over two zones lose quorum with either zone.',
  rationale:
    'etcd accepts no writes without a majority, so the API stops. A control plane survives the loss of any one zone only if, for every zone z, the members outside z are at least a majority: three members need three zones, one each; two zones can never survive the loss of the zone holding the majority.',
  sources: ['etcd-quorum', 'etcd-span', 'installer-default-zone'],
  fix: "Respread the members round-robin over enough zones of the cluster's region (one per zone for three members), adding zones the region declares.",
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      const cp = cluster.controlPlane;
      const p = cp.placement;
      // One member is quorum/single-member's; members without a zone are quorum/unplaced's. Two
      // members over two zones lose quorum with either zone, whatever the distribution.
      if (p.total < 2 || p.unplaced > 0) continue;
      const need = majority(p.total);
      for (const { zone, lost, left } of quorumLosingZones(p)) {
        report({
          message: `control plane of ${cluster.name} loses quorum if ${zone.id} fails: ${lost} of ${p.total} members there, ${left} left, majority is ${need}`,
          loc: cp.props.zones ?? cp.props.replicas ?? cp.loc,
          related: [{ loc: zone.loc, message: `${zone.id} holds ${lost} of ${p.total} members of ${cluster.name}` }],
          fixes: respread(cluster),
        });
      }
    }
  },
});

/** Rewrites `zones ...` so the members go round-robin over enough zones of the same region. */
function respread(cluster: Cluster): Fix[] {
  const cp = cluster.controlPlane;
  // Two members tolerate no failure however they are spread: the fix is a third member in a third zone.
  const n = Math.max(cp.placement.total, 3);
  const needed = zonesNeeded(n);
  const at = cp.props.zones;
  if (!needed || !at) return [];
  const current = [...cp.placement.perZone.keys()];
  const region = current[0]?.region;
  if (!region) return [];
  const zones: Zone[] = unique([...current.filter((z) => z.region === region), ...region.zones]).slice(0, needed);
  if (zones.length < needed) return [];
  const items = [{ prop: 'zones', text: `zones ${zones.map((z) => z.id).join(' ')}` }];
  // Explicit counts gave the size; without them it must be written (the default is 3).
  if ((!cp.props.replicas && n !== 3) || n !== cp.placement.total)
    items.unshift({ prop: 'replicas', text: `replicas ${n}` });
  const edits = setProps(cp, items);
  const what =
    n === cp.placement.total
      ? `Spread the ${n} control-plane members`
      : `Add a third control-plane member and spread the ${n}`;
  return edits ? [{ title: `${what} over ${zones.map((z) => z.id).join(', ')}`, edits, preferred: true }] : [];
}
