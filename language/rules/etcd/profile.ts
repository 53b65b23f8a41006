import { setProps } from '../common/edits.js';
import { defineRule } from '../types.js';
import { formatMs as ms } from '../../model/units.js';
import { memberZones } from '../common/members.js';
import { rttSpan } from './rtt.js';
import { effective, PROFILES, violations, type Timing } from './timing.js';

type Profile = keyof typeof PROFILES;

export const profile = defineRule({
  id: 'etcd/profile',
  title: 'Custom etcd timing on an OpenShift cluster',
  severity: 'warning',
  description:
    "Fires when an OpenShift cluster's control plane declares an etcd `heartbeat` or `election` timeout: OpenShift offers only its hardware-speed profiles (Standard 100 ms / 1000 ms, Slower 500 ms / 2500 ms). Names the profile nearest to the declared values among those that suit the members' RTT.",
  rationale:
    "OpenShift's etcd operator writes etcd's heartbeat and election timeout from the control plane's hardware speed, and overwrites anything else: a custom timing in the design is a timing the cluster will not run with. Choosing the profile keeps the design true to what runs (and etcd/timing checks that profile against the RTT).",
  sources: ['etcd-profiles', 'etcd-tuning'],
  fix: 'Replace the timing with `etcd profile <name>`: the nearest profile (by ratio to the declared heartbeat and election timeout) among those that fit the largest RTT between the members, else the nearest one.',
  examples: {
    fires: `region dc provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms }\ncluster ocp {\n  distribution openshift 4.16\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  etcd heartbeat 150ms election 1500ms }\n}`,
    passes: `region dc provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms }\ncluster ocp {\n  distribution openshift 4.16\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  etcd profile standard }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const c of model.clusters) {
      const cp = c.controlPlane;
      const etcd = cp.etcd;
      if (c.distribution !== 'openshift' || !etcd || (etcd.heartbeatMs === undefined && etcd.electionMs === undefined))
        continue;
      const t = effective(etcd);
      const rttMs = rttSpan(model, memberZones(cp)).max?.rtt.ms;
      const best = nearest(t, rttMs);
      const p = PROFILES[best];
      const same = p.heartbeatMs === t.heartbeatMs && p.electionMs === t.electionMs;
      const declared = [
        etcd.heartbeatMs !== undefined ? `heartbeat ${ms(etcd.heartbeatMs)}` : '',
        etcd.electionMs !== undefined ? `election timeout ${ms(etcd.electionMs)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      const edits = setProps(cp, [{ prop: 'etcd', text: `etcd profile ${best}` }]);
      report({
        message: same
          ? `${c.name} declares etcd ${declared}, the values of OpenShift's ${best} profile: OpenShift sets etcd's timing only through its profiles, write \`etcd profile ${best}\``
          : `${c.name} declares etcd ${declared}, which OpenShift cannot run: it offers only the Standard (${ms(PROFILES.standard.heartbeatMs)} / ${ms(PROFILES.standard.electionMs)}) and Slower (${ms(PROFILES.slower.heartbeatMs)} / ${ms(PROFILES.slower.electionMs)}) profiles; the nearest${rttMs !== undefined ? ` that suits the ${ms(rttMs)} RTT` : ''} is ${best}`,
        loc: cp.props.etcd ?? etcd.loc,
        fixes: edits
          ? [
              {
                title: `Use etcd profile ${best} (heartbeat ${ms(p.heartbeatMs)}, election ${ms(p.electionMs)})`,
                edits,
                preferred: true,
              },
            ]
          : [],
      });
    }
  },
});

/** The profile closest to `t` (sum of log ratios) among those etcd/timing accepts for `rttMs`, else among all. */
function nearest(t: Timing, rttMs: number | undefined): Profile {
  const all = Object.keys(PROFILES) as Profile[];
  const fitting = all.filter((p) => !violations(PROFILES[p], rttMs).length);
  const distance = (p: Profile): number =>
    Math.abs(Math.log(t.heartbeatMs / PROFILES[p].heartbeatMs)) +
    Math.abs(Math.log(t.electionMs / PROFILES[p].electionMs));
  return (fitting.length ? fitting : all).reduce((a, b) => (distance(b) < distance(a) ? b : a));
}
