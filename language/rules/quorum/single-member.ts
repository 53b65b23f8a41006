import { unique } from '../../model/lists.js';
import type { Cluster, Region, TopoModel, Zone } from '../../model/types.js';
import { defineRule, type Fix } from '../types.js';
import { setProps } from '../common/edits.js';
import { resizeFix } from './sizes.js';

const TARGET = 3;

export const singleMember = defineRule({
  id: 'quorum/single-member',
  title: 'Control plane with a single member',
  severity: 'warning',
  description: 'Fires when a control plane has exactly one member (a single etcd member).',
  rationale:
    'One member tolerates no failure: losing its machine or its zone stops the API until it is restored from backup. Three members, one per zone, tolerate the loss of any one of them. (Single-node OpenShift is a valid choice where availability does not matter; silence this rule there with a topo-ignore comment.)',
  sources: ['etcd-quorum', 'etcd-span'],
  fix: "Set 3 members across 3 zones of the member's region when it declares 3 zones; otherwise set 3 members.",
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 1  zone dc.az1 }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      const cp = cluster.controlPlane;
      if (cp.placement.total !== 1) continue;
      const where = [...cp.placement.perZone.keys()][0];
      report({
        message: `control plane of ${cluster.name} has 1 member${where ? ` (in ${where.id})` : ''}: it tolerates no failure, losing it stops the API; ${TARGET} members tolerate 1`,
        loc: cp.props.replicas ?? cp.props.zones ?? cp.loc,
        fixes: [spreadFix(model, cluster) ?? resizeFix(cluster, TARGET, true)].filter((f): f is Fix => !!f),
      });
    }
  },
});

/** `replicas 3  zones a b c` over three zones of the member's region (or of the only region). */
function spreadFix(model: TopoModel, cluster: Cluster): Fix | undefined {
  const cp = cluster.controlPlane;
  const current: Zone | undefined = [...cp.placement.perZone.keys()][0];
  const region: Region | undefined = current?.region ?? (model.regions.length === 1 ? model.regions[0] : undefined);
  if (!region || region.zones.length < TARGET) return undefined;
  const zones = unique([...(current ? [current] : []), ...region.zones]).slice(0, TARGET);
  const ids = zones.map((z) => z.id);
  const edits = setProps(cp, [
    { prop: 'replicas', text: `replicas ${TARGET}` },
    { prop: 'zones', text: `zones ${ids.join(' ')}` },
  ]);
  return edits && { title: `Use ${TARGET} members across ${ids.join(', ')}`, edits, preferred: true };
}
