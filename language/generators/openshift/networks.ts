/**
 * The cluster's networks: the control plane's (install-config's `controlPlanePort`, which must be
 * the machine network), and `networking.machineNetwork` with the day-2 workers' networks, checked
 * to be network addresses and disjoint from the pod and service networks.
 */
import { formatCidr, normalizeCidr, parseCidr } from '../../model/cidr.js';
import type { Loc, Network } from '../../model/types.js';
import type { ClusterJob } from './job.js';

/** The installer's default machine network (openshift/installer, pkg/types/defaults/installconfig.go: DefaultMachineCIDR). */
export const DEFAULT_MACHINE_NETWORK = '10.0.0.0/16';

/** The control plane's network, the machine network it implies, and its other networks' CIDRs. */
export interface ControlPlaneNetworks {
  cpNet?: Network;
  primaryMachineNetwork?: string;
  cpExtra: string[];
}

/** The control plane's networks, checked against what install-config can say about them. */
export function controlPlaneNetworks(job: ClusterJob): ControlPlaneNetworks {
  const c = job.c;
  const cp = c.controlPlane;
  const cpNet = cp.network;
  let primaryMachineNetwork = c.machineNetwork;
  if (cpNet) {
    if (!cpNet.cidr) {
      job.error(
        'machine-network',
        `the control-plane network ${cpNet.name} has no cidr; install-config needs it as machineNetwork (and controlPlanePort's subnet must match it)`,
        cpNet.nameLoc,
      );
    } else if (c.machineNetwork && !sameCidr(c.machineNetwork, cpNet.cidr)) {
      job.error(
        'machine-network',
        `machineNetwork ${c.machineNetwork} differs from ${cpNet.cidr}, the CIDR of the control-plane network ${cpNet.name}; the installer requires controlPlanePort's subnet to be the machine network: remove machineNetwork or make them equal`,
        c.props.machineNetwork,
      );
    }
    primaryMachineNetwork = cpNet.cidr ?? c.machineNetwork;
  }
  // Several control-plane networks: per-zone networks (seed 003 Architecture #3, UPI) or extra legs.
  // install-config has one controlPlanePort network (its extra subnets are for dual stack only) and
  // takes additional networks by ID only, which topo does not know.
  const cpExtra: string[] = [];
  if (cp.networks.length > 1) {
    if (c.install === 'ipi') {
      job.error(
        'control-plane-networks',
        `the control plane is on ${cp.networks.map((n) => n.name).join(', ')}, but IPI puts it on one network (controlPlanePort) and takes additional networks only by ID (additionalNetworkIDs): use one network, or install upi for per-zone networks (seed 003 Architecture #3)`,
        cp.props.networks,
      );
    } else {
      for (const z of cp.placement.perZone.keys()) {
        const net = cp.networks.find((n) => !n.zones.length || n.zones.includes(z));
        if (!net)
          job.error(
            'control-plane-networks',
            `no control-plane network (${cp.networks.map((n) => n.name).join(', ')}) reaches zone ${z.id}`,
            cp.props.networks,
          );
        else if (net !== cpNet) {
          if (net.cidr) cpExtra.push(net.cidr);
          else
            job.error(
              'machine-network',
              `the control-plane network ${net.name} has no cidr; install-config needs it in machineNetwork`,
              net.nameLoc,
            );
        }
      }
    }
  }
  if (cp.networks.length > 1 && c.install === 'upi' && c.loadBalancer.kind === 'managed') {
    job.error(
      'control-plane-networks',
      'keepalived holds the API VIP on one L2 network, so control-plane members on per-zone networks need `loadBalancer external` (seed 003 Architecture #3)',
      cp.props.networks,
    );
  }
  return { cpNet, primaryMachineNetwork, cpExtra };
}

/**
 * `networking.machineNetwork`: the control plane's first, then its per-zone networks and the
 * day-2 workers' (normalised, without repeats); checked against the pod and service networks.
 */
export function machineNetworkCidrs(
  job: ClusterJob,
  networks: ControlPlaneNetworks,
  extraMachineNetworks: string[],
): string[] {
  const machineNetworks: string[] = [];
  const rawMachineNetworks: string[] = [];
  // Normalised (network address): the installer compares controlPlanePort's subnet CIDR, as
  // Neutron reports it, with these strings.
  const addNet = (cidr: string): void => {
    const parsed = parseCidr(cidr);
    const norm = parsed ? formatCidr(normalizeCidr(parsed)) : cidr;
    if (!machineNetworks.includes(norm)) {
      machineNetworks.push(norm);
      rawMachineNetworks.push(cidr);
    }
  };
  if (networks.primaryMachineNetwork) addNet(networks.primaryMachineNetwork);
  else if (extraMachineNetworks.length) addNet(DEFAULT_MACHINE_NETWORK); // keep the installer's own network first
  networks.cpExtra.forEach(addNet);
  extraMachineNetworks.forEach(addNet);
  checkNetworks(job, rawMachineNetworks.length ? rawMachineNetworks : [DEFAULT_MACHINE_NETWORK]);
  return machineNetworks;
}

/** The pod, service and machine networks are network addresses, disjoint, and hostPrefix fits the pod network. */
function checkNetworks(job: ClusterJob, machineNetworks: string[]): void {
  const c = job.c;
  const pod = parseCidr(c.podNetwork);
  if (pod && (c.hostPrefix <= pod.prefix || c.hostPrefix > 32)) {
    job.error(
      'host-prefix',
      `hostPrefix ${c.hostPrefix} must be longer than the /${pod.prefix} of podNetwork ${c.podNetwork} (each node gets a /${c.hostPrefix} out of it)`,
      c.props.podNetwork,
    );
  }
  const named: [string, string, Loc | undefined][] = [
    ['podNetwork', c.podNetwork, c.props.podNetwork],
    ['serviceNetwork', c.serviceNetwork, c.props.serviceNetwork],
    ...machineNetworks.map((m): [string, string, Loc | undefined] => ['machine network', m, c.props.machineNetwork]),
  ];
  for (const [what, cidr, loc] of named) {
    const parsed = parseCidr(cidr);
    const norm = parsed && formatCidr(normalizeCidr(parsed));
    if (!parsed) job.error('network-address', `${what} ${cidr} is not an IPv4 CIDR`, loc);
    else if (norm !== cidr)
      job.error(
        'network-address',
        `${what} ${cidr} is not a network address (the installer rejects it): write ${norm}`,
        loc,
      );
  }
  for (let i = 0; i < named.length; i++) {
    for (let j = i + 1; j < named.length; j++) {
      const [an, a, aloc] = named[i]!;
      const [bn, b] = named[j]!;
      if (overlaps(a, b))
        job.error(
          'network-overlap',
          `${an} ${a} overlaps ${bn} ${b}: the installer requires disjoint cluster, service and machine networks`,
          aloc,
        );
    }
  }
}

/** Whether two CIDRs are the same network. */
function sameCidr(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return !!x && !!y && formatCidr(normalizeCidr(x)) === formatCidr(normalizeCidr(y));
}

/** Whether two CIDRs share an address. */
function overlaps(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  if (!x || !y) return false;
  const nx = normalizeCidr(x);
  const ny = normalizeCidr(y);
  const ex = nx.base + 2 ** (32 - nx.prefix);
  const ey = ny.base + 2 ** (32 - ny.prefix);
  return nx.base < ey && ny.base < ex;
}
