/**
 * install-config's `platform.openstack`: the API and ingress VIPs (held by keepalived on the
 * machine network, or a user-managed load balancer's), floating IPs, the control plane's port.
 */
import { cidrContains } from '../../model/cidr.js';
import { openstackNames } from '../types.js';
import type { ClusterJob } from './job.js';
import { clean, type YamlMap } from '../yaml.js';

/** `platform.openstack` of install-config, with its VIPs and floating IPs checked. */
export function platform(job: ClusterJob, machineNetworks: string[]): YamlMap {
  const c = job.c;
  const external = c.loadBalancer.kind === 'external';
  const lb = c.loadBalancer.lb;
  let apiVIPs = c.api?.vips ?? [];
  let ingressVIPs = c.ingress?.vips ?? [];
  if (external) {
    if (!apiVIPs.length && lb?.vip) apiVIPs = [lb.vip];
    if (!ingressVIPs.length && lb?.vip) ingressVIPs = [lb.vip];
    if (!apiVIPs.length || !ingressVIPs.length) {
      job.error(
        'vips',
        `with \`loadBalancer external\` the installer needs the load balancer's addresses: add \`api vip ...\` and \`ingress vip ...\`${lb ? ` or \`vip\` to loadBalancer ${lb.name}` : ''}`,
        c.loadBalancer.loc,
      );
    }
    if (!c.controlPlane.network) {
      job.error(
        'user-managed-lb',
        'a user-managed load balancer needs the cluster on a network you bring (installer docs/user/openstack/external_load_balancer.md): give the control plane a `network`',
        c.loadBalancer.loc,
      );
    }
  }
  for (const [what, vips, loc] of [
    ['api', apiVIPs, c.api?.loc],
    ['ingress', ingressVIPs, c.ingress?.loc],
  ] as const) {
    if (vips.length > 2)
      job.error('vips', `${what} has ${vips.length} VIPs; install-config takes at most two (one IPv4, one IPv6)`, loc);
    else if (vips.length === 2)
      job.error(
        'vips',
        `${what} has two IPv4 VIPs; a second VIP is only for the IPv6 family of a dual-stack cluster`,
        loc,
      );
    if (!external) {
      // keepalived holds the VIPs on the masters and the day-1 workers: the first machine network.
      const primary = machineNetworks[0]!;
      for (const vip of vips) {
        if (!cidrContains(primary, vip)) {
          job.error(
            'vips',
            `${what} VIP ${vip} is outside the control-plane machine network ${primary}; keepalived can only hold a VIP on the nodes' own subnet`,
            loc,
          );
        }
      }
    }
  }
  if (!external && apiVIPs.some((v) => ingressVIPs.includes(v))) {
    job.error(
      'vips',
      `the api and ingress VIPs must differ (${apiVIPs.filter((v) => ingressVIPs.includes(v)).join(', ')}); only a user-managed load balancer may share one`,
      c.ingress?.loc,
    );
  }
  const apiFip = c.api?.floatingIps ?? [];
  const ingressFip = c.ingress?.floatingIps ?? [];
  for (const [what, fips, loc] of [
    ['api', apiFip, c.api?.loc],
    ['ingress', ingressFip, c.ingress?.loc],
  ] as const) {
    if (fips.length > 1)
      job.error('floating-ips', `${what} has ${fips.length} floating IPs; install-config takes one`, loc);
  }
  if ((apiFip.length || ingressFip.length) && !c.externalNetwork) {
    job.error(
      'floating-ips',
      'floating IPs come from an external network: add `externalNetwork "public"` (platform.openstack.externalNetwork)',
      c.api?.loc ?? c.ingress?.loc,
    );
  }
  // One network only: with per-zone control-plane networks (UPI) there is no single port to describe.
  const cpNet = c.controlPlane.networks.length === 1 ? c.controlPlane.network : undefined;
  return clean({
    cloud: c.cloud,
    externalNetwork: c.externalNetwork,
    apiFloatingIP: apiFip[0],
    ingressFloatingIP: ingressFip[0],
    apiVIPs: apiVIPs.length ? apiVIPs : undefined,
    ingressVIPs: ingressVIPs.length ? ingressVIPs : undefined,
    controlPlanePort: cpNet && {
      network: { name: openstackNames.network(cpNet) },
      fixedIPs: [{ subnet: { name: openstackNames.subnet(cpNet) } }],
    },
    loadBalancer: external ? { type: 'UserManaged' } : undefined,
  });
}
