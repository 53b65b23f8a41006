/**
 * OpenShift generator (PRODUCT.md §3): for every cluster with `distribution openshift`
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
 */
import { Document } from 'yaml';
import { cidrContains, formatCidr, normalizeCidr, parseCidr } from '../model/cidr.js';
import type { Cluster, Loc, Network, Placement, SecretRef, TopoModel, WorkerPool, Zone } from '../model/types.js';
import { header, openstackNames, reportProblem, type GeneratedFile, type GenerationProblem, type GeneratorOptions } from './types.js';

/** Stands for the cluster's infrastructure ID in day-2 manifests (substituted when applied). */
export const INFRA_ID = '${INFRA_ID}';
/** The installer's default machine network (DOMAIN.md, "Networking"). */
export const DEFAULT_MACHINE_NETWORK = '10.0.0.0/16';
/** The installer's longest infrastructure ID: 26 characters of the name, `-`, 5 random. */
const INFRA_ID_MAX = 32;

type Yaml = string | number | boolean | Yaml[] | { [key: string]: Yaml | undefined };
type YamlMap = { [key: string]: Yaml | undefined };

export function generateOpenShift(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const clusters = model.clusters.filter((c) => c.distribution === 'openshift').sort((a, b) => a.name.localeCompare(b.name));
  for (const cluster of clusters) {
    const job = new ClusterJob(model, cluster, options);
    const out = job.run();
    const errors = job.problems.filter((p) => p.severity === 'error');
    for (const p of job.problems) reportProblem(options, p);
    if (!errors.length) files.push(...out);
  }
  return files;
}

/** Serialises for Go's YAML 1.1 reader: `yes`, `on`, `0755` ... are quoted; no folding; 2 spaces. */
export function toYaml(value: Yaml): string {
  const doc = new Document(value, { version: '1.1' });
  return doc.toString({ indent: 2, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
}

/** Drops undefined members (and empty objects/arrays they leave behind are kept as written). */
function clean<T extends Yaml | undefined>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => clean(v)) as T;
  if (value && typeof value === 'object') {
    const out: YamlMap = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out as T;
  }
  return value;
}

/** A Kubernetes object name part: lower case, `[a-z0-9-]`. */
export function k8sName(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

interface PoolSpread {
  /** Zones in the order to write them (fuller zones first), empty when unplaced. */
  zones: Zone[];
}

/** The control plane's network, the machine network it implies, and its other networks' CIDRs. */
interface ControlPlaneNetworks {
  cpNet?: Network;
  primaryMachineNetwork?: string;
  cpExtra: string[];
}

/** One day-2 MachineSet to write: a worker pool's machines in one zone. */
interface MachineSetPlan {
  file: string;
  zone?: Zone;
  pool: WorkerPool;
  count: number;
  networks: (Network | undefined)[];
  root?: { size: number; type: string };
}

interface RootVolumeOut {
  size: number;
  types: string[];
  zones?: string[];
}

class ClusterJob {
  readonly problems: GenerationProblem[] = [];
  private readonly name: string;

  constructor(
    private readonly model: TopoModel,
    private readonly c: Cluster,
    private readonly options: GeneratorOptions,
  ) {
    this.name = c.name;
  }

  private problem(severity: 'error' | 'warning', code: string, message: string, loc: Loc | undefined): void {
    this.problems.push({
      severity,
      target: 'openshift',
      code: `openshift/${code}`,
      message: `cluster ${this.name}: ${message}`,
      element: `cluster ${this.name}`,
      loc: loc ?? this.c.nameLoc,
    });
  }

  private error(code: string, message: string, loc?: Loc): void {
    this.problem('error', code, message, loc);
  }

  private warn(code: string, message: string, loc?: Loc): void {
    this.problem('warning', code, message, loc);
  }

  run(): GeneratedFile[] {
    this.checkIdentityAndPlace();
    const networks = this.controlPlaneNetworks();
    const controlPlane = this.controlPlanePool();
    const workers = this.computePool(networks.cpNet);
    const day2 = this.machineSets(workers.day2, networks.cpNet);
    const machineNetworks = this.machineNetworks(networks, day2.extraMachineNetworks);
    const platform = this.platform(machineNetworks.length ? machineNetworks : [DEFAULT_MACHINE_NETWORK]);
    const secrets = this.secrets();
    if (this.problems.some((p) => p.severity === 'error')) return [];

    const sources = this.sources();
    const files = [this.installConfig({ controlPlane, compute: workers.compute, machineNetworks, platform, ...secrets }, day2.machineSets.length, sources)];
    for (const m of day2.machineSets) {
      files.push({
        path: `openshift/${this.name}/machinesets/${m.file}.yaml`,
        content: this.machineSet(m, sources),
        target: 'openshift',
      });
    }
    return files;
  }

  /** Checks what names the cluster and where it runs: its name, base domain, cloud, platform, network type. */
  private checkIdentityAndPlace(): void {
    const c = this.c;
    const cp = c.controlPlane;
    if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(c.name) || c.name.length > 63) {
      this.error('cluster-name', `the cluster name becomes metadata.name and the DNS label of api.${c.name}.<baseDomain>: use lower-case letters, digits and '-', starting with a letter, at most 63 characters`);
    }
    const baseDomain = c.baseDomain;
    if (!baseDomain) {
      this.error('base-domain', 'install-config needs a base domain: add `baseDomain "example.com"`', c.insertLoc ?? c.loc);
    } else if (!/^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/i.test(baseDomain)) {
      this.error('base-domain', `baseDomain "${baseDomain}" is not a DNS domain name`, c.props.baseDomain);
    }
    if (c.regions.length > 1) {
      this.error('one-cloud', `its machines are in ${c.regions.map((r) => r.name).join(' and ')}, but an install-config targets one OpenStack cloud: keep a cluster within one region (one cluster per site, seed 004)`);
    }
    for (const r of c.regions) {
      if (r.provider && r.provider !== 'openstack') {
        this.error('platform', `region ${r.name} has provider ${r.provider}; topo generates install-config for OpenStack only`, r.nameLoc);
      }
    }
    if (cp.platform === 'baremetal') {
      this.error('platform', 'the control plane is on bare metal; topo generates install-config for OpenStack only', cp.props.platform);
    }
    const version = parseVersion(c.version);
    if (version && (version[0] > 4 || (version[0] === 4 && version[1] >= 15)) && (c.networkType === 'OpenShiftSDN' || c.networkType === 'Kuryr')) {
      this.error('network-type', `networkType ${c.networkType} cannot be installed with OpenShift ${c.version} (removed in 4.15): use OVNKubernetes`, c.props.networkType);
    }
  }

  /** The control plane's network, the machine network it implies, and the CIDRs of its other (per-zone) networks. */
  private controlPlaneNetworks(): ControlPlaneNetworks {
    const c = this.c;
    const cp = c.controlPlane;
    const cpNet = cp.network;
    let primaryMachineNetwork = c.machineNetwork;
    if (cpNet) {
      if (!cpNet.cidr) {
        this.error('machine-network', `the control-plane network ${cpNet.name} has no cidr; install-config needs it as machineNetwork (and controlPlanePort's subnet must match it)`, cpNet.nameLoc);
      } else if (c.machineNetwork && !sameCidr(c.machineNetwork, cpNet.cidr)) {
        this.error('machine-network', `machineNetwork ${c.machineNetwork} differs from ${cpNet.cidr}, the CIDR of the control-plane network ${cpNet.name}; the installer requires controlPlanePort's subnet to be the machine network: remove machineNetwork or make them equal`, c.props.machineNetwork);
      }
      primaryMachineNetwork = cpNet.cidr ?? c.machineNetwork;
    }
    // Several control-plane networks: per-zone networks (seed 003 Architecture #3, UPI) or extra legs.
    // install-config has one controlPlanePort network (its extra subnets are for dual stack only) and
    // takes additional networks by ID only, which topo does not know.
    const cpExtra: string[] = [];
    if (cp.networks.length > 1) {
      if (c.install === 'ipi') {
        this.error('control-plane-networks', `the control plane is on ${cp.networks.map((n) => n.name).join(', ')}, but IPI puts it on one network (controlPlanePort) and takes additional networks only by ID (additionalNetworkIDs): use one network, or install upi for per-zone networks (seed 003 Architecture #3)`, cp.props.networks);
      } else {
        for (const z of cp.placement.perZone.keys()) {
          const net = cp.networks.find((n) => !n.zones.length || n.zones.includes(z));
          if (!net) this.error('control-plane-networks', `no control-plane network (${cp.networks.map((n) => n.name).join(', ')}) reaches zone ${z.id}`, cp.props.networks);
          else if (net !== cpNet) {
            if (net.cidr) cpExtra.push(net.cidr);
            else this.error('machine-network', `the control-plane network ${net.name} has no cidr; install-config needs it in machineNetwork`, net.nameLoc);
          }
        }
      }
    }
    if (cp.networks.length > 1 && c.install === 'upi' && c.loadBalancer.kind === 'managed') {
      this.error('control-plane-networks', 'keepalived holds the API VIP on one L2 network, so control-plane members on per-zone networks need `loadBalancer external` (seed 003 Architecture #3)', cp.props.networks);
    }
    return { cpNet, primaryMachineNetwork, cpExtra };
  }

  /** install-config's `controlPlane` pool. */
  private controlPlanePool(): YamlMap {
    const cp = this.c.controlPlane;
    const cpSpread = this.spread(cp.placement, 'the control plane', cp.props.zones ?? cp.loc);
    if (cp.replicas < 1) this.error('control-plane', 'the control plane needs at least one replica (the installer rejects 0)', cp.props.replicas ?? cp.loc);
    if (!cp.flavor) this.error('flavor', 'the control plane has no flavor: add `flavor "m1.xlarge"` to controlPlane (install-config requires platform.openstack.type)', cp.insertLoc ?? cp.loc);
    const cpRoot = cpSpread && cp.rootVolume ? this.rootVolume(cp.rootVolume, cp.zones, cpSpread.zones, 'the control plane', cp.props.rootVolume ?? cp.loc) : undefined;
    return this.pool('master', cp.replicas, cp.flavor ?? '', cpSpread?.zones ?? [], cpRoot, cp.serverGroup);
  }

  /**
   * install-config's one `compute` pool (`worker`): the first worker pool on the control-plane
   * network only (IPI); the other pools, which come day 2 as MachineSets.
   */
  private computePool(cpNet: Network | undefined): { compute: YamlMap; day2: WorkerPool[] } {
    const c = this.c;
    const cp = c.controlPlane;
    const ipi = c.install === 'ipi';
    const onMachineNetworkOnly = (p: WorkerPool): boolean => p.networks.length === 0 || (p.networks.length === 1 && p.networks[0] === cpNet);
    const day1 = ipi ? c.workers.find(onMachineNetworkOnly) : undefined;
    const day2 = ipi ? c.workers.filter((p) => p !== day1) : [];
    for (const p of c.workers) {
      if (p.floatingIps) this.warn('worker-floating-ips', `workers ${p.name} ask for floating IPs, which neither install-config nor MachineSets can attach (one floating IP cannot serve a set of machines): attach them outside OpenShift`, p.props.floatingIps ?? p.loc);
    }
    if (day1) {
      const spread = this.spread(day1.placement, `workers ${day1.name}`, day1.props.zones ?? day1.loc, true);
      if (!day1.flavor) this.error('flavor', `workers ${day1.name} have no flavor: add \`flavor "m1.large"\``, day1.loc);
      const root = spread && day1.rootVolume ? this.rootVolume(day1.rootVolume, day1.zones, spread.zones, `workers ${day1.name}`, day1.props.rootVolume ?? day1.loc) : undefined;
      return { compute: this.pool('worker', day1.placement.total, day1.flavor ?? '', spread?.zones ?? [], root, day1.serverGroup), day2 };
    }
    const flavor = c.workers.find((w) => w.flavor)?.flavor ?? cp.flavor ?? '';
    if (ipi && c.workers.length) {
      this.warn('no-day1-workers', `no worker pool sits on the control-plane network only, so install-config has compute replicas 0 and the installer makes the control-plane nodes schedulable; workers ${day2.map((p) => p.name).join(', ')} come day 2 from the MachineSets. Seed 003 Architecture #1 installs one worker per zone on the control-plane network first: add \`workers { perZone 1 }\``, c.workers[0]!.loc);
    }
    return { compute: this.pool('worker', 0, flavor, [], undefined, undefined), day2 };
  }

  /** The day-2 MachineSets of the worker pools install-config cannot carry: one per pool and zone. */
  private machineSets(day2: WorkerPool[], cpNet: Network | undefined): { machineSets: MachineSetPlan[]; extraMachineNetworks: string[] } {
    const machineSets: MachineSetPlan[] = [];
    const extraMachineNetworks: string[] = [];
    for (const p of day2) machineSets.push(...this.machineSetsOfPool(p, cpNet, extraMachineNetworks));
    const seen = new Map<string, WorkerPool>();
    for (const m of machineSets) {
      const other = seen.get(m.file);
      if (other) this.error('machineset-name', `workers ${other.name} and ${m.pool.name} both give MachineSet ${m.file} (names are lower-cased, other characters become '-'): rename one`, m.pool.loc);
      seen.set(m.file, m.pool);
    }
    if (this.c.keepalived && machineSets.some((m) => m.networks[0] !== cpNet)) {
      this.warn('ingress-vip-subnet', 'keepalived holds the ingress VIP on a node that runs a router, and a node outside the control-plane network cannot hold it: keep the ingress routers on machine-network workers (IngressController spec.nodePlacement) or use `loadBalancer external`');
    }
    return { machineSets, extraMachineNetworks };
  }

  /** The MachineSets of one worker pool, one per zone; the CIDRs of their networks go to `extraMachineNetworks`. */
  private machineSetsOfPool(p: WorkerPool, cpNet: Network | undefined, extraMachineNetworks: string[]): MachineSetPlan[] {
    const machineSets: MachineSetPlan[] = [];
    if (!p.flavor) this.error('flavor', `workers ${p.name} have no flavor: add \`flavor "m1.large"\``, p.loc);
    const entries: [Zone | undefined, number][] = p.placement.perZone.size ? [...p.placement.perZone] : [[undefined, p.placement.total]];
    const typesFor = (z: Zone | undefined): string | undefined => {
      const types = p.rootVolume?.types ?? [];
      if (types.length <= 1) return types[0];
      const i = z ? p.zones.indexOf(z) : -1;
      return i >= 0 && types.length === p.zones.length ? types[i] : undefined;
    };
    if (p.rootVolume) {
      if (!p.rootVolume.types.length) this.error('root-volume', `workers ${p.name}: give the root volume a volume type (\`rootVolume ${p.rootVolume.sizeGiB}GiB type "ssd"\`)`, p.props.rootVolume);
      else if (p.rootVolume.types.length > 1 && p.rootVolume.types.length !== p.zones.length) this.error('root-volume', `workers ${p.name}: give one root volume type, or one per zone (${p.zones.length})`, p.props.rootVolume);
      if (!isWholeGiB(p.rootVolume.sizeGiB)) this.error('root-volume', `workers ${p.name}: the root volume size must be a whole number of GiB (it is ${formatGiB(p.rootVolume.sizeGiB)})`, p.props.rootVolume);
    }
    for (const [zone, count] of entries) {
      let nets: (Network | undefined)[];
      if (!p.networks.length) nets = [cpNet]; // undefined: the installer's own network
      else {
        nets = p.networks.filter((n) => !zone || !n.zones.length || n.zones.includes(zone));
        if (!nets.length) {
          this.error('worker-network', `workers ${p.name}: none of their networks (${p.networks.map((n) => n.name).join(', ')}) reaches zone ${zone?.id}: add that zone's network to \`networks\``, p.props.networks ?? p.loc);
          continue;
        }
      }
      const primary = nets[0];
      if (primary && primary !== cpNet) {
        if (primary.cidr) extraMachineNetworks.push(primary.cidr);
        else this.warn('worker-network', `network ${primary.name} of workers ${p.name} has no cidr, so it cannot be added to networking.machineNetwork`, primary.nameLoc);
      }
      const suffix = [k8sName(p.name), zone ? k8sName(zone.name) : undefined].filter(Boolean).join('-');
      if (INFRA_ID_MAX + 1 + suffix.length > 63) {
        this.error('machineset-name', `MachineSet name <infraID>-${suffix} can exceed 63 characters (label value limit): shorten the pool or zone name`, p.loc);
      }
      const type = p.rootVolume ? typesFor(zone) : undefined;
      machineSets.push({
        file: `${this.name}-${suffix}`,
        zone,
        pool: p,
        count,
        networks: nets,
        root: p.rootVolume && type !== undefined ? { size: p.rootVolume.sizeGiB, type } : undefined,
      });
    }
    return machineSets;
  }

  /**
   * `networking.machineNetwork`: the control plane's first, then its per-zone networks and the
   * day-2 workers' (normalised, without repeats); checked against the pod and service networks.
   */
  private machineNetworks(networks: ControlPlaneNetworks, extraMachineNetworks: string[]): string[] {
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
    this.checkNetworks(rawMachineNetworks.length ? rawMachineNetworks : [DEFAULT_MACHINE_NETWORK]);
    return machineNetworks;
  }

  /** The pull secret and SSH key, read through the secret resolver. */
  private secrets(): { pullSecret?: string; sshKey?: string } {
    const c = this.c;
    const pullSecret = this.secret(c.pullSecret, 'pull secret', 'pullSecret', true);
    const sshKey = c.sshKey ? this.secret(c.sshKey, 'SSH key', 'sshKey', false) : undefined;
    return { pullSecret, sshKey };
  }

  /** `openshift/<cluster>/install-config.yaml` from its parts (marked sensitive: it holds the pull secret). */
  private installConfig(
    parts: { controlPlane: YamlMap; compute: YamlMap; machineNetworks: string[]; platform: YamlMap; pullSecret?: string; sshKey?: string },
    machineSetCount: number,
    sources: string[],
  ): GeneratedFile {
    const c = this.c;
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
    if (c.install !== 'ipi') notes.push('UPI: compute replicas are 0 as the installer\'s UPI guide asks; you create the workers (and remove the generated Machine/MachineSet manifests).');
    else if (machineSetCount) notes.push(`Day-2 workers: apply the MachineSets in machinesets/ after installation (${machineSetCount} file${machineSetCount === 1 ? '' : 's'}).`);
    return {
      path: `openshift/${this.name}/install-config.yaml`,
      content: header('#', this.model, sources, this.options, notes) + toYaml(installConfig),
      target: 'openshift',
      sensitive: true,
    };
  }

  /** Documents the cluster's manifests come from: the cluster, its networks, regions, LB. */
  private sources(): string[] {
    const c = this.c;
    return [
      c.loc.uri,
      c.controlPlane.network?.loc.uri,
      ...c.workers.flatMap((w) => w.networks.map((n) => n.loc.uri)),
      ...c.regions.map((r) => r.loc.uri),
      c.loadBalancer.lb?.loc.uri,
    ].filter((u): u is string => !!u);
  }

  /**
   * The zone order that makes the installer's round-robin produce the placement's per-zone
   * counts, or undefined (with an error) when no order can.
   */
  private spread(placement: Placement, what: string, loc: Loc | undefined, compute = false): PoolSpread | undefined {
    const entries = [...placement.perZone];
    if (!entries.length) return { zones: [] };
    const placed = entries.filter(([, n]) => n > 0);
    if (!placed.length) return { zones: entries.map(([z]) => z) };
    const counts = placed.map(([, n]) => n);
    const max = Math.max(...counts);
    const min = Math.min(...counts);
    if (max - min > 1) {
      const written = entries.map(([z, n]) => `${z.name}: ${n}`).join(', ');
      this.error(
        'uneven-zones',
        `${what} have ${written}, which install-config cannot express: the installer spreads replicas round-robin over the zones, so per-zone counts differ by at most one. Use such counts${compute ? ', or put these workers on their own networks so that topo creates them day 2 with one MachineSet per zone' : ''}`,
        loc,
      );
      return undefined;
    }
    // Stable: fuller zones first, declaration order otherwise.
    return { zones: placed.map(([z, n], i) => ({ z, n, i })).sort((a, b) => b.n - a.n || a.i - b.i).map((x) => x.z) };
  }

  private rootVolume(rv: { sizeGiB: number; types: string[] }, declared: Zone[], zones: Zone[], what: string, loc: Loc | undefined): RootVolumeOut | undefined {
    let ok = true;
    if (!isWholeGiB(rv.sizeGiB)) {
      this.error('root-volume', `${what}: the root volume size must be a whole number of GiB (it is ${formatGiB(rv.sizeGiB)})`, loc);
      ok = false;
    }
    if (!rv.types.length) {
      this.error('root-volume', `${what}: give the root volume a volume type (\`rootVolume ${formatGiB(rv.sizeGiB)} type "ssd"\`); the installer requires rootVolume.types`, loc);
      ok = false;
    }
    let types = rv.types;
    if (rv.types.length > 1) {
      // One type per zone, in the order the zones were written; follow the zones' new order.
      if (rv.types.length !== declared.length || zones.some((z) => !declared.includes(z))) {
        this.error('root-volume', `${what}: give one root volume type, or one per zone (${declared.length}): the installer pairs types with zones`, loc);
        ok = false;
      } else {
        types = zones.map((z) => rv.types[declared.indexOf(z)]!);
      }
    }
    if (!ok) return undefined;
    // Cinder zones are taken to be named like the Nova zones; required whenever zones are set.
    return { size: rv.sizeGiB, types, zones: zones.length ? zones.map((z) => z.name) : undefined };
  }

  private pool(name: 'master' | 'worker', replicas: number, flavor: string, zones: Zone[], root: RootVolumeOut | undefined, serverGroup: string | undefined): YamlMap {
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

  private checkNetworks(machineNetworks: string[]): void {
    const c = this.c;
    const pod = parseCidr(c.podNetwork);
    if (pod && (c.hostPrefix <= pod.prefix || c.hostPrefix > 32)) {
      this.error('host-prefix', `hostPrefix ${c.hostPrefix} must be longer than the /${pod.prefix} of podNetwork ${c.podNetwork} (each node gets a /${c.hostPrefix} out of it)`, c.props.podNetwork);
    }
    const named: [string, string, Loc | undefined][] = [
      ['podNetwork', c.podNetwork, c.props.podNetwork],
      ['serviceNetwork', c.serviceNetwork, c.props.serviceNetwork],
      ...machineNetworks.map((m): [string, string, Loc | undefined] => ['machine network', m, c.props.machineNetwork]),
    ];
    for (const [what, cidr, loc] of named) {
      const parsed = parseCidr(cidr);
      const norm = parsed && formatCidr(normalizeCidr(parsed));
      if (!parsed) this.error('network-address', `${what} ${cidr} is not an IPv4 CIDR`, loc);
      else if (norm !== cidr) this.error('network-address', `${what} ${cidr} is not a network address (the installer rejects it): write ${norm}`, loc);
    }
    for (let i = 0; i < named.length; i++) {
      for (let j = i + 1; j < named.length; j++) {
        const [an, a, aloc] = named[i]!;
        const [bn, b] = named[j]!;
        if (overlaps(a, b)) this.error('network-overlap', `${an} ${a} overlaps ${bn} ${b}: the installer requires disjoint cluster, service and machine networks`, aloc);
      }
    }
  }

  private platform(machineNetworks: string[]): YamlMap {
    const c = this.c;
    const external = c.loadBalancer.kind === 'external';
    const lb = c.loadBalancer.lb;
    let apiVIPs = c.api?.vips ?? [];
    let ingressVIPs = c.ingress?.vips ?? [];
    if (external) {
      if (!apiVIPs.length && lb?.vip) apiVIPs = [lb.vip];
      if (!ingressVIPs.length && lb?.vip) ingressVIPs = [lb.vip];
      if (!apiVIPs.length || !ingressVIPs.length) {
        this.error('vips', `with \`loadBalancer external\` the installer needs the load balancer's addresses: add \`api vip ...\` and \`ingress vip ...\`${lb ? ` or \`vip\` to loadBalancer ${lb.name}` : ''}`, c.loadBalancer.loc);
      }
      if (!c.controlPlane.network) {
        this.error('user-managed-lb', 'a user-managed load balancer needs the cluster on a network you bring (installer docs/user/openstack/external_load_balancer.md): give the control plane a `network`', c.loadBalancer.loc);
      }
    }
    for (const [what, vips, loc] of [['api', apiVIPs, c.api?.loc], ['ingress', ingressVIPs, c.ingress?.loc]] as const) {
      if (vips.length > 2) this.error('vips', `${what} has ${vips.length} VIPs; install-config takes at most two (one IPv4, one IPv6)`, loc);
      else if (vips.length === 2) this.error('vips', `${what} has two IPv4 VIPs; a second VIP is only for the IPv6 family of a dual-stack cluster`, loc);
      if (!external) {
        // keepalived holds the VIPs on the masters and the day-1 workers: the first machine network.
        const primary = machineNetworks[0]!;
        for (const vip of vips) {
          if (!cidrContains(primary, vip)) {
            this.error('vips', `${what} VIP ${vip} is outside the control-plane machine network ${primary}; keepalived can only hold a VIP on the nodes' own subnet`, loc);
          }
        }
      }
    }
    if (!external && apiVIPs.some((v) => ingressVIPs.includes(v))) {
      this.error('vips', `the api and ingress VIPs must differ (${apiVIPs.filter((v) => ingressVIPs.includes(v)).join(', ')}); only a user-managed load balancer may share one`, c.ingress?.loc);
    }
    const apiFip = c.api?.floatingIps ?? [];
    const ingressFip = c.ingress?.floatingIps ?? [];
    for (const [what, fips, loc] of [['api', apiFip, c.api?.loc], ['ingress', ingressFip, c.ingress?.loc]] as const) {
      if (fips.length > 1) this.error('floating-ips', `${what} has ${fips.length} floating IPs; install-config takes one`, loc);
    }
    if ((apiFip.length || ingressFip.length) && !c.externalNetwork) {
      this.error('floating-ips', 'floating IPs come from an external network: add `externalNetwork "public"` (platform.openstack.externalNetwork)', c.api?.loc ?? c.ingress?.loc);
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

  /** Reads a secret through the injected resolver; refuses literals; never puts a value in a message. */
  private secret(ref: SecretRef | undefined, what: string, keyword: string, required: boolean): string | undefined {
    const c = this.c;
    if (!ref) {
      if (required) this.error('secret-missing', `install-config requires a ${what}: add \`${keyword} file "~/.pull-secret.json"\` or \`${keyword} env PULL_SECRET\``, c.insertLoc ?? c.loc);
      return undefined;
    }
    const via = ref.secretName ? `secret ${ref.secretName}` : keyword;
    if (ref.kind === 'literal') {
      this.error('secret-literal', `the ${what} (${via}) is written in the .topo text, and topo never copies a secret from the text: use \`file "<path>"\` or \`env <VARIABLE>\``, ref.loc);
      return undefined;
    }
    const source = ref.kind === 'file' ? `file "${ref.reference}"` : `environment variable ${ref.reference}`;
    const resolve = this.options.resolveSecret;
    if (!resolve) {
      this.error('secret-unresolved', `cannot read the ${what} from ${source}: no secret resolver was given to the generator`, ref.loc);
      return undefined;
    }
    let value: string | undefined;
    try {
      value = resolve(ref);
    } catch (e) {
      this.error('secret-unresolved', `cannot read the ${what} from ${source}: ${(e as Error).message}`, ref.loc);
      return undefined;
    }
    if (value === undefined || !value.trim()) {
      this.error('secret-unresolved', ref.kind === 'file' ? `cannot read the ${what}: file "${ref.reference}" does not exist or is empty` : `cannot read the ${what}: environment variable ${ref.reference} is not set or empty`, ref.loc);
      return undefined;
    }
    value = value.trim();
    if (keyword === 'pullSecret') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = undefined;
      }
      if (!parsed || typeof parsed !== 'object' || !('auths' in parsed)) {
        this.error('secret-format', `the ${what} from ${source} is not a pull secret (JSON with "auths"); download it from console.redhat.com`, ref.loc);
        return undefined;
      }
      return JSON.stringify(parsed); // one line, whatever the file's layout
    }
    if (/PRIVATE KEY/.test(value)) {
      this.error('secret-format', `${source} holds a PRIVATE key; sshKey takes the public key (the .pub file). Nothing was written`, ref.loc);
      return undefined;
    }
    const lines = value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (!lines.every((l) => /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/.test(l))) {
      this.error('secret-format', `${source} does not hold an SSH public key (\`ssh-ed25519 AAAA... user@host\`)`, ref.loc);
      return undefined;
    }
    return lines.join('\n');
  }

  /** The manifest of one day-2 MachineSet (`${INFRA_ID}` stands for the infrastructure ID). */
  private machineSet(m: MachineSetPlan, sources: string[]): string {
    const { pool, zone, count: replicas, networks, root, file } = m;
    const suffix = file.slice(this.name.length + 1);
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
      `Day 2 (seed 003): MachineSet of workers ${pool.name} of cluster ${this.name} in ${where}: ${replicas} machine${replicas === 1 ? '' : 's'}.`,
      `${INFRA_ID} stands for the cluster's infrastructure ID, known only after installation. Apply with:`,
      `  INFRA_ID=$(oc get infrastructure cluster -o jsonpath='{.status.infrastructureName}')`,
      `  sed "s/\\\${INFRA_ID}/$INFRA_ID/g" ${file}.yaml | oc apply -f -`,
    ];
    if (pool.serverGroup) {
      notes.push(`Server group policy ${pool.serverGroup}: the machine API only names the group, so create it first:`);
      notes.push(`  openstack server group create --policy ${pool.serverGroup} ${serverGroup}`);
    }
    return header('#', this.model, sources, this.options, notes) + toYaml(doc);
  }
}

function parseVersion(v: string | undefined): [number, number] | undefined {
  const m = v ? /^(\d+)\.(\d+)/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function sameCidr(a: string, b: string): boolean {
  const x = parseCidr(a);
  const y = parseCidr(b);
  return !!x && !!y && formatCidr(normalizeCidr(x)) === formatCidr(normalizeCidr(y));
}

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

function isWholeGiB(n: number): boolean {
  return Number.isInteger(n) && n >= 1;
}

function formatGiB(n: number): string {
  return `${Number(n.toFixed(2))}GiB`;
}
