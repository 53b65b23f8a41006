import { unique } from '../../model/lists.js';
import type { Cluster, Network } from '../../model/types.js';
import { vrrpIds, type VrrpIds } from '../../model/vrrp.js';
import { defineRule, type Fix } from '../types.js';
import { sharedNetworks, vipNetworks } from './segments.js';

export const vrrpCollision = defineRule({
  id: 'l2/vrrp-collision',
  title: 'Clusters on one L2 segment with colliding VRRP ids',
  severity: 'error',
  description:
    'For every two keepalived-managed clusters (OpenShift IPI without a user-managed load balancer) whose VIPs sit on the same network, computes the VRRP virtual router ids keepalived derives from their names and reports any id they have in common.',
  rationale:
    'OpenShift IPI on OpenStack runs keepalived on the nodes for the API and ingress VIPs, with virtual router ids derived from the cluster name only: api = fletcher8(name + "-api") + 1, ingress = fletcher8(name + "-ingress") + 1. VRRP tells its routers apart by that id on the segment, so two clusters that share an id on one L2 network read each other\'s advertisements ("bogus VRRP packet", "received an invalid passwd") and their VIPs flap or vanish. The ids cannot be configured; only the cluster name, or a separate segment, changes them.',
  sources: ['keepalived-vrrp-ids', 'keepalived-unicast', 'l2-segment'],
  fix: 'Rename one of the clusters (its declaration and every reference) to its name plus the first suffix -2, -3 ... whose ids collide with no other keepalived cluster on its networks. The name is also the cluster\'s DNS label (api.<name>.<baseDomain>), so rename before installing.',
  examples: {
    fires: `network ctrl { kind stretched-l2  cidr 10.0.0.0/24 }
// VRRP ids: ocp-east api 49, ingress 31; ocp-hc api 31, ingress 174
cluster ocp-east { install ipi  controlPlane { network ctrl } }
cluster ocp-hc { install ipi  controlPlane { network ctrl } }`,
    passes: `network ctrl { kind stretched-l2  cidr 10.0.0.0/24 }
// VRRP ids: ocp-east api 49, ingress 31; ocp-west api 168, ingress 103
cluster ocp-east { install ipi  controlPlane { network ctrl } }
cluster ocp-west { install ipi  controlPlane { network ctrl } }`,
  },
  check({ model, report }) {
    const keepalived = model.clusters.filter((c) => c.keepalived);
    const shared = sharedNetworks(keepalived, vipNetworks);
    const reported = new Set<string>();
    // Hundreds of clusters on one segment make every pair and every fix count: ids, names and
    // each cluster's rename are computed once (a fuzzed topology with 2 000 clusters took minutes).
    const idsOf = new Map(keepalived.map((c) => [c, vrrpIds(c.name)]));
    const names = new Set([...model.byName.keys(), ...model.clusters.map((c) => c.name)]);
    const renames = new Map<Cluster, Fix | undefined>();
    const renameOf = (c: Cluster, preferred: boolean): Fix | undefined => {
      if (!renames.has(c)) renames.set(c, rename(shared, c, idsOf, names));
      const fix = renames.get(c);
      return fix && { ...fix, preferred };
    };
    for (const clusters of shared.values()) {
      clusters.forEach((b, j) => {
        for (let k = 0; k < j; k++) {
          const a = clusters[k]!;
          const key = `${a.name}|${b.name}`;
          const common = commonIds(idsOf.get(a)!, idsOf.get(b)!);
          if (!common.length || reported.has(key)) continue;
          reported.add(key);
          const nets = [...shared].filter(([, cs]) => cs.includes(a) && cs.includes(b)).map(([n]) => n);
          report({
            message: `clusters ${withIds(a)} and ${withIds(b)} share ${networksText(nets)} and VRRP id${common.length === 1 ? '' : 's'} ${common.join(', ')}: their keepalived instances take each other's advertisements and the API/ingress VIPs break`,
            loc: b.nameLoc,
            related: [{ loc: a.nameLoc, message: `${withIds(a)} collides with ${b.name}` }],
            fixes: [renameOf(b, true), renameOf(a, false)].filter((f): f is Fix => f !== undefined),
          });
        }
      });
    }
  },
});

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
  return `network${nets.length === 1 ? '' : 's'} ${nets.map((n) => n.name).join(', ')}`;
}

/** Renames `cluster` to `<name>-2`, `-3` ... the first free name whose ids collide with no cluster on its segments. */
function rename(shared: Map<Network, Cluster[]>, cluster: Cluster, idsOf: Map<Cluster, VrrpIds>, names: Set<string>): Omit<Fix, 'preferred'> | undefined {
  const neighbours = new Set([...shared.values()].filter((cs) => cs.includes(cluster)).flat().filter((c) => c !== cluster));
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
