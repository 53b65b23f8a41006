import type { Cluster, EtcdTiming } from '../../model/types.js';
import { formatMs } from '../../model/units.js';
import { memberZones } from '../common/members.js';
import { setProps } from '../common/edits.js';
import { defineRule, type Fix, type Severity } from '../types.js';
import { pairText, rttSpan, type ZoneRtt } from './rtt.js';

export interface Timing {
  heartbeatMs: number;
  electionMs: number;
}

/** OpenShift's controlPlaneHardwareSpeed profiles; etcd's own defaults are those of Standard. */
export const PROFILES: Record<'standard' | 'slower', Timing> = {
  standard: { heartbeatMs: 100, electionMs: 1000 },
  slower: { heartbeatMs: 500, electionMs: 2500 },
};
/** etcd refuses an election timeout above 50 s, or under 5 heartbeats (server/embed/config.go). */
const MAX_ELECTION_MS = 50_000;
const MIN_ELECTION_HEARTBEATS = 5;
/** tuning.md: heartbeat about 0.5–1.5 × RTT, election timeout at least 10 × RTT. */
const HEARTBEAT_RTT = [0.5, 1.5] as const;
const ELECTION_RTT = 10;

type Check = 'election-max' | 'election-heartbeats' | 'election-rtt' | 'heartbeat-rtt';
interface Violation {
  check: Check;
  severity: Severity;
}

/** What is wrong with a timing for members `rttMs` apart (undefined: no RTT known). */
export function violations(t: Timing, rttMs: number | undefined): Violation[] {
  const out: Violation[] = [];
  if (t.electionMs > MAX_ELECTION_MS) out.push({ check: 'election-max', severity: 'error' });
  if (t.electionMs < MIN_ELECTION_HEARTBEATS * t.heartbeatMs)
    out.push({ check: 'election-heartbeats', severity: 'error' });
  if (rttMs) {
    if (t.electionMs < ELECTION_RTT * rttMs) out.push({ check: 'election-rtt', severity: 'error' });
    // Too low a heartbeat only costs messages; too high a one is etcd's own default on a LAN, so
    // only the lower bound is checked (and only as a warning).
    if (t.heartbeatMs < HEARTBEAT_RTT[0] * rttMs) out.push({ check: 'heartbeat-rtt', severity: 'warning' });
  }
  return out;
}

export const timing = defineRule({
  id: 'etcd/timing',
  title: "etcd heartbeat and election timeout do not fit the members' RTT",
  severity: 'error',
  description:
    "Checks a declared `etcd` timing (explicit values, else the profile's, else etcd's defaults 100 ms / 1000 ms) against the largest RTT between the control plane's member zones: the election timeout must be at least 10 × RTT, at least 5 heartbeats and at most 50,000 ms; a heartbeat under half the RTT is a warning. Control planes without an `etcd` line are not checked.",
  rationale:
    "A follower that hears no heartbeat within the election timeout starts an election, and no writes happen until a new leader is elected: an election timeout close to the RTT turns ordinary network variance into leader churn. etcd refuses to start with an election timeout under five heartbeats or over 50 s. A heartbeat far below the RTT only sends unnecessary messages; one above it (etcd's 100 ms default on a LAN) is what etcd ships with, so it is not reported.",
  sources: ['etcd-tuning', 'etcd-profiles'],
  fix: 'OpenShift (which only takes the controlPlaneHardwareSpeed profiles): the first profile that fits, Standard then Slower. Others: heartbeat ≈ RTT rounded up to whole milliseconds (the declared one kept if already at least half the RTT), election timeout = 10 × the larger of heartbeat and RTT.',
  examples: {
    fires: `region dc provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 8ms  rtt az2 az3 8ms  rtt az1 az3 9ms }\ncluster k8s {\n  distribution kubernetes\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  etcd heartbeat 10ms election 50ms }\n}`,
    passes: `region dc provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 8ms  rtt az2 az3 8ms  rtt az1 az3 9ms }\ncluster k8s {\n  distribution kubernetes\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  etcd heartbeat 10ms election 100ms }\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const cluster of model.clusters) {
      const cp = cluster.controlPlane;
      if (!cp.etcd) continue;
      const t = effective(cp.etcd);
      const far = rttSpan(model, memberZones(cp)).max;
      const rttMs = far?.rtt.ms;
      const found = violations(t, rttMs);
      if (!found.length) continue;
      const fix = fixFor(cluster, t, rttMs);
      for (const v of found) {
        report({
          severity: v.severity,
          message: describe(v.check, cluster.name, cp.etcd, t, far),
          loc: cp.props.etcd ?? cp.etcd.loc,
          related: far?.rtt.decl && [
            { loc: far.rtt.decl, message: `${formatMs(far.rtt.ms)} between ${pairText(far.a, far.b)}` },
          ],
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
});

/** The timing etcd will run with: declared values, else the profile's, else etcd's defaults. */
export function effective(etcd: EtcdTiming): Timing {
  const base = PROFILES[etcd.profile ?? 'standard'];
  return { heartbeatMs: etcd.heartbeatMs ?? base.heartbeatMs, electionMs: etcd.electionMs ?? base.electionMs };
}

function describe(check: Check, name: string, etcd: EtcdTiming, t: Timing, far: ZoneRtt | undefined): string {
  const origin = (declared: number | undefined): string =>
    declared !== undefined ? '' : etcd.profile ? ` (profile ${etcd.profile})` : " (etcd's default)";
  const election = `etcd election timeout of ${name} is ${formatMs(t.electionMs)}${origin(etcd.electionMs)}`;
  const rtt = far ? `the ${formatMs(far.rtt.ms)} RTT between its members` : '';
  const pair = far ? pairText(far.a, far.b) : '';
  switch (check) {
    case 'election-max':
      return `${election}, over etcd's ${formatMs(MAX_ELECTION_MS)} maximum: etcd will not start`;
    case 'election-heartbeats':
      return `${election}, under ${MIN_ELECTION_HEARTBEATS} × its ${formatMs(t.heartbeatMs)} heartbeat (${formatMs(MIN_ELECTION_HEARTBEATS * t.heartbeatMs)}): etcd will not start`;
    case 'election-rtt':
      return `${election}, under ${ELECTION_RTT} × ${rtt} (${formatMs(ELECTION_RTT * far!.rtt.ms)}; ${pair}): ordinary delays will trigger leader elections`;
    case 'heartbeat-rtt':
      return `etcd heartbeat of ${name} is ${formatMs(t.heartbeatMs)}${origin(etcd.heartbeatMs)}, under half ${rtt} (${pair}): etcd advises ${HEARTBEAT_RTT[0]}–${HEARTBEAT_RTT[1]} × RTT (${Number((HEARTBEAT_RTT[0] * far!.rtt.ms).toFixed(2))}–${formatMs(HEARTBEAT_RTT[1] * far!.rtt.ms)})`;
  }
}

function fixFor(cluster: Cluster, t: Timing, rttMs: number | undefined): Fix | undefined {
  const cp = cluster.controlPlane;
  const write = (title: string, text: string): Fix | undefined => {
    const edits = setProps(cp, [{ prop: 'etcd', text }]);
    return edits && { title, edits, preferred: true };
  };
  if (cluster.distribution === 'openshift') {
    for (const [name, p] of Object.entries(PROFILES)) {
      if (!violations(p, rttMs).length)
        return write(
          `Use etcd profile ${name} (heartbeat ${formatMs(p.heartbeatMs)}, election ${formatMs(p.electionMs)})`,
          `etcd profile ${name}`,
        );
    }
    return undefined;
  }
  const heartbeatMs = rttMs && t.heartbeatMs < HEARTBEAT_RTT[0] * rttMs ? Math.ceil(rttMs) : t.heartbeatMs;
  const electionMs = Math.max(Math.ceil(ELECTION_RTT * heartbeatMs), Math.ceil(ELECTION_RTT * (rttMs ?? 0)));
  if (electionMs > MAX_ELECTION_MS) return undefined;
  return write(
    `Set etcd heartbeat ${formatMs(heartbeatMs)}, election timeout ${formatMs(electionMs)}`,
    `etcd heartbeat ${heartbeatMs}ms election ${electionMs}ms`,
  );
}
