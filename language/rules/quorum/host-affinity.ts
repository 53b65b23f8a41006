import { setProps } from '../common/edits.js';
import { defineRule } from '../types.js';

/** The installer's default policy, which the fix writes. */
const SAFE_POLICY = 'soft-anti-affinity';

export const hostAffinity = defineRule({
  id: 'quorum/host-affinity',
  title: 'Control-plane server group keeps the members on one host',
  severity: 'error',
  description:
    'Fires for a control plane of two or more members whose `serverGroup` policy is `affinity` (error: Nova must put every member on one compute host) or `soft-affinity` (warning: Nova puts them on one host whenever it can).',
  rationale:
    "An affinity server group places its members on the same hypervisor: however well the members are spread over zones on paper, one host failure (or its maintenance) then takes every etcd member and the quorum with it. A strict affinity policy also prevents live migration. The installer's default, soft-anti-affinity, keeps them on different hosts where it can.",
  sources: ['server-group-policy', 'etcd-quorum'],
  fix: `Set \`serverGroup ${SAFE_POLICY}\` (the installer's default).`,
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  serverGroup affinity }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  serverGroup soft-anti-affinity }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const c of model.clusters) {
      const cp = c.controlPlane;
      const policy = cp.serverGroup;
      if ((policy !== 'affinity' && policy !== 'soft-affinity') || cp.placement.total < 2) continue;
      const n = cp.placement.total;
      const edits = setProps(cp, [{ prop: 'serverGroup', text: `serverGroup ${SAFE_POLICY}` }]);
      report({
        severity: policy === 'affinity' ? 'error' : 'warning',
        message:
          policy === 'affinity'
            ? `the control plane of ${c.name} has serverGroup affinity: Nova puts all ${n} members on one compute host, whose failure takes the whole quorum (and no member can be live-migrated)`
            : `the control plane of ${c.name} has serverGroup soft-affinity: Nova puts its ${n} members on one compute host whenever it can, whose failure then takes the whole quorum`,
        loc: cp.props.serverGroup ?? cp.loc,
        fixes: edits
          ? [{ title: `Use serverGroup ${SAFE_POLICY} (members on different hosts)`, edits, preferred: true }]
          : [],
      });
    }
  },
});
