import { cidrContains, parseCidr } from '../../model/cidr.js';
import type { Cluster, Loc } from '../../model/types.js';
import { setProps } from '../common/edits.js';
import { defineRule, type Fix, type RuleContext } from '../types.js';

/** OpenShift's default most pods a node: a /24 a node (254 addresses) holds them, a /25 does not. */
export const MAX_PODS_PER_NODE = 250;
/** The longest hostPrefix the fix proposes (254 pod addresses a node, above MAX_PODS_PER_NODE). */
const LONGEST_HOST_PREFIX = 24;

const thresholds = {
  headroomPercent: {
    default: 20,
    unit: '%',
    description:
      "share of the pod network's node subnets (and of the machine network's addresses) to keep free for the MachineSets to grow; less free is a warning",
  },
};

export const podCapacity = defineRule({
  id: 'net/pod-capacity',
  title: 'Pod or machine network too small for the nodes',
  severity: 'error',
  description:
    'For each cluster, counts the nodes the topology places (control plane and every worker pool) against the node subnets of its pod network, 2^(hostPrefix − prefix): more nodes than subnets is an error, fewer than `headroomPercent` of them left free a warning. For an OpenShift cluster, also counts what the machine network must hold (the nodes on it, the bootstrap machine of an IPI install, the API and ingress VIPs) against its usable addresses.',
  rationale:
    'Each node takes a whole /hostPrefix of the pod network for its pods: a node beyond the last subnet joins without one and no pod can start on it, which shows only when a MachineSet scales out on day 2. The machine network must hold every node and the VIPs: an install or a scale-out that runs out of addresses fails half-way.',
  sources: ['pod-network-capacity', 'install-config'],
  thresholds,
  fix: `Raise hostPrefix to the smallest value that leaves the headroom, while each node still gets at least a /${LONGEST_HOST_PREFIX} (254 pod addresses, above OpenShift's ${MAX_PODS_PER_NODE} pods a node). Widening a network is a design decision (it must not overlap the others), so it is not offered.`,
  examples: {
    fires: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  podNetwork 10.128.0.0/21 hostPrefix 23\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n  workers { perZone 1 }\n}`,
    passes: `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\ncluster ocp {\n  podNetwork 10.128.0.0/14 hostPrefix 23\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n  workers { perZone 1 }\n}`,
  },
  reads: 'infrastructure',
  check(ctx) {
    const headroom = ctx.threshold('headroomPercent') / 100;
    for (const c of ctx.model.clusters) {
      podNetwork(ctx, c, headroom);
      if (c.distribution === 'openshift') machineNetwork(ctx, c, headroom);
    }
  },
});

type Ctx = RuleContext<typeof thresholds>;

/** The fewest free slots of `capacity` that keep `headroom` of it free (at least one). */
function reserve(capacity: number, headroom: number): number {
  return headroom > 0 ? Math.max(1, Math.ceil(capacity * headroom)) : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function podNetwork({ report }: Ctx, c: Cluster, headroom: number): void {
  // Kubernetes clusters are checked only when they declare the pod network (their CNI may not use hostPrefix).
  if (c.distribution !== 'openshift' && !c.props.podNetwork) return;
  const pod = parseCidr(c.podNetwork);
  if (!pod || !Number.isInteger(c.hostPrefix) || c.hostPrefix <= pod.prefix || c.hostPrefix > 32) return; // openshift/host-prefix says why
  const cp = c.controlPlane.placement.total;
  const workers = c.workers.reduce((n, w) => n + w.placement.total, 0);
  const nodes = cp + workers;
  const subnets = 2 ** (c.hostPrefix - pod.prefix);
  const free = subnets - nodes;
  const need = reserve(subnets, headroom);
  if (free >= need) return;
  const loc: Loc = c.props.hostPrefix ?? c.props.podNetwork ?? c.nameLoc;
  const gives = `the pod network ${c.podNetwork} of ${c.name} gives ${plural(subnets, 'node subnet')} (a /${c.hostPrefix} each, hostPrefix ${c.hostPrefix})`;
  const places = `the topology places ${plural(nodes, 'node')} (${cp} control-plane, ${plural(workers, 'worker')})`;
  const fix = hostPrefixFix(c, pod.prefix, nodes, headroom);
  report({
    severity: free < 0 ? 'error' : 'warning',
    message:
      free < 0
        ? `${gives}, but ${places}: ${plural(-free, 'node')} get${-free === 1 ? 's' : ''} no pod subnet and no pod can start there`
        : `${gives} and ${places}: ${free === 0 ? 'none is' : `only ${free} ${free === 1 ? 'is' : 'are'}`} left for the MachineSets to grow (keep ${need}, ${Math.round(headroom * 100)}% free)`,
    loc,
    fixes: fix ? [fix] : [],
  });
}

/** The smallest longer hostPrefix that leaves the headroom, as long as a node still gets a /24. */
function hostPrefixFix(c: Cluster, podPrefix: number, nodes: number, headroom: number): Fix | undefined {
  for (let h = c.hostPrefix + 1; h <= LONGEST_HOST_PREFIX; h++) {
    const subnets = 2 ** (h - podPrefix);
    if (subnets - nodes < reserve(subnets, headroom)) continue;
    const item = c.props.hostPrefix
      ? { prop: 'hostPrefix', text: `hostPrefix ${h}` }
      : { prop: 'podNetwork', text: `podNetwork ${c.podNetwork} hostPrefix ${h}` };
    const edits = setProps(c, [item]);
    return (
      edits && {
        title: `Raise hostPrefix to ${h}: ${plural(subnets, 'node subnet')} of ${2 ** (32 - h) - 2} pod addresses each`,
        edits,
        preferred: true,
      }
    );
  }
  return undefined;
}

function machineNetwork({ report }: Ctx, c: Cluster, headroom: number): void {
  const mn = c.machineNetwork;
  const net = mn ? parseCidr(mn) : undefined;
  if (!mn || !net || net.prefix > 30) return;
  const cp = c.controlPlane;
  const on = (networks: { cidr?: string }[]): boolean => !networks.length || networks.some((n) => n.cidr === mn);
  const members = on(cp.networks) ? cp.placement.total : 0;
  const workers = c.workers.filter((w) => on(w.networks)).reduce((n, w) => n + w.placement.total, 0);
  const bootstrap = c.install === 'ipi' ? 1 : 0;
  // keepalived's VIPs are addresses of the machine network: declared, else the installer's .5 and .7.
  const vips = c.keepalived
    ? ((c.api?.vips.length ?? 0) ? c.api!.vips.filter((v) => cidrContains(mn, v)).length : 1) +
      ((c.ingress?.vips.length ?? 0) ? c.ingress!.vips.filter((v) => cidrContains(mn, v)).length : 1)
    : [...(c.api?.vips ?? []), ...(c.ingress?.vips ?? [])].filter((v) => cidrContains(mn, v)).length;
  const needed = members + workers + bootstrap + vips;
  const usable = 2 ** (32 - net.prefix) - 3; // network, broadcast and gateway addresses
  const free = usable - needed;
  if (free >= reserve(usable, headroom)) return;
  const parts = [
    plural(members, 'control-plane member'),
    plural(workers, 'worker'),
    ...(bootstrap ? ['the bootstrap machine'] : []),
    ...(vips ? [plural(vips, 'VIP')] : []),
  ];
  report({
    severity: free < 0 ? 'error' : 'warning',
    message:
      free < 0
        ? `the machine network ${mn} of ${c.name} has ${usable} usable addresses but must hold ${needed}: ${parts.join(', ')}; the install or a scale-out runs out of addresses`
        : `the machine network ${mn} of ${c.name} has ${usable} usable addresses and must hold ${needed} (${parts.join(', ')}): only ${free} left for the MachineSets to grow`,
    loc: c.props.machineNetwork ?? cp.props.networks ?? c.nameLoc,
  });
}
