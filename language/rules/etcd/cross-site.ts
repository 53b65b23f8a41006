import { majority, perRegion, quorumLosing } from '../../model/quorum.js';
import { members } from '../common/words.js';
import { defineRule } from '../types.js';

export const crossSite = defineRule({
  id: 'etcd/cross-site',
  title: 'Control plane stretched across sites',
  severity: 'error',
  description:
    "Fires when one control plane has members in zones of different regions (sites). An error when losing one site takes its quorum (any two-site layout); a warning when it follows Red Hat's three-site layout and survives the loss of any one site.",
  rationale:
    'A cluster stretched across datacenters is one failure domain spread over the sites, not a disaster-recovery plan: with two sites, losing the one holding the majority stops etcd and with it the whole cluster, and the inter-site link carries every etcd write. Red Hat recommends one cluster per site, with the applications spread by a global load balancer (GSLB); a stretched cluster is tolerable only over three sites with one member each and low, stable latency.',
  sources: ['etcd-span', 'etcd-latency'],
  examples: {
    fires: `region dc-east provider openstack { zone az1 zone az2  rtt az1 az2 1ms }\nregion dc-west provider openstack { zone az1 }\nrtt dc-east dc-west 2ms\ncluster ocp {\n  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-west.az1 }\n}`,
    passes: `region dc-east provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      const cp = cluster.controlPlane;
      const sites = perRegion(cp.placement);
      if (sites.size < 2) continue;
      const total = cp.placement.total;
      const spread = `control plane of ${cluster.name} is stretched across sites ${list([...sites].map(([r, n]) => `${r.name} (${members(n)})`))}`;
      const lost = quorumLosing(sites, total)[0];
      report({
        severity: lost ? 'error' : 'warning',
        message: lost
          ? `${spread}: losing ${lost.domain.name} leaves ${lost.left} of ${total}, below the majority of ${majority(total)}; run one cluster per site behind a GSLB`
          : `${spread}: it survives one site's loss, but the sites form one failure domain; Red Hat recommends one cluster per site behind a GSLB`,
        loc: cp.props.zones ?? cp.loc,
        related: [...sites.keys()].map((r) => ({
          loc: r.nameLoc,
          message: `${r.name} holds ${members(sites.get(r)!)} of ${cluster.name}'s control plane`,
        })),
      });
    }
  },
});

/** "a and b", "a, b and c". */
function list(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
