import { unique } from '../../model/lists.js';
import { ofInfrastructure } from '../../model/memo.js';
import type { Cluster, Network, TopoModel } from '../../model/types.js';
import { sharedSegments } from '../../model/segments.js';
import { clusterVrrpMode, OPENSHIFT_UNICAST_SINCE, vrrpIds, type VrrpIds } from '../../model/vrrp.js';
import { defineRule, type Fix, type Severity } from '../types.js';
import { vipNetworks } from './segments.js';

export const vrrpCollision = defineRule({
  id: 'l2/vrrp-collision',
  title: 'Clusters on one L2 segment with colliding VRRP ids',
  severity: 'error',
  description:
    'For every two keepalived-managed clusters (OpenShift IPI without a user-managed load balancer) whose VIPs sit on one L2 segment (one network, or networks with the same `vlan` on the same `physnet`), computes the VRRP virtual router ids keepalived derives from their names and reports any id they have in common: an error when either cluster runs multicast VRRP (OpenShift before 4.11 on OpenStack), a warning when a cluster declares no version (multicast assumed), an info when both run 4.11 or later (unicast: harmless).',
  rationale:
    'OpenShift IPI on OpenStack runs keepalived on the nodes for the API and ingress VIPs, with virtual router ids derived from the cluster name only: api = fletcher8(name + "-api") + 1, ingress = fletcher8(name + "-ingress") + 1. With multicast VRRP (every on-prem platform but bare metal up to OpenShift 4.10) every node of the segment receives every advertisement, and VRRP tells its routers apart by that id only: two clusters that share an id read each other\'s advertisements ("bogus VRRP packet", "received an invalid passwd") and their VIPs flap or vanish. Since 4.11 keepalived is unicast on every on-prem platform: each node sends only to its own cluster\'s peers, and equal ids no longer meet. The ids cannot be configured; only the cluster name, a separate segment or a release with unicast VRRP changes the outcome.',
  sources: ['keepalived-vrrp-ids', 'keepalived-unicast', 'l2-segment'],
  fix: "Where the collision matters (multicast, or no version declared): rename one of the clusters (its declaration and every reference) to its name plus the first suffix -2, -3 ... whose ids collide with no other keepalived cluster on its networks. The name is also the cluster's DNS label (api.<name>.<baseDomain>), so rename before installing.",
  examples: {
    fires: `network ctrl { kind stretched-l2  cidr 10.0.0.0/24 }
// VRRP ids: ocp-east api 49, ingress 31; ocp-hc api 31, ingress 174
cluster ocp-east { distribution openshift 4.10  install ipi  controlPlane { network ctrl } }
cluster ocp-hc { distribution openshift 4.10  install ipi  controlPlane { network ctrl } }`,
    passes: `network ctrl { kind stretched-l2  cidr 10.0.0.0/24 }
// VRRP ids: ocp-east api 49, ingress 31; ocp-west api 168, ingress 103
cluster ocp-east { install ipi  controlPlane { network ctrl } }
cluster ocp-west { install ipi  controlPlane { network ctrl } }`,
  },
  check({ model, report }) {
    // Which clusters collide depends on the infrastructure alone (kept with it); the rename
    // reads every name taken (apps' included) and the places that name the cluster.
    const { segments, collisions, idsOf } = ofInfrastructure(model, collisionsOf);
    // Every name taken (clusters included: each is the first of its name or shares it), read
    // only to rename a cluster.
    const names = { has: (name: string) => model.byName.has(name) };
    const renames = new Map<Cluster, Fix | undefined>();
    const renameOf = (c: Cluster, preferred: boolean): Fix | undefined => {
      if (!renames.has(c)) renames.set(c, rename(segments, c, idsOf, names));
      const fix = renames.get(c);
      return fix && { ...fix, preferred };
    };
    for (const { a, b, message, verdict } of collisions) {
      report({
        severity: verdict.severity,
        message,
        loc: b.nameLoc,
        related: [{ loc: a.nameLoc, message: `${withIds(a)} collides with ${b.name}` }],
        fixes:
          verdict.severity === 'info'
            ? []
            : [renameOf(b, true), renameOf(a, false)].filter((f): f is Fix => f !== undefined),
      });
    }
  },
});

/** Two keepalived clusters whose VRRP ids collide on a segment they share, and what it means. */
interface Collision {
  a: Cluster;
  b: Cluster;
  message: string;
  verdict: { severity: Severity; why: string };
}

/**
 * The keepalived clusters' shared segments and every colliding pair, in the order they are
 * reported. Hundreds of clusters on one segment make every pair and every fix count: ids and
 * networks are computed once (a fuzzed topology with 2 000 clusters took minutes).
 */
function collisionsOf(model: TopoModel): {
  segments: { items: Cluster[] }[];
  collisions: Collision[];
  idsOf: Map<Cluster, VrrpIds>;
} {
  const keepalived = model.clusters.filter((c) => c.keepalived);
  const segments = sharedSegments(keepalived, vipNetworks);
  const reported = new Set<string>();
  const idsOf = new Map(keepalived.map((c) => [c, vrrpIds(c.name)]));
  const vipsOf = new Map(keepalived.map((c) => [c, new Set(vipNetworks(c))]));
  const segmentsOf = new Map<Cluster, Set<(typeof segments)[number]>>();
  for (const s of segments) for (const c of s.items) segmentsOf.set(c, (segmentsOf.get(c) ?? new Set()).add(s));
  const collisions: Collision[] = [];
  for (const { items: clusters } of segments) {
    clusters.forEach((b, j) => {
      for (let k = 0; k < j; k++) {
        const a = clusters[k]!;
        const key = `${a.name}|${b.name}`;
        const common = commonIds(idsOf.get(a)!, idsOf.get(b)!);
        if (!common.length || reported.has(key)) continue;
        reported.add(key);
        const both = [...segmentsOf.get(a)!].filter((s) => segmentsOf.get(b)!.has(s));
        const nets = both.flatMap((s) => s.networks.filter((n) => vipsOf.get(a)!.has(n) || vipsOf.get(b)!.has(n)));
        const shared = `clusters ${withIds(a)} and ${withIds(b)} share ${networksText(nets)} and VRRP id${common.length === 1 ? '' : 's'} ${common.join(', ')}`;
        const verdict = judge(a, b);
        collisions.push({ a, b, message: `${shared}: ${verdict.why}`, verdict });
      }
    });
  }
  return { segments, collisions, idsOf };
}

/** How VRRP with equal ids on one segment plays out for two clusters, from the versions they declare. */
function judge(a: Cluster, b: Cluster): { severity: Severity; why: string } {
  const modes = [a, b].map((c) => ({ c, mode: clusterVrrpMode(c) }));
  const multicast = modes.filter((m) => m.mode === 'multicast').map((m) => m.c);
  const unknown = modes.filter((m) => m.mode === 'unknown').map((m) => m.c);
  if (multicast.length) {
    const which = multicast.map((c) => `${c.name} (OpenShift ${c.version})`).join(' and ');
    return {
      severity: 'error',
      why: `${which} ${multicast.length === 1 ? 'runs' : 'run'} keepalived with multicast VRRP (before ${OPENSHIFT_UNICAST_SINCE}), so the keepalived instances take each other's advertisements and the API/ingress VIPs break`,
    };
  }
  if (unknown.length) {
    return {
      severity: 'warning',
      why: `${unknown.map((c) => c.name).join(' and ')} ${unknown.length === 1 ? 'declares' : 'declare'} no OpenShift version, so this assumes multicast VRRP (before ${OPENSHIFT_UNICAST_SINCE}), where the keepalived instances take each other's advertisements and the API/ingress VIPs break; from ${OPENSHIFT_UNICAST_SINCE} keepalived is unicast and equal ids are harmless: declare \`distribution openshift <version>\``,
    };
  }
  return {
    severity: 'info',
    why: `harmless: from OpenShift ${OPENSHIFT_UNICAST_SINCE} keepalived sends its advertisements by unicast to its own cluster's nodes only, so equal ids on one segment do not collide (they would again with a multicast keepalived on the segment)`,
  };
}

function ids(v: VrrpIds): number[] {
  return [v.api, v.ingress];
}

function commonIds(a: VrrpIds, b: VrrpIds): number[] {
  return unique(ids(a).filter((id) => ids(b).includes(id)));
}

function withIds(c: Cluster): string {
  const v = vrrpIds(c.name);
  return `${c.name} (api ${v.api}, ingress ${v.ingress})`;
}

function networksText(nets: Network[]): string {
  const text = `network${nets.length === 1 ? '' : 's'} ${nets.map((n) => n.name).join(', ')}`;
  const n = nets[0];
  // Two declarations of one segment: say which segment makes them one.
  return nets.length > 1 && n && n.vlan !== undefined && n.physnet !== undefined
    ? `${text} (one L2 segment: VLAN ${n.vlan} on ${n.physnet})`
    : text;
}

/** Renames `cluster` to `<name>-2`, `-3` ... the first free name whose ids collide with no cluster on its segments. */
function rename(
  segments: { items: Cluster[] }[],
  cluster: Cluster,
  idsOf: Map<Cluster, VrrpIds>,
  names: { has(name: string): boolean },
): Omit<Fix, 'preferred'> | undefined {
  const neighbours = new Set(
    segments
      .filter((s) => s.items.includes(cluster))
      .flatMap((s) => s.items)
      .filter((c) => c !== cluster),
  );
  const taken = new Set([...neighbours].flatMap((c) => ids(idsOf.get(c) ?? vrrpIds(c.name))));
  for (let n = 2; n < 100; n++) {
    const name = `${cluster.name}-${n}`;
    if (names.has(name)) continue;
    const v = vrrpIds(name);
    if (ids(v).some((id) => taken.has(id))) continue;
    return {
      title: `Rename cluster ${cluster.name} to ${name} (VRRP api ${v.api}, ingress ${v.ingress})`,
      edits: [cluster.nameLoc, ...cluster.refs].map((loc) => ({ uri: loc.uri, range: loc.range, newText: name })),
    };
  }
  return undefined;
}
