import { defineRule } from '../types.js';
import { unique } from '../../model/lists.js';
import { workerNetworks, workersName } from '../common/attachments.js';

export const overlaySnat = defineRule({
  id: 'net/overlay-snat',
  title: 'Workers on an overlay network without floating IPs',
  severity: 'info',
  description: 'Reports worker pools whose machines sit on an overlay (tenant) network and have no floating IPs.',
  rationale:
    "Machines on a tenant overlay network without a floating IP reach the outside only through source NAT on the network's router, and nothing outside can open a connection to them. Seed 003 lists this among the trade-offs of its overlay architectures (#2 and #4): ingress and API come in through floating IPs or load balancers, the workers themselves stay unreachable and share the router's address for egress. It is a design choice, hence information, not a warning.",
  sources: ['network-overlays'],
  examples: {
    fires: `network tenant { kind overlay  cidr 10.0.0.0/24 }
cluster ocp {
  controlPlane { network tenant }
  workers { replicas 3  network tenant }
}`,
    passes: `network tenant { kind overlay  cidr 10.0.0.0/24 }
cluster ocp {
  controlPlane { network tenant }
  workers { replicas 3  network tenant  floatingIps }
}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      for (const pool of cluster.workers) {
        if (pool.floatingIps) continue;
        const overlays = workerNetworks(cluster, pool).filter((n) => n.netKind === 'overlay');
        if (!overlays.length) continue;
        const routers = unique(
          overlays.flatMap((net) => [...net.gateways, ...model.routers.filter((r) => r.interfaces.includes(net))]),
        );
        const egress = routers.length
          ? `SNAT on router${routers.length === 1 ? '' : 's'} ${routers.map((r) => r.name).join(', ')}`
          : 'SNAT';
        const n = pool.placement.total;
        report({
          message: `${workersName(cluster, pool)} (${n} machine${n === 1 ? '' : 's'}) sit on overlay network${overlays.length === 1 ? '' : 's'} ${overlays.map((o) => o.name).join(', ')} without floating IPs: egress only through ${egress}, no inbound connections from outside`,
          loc: pool.props.networks ?? pool.loc,
        });
      }
    }
  },
});
