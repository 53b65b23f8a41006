import { defineRule } from '../types.js';
import { formatMs } from '../../model/units.js';
import { memberZones } from '../shared/members.js';
import { pairText, rttSpan } from './rtt.js';

export const latency = defineRule({
  id: 'etcd/latency',
  title: 'etcd members too far apart',
  severity: 'warning',
  description:
    'Takes the largest round-trip time between zones holding members of one control plane: over 10 ms is a warning, 50 ms or more an error. A pair of member zones whose RTT nothing declares is reported as info, since its latency cannot be checked.',
  rationale:
    'Every etcd write waits for a majority of members to persist it, so the member RTT is added to every API write and to leader heartbeats. OpenShift requires member RTT under 50 ms (p99); stretched clusters should stay within single-digit to low double-digit milliseconds, i.e. close zones of one site.',
  sources: ['etcd-latency', 'etcd-tuning'],
  thresholds: {
    warnMs: { default: 10, unit: 'ms', description: 'a member RTT above this is a warning (close zones of one site stay below it)' },
    errorMs: { default: 50, unit: 'ms', description: 'a member RTT at or above this is an error (OpenShift requires p99 under 50 ms)' },
  },
  examples: {
    fires: `region dc-east provider openstack { zone az1 zone az2 rtt az1 az2 1ms }\nregion dc-west provider openstack { zone az1 }\nrtt dc-east dc-west 38ms\ncluster ocp {\n  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-west.az1 }\n}`,
    passes: `region dc provider openstack { zone az1 zone az2 zone az3 rtt az1 az2 1ms rtt az2 az3 1.4ms rtt az1 az3 2ms }\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
  },
  check({ model, report, threshold }) {
    const warnMs = threshold('warnMs');
    const errorMs = threshold('errorMs');
    for (const cluster of model.clusters) {
      const cp = cluster.controlPlane;
      const { max, unknown } = rttSpan(model, memberZones(cp));
      const loc = cp.props.zones ?? cp.loc;
      if (max && max.rtt.ms > warnMs) {
        const apart = `etcd members of ${cluster.name} are ${formatMs(max.rtt.ms)} apart (${pairText(max.a, max.b)})`;
        const error = max.rtt.ms >= errorMs;
        report({
          severity: error ? 'error' : 'warning',
          message: error
            ? `${apart}: etcd peers must be under ${formatMs(errorMs)} apart (p99)`
            : `${apart}: over the ${formatMs(warnMs)} a stretched control plane should keep to (limit ${formatMs(errorMs)}); every write waits for this round trip`,
          loc,
          related: max.rtt.decl && [{ loc: max.rtt.decl, message: `${formatMs(max.rtt.ms)} between ${pairText(max.a, max.b)}` }],
        });
      }
      if (unknown.length) {
        report({
          severity: 'info',
          message: `no RTT is known between ${unknown.map(([a, b]) => pairText(a, b)).join(', ')}, which hold etcd members of ${cluster.name}: their latency cannot be checked`,
          loc,
        });
      }
    }
  },
});
