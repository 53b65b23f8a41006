import type { TopoModel, Zone } from '../../model/types.js';
import { majority } from '../../model/quorum.js';
import { defineRule } from '../types.js';
import { formatMs } from '../../model/units.js';
import { memberZones } from '../common/members.js';
import { pairText, rttSpan } from './rtt.js';

export const latency = defineRule({
  id: 'etcd/latency',
  title: 'etcd members too far apart',
  severity: 'warning',
  description:
    "Takes the largest round-trip time between zones holding members of one control plane: over 10 ms is a warning, 50 ms or more an error. Over 10 ms the message says what the far round trip costs a write: etcd commits once a majority has it, so a far member slows writes only while the leader is where the majority needs it. A pair of member zones whose RTT nothing declares is ref/undeclared-rtt's (info).",
  rationale:
    "Every etcd write waits for a majority of members to persist it, so the RTT to the nearest majority is added to every API write, and the RTT to every member to the leader's heartbeats. OpenShift requires member RTT under 50 ms (p99); stretched clusters should stay within single-digit to low double-digit milliseconds, i.e. close zones of one site.",
  sources: ['etcd-latency', 'etcd-tuning'],
  thresholds: {
    warnMs: {
      default: 10,
      unit: 'ms',
      description: 'a member RTT above this is a warning (close zones of one site stay below it)',
    },
    errorMs: {
      default: 50,
      unit: 'ms',
      description: 'a member RTT at or above this is an error (OpenShift requires p99 under 50 ms)',
    },
  },
  examples: {
    fires: `region dc-east provider openstack { zone az1 zone az2 rtt az1 az2 1ms }\nregion dc-west provider openstack { zone az1 }\nrtt dc-east dc-west 38ms\ncluster ocp {\n  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-west.az1 }\n}`,
    passes: `region dc provider openstack { zone az1 zone az2 zone az3 rtt az1 az2 1ms rtt az2 az3 1.4ms rtt az1 az3 2ms }\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report, threshold }) {
    const warnMs = threshold('warnMs');
    const errorMs = threshold('errorMs');
    for (const cluster of model.clusters) {
      const cp = cluster.controlPlane;
      // A pair of member zones without a declared RTT is ref/undeclared-rtt's: one finding per pair.
      const { max } = rttSpan(model, memberZones(cp));
      const loc = cp.props.zones ?? cp.loc;
      if (max && max.rtt.ms > warnMs) {
        const apart = `etcd members of ${cluster.name} are ${formatMs(max.rtt.ms)} apart (${pairText(max.a, max.b)})`;
        const error = max.rtt.ms >= errorMs;
        report({
          severity: error ? 'error' : 'warning',
          message: error
            ? `${apart}: etcd peers must be under ${formatMs(errorMs)} apart (p99)`
            : `${apart}: over the ${formatMs(warnMs)} a stretched control plane should keep to (limit ${formatMs(errorMs)}); ${writeCost(model, cp.placement.perZone, max.rtt.ms)}`,
          loc,
          related: max.rtt.decl && [
            { loc: max.rtt.decl, message: `${formatMs(max.rtt.ms)} between ${pairText(max.a, max.b)}` },
          ],
        });
      }
    }
  },
});

/**
 * What the far round trip costs a write. etcd commits a write once a majority has persisted it:
 * the leader waits for the (majority − 1) nearest other members, so a member beyond that many
 * does not slow writes while the leader is elsewhere. Undefined RTTs make the cost unknown.
 */
export function writeCost(model: TopoModel, perZone: Map<Zone, number>, farMs: number): string {
  const zones = [...perZone].filter(([, n]) => n > 0);
  const total = zones.reduce((sum, [, n]) => sum + n, 0);
  const acks = majority(total) - 1;
  const commit = new Map<Zone, number | undefined>();
  for (const [leader, here] of zones) {
    const rtts: number[] = Array.from({ length: here - 1 }, () => 0);
    let known = true;
    for (const [z, n] of zones) {
      if (z === leader) continue;
      const rtt = model.rtt(leader, z)?.ms;
      if (rtt === undefined) known = false;
      else for (let i = 0; i < n; i++) rtts.push(rtt);
    }
    rtts.sort((a, b) => a - b);
    commit.set(leader, known && acks > 0 ? rtts[acks - 1] : undefined);
  }
  const slow = zones.filter(([z]) => (commit.get(z) ?? farMs) >= farMs).map(([z]) => z.id);
  const fast = zones.filter(([z]) => (commit.get(z) ?? farMs) < farMs);
  if (!fast.length) return 'every write waits for this round trip (no majority is nearer)';
  const best = Math.min(...fast.map(([z]) => commit.get(z)!));
  if (!slow.length)
    return `a write commits within ${formatMs(best)} wherever the etcd leader is (a majority never needs the far member), but that member lags behind`;
  return `a write commits once a majority has it: within ${formatMs(best)} while the etcd leader is in ${fast.map(([z]) => z.id).join(' or ')}, but it waits ${formatMs(farMs)} while the leader is in ${slow.join(' or ')}, and a member that far lags behind`;
}
