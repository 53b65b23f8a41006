/** Checks of what names the cluster and where it runs, which install-config cannot carry otherwise. */
import type { ClusterJob } from './job.js';

/** Checks what names the cluster and where it runs: its name, base domain, cloud, platform, network type. */
export function checkIdentityAndPlace(job: ClusterJob): void {
  const c = job.c;
  const cp = c.controlPlane;
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(c.name) || c.name.length > 63) {
    job.error(
      'cluster-name',
      `the cluster name becomes metadata.name and the DNS label of api.${c.name}.<baseDomain>: use lower-case letters, digits and '-', starting with a letter, at most 63 characters`,
    );
  }
  const baseDomain = c.baseDomain;
  if (!baseDomain) {
    job.error(
      'base-domain',
      'install-config needs a base domain: add `baseDomain "example.com"`',
      c.insertLoc ?? c.loc,
    );
  } else if (!/^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(baseDomain)) {
    job.error('base-domain', `baseDomain "${baseDomain}" is not a DNS domain name`, c.props.baseDomain);
  }
  if (c.regions.length > 1) {
    job.error(
      'one-cloud',
      `its machines are in ${c.regions.map((r) => r.name).join(' and ')}, but an install-config targets one OpenStack cloud: keep a cluster within one region (one cluster per site, seed 004)`,
    );
  }
  for (const r of c.regions) {
    if (r.provider && r.provider !== 'openstack') {
      job.error(
        'platform',
        `region ${r.name} has provider ${r.provider}; topo generates install-config for OpenStack only`,
        r.nameLoc,
      );
    }
  }
  if (cp.platform === 'baremetal') {
    job.error(
      'platform',
      'the control plane is on bare metal; topo generates install-config for OpenStack only',
      cp.props.platform,
    );
  }
  const version = parseVersion(c.version);
  if (
    version &&
    (version[0] > 4 || (version[0] === 4 && version[1] >= 15)) &&
    (c.networkType === 'OpenShiftSDN' || c.networkType === 'Kuryr')
  ) {
    job.error(
      'network-type',
      `networkType ${c.networkType} cannot be installed with OpenShift ${c.version} (removed in 4.15): use OVNKubernetes`,
      c.props.networkType,
    );
  }
}

/** `4.16.3` → [4, 16]. */
function parseVersion(v: string | undefined): [number, number] | undefined {
  const m = v ? /^(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}
