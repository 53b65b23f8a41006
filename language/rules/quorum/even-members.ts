import { defineRule, type Fix } from '../types.js';
import { majority, tolerance } from '../../model/quorum.js';
import { failures } from '../common/words.js';
import { acceptableSize, resizeFix } from './sizes.js';

export const evenMembers = defineRule({
  id: 'quorum/even-members',
  title: 'Control plane with an even number of members',
  severity: 'warning',
  description: 'Fires when a control plane (an etcd cluster) has an even number of members.',
  rationale:
    'A majority of n members is floor(n/2) + 1, so an even size tolerates no more failed members than the odd size below it (4 tolerate 1, like 3; 6 tolerate 2, like 5), while adding a member that every write must wait for and one more machine that can fail.',
  sources: ['etcd-quorum'],
  fix: 'Change the size to the odd number below (same tolerance, one machine fewer; preferred) or above (one more tolerated failure), offering only sizes that quorum/member-count accepts.',
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3  zone az4\n  rtt az1 az2 1ms  rtt az1 az3 1ms  rtt az1 az4 1ms  rtt az2 az3 1ms  rtt az2 az4 1ms  rtt az3 az4 1ms\n}\ncluster k8s {\n  distribution kubernetes\n  controlPlane { replicas 4  zones dc.az1 dc.az2 dc.az3 dc.az4 }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster k8s {\n  distribution kubernetes\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      const cp = cluster.controlPlane;
      const n = cp.placement.total;
      if (n === 0 || n % 2 !== 0) continue;
      const t = tolerance(n);
      const fixes = [n - 1, n + 1]
        .filter((size) => acceptableSize(cluster, size))
        .map((size, i) => resizeFix(cluster, size, i === 0))
        .filter((f): f is Fix => !!f);
      report({
        message: `control plane of ${cluster.name} has ${n} members: tolerates ${failures(t)}, the same as ${n - 1} (majority ${majority(n)} of ${n})`,
        loc: cp.props.replicas ?? cp.props.zones ?? cp.loc,
        fixes,
      });
    }
  },
});
