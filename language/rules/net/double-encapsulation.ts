import type { Network } from '../../model/types.js';
import { defineRule } from '../types.js';

/** Pod networks that tunnel between nodes, and the bytes their encapsulation takes from the MTU. */
const TUNNELS: Record<string, { tunnel: string; overhead: string; bytes?: number }> = {
  OVNKubernetes: { tunnel: 'Geneve', overhead: '100 bytes', bytes: 100 },
  OpenShiftSDN: { tunnel: 'VXLAN', overhead: '50 bytes', bytes: 50 },
  Cilium: { tunnel: 'VXLAN', overhead: '50 bytes', bytes: 50 },
  Calico: { tunnel: 'IP-in-IP or VXLAN', overhead: '20 or 50 bytes' },
  // Kuryr gives pods Neutron ports on the tenant network itself: no second tunnel.
};

export const doubleEncapsulation = defineRule({
  id: 'net/double-encapsulation',
  title: 'Overlay pod network on an overlay tenant network',
  severity: 'info',
  description:
    'Reports a cluster whose pod network tunnels between nodes (OVN-Kubernetes: Geneve; OpenShift SDN, Cilium: VXLAN; Calico: IP-in-IP or VXLAN) while its nodes sit on an overlay tenant network, itself tunnelled by Neutron.',
  rationale:
    "Each pod packet is then encapsulated twice: once by the cluster network between nodes, once by Neutron between hypervisors. Both headers cost MTU (the pod MTU is the tenant network's MTU minus the CNI's overhead, itself below the physical MTU) and CPU for the extra encapsulation and checksums, which lowers throughput and raises latency. Seed 003 names it as the performance trade-off of running OpenShift on an overlay (Architecture #2). Provider networks, or Kuryr (pods on Neutron ports), avoid it.",
  sources: ['network-overlays'],
  examples: {
    fires: `network tenant { kind overlay  cidr 10.0.0.0/24 }
cluster ocp {
  networkType OVNKubernetes
  controlPlane { network tenant }
}`,
    passes: `network rpn { kind routed-provider  cidr 10.0.0.0/24 }
cluster ocp {
  networkType OVNKubernetes
  controlPlane { network rpn }
}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      const cni = TUNNELS[cluster.networkType];
      const overlays = cluster.networks.filter((n) => n.netKind === 'overlay');
      if (!cni || !overlays.length) continue;
      const net = (n: Network) =>
        n.mtu !== undefined && cni.bytes !== undefined
          ? `${n.name} (MTU ${n.mtu}, pods get ${n.mtu - cni.bytes})`
          : n.name;
      report({
        message: `cluster ${cluster.name} runs ${cluster.networkType} (${cni.tunnel}, ${cni.overhead} per packet) over overlay network${overlays.length === 1 ? '' : 's'} ${overlays.map(net).join(', ')}: pod traffic is encapsulated twice, costing CPU, throughput and MTU`,
        loc: cluster.props.networkType ?? cluster.nameLoc,
        related: overlays.map((n) => ({ loc: n.nameLoc, message: `${n.name} is an overlay (tenant) network` })),
      });
    }
  },
});
