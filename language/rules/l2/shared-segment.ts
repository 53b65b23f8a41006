import type { Cluster } from '../../model/types.js';
import { defineRule } from '../types.js';
import { sharedNetworks } from './segments.js';

export const sharedSegment = defineRule({
  id: 'l2/shared-segment',
  title: 'Several clusters on one stretched L2 network',
  severity: 'warning',
  description: 'Reports every stretched-l2 network that the nodes of two or more clusters attach to.',
  rationale:
    'A stretched L2 network is one broadcast domain across zones, with one set of gateways: clusters that share it share its failures (a broadcast storm, a loop, a gateway outage) and, when they run keepalived (OpenShift IPI), must keep distinct VRRP ids on it forever, a constraint on their names that l2/vrrp-collision checks. Seed 003 allows one stretched network per cluster or a shared one, and warns that several clusters may need additional stretched L2 networks because of VRRP collisions.',
  sources: ['l2-segment', 'keepalived-vrrp-ids'],
  examples: {
    fires: `network ctrl { kind stretched-l2  cidr 10.0.0.0/24 }
cluster ocp-east { controlPlane { network ctrl } }
cluster ocp-west { controlPlane { network ctrl } }`,
    passes: `network ctrl-east { kind stretched-l2  cidr 10.0.0.0/24 }
network ctrl-west { kind stretched-l2  cidr 10.0.1.0/24 }
cluster ocp-east { controlPlane { network ctrl-east } }
cluster ocp-west { controlPlane { network ctrl-west } }`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    const stretched = (c: Cluster) => c.networks.filter((n) => n.netKind === 'stretched-l2');
    for (const [net, clusters] of sharedNetworks(model.clusters, stretched)) {
      const keepalived = clusters.filter((c) => c.keepalived);
      const vrrp =
        keepalived.length > 1
          ? `, and ${keepalived.length} of them (${keepalived.map((c) => c.name).join(', ')}) run keepalived and need distinct VRRP ids on it`
          : '';
      report({
        message: `stretched network ${net.name} carries ${clusters.length} clusters (${clusters.map((c) => c.name).join(', ')}): they share its broadcast domain and gateways${vrrp}; consider a stretched network per cluster`,
        loc: net.nameLoc,
        related: clusters.map((c) => ({ loc: c.nameLoc, message: `${c.name} has nodes on ${net.name}` })),
      });
    }
  },
});
