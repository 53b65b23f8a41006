/**
 * Which control-plane sizes a cluster may have, and the edit that changes the size. Shared by
 * quorum/member-count (which reports disallowed sizes) and the other quorum rules (whose fixes
 * must never propose a size that member-count rejects).
 */
import type { Cluster } from '../../model/types.js';
import type { Fix, Severity, TextEdit } from '../types.js';
import { tolerance } from '../../model/quorum.js';
import { setProps } from '../common/edits.js';
import { failures, members } from '../common/words.js';

/** etcd FAQ: at most seven members (docs/sources.md#etcd-cluster-size). */
export const ETCD_MAX_MEMBERS = 7;
/** OpenShift's control plane: exactly three members, 4 or 5 only on bare metal from 4.17. */
export const OPENSHIFT_MEMBERS = 3;
export const OPENSHIFT_BAREMETAL_MEMBERS = [4, 5];
export const OPENSHIFT_BAREMETAL_SINCE = '4.17';

export interface SizeIssue {
  severity: Severity;
  reason: string;
}

/**
 * Why `n` members are not a supported control plane for `cluster`, or undefined when they are.
 * One member is left to quorum/single-member (single-node OpenShift is a supported topology).
 */
export function sizeIssue(cluster: Cluster, n: number): SizeIssue | undefined {
  if (n === 1) return undefined;
  if (cluster.distribution === 'openshift') {
    if (n === OPENSHIFT_MEMBERS) return undefined;
    if (!OPENSHIFT_BAREMETAL_MEMBERS.includes(n)) {
      return {
        severity: 'error',
        reason: `OpenShift supports exactly ${OPENSHIFT_MEMBERS} control-plane members (4 or 5 only on bare metal, ${OPENSHIFT_BAREMETAL_SINCE}+)`,
      };
    }
    if (cluster.controlPlane.platform !== 'baremetal') {
      return {
        severity: 'error',
        reason: `OpenShift supports ${n} control-plane members only with \`platform baremetal\` (${OPENSHIFT_BAREMETAL_SINCE}+); elsewhere exactly ${OPENSHIFT_MEMBERS}`,
      };
    }
    if (cluster.version !== undefined && compareVersions(cluster.version, OPENSHIFT_BAREMETAL_SINCE) < 0) {
      return {
        severity: 'error',
        reason: `OpenShift ${cluster.version} supports exactly ${OPENSHIFT_MEMBERS} control-plane members; ${n} on bare metal need ${OPENSHIFT_BAREMETAL_SINCE} or later`,
      };
    }
    return undefined;
  }
  if (n > ETCD_MAX_MEMBERS) {
    return {
      severity: 'warning',
      reason: `etcd advises at most ${ETCD_MAX_MEMBERS} members (5 tolerate 2 failures, enough in most cases); each member adds a replication round trip to every write`,
    };
  }
  return undefined;
}

/** Sizes worth proposing in a fix: at least 3 (so something may fail) and supported. */
export function acceptableSize(cluster: Cluster, n: number): boolean {
  return n >= 3 && n % 2 === 1 && !sizeIssue(cluster, n);
}

/**
 * A fix that sets the control plane to `n` members. Explicit per-zone counts are redistributed
 * round-robin over the zones as listed (zones left with none are dropped); otherwise `replicas`
 * is written.
 */
export function resizeFix(cluster: Cluster, n: number, preferred = false): Fix | undefined {
  const edits = resizeEdits(cluster, n);
  if (!edits) return undefined;
  return { title: `Use ${members(n)} (tolerates ${failures(tolerance(n))})`, edits, preferred };
}

function resizeEdits(cluster: Cluster, n: number): TextEdit[] | undefined {
  const cp = cluster.controlPlane;
  const items = [{ prop: 'replicas', text: `replicas ${n}` }];
  if (cp.placement.explicit && cp.props.zones) {
    const listed = [...cp.placement.perZone.keys()];
    if (!listed.length) return undefined; // no zone resolved: nothing to redistribute over
    const counts = listed
      .map((z, i) => ({ z, c: Math.floor(n / listed.length) + (i < n % listed.length ? 1 : 0) }))
      .filter((x) => x.c > 0);
    const zonesText = `zones ${counts.map((x) => `${x.z.id}: ${x.c}`).join(' ')}`;
    // With explicit counts the sum is the size: `replicas` is rewritten only where written.
    return setProps(
      cp,
      cp.props.replicas ? [...items, { prop: 'zones', text: zonesText }] : [{ prop: 'zones', text: zonesText }],
    );
  }
  return setProps(cp, items);
}

/** Compares dotted versions numerically: `4.9` < `4.17`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
