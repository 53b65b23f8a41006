import { defineRule } from '../types.js';

export const hostSpread = defineRule({
  id: 'mgmt/host-spread',
  title: 'Management nodes on too few hypervisor hosts, or too few nodes',
  severity: 'warning',
  description:
    "Reports a management plane whose declared `hosts` is below `minHosts` (3: on one host its failure stops everything; on two, the three-member quorum groups split 2 + 1 and lose their majority with one host) or whose declared `nodes` is below `minNodes` (the seed's minimal HA layout).",
  rationale:
    'The OpenStack control services cluster at the application level (Galera, RabbitMQ, HAProxy/keepalived), so losing one hypervisor host should only degrade them. That holds only if the control VMs are spread over several hosts: on one host, its failure stops every service at once. Seed 002 sizes the basic HA layout at six control VMs. Services that keep a quorum (a three-node Galera or RabbitMQ cluster) need their members on three different hosts to survive any one, so more than the minimum may be needed.',
  sources: ['management-plane'],
  thresholds: {
    minHosts: {
      default: 3,
      description:
        'Fewest hypervisor hosts the management nodes may run on: three, so that the quorum groups of three controllers (Galera, RabbitMQ) keep a majority when any one host fails',
    },
    minNodes: { default: 6, description: "Fewest management (control) nodes: seed 002's minimal HA layout" },
  },
  examples: {
    fires: `management ctl { hostedOn vsphere  nodes 6  hosts 2 }`,
    passes: `management ctl { hostedOn vsphere  nodes 6  hosts 3 }`,
  },
  reads: 'infrastructure',
  check({ model, report, threshold }) {
    const minHosts = threshold('minHosts');
    const minNodes = threshold('minNodes');
    for (const m of model.managements) {
      if (m.hosts !== undefined && m.hosts < minHosts) {
        report({
          message: `management ${m.name} runs its ${m.nodes === undefined ? 'nodes' : `${m.nodes} nodes`} on ${m.hosts} hypervisor host${m.hosts === 1 ? '' : 's'}, fewer than ${minHosts}: ${hostLoss(m.hosts, m.nodes)}`,
          loc: m.props.hosts ?? m.nameLoc,
        });
      }
      if (m.nodes !== undefined && m.nodes < minNodes) {
        report({
          message: `management ${m.name} has ${m.nodes} node${m.nodes === 1 ? '' : 's'}, fewer than the ${minNodes} of seed 002's minimal HA layout`,
          loc: m.props.nodes ?? m.nameLoc,
        });
      }
    }
  },
});

/** What one host failure takes, with the nodes spread as evenly as they can be. */
function hostLoss(hosts: number, nodes: number | undefined): string {
  if (hosts <= 1) return 'one host failure stops the whole OpenStack control plane';
  // Three-member quorum groups (Galera, RabbitMQ) on two hosts split 2 + 1: the host with two holds their majority.
  const quorum =
    hosts === 2
      ? '; its quorum groups of three controllers (Galera, RabbitMQ) split 2 + 1 over two hosts and lose their majority with the host holding two'
      : '';
  if (nodes === undefined) return `losing one host takes 1 in ${hosts} of its nodes at once${quorum}`;
  return `losing one host takes ${Math.ceil(nodes / hosts)} of its ${nodes} nodes at once, even spread evenly${quorum}`;
}
