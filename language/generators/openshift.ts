/**
 * OpenShift generator: for every cluster with `distribution openshift`
 *
 * - `openshift/<cluster>/install-config.yaml`: IPI (or UPI) on OpenStack, valid against the
 *   installer's InstallConfig CRD schema, and within what the installer's own validation accepts;
 * - day 2 (seed 003, Architecture #1): one worker MachineSet per zone for every worker pool the
 *   install-config cannot carry, `openshift/<cluster>/machinesets/<cluster>-<pool>-<zone>.yaml`.
 *
 * What goes where, and why:
 * - install-config has exactly ONE compute pool, named `worker` (installer validateCompute), and
 *   the installer spreads its replicas round-robin over `zones`: zone i gets
 *   floor(n/k) + (i < n mod k ? 1 : 0) machines (pkg/asset/machines/openstack/machinesets.go),
 *   the control plane likewise (machine i in zones[i mod k]). Per-zone counts that differ by at
 *   most one are expressed by listing the fuller zones first; anything else is a generation error.
 * - The compute pool is the first worker pool that sits on the control-plane network only (no
 *   `networks`, or just that one). Every other pool (on other networks, e.g. routed provider
 *   networks per zone) becomes day-2 MachineSets with exact per-zone counts and per-zone
 *   networks. If no pool qualifies, compute has `replicas: 0` (then the installer makes the
 *   control plane schedulable: reported as a warning). UPI: `replicas: 0` and no MachineSets,
 *   as the installer's UPI guide says (the workers are yours to create).
 * - A declared control-plane network is brought by the user (HEAT/Terraform create it), so the
 *   install-config points at it with `controlPlanePort` and `machineNetwork` is its CIDR.
 * - Secrets are read at generation time through `options.resolveSecret`, never from the text: a
 *   literal secret is refused. The file then holds the pull secret: it is marked `sensitive`.
 * - The infrastructure ID (`<name>-<5 random chars>`) exists only after installation: the
 *   MachineSets carry the token `${INFRA_ID}` and their header says how to substitute it.
 *
 * Each part is checked and built by its module under openshift/ (identity, networks, pools,
 * MachineSets, platform, secrets) for one cluster's job (openshift/job.ts); this module runs them in
 * order and writes install-config.yaml.
 */
import type { TopoModel } from '../model/types.js';
import { checkIdentityAndPlace } from './openshift/identity.js';
import { ClusterJob } from './openshift/job.js';
import { dayTwoMachineSets, machineSetManifest } from './openshift/machinesets.js';
import { controlPlaneNetworks, DEFAULT_MACHINE_NETWORK, machineNetworkCidrs } from './openshift/networks.js';
import { platform } from './openshift/platform.js';
import { computePool, controlPlanePool } from './openshift/pools.js';
import { secrets } from './openshift/secrets.js';
import { clean, toYaml, type YamlMap } from './yaml.js';
import { header, reportProblem, type GeneratedFile, type GeneratorOptions } from './types.js';

/** The files of every OpenShift cluster, by name; a cluster with an error gets none (its problems are reported). */
export function generateOpenShift(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const clusters = model.clusters
    .filter((c) => c.distribution === 'openshift')
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const cluster of clusters) {
    const job = new ClusterJob(model, cluster, options);
    const out = clusterFiles(job);
    const errors = job.problems.filter((p) => p.severity === 'error');
    for (const p of job.problems) reportProblem(options, p);
    if (!errors.length) files.push(...out);
  }
  return files;
}

/** A cluster's install-config and MachineSets, or nothing when one of the checks on the way found an error. */
function clusterFiles(job: ClusterJob): GeneratedFile[] {
  checkIdentityAndPlace(job);
  const networks = controlPlaneNetworks(job);
  const controlPlane = controlPlanePool(job);
  const workers = computePool(job, networks.cpNet);
  const day2 = dayTwoMachineSets(job, workers.day2, networks.cpNet);
  const machineNetworks = machineNetworkCidrs(job, networks, day2.extraMachineNetworks);
  const openstack = platform(job, machineNetworks.length ? machineNetworks : [DEFAULT_MACHINE_NETWORK]);
  const { pullSecret, sshKey } = secrets(job);
  if (job.failed() || job.options.checkOnly) return [];

  const sources = job.sources();
  const files = [
    installConfig(
      job,
      { controlPlane, compute: workers.compute, machineNetworks, platform: openstack, pullSecret, sshKey },
      day2.machineSets.length,
      sources,
    ),
  ];
  for (const m of day2.machineSets) {
    files.push({
      path: `openshift/${job.name}/machinesets/${m.file}.yaml`,
      content: machineSetManifest(job, m, sources),
      target: 'openshift',
    });
  }
  return files;
}

/** `openshift/<cluster>/install-config.yaml` from its parts (marked sensitive: it holds the pull secret). */
function installConfig(
  job: ClusterJob,
  parts: {
    controlPlane: YamlMap;
    compute: YamlMap;
    machineNetworks: string[];
    platform: YamlMap;
    pullSecret?: string;
    sshKey?: string;
  },
  machineSetCount: number,
  sources: string[],
): GeneratedFile {
  const c = job.c;
  const installConfig: YamlMap = clean({
    apiVersion: 'v1',
    metadata: { name: c.name },
    baseDomain: c.baseDomain,
    controlPlane: parts.controlPlane,
    compute: [parts.compute],
    networking: {
      networkType: c.networkType,
      clusterNetwork: [{ cidr: c.podNetwork, hostPrefix: c.hostPrefix }],
      machineNetwork: parts.machineNetworks.length ? parts.machineNetworks.map((cidr) => ({ cidr })) : undefined,
      serviceNetwork: [c.serviceNetwork],
    },
    platform: { openstack: parts.platform },
    pullSecret: parts.pullSecret,
    sshKey: parts.sshKey,
  });
  const notes = [
    `OpenShift ${c.install.toUpperCase()} on OpenStack${c.version ? `, for openshift-install ${c.version}` : ''}. Holds the pull secret: keep it out of version control.`,
    'openshift-install consumes this file: copy it into an empty installation directory first.',
  ];
  if (c.install !== 'ipi')
    notes.push(
      "UPI: compute replicas are 0 as the installer's UPI guide asks; you create the workers (and remove the generated Machine/MachineSet manifests).",
    );
  else if (machineSetCount)
    notes.push(
      `Day-2 workers: apply the MachineSets in machinesets/ after installation (${machineSetCount} file${machineSetCount === 1 ? '' : 's'}).`,
    );
  return {
    path: `openshift/${job.name}/install-config.yaml`,
    content: header('#', job.model, sources, job.options, notes) + toYaml(installConfig),
    target: 'openshift',
    sensitive: true,
  };
}
