/**
 * Day 2 (seed 003, Architecture #1): one worker MachineSet per zone for every worker pool that
 * install-config cannot carry, `openshift/<cluster>/machinesets/<cluster>-<pool>-<zone>.yaml`. The
 * infrastructure ID exists only after installation: the manifests carry the token `${INFRA_ID}`
 * and their header says how to substitute it.
 */
import type { Network, WorkerPool, Zone } from '../../model/types.js';
import { header, openstackNames } from '../types.js';
import type { ClusterJob } from './job.js';
import { formatGiB, isWholeGiB } from './pools.js';
import { clean, k8sName, toYaml, type YamlMap } from '../yaml.js';

/** Stands for the cluster's infrastructure ID in day-2 manifests (substituted when applied). */
export const INFRA_ID = '${INFRA_ID}';
/** The installer's longest infrastructure ID: 26 characters of the name, `-`, 5 random. */
const INFRA_ID_MAX = 32;

/** One day-2 MachineSet to write: a worker pool's machines in one zone. */
export interface MachineSetPlan {
  file: string;
  zone?: Zone;
  pool: WorkerPool;
  count: number;
  networks: (Network | undefined)[];
  root?: { size: number; type: string };
}

/** The day-2 MachineSets of the worker pools install-config cannot carry: one per pool and zone. */
export function dayTwoMachineSets(
  job: ClusterJob,
  day2: WorkerPool[],
  cpNet: Network | undefined,
): { machineSets: MachineSetPlan[]; extraMachineNetworks: string[] } {
  const machineSets: MachineSetPlan[] = [];
  const extraMachineNetworks: string[] = [];
  for (const p of day2) machineSets.push(...machineSetsOfPool(job, p, cpNet, extraMachineNetworks));
  const seen = new Map<string, WorkerPool>();
  for (const m of machineSets) {
    const other = seen.get(m.file);
    if (other)
      job.error(
        'machineset-name',
        `workers ${other.name} and ${m.pool.name} both give MachineSet ${m.file} (names are lower-cased, other characters become '-'): rename one`,
        m.pool.loc,
      );
    seen.set(m.file, m.pool);
  }
  if (job.c.keepalived && machineSets.some((m) => m.networks[0] !== cpNet)) {
    job.warn(
      'ingress-vip-subnet',
      'keepalived holds the ingress VIP on a node that runs a router, and a node outside the control-plane network cannot hold it: keep the ingress routers on machine-network workers (IngressController spec.nodePlacement) or use `loadBalancer external`',
    );
  }
  return { machineSets, extraMachineNetworks };
}

/** The MachineSets of one worker pool, one per zone; the CIDRs of their networks go to `extraMachineNetworks`. */
function machineSetsOfPool(
  job: ClusterJob,
  p: WorkerPool,
  cpNet: Network | undefined,
  extraMachineNetworks: string[],
): MachineSetPlan[] {
  const machineSets: MachineSetPlan[] = [];
  if (!p.flavor) job.error('flavor', `workers ${p.name} have no flavor: add \`flavor "m1.large"\``, p.loc);
  const entries: [Zone | undefined, number][] = p.placement.perZone.size
    ? [...p.placement.perZone]
    : [[undefined, p.placement.total]];
  const typesFor = (z: Zone | undefined): string | undefined => {
    const types = p.rootVolume?.types ?? [];
    if (types.length <= 1) return types[0];
    const i = z ? p.zones.indexOf(z) : -1;
    return i >= 0 && types.length === p.zones.length ? types[i] : undefined;
  };
  if (p.rootVolume) {
    if (!p.rootVolume.types.length)
      job.error(
        'root-volume',
        `workers ${p.name}: give the root volume a volume type (\`rootVolume ${p.rootVolume.sizeGiB}GiB type "ssd"\`)`,
        p.props.rootVolume,
      );
    else if (p.rootVolume.types.length > 1 && p.rootVolume.types.length !== p.zones.length)
      job.error(
        'root-volume',
        `workers ${p.name}: give one root volume type, or one per zone (${p.zones.length})`,
        p.props.rootVolume,
      );
    if (!isWholeGiB(p.rootVolume.sizeGiB))
      job.error(
        'root-volume',
        `workers ${p.name}: the root volume size must be a whole number of GiB (it is ${formatGiB(p.rootVolume.sizeGiB)})`,
        p.props.rootVolume,
      );
  }
  for (const [zone, count] of entries) {
    let nets: (Network | undefined)[];
    if (!p.networks.length)
      nets = [cpNet]; // undefined: the installer's own network
    else {
      nets = p.networks.filter((n) => !zone || !n.zones.length || n.zones.includes(zone));
      if (!nets.length) {
        job.error(
          'worker-network',
          `workers ${p.name}: none of their networks (${p.networks.map((n) => n.name).join(', ')}) reaches zone ${zone?.id}: add that zone's network to \`networks\``,
          p.props.networks ?? p.loc,
        );
        continue;
      }
    }
    const primary = nets[0];
    if (primary && primary !== cpNet) {
      if (primary.cidr) extraMachineNetworks.push(primary.cidr);
      else
        job.warn(
          'worker-network',
          `network ${primary.name} of workers ${p.name} has no cidr, so it cannot be added to networking.machineNetwork`,
          primary.nameLoc,
        );
    }
    const suffix = [k8sName(p.name), zone ? k8sName(zone.name) : undefined].filter(Boolean).join('-');
    if (INFRA_ID_MAX + 1 + suffix.length > 63) {
      job.error(
        'machineset-name',
        `MachineSet name <infraID>-${suffix} can exceed 63 characters (label value limit): shorten the pool or zone name`,
        p.loc,
      );
    }
    const type = p.rootVolume ? typesFor(zone) : undefined;
    machineSets.push({
      file: `${job.name}-${suffix}`,
      zone,
      pool: p,
      count,
      networks: nets,
      root: p.rootVolume && type !== undefined ? { size: p.rootVolume.sizeGiB, type } : undefined,
    });
  }
  return machineSets;
}

/** The manifest of one day-2 MachineSet (`${INFRA_ID}` stands for the infrastructure ID). */
export function machineSetManifest(job: ClusterJob, m: MachineSetPlan, sources: string[]): string {
  const { pool, zone, count: replicas, networks, root, file } = m;
  const suffix = file.slice(job.name.length + 1);
  const name = `${INFRA_ID}-${suffix}`;
  const serverGroup = `${INFRA_ID}-${[pool.name, zone?.name].filter(Boolean).join('-')}`;
  const role = 'worker';
  const labels = {
    'machine.openshift.io/cluster-api-cluster': INFRA_ID,
    'machine.openshift.io/cluster-api-machine-role': role,
    'machine.openshift.io/cluster-api-machine-type': role,
  };
  const networkParam = (n: Network | undefined): YamlMap =>
    n
      ? { filter: { name: openstackNames.network(n) }, subnets: [{ filter: { name: openstackNames.subnet(n) } }] }
      : { subnets: [{ filter: { name: `${INFRA_ID}-nodes`, tags: `openshiftClusterID=${INFRA_ID}` } }] };
  const doc: YamlMap = clean({
    apiVersion: 'machine.openshift.io/v1beta1',
    kind: 'MachineSet',
    metadata: { name, namespace: 'openshift-machine-api', labels },
    spec: {
      replicas,
      selector: {
        matchLabels: {
          'machine.openshift.io/cluster-api-cluster': INFRA_ID,
          'machine.openshift.io/cluster-api-machineset': name,
        },
      },
      template: {
        metadata: { labels: { ...labels, 'machine.openshift.io/cluster-api-machineset': name } },
        spec: {
          providerSpec: {
            value: {
              apiVersion: 'machine.openshift.io/v1alpha1',
              kind: 'OpenstackProviderSpec',
              cloudName: 'openstack',
              cloudsSecret: { name: 'openstack-cloud-credentials', namespace: 'openshift-machine-api' },
              flavor: pool.flavor ?? '',
              image: `${INFRA_ID}-rhcos`,
              availabilityZone: zone?.name,
              networks: networks.map(networkParam),
              securityGroups: [{ name: `${INFRA_ID}-${role}` }],
              serverGroupName: serverGroup,
              serverMetadata: { Name: `${INFRA_ID}-${role}`, openshiftClusterID: INFRA_ID },
              tags: [`openshiftClusterID=${INFRA_ID}`],
              userDataSecret: { name: 'worker-user-data' },
              rootVolume: root && { diskSize: root.size, volumeType: root.type, availabilityZone: zone?.name },
            },
          },
        },
      },
    },
  });
  const where = zone ? `zone ${zone.name}` : 'no zone';
  const notes = [
    `Day 2 (seed 003): MachineSet of workers ${pool.name} of cluster ${job.name} in ${where}: ${replicas} machine${replicas === 1 ? '' : 's'}.`,
    `${INFRA_ID} stands for the cluster's infrastructure ID, known only after installation. Apply with:`,
    `  INFRA_ID=$(oc get infrastructure cluster -o jsonpath='{.status.infrastructureName}')`,
    `  sed "s/\\\${INFRA_ID}/$INFRA_ID/g" ${file}.yaml | oc apply -f -`,
  ];
  if (pool.serverGroup) {
    notes.push(`Server group policy ${pool.serverGroup}: the machine API only names the group, so create it first:`);
    notes.push(`  openstack server group create --policy ${pool.serverGroup} ${serverGroup}`);
  }
  return header('#', job.model, sources, job.options, notes) + toYaml(doc);
}
