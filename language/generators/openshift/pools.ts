/**
 * install-config's machine pools: `controlPlane`, and the one `compute` pool (`worker`), whose
 * replicas the installer spreads round-robin over the zones: per-zone counts are expressed by
 * the order of the zones (fuller first), root volume types follow that order.
 */
import type { Loc, Network, Placement, WorkerPool, Zone } from '../../model/types.js';
import type { ClusterJob } from './job.js';
import { clean, type YamlMap } from '../yaml.js';

/** The zones of a pool in the order to write them. */
interface PoolSpread {
  /** Zones in the order to write them (fuller zones first), empty when unplaced. */
  zones: Zone[];
}

/** A pool's `rootVolume` as install-config takes it. */
interface RootVolumeOut {
  size: number;
  types: string[];
  zones?: string[];
}

/** install-config's `controlPlane` pool. */
export function controlPlanePool(job: ClusterJob): YamlMap {
  const cp = job.c.controlPlane;
  const cpSpread = zoneSpread(job, cp.placement, 'the control plane', cp.props.zones ?? cp.loc);
  if (cp.replicas < 1)
    job.error(
      'control-plane',
      'the control plane needs at least one replica (the installer rejects 0)',
      cp.props.replicas ?? cp.loc,
    );
  if (!cp.flavor)
    job.error(
      'flavor',
      'the control plane has no flavor: add `flavor "m1.xlarge"` to controlPlane (install-config requires platform.openstack.type)',
      cp.insertLoc ?? cp.loc,
    );
  const cpRoot =
    cpSpread && cp.rootVolume
      ? rootVolume(job, cp.rootVolume, cp.zones, cpSpread.zones, 'the control plane', cp.props.rootVolume ?? cp.loc)
      : undefined;
  return pool('master', cp.replicas, cp.flavor ?? '', cpSpread?.zones ?? [], cpRoot, cp.serverGroup);
}

/**
 * install-config's one `compute` pool (`worker`): the first worker pool on the control-plane
 * network only (IPI); the other pools, which come day 2 as MachineSets.
 */
export function computePool(job: ClusterJob, cpNet: Network | undefined): { compute: YamlMap; day2: WorkerPool[] } {
  const c = job.c;
  const cp = c.controlPlane;
  const ipi = c.install === 'ipi';
  const onMachineNetworkOnly = (p: WorkerPool): boolean =>
    p.networks.length === 0 || (p.networks.length === 1 && p.networks[0] === cpNet);
  const day1 = ipi ? c.workers.find(onMachineNetworkOnly) : undefined;
  const day2 = ipi ? c.workers.filter((p) => p !== day1) : [];
  for (const p of c.workers) {
    if (p.floatingIps)
      job.warn(
        'worker-floating-ips',
        `workers ${p.name} ask for floating IPs, which neither install-config nor MachineSets can attach (one floating IP cannot serve a set of machines): attach them outside OpenShift`,
        p.props.floatingIps ?? p.loc,
      );
  }
  if (day1) {
    const spread = zoneSpread(job, day1.placement, `workers ${day1.name}`, day1.props.zones ?? day1.loc, true);
    if (!day1.flavor) job.error('flavor', `workers ${day1.name} have no flavor: add \`flavor "m1.large"\``, day1.loc);
    const root =
      spread && day1.rootVolume
        ? rootVolume(
            job,
            day1.rootVolume,
            day1.zones,
            spread.zones,
            `workers ${day1.name}`,
            day1.props.rootVolume ?? day1.loc,
          )
        : undefined;
    return {
      compute: pool('worker', day1.placement.total, day1.flavor ?? '', spread?.zones ?? [], root, day1.serverGroup),
      day2,
    };
  }
  const flavor = c.workers.find((w) => w.flavor)?.flavor ?? cp.flavor ?? '';
  if (ipi && c.workers.length) {
    job.warn(
      'no-day1-workers',
      `no worker pool sits on the control-plane network only, so install-config has compute replicas 0 and the installer makes the control-plane nodes schedulable; workers ${day2.map((p) => p.name).join(', ')} come day 2 from the MachineSets. Seed 003 Architecture #1 installs one worker per zone on the control-plane network first: add \`workers { perZone 1 }\``,
      c.workers[0]!.loc,
    );
  }
  return { compute: pool('worker', 0, flavor, [], undefined, undefined), day2 };
}

/**
 * The zone order that makes the installer's round-robin produce the placement's per-zone
 * counts, or undefined (with an error) when no order can.
 */
function zoneSpread(
  job: ClusterJob,
  placement: Placement,
  what: string,
  loc: Loc | undefined,
  compute = false,
): PoolSpread | undefined {
  const entries = [...placement.perZone];
  if (!entries.length) return { zones: [] };
  const placed = entries.filter(([, n]) => n > 0);
  if (!placed.length) return { zones: entries.map(([z]) => z) };
  const counts = placed.map(([, n]) => n);
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  if (max - min > 1) {
    const written = entries.map(([z, n]) => `${z.name}: ${n}`).join(', ');
    job.error(
      'uneven-zones',
      `${what} have ${written}, which install-config cannot express: the installer spreads replicas round-robin over the zones, so per-zone counts differ by at most one. Use such counts${compute ? ', or put these workers on their own networks so that topo creates them day 2 with one MachineSet per zone' : ''}`,
      loc,
    );
    return undefined;
  }
  // Stable: fuller zones first, declaration order otherwise.
  return {
    zones: placed
      .map(([z, n], i) => ({ z, n, i }))
      .sort((a, b) => b.n - a.n || a.i - b.i)
      .map((x) => x.z),
  };
}

/** A pool's root volume, its types in the order of its zones; undefined (with errors) when the installer would refuse it. */
function rootVolume(
  job: ClusterJob,
  rv: { sizeGiB: number; types: string[] },
  declared: Zone[],
  zones: Zone[],
  what: string,
  loc: Loc | undefined,
): RootVolumeOut | undefined {
  let ok = true;
  if (!isWholeGiB(rv.sizeGiB)) {
    job.error(
      'root-volume',
      `${what}: the root volume size must be a whole number of GiB (it is ${formatGiB(rv.sizeGiB)})`,
      loc,
    );
    ok = false;
  }
  if (!rv.types.length) {
    job.error(
      'root-volume',
      `${what}: give the root volume a volume type (\`rootVolume ${formatGiB(rv.sizeGiB)} type "ssd"\`); the installer requires rootVolume.types`,
      loc,
    );
    ok = false;
  }
  let types = rv.types;
  if (rv.types.length > 1) {
    // One type per zone, in the order the zones were written; follow the zones' new order.
    if (rv.types.length !== declared.length || zones.some((z) => !declared.includes(z))) {
      job.error(
        'root-volume',
        `${what}: give one root volume type, or one per zone (${declared.length}): the installer pairs types with zones`,
        loc,
      );
      ok = false;
    } else {
      types = zones.map((z) => rv.types[declared.indexOf(z)]!);
    }
  }
  if (!ok) return undefined;
  // Cinder zones are taken to be named like the Nova zones; required whenever zones are set.
  return { size: rv.sizeGiB, types, zones: zones.length ? zones.map((z) => z.name) : undefined };
}

/** A machine pool of install-config. */
function pool(
  name: 'master' | 'worker',
  replicas: number,
  flavor: string,
  zones: Zone[],
  root: RootVolumeOut | undefined,
  serverGroup: string | undefined,
): YamlMap {
  return clean({
    name,
    replicas,
    platform: {
      openstack: {
        type: flavor,
        zones: zones.length ? zones.map((z) => z.name) : undefined,
        rootVolume: root && { size: root.size, types: root.types, zones: root.zones },
        serverGroupPolicy: serverGroup,
      },
    },
  });
}

/** Cinder sizes are whole GiB, at least one. */
export function isWholeGiB(n: number): boolean {
  return Number.isInteger(n) && n >= 1;
}

/** A size as written in a .topo file (`100GiB`, `1.5GiB`). */
export function formatGiB(n: number): string {
  return `${Number(n.toFixed(2))}GiB`;
}
