import { defineRule, type Fix } from '../types.js';
import { members } from '../common/words.js';
import { ETCD_MAX_MEMBERS, OPENSHIFT_MEMBERS, resizeFix, sizeIssue } from './sizes.js';

export const memberCount = defineRule({
  id: 'quorum/member-count',
  title: 'Unsupported control-plane size',
  severity: 'error',
  description:
    'OpenShift: a control plane of other than 3 members is an error (4 or 5 are allowed with `platform baremetal` on OpenShift 4.17 or later; one member is left to quorum/single-member). Any distribution: more than 7 etcd members is a warning.',
  rationale:
    'OpenShift installs and supports exactly three control-plane machines; from 4.17 bare-metal clusters may scale to four or five. etcd advises at most seven members: every write waits for a majority, so each member adds replication work, and five already tolerate two failures.',
  sources: ['etcd-cluster-size', 'etcd-quorum'],
  fix: 'OpenShift: set the control plane to 3 members. Other distributions above 7: set 7 (preferred) or 5.',
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  distribution openshift 4.16\n  controlPlane { replicas 5  zones dc.az1 dc.az2 dc.az3 }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  distribution openshift 4.16\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      const cp = cluster.controlPlane;
      const n = cp.placement.total;
      const issue = sizeIssue(cluster, n);
      if (!issue) continue;
      const sizes = cluster.distribution === 'openshift' ? [OPENSHIFT_MEMBERS] : [ETCD_MAX_MEMBERS, 5];
      report({
        severity: issue.severity,
        message: `control plane of ${cluster.name} has ${members(n)}: ${issue.reason}`,
        loc: cp.props.replicas ?? cp.props.zones ?? cp.loc,
        fixes: sizes.map((size, i) => resizeFix(cluster, size, i === 0)).filter((f): f is Fix => !!f),
      });
    }
  },
});
