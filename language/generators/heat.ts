/**
 * HEAT generator (PRODUCT.md §3): HOT templates (`heat_template_version: 2018-08-31`, rocky) for
 * the OpenStack infrastructure of a topology. docs/generators.md ("HEAT") gives the reasons; in
 * short:
 *
 * - One template per project (and per region when the topology spans several OpenStack regions):
 *   a Heat stack lives in one project of one region, so that is the unit a HEAT user creates,
 *   deletes and creates again (seed 000: "deployed over and over again"). Elements without a
 *   project go into `<topology>.yaml` (the project of whoever creates the stack). A reference to
 *   something another template creates (a router interface on another project's subnet, a server
 *   on it) becomes a parameter whose default is the OpenStack name that template gives it, and
 *   the description says which stacks to create first.
 * - Parameters: the environment's name (the topology's `env`/`environment` parameter, else
 *   `environment`), every topology `param` (type and default), the external networks, and what
 *   cannot be known (missing images/flavors, secrets: `hidden: true`, never a default).
 * - `cidrsubnet($subnet, newbits, netnum)`: HOT cannot compute CIDRs. When the prefix and the
 *   result are octet-aligned (`/16` + 8 → `/24`) the CIDR is a `str_replace` over the octets of
 *   the `subnet` parameter, whose `allowed_pattern` then pins its prefix length, so another
 *   environment's subnet works. Otherwise the network gets its own `<net>_cidr` parameter whose
 *   default is the CIDR computed from the model.
 * - FWaaS v2 cannot be created by Heat (DOMAIN.md): a comment points at terraform/firewall.tf.
 *
 * Pure: model (+ options) → files; deterministic (model order, no timestamps).
 */
import { cidrContains, parseCidr } from '../model/cidr.js';
import type {
  Cluster,
  Element,
  Endpoint,
  HealthCheck,
  Listener,
  LoadBalancer,
  Network,
  Placement,
  Project,
  Region,
  Router,
  SecretRef,
  SecurityGroup,
  SecurityRule,
  Servers,
  TopoModel,
  Zone,
} from '../model/types.js';
import {
  header,
  openstackNames,
  reportProblem,
  type GeneratedFile,
  type GenerationProblem,
  type GenerationTarget,
  type GeneratorOptions,
} from './types.js';

export const HEAT_TEMPLATE_VERSION = '2018-08-31';

// =============================================================================================
// Shared OpenStack mapping (also used by the Terraform generator)
// =============================================================================================

/** Providers whose regions are OpenStack clouds (K5 is OpenStack with extensions). */
export function isOpenStackRegion(r: Region | undefined): boolean {
  return !r || r.provider === undefined || r.provider === 'openstack' || r.provider === 'k5';
}

/** One Heat stack / one Terraform provider configuration: a project in a region. */
export interface Scope {
  key: string;
  region?: Region;
  project?: Project;
  networks: Network[];
  routers: Router[];
  securityGroups: SecurityGroup[];
  servers: Servers[];
  loadBalancers: LoadBalancer[];
  /** Clusters whose nodes sit on this scope's networks (their machines are not created here). */
  clusters: Cluster[];
  /** Load balancers that are not Octavia (HAProxy VMs, F5): mentioned, not created. */
  otherLoadBalancers: LoadBalancer[];
}

export interface OpenStackPlan {
  /** OpenStack regions in use, in model order. */
  regions: Region[];
  scopes: Scope[];
  scopeOf: Map<Element, Scope>;
}

type Report = (severity: 'error' | 'warning', code: string, message: string, el?: Element) => void;

/**
 * Problems both OpenStack targets report in the same words (each under its own target): one text
 * per check, so that `topo generate` says the same thing for Heat and for Terraform.
 */
type Problem = ['error' | 'warning', string, string];
export const openstackProblems = {
  networkWithoutCidr: (): Problem => ['warning', 'network-cidr', 'has no cidr: its network is created without a subnet'],
  snatWithoutExternal: (r: Router): Problem => ['warning', 'router-snat', `snat ${r.snat ? 'on' : 'off'} without an external network does nothing`],
  unknownGroup: (r: SecurityRule): Problem => ['warning', 'sg-group', `rule ${r.direction} ... group ${r.peer?.group}: no such security group; rule left out`],
  serverWithoutNetwork: (): Problem => ['warning', 'server-network', 'has no network: Nova picks one (or fails when the project has several)'],
  vipWithoutNetwork: (): Problem => ['error', 'lb-network', 'no network for its VIP: add `network <name>`'],
  vipWithoutSubnet: (vip: Network): Problem => ['error', 'lb-network', `its VIP network ${vip.name} has no cidr, so no subnet for the VIP: give ${vip.name} a cidr`],
  membersWithoutSubnet: (member: Servers, net: Network): Problem => ['warning', 'lb-member', `servers ${member.name} are not added to its pools: their network ${net.name} has no cidr, so no subnet for the members`],
};

/** The problem reporter of a generator target. */
export function reporter(target: GenerationTarget, options: GeneratorOptions, problems?: GenerationProblem[]): Report {
  return (severity, code, message, el) => {
    const p: GenerationProblem = {
      severity,
      target,
      code: `${target}/${code}`,
      message: el ? `${kindWord(el)} ${el.name}: ${message}` : message,
      element: el ? `${kindWord(el)} ${el.name}` : undefined,
      loc: el?.nameLoc,
    };
    problems?.push(p);
    reportProblem(options, p);
  };
}

function kindWord(el: Element): string {
  return el.kind === 'loadBalancer' ? 'loadBalancer' : el.kind === 'securityGroup' ? 'securityGroup' : el.kind;
}

const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function regionsOfZones(zones: readonly Zone[]): Region[] {
  return unique(zones.map((z) => z.region));
}

/** Is the load balancer an OpenStack (Octavia) one? `provider` unset counts as Octavia. */
export function isOctavia(lb: LoadBalancer): boolean {
  return lb.provider === undefined || lb.provider === 'octavia';
}

/**
 * Splits the model into scopes (project × region) and decides where every element goes. Elements
 * in regions of other providers (vSphere, AWS ...) are left out.
 */
export function planOpenStack(model: TopoModel, report: Report): OpenStackPlan {
  const osRegions = model.regions.filter((r) => isOpenStackRegion(r));
  const scopes = new Map<string, Scope>();
  const scopeOf = new Map<Element, Scope>();
  const projectRegion = new Map<Project | undefined, Region>();

  const scope = (project: Project | undefined, region: Region | undefined): Scope => {
    const key = `${region?.name ?? ''}/${project?.name ?? ''}`;
    let s = scopes.get(key);
    if (!s) {
      s = { key, region, project, networks: [], routers: [], securityGroups: [], servers: [], loadBalancers: [], clusters: [], otherLoadBalancers: [] };
      scopes.set(key, s);
    }
    return s;
  };

  /** The region of an element from its candidate regions (first wins), or the fallback. */
  const pick = (el: Element & { project?: Project }, candidates: Region[]): Region | undefined | null => {
    const regions = unique(candidates);
    if (regions.length > 1) {
      report('warning', 'regions', `spans regions ${regions.map((r) => r.name).join(', ')}; an OpenStack resource lives in one region: generated in ${regions[0]!.name}`, el);
    }
    const r = regions[0] ?? projectRegion.get(el.project) ?? (osRegions.length === 1 ? osRegions[0] : osRegions[0]);
    if (r && !isOpenStackRegion(r)) return null; // another provider: not ours
    if (r && el.project && !projectRegion.has(el.project)) projectRegion.set(el.project, r);
    return r;
  };

  const place = <K extends 'networks' | 'routers' | 'servers' | 'loadBalancers' | 'otherLoadBalancers'>(el: Element & { project?: Project }, key: K, region: Region | undefined | null): void => {
    if (region === null) return;
    const s = scope(el.project, region);
    (s[key] as Element[]).push(el);
    scopeOf.set(el, s);
  };

  // First pass: elements with their own zones fix their project's region.
  for (const n of model.networks) if (n.zones.length && n.project) projectRegion.set(n.project, projectRegion.get(n.project) ?? n.zones[0]!.region);
  for (const r of model.routers) if (r.zones.length && r.project) projectRegion.set(r.project, projectRegion.get(r.project) ?? r.zones[0]!.region);

  for (const n of model.networks) {
    place(n, 'networks', pick(n, [...regionsOfZones(n.zones), ...regionsOfZones(n.gateways.flatMap((g) => g.zones))]));
  }
  for (const r of model.routers) {
    place(r, 'routers', pick(r, regionsOfZones(r.zones.length ? r.zones : r.interfaces.flatMap((n) => n.zones))));
  }
  for (const s of model.servers) {
    const zones = [...s.placement.perZone.keys(), ...s.zones];
    place(s, 'servers', pick(s, regionsOfZones(zones.length ? zones : s.networks.flatMap((n) => n.zones))));
  }
  for (const lb of model.loadBalancers) {
    const memberZones = lb.members.flatMap((m) => (m.kind === 'servers' ? [...m.placement.perZone.keys()] : m.zones));
    const zones = lb.zones.length ? lb.zones : lb.network?.zones.length ? lb.network.zones : memberZones;
    place(lb, isOctavia(lb) ? 'loadBalancers' : 'otherLoadBalancers', pick(lb, regionsOfZones(zones)));
  }
  // Security groups: where the servers that use them are; else with their project.
  for (const sg of model.securityGroups) {
    const users = model.servers.filter((s) => s.securityGroups.includes(sg) && scopeOf.has(s));
    const regions = unique(users.map((s) => scopeOf.get(s)!.region));
    if (!regions.length) {
      const r = pick(sg, []);
      if (r !== null) regions.push(r);
    }
    for (const r of regions) {
      const s = scope(sg.project, r);
      s.securityGroups.push(sg);
      if (!scopeOf.has(sg)) scopeOf.set(sg, s);
    }
  }
  for (const c of model.clusters) {
    for (const s of unique(c.networks.map((n) => scopeOf.get(n)).filter((x): x is Scope => !!x))) s.clusters.push(c);
  }

  const ordered = [...scopes.values()].sort((a, b) => {
    const ra = a.region ? model.regions.indexOf(a.region) : -1;
    const rb = b.region ? model.regions.indexOf(b.region) : -1;
    if (ra !== rb) return ra - rb;
    const pa = a.project ? model.projects.indexOf(a.project) : -1;
    const pb = b.project ? model.projects.indexOf(b.project) : -1;
    return pa - pb;
  });
  const usedRegions = unique(ordered.map((s) => s.region).filter((r): r is Region => !!r));
  return { regions: usedRegions.length ? usedRegions : osRegions.slice(0, 1), scopes: ordered, scopeOf };
}

/**
 * The zone of each machine of a group, in order (index i = machine i): round-robin over the
 * zones that still have room, so `az1: 2, az2: 1` gives az1, az2, az1. Unplaced machines: undefined.
 */
export function expandPlacement(p: Placement): (Zone | undefined)[] {
  const left = new Map(p.perZone);
  const zones = [...left.keys()];
  const out: (Zone | undefined)[] = [];
  let i = 0;
  while ([...left.values()].some((n) => n > 0)) {
    const z = zones[i % zones.length]!;
    if ((left.get(z) ?? 0) > 0) {
      out.push(z);
      left.set(z, left.get(z)! - 1);
    }
    i++;
  }
  for (let k = 0; k < p.unplaced; k++) out.push(undefined);
  return out;
}

export interface OctaviaMapping {
  listener: 'HTTP' | 'HTTPS' | 'TERMINATED_HTTPS' | 'TCP';
  pool: 'HTTP' | 'HTTPS' | 'TCP';
  monitor: 'HTTP' | 'HTTPS' | 'TCP';
  /** Re-encryption towards the members (pool `tls_enabled`). */
  poolTls: boolean;
  /** TLS is terminated: the listener needs a Barbican certificate container. */
  needsCertificate: boolean;
  notes: string[];
}

/** How a `listen` line maps to Octavia's listener, pool and monitor protocols. */
export function octaviaMapping(l: Listener): OctaviaMapping {
  const notes: string[] = [];
  if (l.protocol === 'http') {
    if (l.tls) notes.push(`listen http ${l.port} tls ${l.tls}: plain HTTP has no TLS to ${l.tls}; generated as HTTP`);
    return { listener: 'HTTP', pool: 'HTTP', monitor: 'HTTP', poolTls: false, needsCertificate: false, notes };
  }
  if (l.protocol === 'https') {
    if (l.tls === 'terminate') return { listener: 'TERMINATED_HTTPS', pool: 'HTTP', monitor: 'HTTP', poolTls: false, needsCertificate: true, notes };
    if (l.tls === 'reencrypt') return { listener: 'TERMINATED_HTTPS', pool: 'HTTP', monitor: 'HTTPS', poolTls: true, needsCertificate: true, notes };
    return { listener: 'HTTPS', pool: 'HTTPS', monitor: 'HTTPS', poolTls: false, needsCertificate: false, notes };
  }
  if (l.tls === 'terminate' || l.tls === 'reencrypt') {
    notes.push(`listen tcp ${l.port} tls ${l.tls}: Octavia terminates TLS for HTTP only (TERMINATED_HTTPS); generated as TCP pass-through`);
  }
  if (l.tls) return { listener: 'TCP', pool: 'TCP', monitor: 'HTTPS', poolTls: false, needsCertificate: false, notes };
  return { listener: 'TCP', pool: 'TCP', monitor: 'TCP', poolTls: false, needsCertificate: false, notes };
}

export const LB_ALGORITHMS: Record<string, 'ROUND_ROBIN' | 'LEAST_CONNECTIONS' | 'SOURCE_IP'> = {
  'round-robin': 'ROUND_ROBIN',
  'least-connections': 'LEAST_CONNECTIONS',
  'source-ip': 'SOURCE_IP',
};

export interface MonitorTiming {
  delay: number;
  timeout: number;
  /** rise: successes before a member is ONLINE. */
  maxRetries: number;
  /** fall: failures before a member is ERROR (declared only). */
  maxRetriesDown?: number;
  notes: string[];
}

/** Octavia's default number of failed checks before a member goes to ERROR (max_retries_down). */
export const OCTAVIA_DEFAULT_FALL = 3;

/**
 * Octavia health-monitor timing from a health check: delay = interval, timeout, max_retries =
 * rise, max_retries_down = fall. Octavia counts whole seconds, needs timeout <= delay and 1..10
 * retries; what had to be adjusted is in `notes`.
 */
export function monitorTiming(h: HealthCheck): MonitorTiming {
  const notes: string[] = [];
  const secs = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000)));
  const delay = secs(h.intervalMs) ?? 5;
  if (h.intervalMs !== undefined && h.intervalMs % 1000 !== 0) notes.push(`every ${h.intervalMs}ms: Octavia counts whole seconds, delay ${delay}`);
  let timeout = secs(h.timeoutMs) ?? delay;
  if (timeout > delay) {
    notes.push(`timeout ${timeout}s is longer than the interval (${delay}s); Octavia needs timeout <= delay: timeout ${delay}`);
    timeout = delay;
  }
  const clamp = (n: number, what: string): number => {
    const c = Math.min(10, Math.max(1, Math.round(n)));
    if (c !== n) notes.push(`${what} ${n}: Octavia accepts 1 to 10, ${c} used`);
    return c;
  };
  const maxRetries = clamp(h.rise ?? 3, 'rise');
  const maxRetriesDown = h.fall === undefined ? undefined : clamp(h.fall, 'fall');
  return { delay, timeout, maxRetries, maxRetriesDown, notes };
}

/** The network a load balancer's VIP is on: declared, else its first member's first network. */
export function vipNetwork(lb: LoadBalancer): Network | undefined {
  if (lb.network) return lb.network;
  for (const m of lb.members) {
    if (m.kind === 'servers' && m.networks.length) return m.networks[0];
    if (m.kind === 'cluster') {
      const n = m.controlPlane.network ?? m.networks[0];
      if (n) return n;
    }
  }
  return undefined;
}

/** The network of a server group a pool member is reached on: the VIP network when it has a leg there. */
export function memberNetwork(s: Servers, vip: Network | undefined): Network | undefined {
  return vip && s.networks.includes(vip) ? vip : s.networks[0];
}

/** How a router is attached to one of its networks. */
export interface Attachment {
  /** The network's gateway router takes the subnet's gateway address (interface by subnet). */
  gateway: boolean;
  /** Another router on the same subnet gets a port of its own; its address when the model implies it. */
  ip?: string;
}

/**
 * Router attachments: the first `gateway` of a network (else the first router listing it in
 * `interfaces`) takes the gateway address; any other router on that network needs a port of its
 * own, whose address is the next hop that the other routers' static routes use on that network
 * when there is exactly one such router and one such next hop (seed 000: router 1 is `.254`).
 */
export function routerAttachments(model: TopoModel): Map<Router, Map<Network, Attachment>> {
  const out = new Map<Router, Map<Network, Attachment>>();
  for (const n of model.networks) {
    const routers = model.routers.filter((r) => r.interfaces.includes(n));
    if (!routers.length) continue;
    const primary = n.gateways.find((g) => routers.includes(g)) ?? routers[0]!;
    const secondary = routers.filter((r) => r !== primary);
    const hops = unique(
      routers.flatMap((r) => r.routes.map((x) => x.nexthop)).filter((ip) => n.cidr !== undefined && cidrContains(n.cidr, ip)),
    );
    for (const r of routers) {
      if (!out.has(r)) out.set(r, new Map());
      const a: Attachment = { gateway: r === primary };
      if (!a.gateway && secondary.length === 1 && hops.length === 1) a.ip = hops[0];
      out.get(r)!.set(n, a);
    }
  }
  return out;
}

/**
 * Addresses that servers hold besides their own (keepalived VIPs of HAProxy load balancers
 * running on them): per server group and network. Port security drops them unless they are
 * allowed address pairs of the servers' ports.
 */
export function vipAddressPairs(model: TopoModel): Map<Servers, Map<Network, string[]>> {
  const out = new Map<Servers, Map<Network, string[]>>();
  for (const lb of model.loadBalancers) {
    const via = lb.via;
    if (!via || !lb.vip || isOctavia(lb)) continue;
    const net = vipNetworkOfVia(lb);
    if (!net) continue;
    if (!out.has(via)) out.set(via, new Map());
    const m = out.get(via)!;
    m.set(net, unique([...(m.get(net) ?? []), lb.vip]));
  }
  return out;
}

/** The network of an HAProxy load balancer's VIP: declared, else the via servers' network holding it. */
export function vipNetworkOfVia(lb: LoadBalancer): Network | undefined {
  if (lb.network) return lb.network;
  const nets = lb.via?.networks ?? [];
  return nets.find((n) => n.cidr !== undefined && lb.vip !== undefined && cidrContains(n.cidr, lb.vip)) ?? nets[0];
}

/** The external network name a router's `external` denotes (`internet`: the cloud's own, unnamed). */
export interface ExternalRef {
  /** `internet` or the network's name. */
  external: string;
  /** Parameter / variable name. */
  param: string;
  /** Default value (the name), none for `internet`. */
  default?: string;
}

/** External networks used by routers and floating IPs, named for parameters. */
export function externalRefs(externals: readonly string[]): Map<string, ExternalRef> {
  const list = unique(externals);
  const out = new Map<string, ExternalRef>();
  for (const e of list) {
    const param = list.length === 1 || e === 'internet' ? 'external_network' : `external_network_${snake(e)}`;
    out.set(e, { external: e, param, default: e === 'internet' ? undefined : e });
  }
  return out;
}

/** The external network a server group's floating IPs come from (its first network's gateway). */
export function floatingExternal(s: Servers): string | undefined {
  for (const n of s.networks) for (const g of n.gateways) if (g.external) return g.external;
  return undefined;
}

/** Whether a network gets a subnet (it has a cidr, literal or from a parameter): only then can ports, VIPs and members name one. */
export function hasSubnet(model: TopoModel, n: Network): boolean {
  return n.cidr !== undefined || (n.cidrExpr?.param !== undefined && model.params.has(n.cidrExpr.param));
}

/** `snake_case` identifier from a name (`web-lb` → `web_lb`). */
export function snake(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (!id) id = 'x';
  if (!/^[A-Za-z_]/.test(id)) id = `_${id}`;
  return id;
}

/** `name` with `_suffix` unless it already ends with it (`web_net` + net → web_net). */
export function withSuffix(name: string, suffix: string): string {
  const s = snake(name);
  return s === suffix || s.endsWith(`_${suffix}`) ? s : `${s}_${suffix}`;
}

/** A file name from an element name: no separators, no dot files. */
export function fileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'topology';
}

/** The topology parameter that names the environment (`env`/`environment`), if any. */
export function environmentParam(model: TopoModel): string | undefined {
  for (const name of ['environment', 'env', 'environment_name', 'environment-name']) {
    const p = model.params.get(name);
    if (p && p.type === 'string') return name;
  }
  return undefined;
}

/** Octet-aligned cidrsubnet: which octets come from the prefix, and the literal rest. */
export interface AlignedCidr {
  /** How many leading octets are taken from the prefix parameter. */
  fromParam: number;
  /** The octets after those (as text), the last one with `/len`. */
  rest: string[];
  /** The prefix length the parameter must have. */
  prefixLength: number;
}

/** `cidrsubnet(prefix, newbits, netnum)` as octet arithmetic when prefix and result are octet-aligned. */
export function alignedCidr(prefixValue: string, newbits: number, netnum: number): AlignedCidr | undefined {
  const c = parseCidr(prefixValue);
  if (!c) return undefined;
  const length = c.prefix + newbits;
  if (c.prefix % 8 !== 0 || length % 8 !== 0 || length > 32 || c.prefix === 0 || newbits < 0) return undefined;
  if (netnum < 0 || netnum >= 2 ** newbits) return undefined;
  const fromParam = c.prefix / 8;
  const newOctets = newbits / 8;
  const rest: string[] = [];
  for (let i = newOctets - 1; i >= 0; i--) rest.push(String(Math.floor(netnum / 256 ** i) % 256));
  while (fromParam + rest.length < 4) rest.push('0');
  if (!rest.length) return undefined;
  rest[rest.length - 1] += `/${length}`;
  return { fromParam, rest, prefixLength: c.prefix };
}

/** Servers' data volume size in whole GiB. */
export function volumeSize(s: Servers): number | undefined {
  return s.volumeGiB === undefined ? undefined : Math.max(1, Math.ceil(s.volumeGiB));
}

export function secretHint(ref: SecretRef | undefined): string {
  if (!ref) return '';
  const via = ref.secretName ? `secret ${ref.secretName}, ` : '';
  if (ref.kind === 'env') return ` (${via}environment variable ${ref.reference})`;
  if (ref.kind === 'file') return ` (${via}file ${ref.reference})`;
  return ref.secretName ? ` (secret ${ref.secretName})` : '';
}

/** A security-group rule as Neutron fields. */
export interface NeutronRule {
  direction: 'ingress' | 'egress';
  protocol?: string;
  portMin?: number;
  portMax?: number;
  remoteIpPrefix?: string;
  remoteGroup?: SecurityGroup;
  /** The rule refers to its own group. */
  self: boolean;
}

export function neutronRule(r: SecurityRule, sg: SecurityGroup, model: TopoModel): NeutronRule {
  const out: NeutronRule = { direction: r.direction, self: false };
  if (r.protocol !== 'any') out.protocol = r.protocol;
  if ((r.protocol === 'tcp' || r.protocol === 'udp') && r.portFrom !== undefined) {
    out.portMin = r.portFrom;
    out.portMax = r.portTo ?? r.portFrom;
  }
  const peer = r.peer;
  if (peer?.group) {
    const g = model.securityGroups.find((x) => x.name === peer.group);
    if (g === sg) out.self = true;
    else out.remoteGroup = g;
  } else if (peer) {
    const prefix = endpointPrefix(peer);
    if (prefix) out.remoteIpPrefix = prefix;
  }
  return out;
}

/** The CIDR an endpoint stands for (`anywhere` = 0.0.0.0/0). */
export function endpointPrefix(e: Endpoint): string | undefined {
  if (e.cidr) return e.cidr;
  if (e.ip) return `${e.ip}/32`;
  if (e.any) return '0.0.0.0/0';
  return undefined;
}

// =============================================================================================
// A small YAML writer for HOT (PyYAML reads templates: YAML 1.1 quoting)
// =============================================================================================

/** Text written as is (`2018-08-31`, which HOT writes unquoted: PyYAML reads a date, Heat accepts it). */
export class YRaw {
  constructor(readonly text: string) {}
}
type YScalar = string | number | boolean | null | YRaw;
export type YValue = YScalar | YMap | YSeq | YFolded;

export interface YEntry {
  key: string;
  value: YValue;
  comments?: string[];
  blankBefore?: boolean;
}

export class YMap {
  constructor(readonly entries: YEntry[], readonly flow = false) {}
}
export class YSeq {
  constructor(readonly items: YValue[], readonly flow = false) {}
}
/** A folded block scalar (`>`), for descriptions. */
export class YFolded {
  constructor(readonly text: string) {}
}

/** A block map from an object literal (undefined members dropped, insertion order kept). */
export function ymap(o: Record<string, YValue | undefined>): YMap {
  return new YMap(Object.entries(o).filter((e): e is [string, YValue] => e[1] !== undefined).map(([key, value]) => ({ key, value })));
}
/** A flow map `{k: v}` (intrinsic functions). */
export const fn = (name: string, arg: YValue): YMap => new YMap([{ key: name, value: arg }], true);
export const flowSeq = (...items: YValue[]): YSeq => new YSeq(items, true);
export const seq = (...items: YValue[]): YSeq => new YSeq(items, false);
export const getResource = (name: string): YMap => fn('get_resource', name);
export const getParam = (name: string): YMap => fn('get_param', name);
export const getAttr = (...path: YScalar[]): YMap => fn('get_attr', flowSeq(...path));

const YAML11_SPECIAL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|=|<<)$/;
const YAML11_NUMBER = /^[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?0[xXbBoO][0-9a-fA-F_]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;
const YAML11_DATE = /^\d{4}-\d{1,2}-\d{1,2}/;

function yScalar(v: YScalar, flow: boolean): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof YRaw) return v.text;
  const plain =
    /[A-Za-z0-9]/.test(v) &&
    // no indicator first, no control characters, nothing that starts a comment or a mapping value
    !/^[-?:,[\]{}#&*!|>'"%@`\s]/.test(v) &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(v) &&
    !/\s$/.test(v) &&
    !/:$/.test(v) &&
    !/: | #/.test(v) &&
    !(flow && /[,[\]{}:#]/.test(v)) &&
    !YAML11_SPECIAL.test(v) &&
    !YAML11_NUMBER.test(v) &&
    !YAML11_DATE.test(v);
  if (plain && !YAML_UNSAFE.test(v)) return v;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v) || YAML_UNSAFE.test(v)) return yDouble(v);
  return `'${v.replace(/'/g, "''")}'`;
}

/**
 * What YAML 1.1 (PyYAML, which Heat uses) does not accept as text anywhere in a document, even in
 * a comment: characters outside its printable set (C1 controls, lone surrogates, U+FFFE/FFFF),
 * and the line breaks it counts but we do not write (CR, NEL, U+2028, U+2029). Found by fuzzing:
 * a C1 control character in a description made Heat refuse the template.
 */
// eslint-disable-next-line no-control-regex
const YAML_UNSAFE = /[^\x09\x0A\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\u2028\u2029]/u;
// eslint-disable-next-line no-control-regex
const YAML_UNSAFE_ALL = new RegExp(YAML_UNSAFE.source, 'gu');

/** A double-quoted scalar with every character outside printable ASCII that YAML would not take escaped. */
function yDouble(v: string): string {
  let out = '"';
  for (const ch of v) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (!YAML_UNSAFE.test(ch)) out += ch;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\ufffd'; // a lone surrogate: no UTF-8 for it, Heat could not encode it
    else if (cp <= 0xff) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp <= 0xffff) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

/** Comment text YAML accepts: characters it would refuse are written as `\uXXXX`. */
function printable(text: string): string {
  return text.replace(YAML_UNSAFE_ALL, (ch) => (/[\ud800-\udfff]/.test(ch) ? '\ufffd' : `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`));
}

function yFlow(v: YValue): string {
  if (v instanceof YMap) return `{${v.entries.map((e) => `${yScalar(e.key, true)}: ${yFlow(e.value)}`).join(', ')}}`;
  if (v instanceof YSeq) return `[${v.items.map(yFlow).join(', ')}]`;
  if (v instanceof YFolded) return yScalar(v.text, true);
  return yScalar(v, true);
}

function comments(lines: readonly string[] | undefined, pad: string): string {
  const width = Math.max(40, 100 - pad.length - 2);
  return (lines ?? [])
    .flatMap((l) => (l ? wrap(printable(l), width) : ['']))
    .map((l) => (l ? `${pad}# ${l}` : `${pad}#`) + '\n')
    .join('');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

/** A flow collection whose members are all scalars or flow collections (else written as a block). */
function isFlow(v: YValue): boolean {
  if (v instanceof YMap) return v.flow && v.entries.every((e) => isFlow(e.value));
  if (v instanceof YSeq) return v.flow && v.items.every(isFlow);
  return true;
}

function yAfterKey(v: YValue, indent: number): string {
  if (v instanceof YFolded && !YAML_UNSAFE.test(v.text) && !/[\u0000-\u001f\u007f]/.test(v.text.replace(/\n/g, ''))) {
    const pad = ' '.repeat(indent + 2);
    return ' >\n' + wrap(v.text, Math.max(40, 98 - indent)).map((l) => (l ? pad + l : '')).join('\n') + '\n';
  }
  if (v instanceof YFolded) return ` ${yScalar(v.text, false)}\n`;
  if (v instanceof YMap && !isFlow(v)) return v.entries.length ? '\n' + yMapBlock(v, indent + 2) : ' {}\n';
  if (v instanceof YSeq && !isFlow(v)) return v.items.length ? '\n' + ySeqBlock(v, indent + 2) : ' []\n';
  if (v instanceof YMap || v instanceof YSeq) return ` ${yFlow(v)}\n`;
  return ` ${yScalar(v, false)}\n`;
}

function yMapBlock(m: YMap, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const e of m.entries) {
    if (e.blankBefore && out) out += '\n';
    out += comments(e.comments, pad);
    out += `${pad}${yScalar(e.key, false)}:${yAfterKey(e.value, indent)}`;
  }
  return out;
}

function ySeqBlock(s: YSeq, indent: number): string {
  const pad = ' '.repeat(indent);
  let out = '';
  for (const item of s.items) {
    if (item instanceof YMap && !isFlow(item) && item.entries.length) {
      const text = yMapBlock(new YMap(item.entries.map((e, i) => (i === 0 ? { ...e, comments: undefined, blankBefore: false } : e))), indent + 2);
      out += comments(item.entries[0]!.comments, pad);
      out += `${pad}- ${text.slice(indent + 2)}`;
    } else if (item instanceof YSeq && !isFlow(item)) {
      out += `${pad}- ${yFlow(new YSeq(item.items, true))}\n`;
    } else {
      out += `${pad}- ${yFlow(item)}\n`;
    }
  }
  return out;
}

/** A YAML document from a top-level block map. */
export function renderYaml(m: YMap): string {
  return yMapBlock(m, 0);
}

// =============================================================================================
// HEAT
// =============================================================================================

export function generateHeat(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const report = reporter('heat', options);
  const plan = planOpenStack(model, report);
  const multiRegion = plan.regions.length > 1;
  const files: GeneratedFile[] = [];
  const paths = new Map<Scope, string>();
  const used = new Set<string>();
  for (const s of plan.scopes) {
    let base = fileName(s.project?.name ?? model.name);
    if (!s.project && model.projects.some((p) => fileName(p.name) === base)) base = `${base}-default`;
    let path = multiRegion && s.region ? `heat/${fileName(s.region.name)}/${base}.yaml` : `heat/${base}.yaml`;
    for (let n = 2; used.has(path); n++) path = path.replace(/(-\d+)?\.yaml$/, `-${n}.yaml`);
    used.add(path);
    paths.set(s, path);
  }
  for (const s of plan.scopes) {
    if (!s.networks.length && !s.routers.length && !s.securityGroups.length && !s.servers.length && !s.loadBalancers.length) continue;
    const t = new HotTemplate(model, plan, s, paths, report);
    files.push({ path: paths.get(s)!, content: t.render(options), target: 'heat' });
  }
  return files;
}

interface HotParam {
  name: string;
  type: 'string' | 'number' | 'comma_delimited_list' | 'boolean';
  description: string;
  default?: string | number;
  hidden?: boolean;
  constraints?: YValue[];
}

class HotTemplate {
  private readonly params = new Map<string, HotParam>();
  private readonly resources: YEntry[] = [];
  private readonly outputs: YEntry[] = [];
  private readonly taken = new Set<string>();
  private readonly ids = new Map<string, string>();
  private readonly topComments: string[] = [];
  private readonly sources = new Set<string>();
  /** Stacks this one refers to (create them first). */
  private readonly after = new Set<string>();
  private readonly envParam: string;
  /** Topology parameters that this template's resources read. */
  private readonly usedParams = new Set<string>();
  private readonly externals: Map<string, ExternalRef>;
  private readonly attachments: Map<Router, Map<Network, Attachment>>;
  private readonly vipPairs: Map<Servers, Map<Network, string[]>>;

  constructor(
    private readonly model: TopoModel,
    private readonly plan: OpenStackPlan,
    private readonly scope: Scope,
    private readonly paths: Map<Scope, string>,
    private readonly report: Report,
  ) {
    this.envParam = environmentParam(model) ?? 'environment';
    const externals = [
      ...scope.routers.map((r) => r.external).filter((e): e is string => !!e),
      ...scope.servers.filter((s) => s.floatingIps).map((s) => floatingExternal(s) ?? 'internet'),
    ];
    this.externals = externalRefs(externals);
    this.attachments = routerAttachments(model);
    this.vipPairs = vipAddressPairs(model);
  }

  // ------------------------------------------------------------------ names

  /** A unique resource name for (kind, element) in this template. */
  private id(kind: string, name: string, suffix: string): string {
    const key = `${kind}:${name}`;
    const known = this.ids.get(key);
    if (known) return known;
    let id = suffix ? withSuffix(name, suffix) : snake(name);
    for (let n = 2; this.taken.has(id); n++) id = `${suffix ? withSuffix(name, suffix) : snake(name)}_${n}`;
    this.taken.add(id);
    this.ids.set(key, id);
    return id;
  }
  private netId(n: Network): string {
    return this.id('net', n.name, 'net');
  }
  private subnetId(n: Network): string {
    return this.id('subnet', n.name, 'subnet');
  }
  private routerId(r: Router): string {
    return this.id('router', r.name, 'router');
  }
  private sgId(g: SecurityGroup): string {
    return this.id('sg', g.name, 'sg');
  }
  private serverId(s: Servers, i: number): string {
    return this.id('server', `${s.name}-${i}`, '');
  }
  private lbId(lb: LoadBalancer): string {
    return this.id('lb', lb.name, 'lb');
  }

  private param(p: HotParam): string {
    if (!this.params.has(p.name)) this.params.set(p.name, p);
    return p.name;
  }

  private addResource(id: string, type: string, properties: YMap, extra: { comments?: string[]; dependsOn?: string[] } = {}): void {
    const body: YEntry[] = [{ key: 'type', value: type }];
    if (properties.entries.length) body.push({ key: 'properties', value: properties });
    if (extra.dependsOn?.length) body.push({ key: 'depends_on', value: extra.dependsOn.length === 1 ? extra.dependsOn[0]! : flowSeq(...extra.dependsOn) });
    this.resources.push({ key: id, value: new YMap(body), comments: extra.comments, blankBefore: true });
  }

  private source(el: { loc: { uri: string } }): void {
    if (el.loc.uri) this.sources.add(el.loc.uri);
  }

  private inScope(el: Element): boolean {
    return this.plan.scopeOf.get(el) === this.scope || (el.kind === 'securityGroup' && this.scope.securityGroups.includes(el as SecurityGroup));
  }

  private otherStack(el: Element): string | undefined {
    const s = this.plan.scopeOf.get(el);
    const path = s && this.paths.get(s);
    return path?.replace(/^heat\//, '');
  }

  // ------------------------------------------------------------------ references

  /** The subnet of a network: this template's resource, or a parameter naming another stack's. */
  private subnetRef(n: Network): YValue {
    if (this.inScope(n)) return getResource(this.subnetId(n));
    const other = this.otherStack(n);
    if (other) this.after.add(other);
    const name = this.param({
      name: `${snake(n.name)}_subnet`,
      type: 'string',
      description: `Subnet ${openstackNames.subnet(n)} of network ${n.name}${n.project ? ` (project ${n.project.name})` : ''}${other ? `, created by ${other}` : ''}; it must be visible to this project (RBAC access_as_shared, or create this stack as an administrator).`,
      default: openstackNames.subnet(n),
      constraints: [ymap({ custom_constraint: 'neutron.subnet' })],
    });
    return getParam(name);
  }

  /** A network: this template's resource, or a parameter naming another stack's. */
  private networkRef(n: Network): YValue {
    if (this.inScope(n)) return getResource(this.netId(n));
    const other = this.otherStack(n);
    if (other) this.after.add(other);
    return getParam(
      this.param({
        name: `${snake(n.name)}_network`,
        type: 'string',
        description: `Network ${openstackNames.network(n)}${n.project ? ` (project ${n.project.name})` : ''}${other ? `, created by ${other}` : ''}; it must be visible to this project.`,
        default: openstackNames.network(n),
        constraints: [ymap({ custom_constraint: 'neutron.network' })],
      }),
    );
  }

  private sgRef(g: SecurityGroup, forRule: boolean): YValue {
    if (this.inScope(g)) return getResource(this.sgId(g));
    const other = this.otherStack(g);
    if (other) this.after.add(other);
    if (forRule) {
      // A rule's remote group must be an ID (Heat does not look rule groups up by name).
      return getParam(
        this.param({
          name: `${snake(g.name)}_security_group_id`,
          type: 'string',
          description: `ID of security group ${g.name}${g.project ? ` of project ${g.project.name}` : ''}${other ? ` (created by ${other})` : ''}.`,
          constraints: [ymap({ custom_constraint: 'neutron.security_group' })],
        }),
      );
    }
    return getParam(
      this.param({
        name: `${snake(g.name)}_security_group`,
        type: 'string',
        description: `Security group ${g.name}${g.project ? ` of project ${g.project.name}` : ''}${other ? ` (created by ${other})` : ''}.`,
        default: g.name,
        constraints: [ymap({ custom_constraint: 'neutron.security_group' })],
      }),
    );
  }

  private externalParam(external: string): string {
    const ref = this.externals.get(external) ?? { external, param: 'external_network', default: external === 'internet' ? undefined : external };
    return this.param({
      name: ref.param,
      type: 'string',
      description: external === 'internet' ? "Name or ID of the cloud's external (internet) network." : `Name or ID of the external network ${external}.`,
      default: ref.default,
      constraints: [ymap({ custom_constraint: 'neutron.network' })],
    });
  }

  /** Nova server tags (at most 60 characters each): topology, environment, group, role. */
  private serverTags(s: Servers): YSeq {
    const fixed = [`topology=${this.model.name}`, `group=${s.name}`, ...(s.role ? [`role=${s.role}`] : [])].filter((t) => t.length <= 60 && !/[,/]/.test(t));
    return flowSeq(fixed[0] ?? 'topo', fn('list_join', flowSeq('=', flowSeq('environment', getParam(this.envParam)))), ...fixed.slice(1));
  }

  private tags(): YSeq {
    return flowSeq(`topology=${this.model.name}`, fn('list_join', flowSeq('=', flowSeq('environment', getParam(this.envParam)))));
  }

  // ------------------------------------------------------------------ parameters of the topology

  private topologyParams(): void {
    if (!this.model.params.has(this.envParam)) {
      this.param({
        name: this.envParam,
        type: 'string',
        description: "The environment's name (resource tags).",
        default: this.model.name,
      });
    }
    for (const p of this.model.params.values()) {
      this.source(p);
      const constraints: YValue[] = [];
      if (p.type === 'cidr') constraints.push(ymap({ custom_constraint: 'net_cidr' }));
      if (p.type === 'ip') constraints.push(ymap({ custom_constraint: 'ip_addr' }));
      const isNumber = p.type === 'number' && Number.isFinite(Number(p.value));
      this.param({
        name: p.name,
        type: isNumber ? 'number' : 'string',
        description:
          p.name === this.envParam
            ? `The environment's name (topology parameter ${p.name}).`
            : p.type === 'cidr'
              ? `Topology parameter ${p.name} (CIDR).`
              : `Topology parameter ${p.name}.`,
        default: isNumber ? Number(p.value) : p.value,
        constraints: constraints.length ? constraints : undefined,
      });
    }
  }

  /** The `cidr` of a network's subnet: a literal, a parameter, or an expression over one. */
  private cidrValue(n: Network): { value: YValue; comments: string[] } | undefined {
    const e = n.cidrExpr;
    if (!e?.param) return n.cidr ? { value: n.cidr, comments: [] } : undefined;
    const p = this.model.params.get(e.param);
    if (!p || !n.cidr) return n.cidr ? { value: n.cidr, comments: [] } : undefined;
    this.usedParams.add(p.name);
    if (e.newbits === undefined || e.netnum === undefined) return { value: getParam(p.name), comments: [] };
    const what = `cidrsubnet($${p.name}, ${e.newbits}, ${e.netnum}): ${n.cidr} for ${p.name} = ${p.value}`;
    const aligned = alignedCidr(p.value, e.newbits, e.netnum);
    if (aligned) {
      // Pin the parameter's prefix length: the octet arithmetic below is right only for it.
      const param = this.params.get(p.name);
      if (param) {
        const octet = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
        const parts: string[] = [];
        for (let i = 0; i < 4; i++) parts.push(i < aligned.fromParam ? octet : '0');
        const pattern = `^${parts.join('\\.')}/${aligned.prefixLength}$`;
        const c = ymap({
          allowed_pattern: pattern,
          description: `a /${aligned.prefixLength} network address: the subnets below are computed octet by octet`,
        });
        const existing = (param.constraints ?? []).some((x) => x instanceof YMap && x.entries.some((en) => en.key === 'allowed_pattern'));
        if (!existing) param.constraints = [...(param.constraints ?? []), c];
      }
      const octets = Array.from({ length: aligned.fromParam }, (_, i) => `$octet${i + 1}`);
      return {
        value: fn(
          'str_replace',
          ymap({
            template: [...octets, ...aligned.rest].join('.'),
            params: new YMap(octets.map((o, i) => ({ key: o, value: fn('str_split', flowSeq('.', getParam(p.name), i)) }))),
          }),
        ),
        comments: [what],
      };
    }
    const name = this.param({
      name: `${snake(n.name)}_cidr`,
      type: 'string',
      description: `CIDR of network ${n.name}: ${what.replace(/: .*/, '')} (HOT cannot compute CIDRs: change it together with ${p.name}).`,
      default: n.cidr,
      constraints: [ymap({ custom_constraint: 'net_cidr' })],
    });
    return { value: getParam(name), comments: [] };
  }

  // ------------------------------------------------------------------ resources

  private network(n: Network): void {
    this.source(n);
    const valueSpecs: [string, YValue][] = [];
    if (n.physnet !== undefined || n.vlan !== undefined) {
      valueSpecs.push(['provider:network_type', n.vlan !== undefined ? 'vlan' : 'flat']);
      if (n.physnet !== undefined) valueSpecs.push(['provider:physical_network', n.physnet]);
      if (n.vlan !== undefined) valueSpecs.push(['provider:segmentation_id', n.vlan]);
    }
    if (n.mtu !== undefined) valueSpecs.push(['mtu', n.mtu]);
    const notes: string[] = [];
    if (n.physnet !== undefined || n.vlan !== undefined) notes.push(`Provider network (${n.netKind ?? 'VLAN'}): creating it needs the admin role.`);
    this.addResource(
      this.netId(n),
      'OS::Neutron::Net',
      ymap({
        name: openstackNames.network(n),
        availability_zone_hints: n.zones.length ? flowSeq(...unique(n.zones.map((z) => z.name))) : undefined,
        value_specs: valueSpecs.length ? new YMap(valueSpecs.map(([key, value]) => ({ key, value }))) : undefined,
        tags: this.tags(),
      }),
      { comments: [`network ${n.name}${n.netKind ? ` (${n.netKind})` : ''}${n.zones.length ? ` in ${unique(n.zones.map((z) => z.name)).join(', ')}` : ''}`, ...notes] },
    );
    const cidr = this.cidrValue(n);
    if (!cidr) {
      this.report(...openstackProblems.networkWithoutCidr(), n);
      return;
    }
    this.addResource(
      this.subnetId(n),
      'OS::Neutron::Subnet',
      new YMap([
        { key: 'name', value: openstackNames.subnet(n) },
        { key: 'network', value: getResource(this.netId(n)) },
        { key: 'cidr', value: cidr.value, comments: cidr.comments },
        { key: 'ip_version', value: 4 },
        ...(n.dns.length ? [{ key: 'dns_nameservers', value: flowSeq(...n.dns) }] : []),
        { key: 'tags', value: this.tags() },
      ]),
    );
    this.outputs.push({ key: `${snake(n.name)}_network_id`, value: ymap({ description: `ID of network ${openstackNames.network(n)}`, value: getResource(this.netId(n)) }) });
    this.outputs.push({ key: `${snake(n.name)}_subnet_id`, value: ymap({ description: `ID of subnet ${openstackNames.subnet(n)}`, value: getResource(this.subnetId(n)) }) });
  }

  private router(r: Router): void {
    this.source(r);
    const comments = [`router ${r.name}${r.zones.length ? ` in ${unique(r.zones.map((z) => z.name)).join(', ')}` : ''}`];
    const props: YEntry[] = [{ key: 'name', value: r.name }];
    if (r.ha && r.distributed) {
      comments.push(
        'ha + distributed: Heat refuses both properties together. The router is distributed (DVR); its centralised SNAT part is HA when neutron.conf sets l3_ha = True.',
      );
      props.push({ key: 'distributed', value: true });
    } else {
      if (r.ha) props.push({ key: 'ha', value: true });
      if (r.distributed) props.push({ key: 'distributed', value: true });
    }
    if (r.ha || r.distributed) comments.push("ha / distributed need the admin role under Neutron's default policy.");
    if (r.zones.length) props.push({ key: 'availability_zone_hints', value: flowSeq(...unique(r.zones.map((z) => z.name))) });
    if (r.external) {
      const gw: YEntry[] = [{ key: 'network', value: getParam(this.externalParam(r.external)) }];
      if (r.snat !== undefined) gw.push({ key: 'enable_snat', value: r.snat });
      props.push({ key: 'external_gateway_info', value: new YMap(gw) });
    } else if (r.snat !== undefined) {
      this.report(...openstackProblems.snatWithoutExternal(r), r);
    }
    props.push({ key: 'tags', value: this.tags() });
    if (r.firewall && r.firewall !== 'off' && r.firewall.rules.length) {
      comments.push(
        `Firewall (${r.firewall.rules.length} rules): Heat cannot create FWaaS v2 (its OS::Neutron::Firewall* resources need FWaaS v1, removed from Neutron in Stein). The firewall group, policy and rules of this router are in the Terraform output: terraform/firewall.tf.`,
      );
    }
    const id = this.routerId(r);
    this.addResource(id, 'OS::Neutron::Router', new YMap(props), { comments });
    const interfaces: string[] = [];
    const attachments = this.attachments.get(r);
    for (const n of r.interfaces) {
      if (!hasSubnet(this.model, n)) continue; // no subnet to attach
      const a = attachments?.get(n) ?? { gateway: true };
      const iid = this.id('interface', `${r.name}-${n.name}`, 'interface');
      interfaces.push(iid);
      if (a.gateway) {
        this.addResource(iid, 'OS::Neutron::RouterInterface', ymap({ router: getResource(id), subnet: this.subnetRef(n) }));
        continue;
      }
      const pid = this.id('port', `${r.name}-${n.name}`, 'port');
      this.addResource(
        pid,
        'OS::Neutron::Port',
        ymap({
          name: `${r.name}-${n.name}`,
          network: this.networkRef(n),
          fixed_ips: seq(ymap({ subnet: this.subnetRef(n), ip_address: a.ip })),
        }),
        {
          comments: [
            `${r.name} is not the gateway of ${n.name} (${n.gateways[0]?.name ?? 'another router'} is): it joins the subnet through a port of its own${a.ip ? `, ${a.ip}, the next hop of the static routes on ${n.name}` : ''}.`,
          ],
        },
      );
      this.addResource(iid, 'OS::Neutron::RouterInterface', ymap({ router: getResource(id), port: getResource(pid) }));
    }
    if (r.routes.length) {
      this.addResource(
        this.id('routes', r.name, 'routes'),
        'OS::Neutron::ExtraRouteSet',
        ymap({
          router: getResource(id),
          routes: seq(...r.routes.map((x) => ymap({ destination: x.destination, nexthop: x.nexthop }))),
        }),
        { comments: ['Static routes (needs the extraroute-atomic extension); the next hops are on the attached subnets.'], dependsOn: interfaces },
      );
    }
    this.outputs.push({ key: `${snake(r.name)}_router_id`, value: ymap({ description: `ID of router ${r.name}`, value: getResource(id) }) });
  }

  private securityGroups(): void {
    const groups = this.scope.securityGroups;
    // Rules that refer to another group of this template go inline (get_resource) unless that
    // would close a dependency cycle; those become OS::Neutron::SecurityGroupRule resources.
    // Egress references are kept inline first: Heat removes a group's default egress rules only
    // when the group's inline rules contain an egress rule.
    const edges = new Map<SecurityGroup, Set<SecurityGroup>>();
    const reaches = (from: SecurityGroup, to: SecurityGroup): boolean => {
      const seen = new Set<SecurityGroup>();
      const stack = [from];
      while (stack.length) {
        const g = stack.pop()!;
        if (g === to) return true;
        if (seen.has(g)) continue;
        seen.add(g);
        stack.push(...(edges.get(g) ?? []));
      }
      return false;
    };
    const separate = new Set<SecurityRule>();
    const candidates: { g: SecurityGroup; r: SecurityRule; target: SecurityGroup }[] = [];
    for (const g of groups) {
      for (const r of g.rules) {
        const nr = neutronRule(r, g, this.model);
        if (nr.remoteGroup && groups.includes(nr.remoteGroup) && this.inScope(nr.remoteGroup)) candidates.push({ g, r, target: nr.remoteGroup });
      }
    }
    candidates.sort((a, b) => (a.r.direction === b.r.direction ? 0 : a.r.direction === 'egress' ? -1 : 1));
    for (const c of candidates) {
      if (reaches(c.target, c.g)) separate.add(c.r);
      else {
        if (!edges.has(c.g)) edges.set(c.g, new Set());
        edges.get(c.g)!.add(c.target);
      }
    }

    for (const g of groups) {
      this.source(g);
      const id = this.sgId(g);
      const rules: YValue[] = [];
      const extra: { r: SecurityRule; nr: NeutronRule }[] = [];
      for (const r of g.rules) {
        const nr = neutronRule(r, g, this.model);
        if (r.peer?.group && !nr.self && !nr.remoteGroup) {
          this.report(...openstackProblems.unknownGroup(r), g);
          continue;
        }
        if (separate.has(r)) {
          extra.push({ r, nr });
          continue;
        }
        rules.push(this.inlineRule(nr));
      }
      if (g.rules.some((r) => r.direction === 'egress') && !rules.some((x) => x instanceof YMap && x.entries.some((e) => e.key === 'direction' && e.value === 'egress'))) {
        this.report('warning', 'sg-egress', 'all its egress rules refer to groups in a cycle: Heat keeps the default allow-all egress rules of this group', g);
      }
      this.addResource(
        id,
        'OS::Neutron::SecurityGroup',
        ymap({
          name: g.name,
          description: `Security group ${g.name} of topology ${this.model.name}`,
          rules: rules.length ? seq(...rules) : undefined,
        }),
        { comments: [`security group ${g.name}`] },
      );
      extra.forEach(({ r, nr }, i) => {
        this.addResource(
          this.id('sgrule', `${g.name}-${r.direction}-${i + 1}`, 'rule'),
          'OS::Neutron::SecurityGroupRule',
          ymap({
            security_group: getResource(id),
            direction: nr.direction,
            ethertype: 'IPv4',
            protocol: nr.protocol,
            port_range_min: nr.portMin,
            port_range_max: nr.portMax,
            remote_group: nr.remoteGroup ? this.sgRef(nr.remoteGroup, false) : undefined,
          }),
          { comments: [`A separate rule: ${g.name} and ${nr.remoteGroup?.name} refer to each other (inline rules would be a dependency cycle).`] },
        );
      });
    }
  }

  private inlineRule(nr: NeutronRule): YMap {
    const e: [string, YValue | undefined][] = [
      ['direction', nr.direction],
      ['ethertype', 'IPv4'],
      ['protocol', nr.protocol],
      ['port_range_min', nr.portMin],
      ['port_range_max', nr.portMax],
    ];
    if (nr.self) e.push(['remote_mode', 'remote_group_id']);
    else if (nr.remoteGroup) e.push(['remote_mode', 'remote_group_id'], ['remote_group_id', this.sgRef(nr.remoteGroup, true)]);
    else if (nr.remoteIpPrefix) e.push(['remote_ip_prefix', nr.remoteIpPrefix]);
    return ymap(Object.fromEntries(e));
  }

  private servers(s: Servers): void {
    this.source(s);
    const zones = expandPlacement(s.placement);
    const baseComments = [
      `servers ${s.name}${s.role ? ` (${s.role})` : ''}: ${zones.length} machine${zones.length === 1 ? '' : 's'}${
        s.placement.perZone.size ? `, ${[...s.placement.perZone].map(([z, n]) => `${n} in ${z.name}`).join(', ')}` : ''
      }`,
    ];
    let groupId: string | undefined;
    if (s.antiAffinity) {
      groupId = this.id('group', s.name, 'group');
      this.addResource(groupId, 'OS::Nova::ServerGroup', ymap({ name: s.name, policies: flowSeq(s.antiAffinity === 'soft' ? 'soft-anti-affinity' : 'anti-affinity') }), {
        comments: [...baseComments, s.antiAffinity === 'soft' ? 'Soft anti-affinity: on different hosts when the scheduler can.' : 'Anti-affinity: never two of them on one host.'],
      });
    }
    const flavor: YValue = s.flavor ?? getParam(this.param({ name: `${snake(s.name)}_flavor`, type: 'string', description: `Flavor of servers ${s.name} (the topology names none).`, constraints: [ymap({ custom_constraint: 'nova.flavor' })] }));
    const image: YValue = s.image ?? getParam(this.param({ name: `${snake(s.name)}_image`, type: 'string', description: `Image of servers ${s.name} (the topology names none).`, constraints: [ymap({ custom_constraint: 'glance.image' })] }));
    const password = s.password
      ? getParam(this.param({ name: `${snake(s.name)}_admin_pass`, type: 'string', description: `Administrator password of servers ${s.name}${secretHint(s.password)}.`, hidden: true }))
      : undefined;
    if (!s.networks.length) this.report(...openstackProblems.serverWithoutNetwork(), s);
    const fipExternal = s.floatingIps ? floatingExternal(s) ?? 'internet' : undefined;
    const size = volumeSize(s);
    const addresses: YValue[] = [];
    zones.forEach((zone, i) => {
      const id = this.serverId(s, i);
      let fipId: string | undefined;
      if (fipExternal) {
        fipId = this.id('fip', `${s.name}-${i}`, 'floating_ip');
        this.addResource(fipId, 'OS::Neutron::FloatingIP', ymap({ floating_network: getParam(this.externalParam(fipExternal)) }));
      }
      const pairs = this.vipPairs.get(s);
      const networks = s.networks.map((n, k) => {
        const vips = pairs?.get(n);
        const fip = k === 0 && fipId ? getResource(fipId) : undefined;
        // A network without a cidr has no subnet to name: the port goes on the network.
        if (!pairs) return hasSubnet(this.model, n) ? ymap({ subnet: this.subnetRef(n), floating_ip: fip }) : ymap({ network: this.networkRef(n), floating_ip: fip });
        // Ports of our own: they carry the VIPs the server may hold (keepalived) as allowed address
        // pairs, and then its security groups too (Nova applies them only to ports it creates).
        const pid = this.id('port', `${s.name}-${i}-${n.name}`, 'port');
        this.addResource(
          pid,
          'OS::Neutron::Port',
          ymap({
            name: `${s.name}-${i}-${n.name}`,
            network: this.networkRef(n),
            fixed_ips: hasSubnet(this.model, n) ? seq(ymap({ subnet: this.subnetRef(n) })) : undefined,
            security_groups: s.securityGroups.length ? flowSeq(...s.securityGroups.map((g) => this.sgRef(g, false))) : undefined,
            allowed_address_pairs: vips ? seq(...vips.map((v) => ymap({ ip_address: v }))) : undefined,
          }),
          { comments: vips ? [`${s.name}-${i} may hold ${vips.join(', ')} (keepalived VIP${vips.length > 1 ? 's' : ''} of ${s.name}): allowed address pair${vips.length > 1 ? 's' : ''} on its port.`] : undefined },
        );
        return ymap({ port: getResource(pid), floating_ip: fip });
      });
      const props = ymap({
        name: `${s.name}-${i}`,
        flavor,
        image,
        key_name: s.keyPair,
        availability_zone: zone?.name,
        networks: networks.length ? seq(...networks) : undefined,
        security_groups: s.securityGroups.length && !pairs ? flowSeq(...s.securityGroups.map((g) => this.sgRef(g, false))) : undefined,
        scheduler_hints: groupId ? ymap({ group: getResource(groupId) }) : undefined,
        admin_pass: password,
        tags: this.serverTags(s),
      });
      this.addResource(id, 'OS::Nova::Server', props, { comments: i === 0 && !groupId ? baseComments : undefined });
      if (s.networks[0]) addresses.push(getAttr(id, 'networks', openstackNames.network(s.networks[0]), 0));
      if (size) {
        const vid = this.id('volume', `${s.name}-${i}`, 'volume');
        this.addResource(vid, 'OS::Cinder::Volume', ymap({ name: `${s.name}-${i}-data`, size, availability_zone: zone?.name }), {
          comments: i === 0 ? [`Data volume of ${size} GiB per server, in the server's zone.`] : undefined,
        });
        this.addResource(this.id('attach', `${s.name}-${i}`, 'volume_attachment'), 'OS::Cinder::VolumeAttachment', ymap({ instance_uuid: getResource(id), volume_id: getResource(vid) }));
      }
    });
    if (addresses.length) {
      this.outputs.push({ key: `${snake(s.name)}_addresses`, value: ymap({ description: `Addresses of servers ${s.name} on ${s.networks[0]!.name}`, value: seq(...addresses) }) });
    }
  }

  private loadBalancer(lb: LoadBalancer): void {
    this.source(lb);
    const vip = vipNetwork(lb);
    if (!vip) {
      this.report(...openstackProblems.vipWithoutNetwork(), lb);
      return;
    }
    if (!hasSubnet(this.model, vip)) {
      this.report(...openstackProblems.vipWithoutSubnet(vip), lb);
      return;
    }
    const id = this.lbId(lb);
    const comments = [`loadBalancer ${lb.name} (Octavia)${lb.zones.length ? `: zones ${unique(lb.zones.map((z) => z.name)).join(', ')}` : ''}`];
    if (lb.zones.length > 1) comments.push('Octavia spreads a load balancer over zones through its flavor (ACTIVE_STANDBY amphorae), not per resource.');
    if (!lb.network) comments.push(`VIP on ${vip.name}, the network of its first member.`);
    this.addResource(id, 'OS::Octavia::LoadBalancer', ymap({ name: lb.name, vip_subnet: this.subnetRef(vip), vip_address: lb.vip }), { comments });
    this.outputs.push({ key: `${snake(lb.name)}_vip_address`, value: ymap({ description: `VIP of load balancer ${lb.name}`, value: getAttr(id, 'vip_address') }) });
    const algorithm = LB_ALGORITHMS[lb.algorithm ?? 'round-robin'] ?? 'ROUND_ROBIN';
    for (const l of lb.listeners) {
      const m = octaviaMapping(l);
      for (const n of m.notes) this.report('warning', 'lb-listener', n, lb);
      const base = `${lb.name}-${l.port}`;
      const lid = this.id('listener', base, 'listener');
      const tlsRef = m.needsCertificate
        ? getParam(
            this.param({
              name: `${snake(lb.name)}_tls_container_ref`,
              type: 'string',
              description: `Barbican container (URI) with the certificate and key that load balancer ${lb.name} terminates TLS with.`,
            }),
          )
        : undefined;
      this.addResource(
        lid,
        'OS::Octavia::Listener',
        ymap({ name: base, loadbalancer: getResource(id), protocol: m.listener, protocol_port: l.port, default_tls_container_ref: tlsRef }),
        { comments: [`listen ${l.protocol} ${l.port}${l.tls ? ` tls ${l.tls}` : ''}`] },
      );
      const pid = this.id('pool', base, 'pool');
      this.addResource(pid, 'OS::Octavia::Pool', ymap({ name: base, listener: getResource(lid), protocol: m.pool, lb_algorithm: algorithm, tls_enabled: m.poolTls ? true : undefined }));
      for (const member of lb.members) {
        if (member.kind === 'cluster') {
          this.resources[this.resources.length - 1]!.comments = [
            ...(this.resources[this.resources.length - 1]!.comments ?? []),
            `Members: the nodes of cluster ${member.name}, which its installer creates; add them to this pool after installation.`,
          ];
          continue;
        }
        if (!this.inScope(member)) {
          this.report('warning', 'lb-member', `members ${member.name} are created by another stack (${this.otherStack(member) ?? 'none'}): add them to pool ${base} by hand`, lb);
          continue;
        }
        const net = memberNetwork(member, vip);
        if (!net) continue;
        if (!hasSubnet(this.model, net)) {
          this.report(...openstackProblems.membersWithoutSubnet(member, net), lb);
          continue;
        }
        expandPlacement(member.placement).forEach((_, i) => {
          this.addResource(
            this.id('member', `${base}-${member.name}-${i}`, 'member'),
            'OS::Octavia::PoolMember',
            ymap({
              pool: getResource(pid),
              address: getAttr(this.serverId(member, i), 'networks', openstackNames.network(net), 0),
              protocol_port: l.port,
              subnet: this.subnetRef(net),
            }),
          );
        });
      }
      if (lb.health) {
        const t = monitorTiming(lb.health);
        for (const n of t.notes) this.report('warning', 'lb-health', n, lb);
        const mc: string[] = [`health "${lb.health.path}"${m.monitor === 'TCP' ? ': a TCP listener is checked with a TCP connect (the path is not used)' : ''}`];
        if (t.maxRetriesDown !== undefined && t.maxRetriesDown !== OCTAVIA_DEFAULT_FALL) {
          mc.push(
            `fall ${t.maxRetriesDown}: Heat's OS::Octavia::HealthMonitor has no max_retries_down (Heat 19/Zed), so Octavia's default of ${OCTAVIA_DEFAULT_FALL} applies. After creating the stack: openstack loadbalancer healthmonitor set --max-retries-down ${t.maxRetriesDown} <monitor> (the Terraform output sets it).`,
          );
        }
        this.addResource(
          this.id('monitor', base, 'monitor'),
          'OS::Octavia::HealthMonitor',
          ymap({
            pool: getResource(pid),
            type: m.monitor,
            delay: t.delay,
            timeout: t.timeout,
            max_retries: t.maxRetries,
            url_path: m.monitor === 'TCP' ? undefined : lb.health.path,
          }),
          { comments: mc },
        );
      }
    }
  }

  // ------------------------------------------------------------------ the document

  render(options: GeneratorOptions): string {
    this.topologyParams();
    for (const n of this.scope.networks) this.network(n);
    for (const r of this.scope.routers) this.router(r);
    this.securityGroups();
    for (const s of this.scope.servers) this.servers(s);
    for (const lb of this.scope.loadBalancers) this.loadBalancer(lb);

    for (const c of this.model.connectors) {
      if (c.networks.some((n) => this.inScope(n))) {
        this.source(c);
        this.topComments.push(`connector ${c.name} (${c.networks.map((n) => n.name).join(' <-> ')}${c.bandwidth ? `, ${c.bandwidth}` : ''}): an inter-AZ connector is a K5 extension of Neutron, not a Heat resource; create it with K5's network connector API.`);
      }
    }
    for (const c of this.scope.clusters) {
      this.topComments.push(`cluster ${c.name}: its machines are created by its installer${c.distribution === 'openshift' ? ` (openshift/${c.name}/install-config.yaml)` : ''}; this stack creates the networks it uses.`);
    }
    for (const lb of this.scope.otherLoadBalancers) {
      this.source(lb);
      const net = lb.provider !== 'f5' && lb.vip ? vipNetworkOfVia(lb) : undefined;
      if (net && lb.vip && net.cidr && cidrContains(net.cidr, lb.vip)) {
        this.addResource(
          this.id('vip', lb.name, 'vip_port'),
          'OS::Neutron::Port',
          ymap({ name: `${lb.name}-vip`, network: this.networkRef(net), fixed_ips: seq(ymap({ subnet: this.subnetRef(net), ip_address: lb.vip })) }),
          { comments: [`loadBalancer ${lb.name}: reserves its VIP ${lb.vip} on ${net.name} so that Neutron gives it to no one else; ${lb.via?.name ?? 'its servers'} hold it with keepalived.`] },
        );
      }
      this.topComments.push(
        lb.provider === 'haproxy'
          ? `loadBalancer ${lb.name}: HAProxy on servers ${lb.via?.name ?? '(via not set)'}, configured inside those VMs; not an OpenStack resource.`
          : `loadBalancer ${lb.name} (${lb.provider}): outside OpenStack; configured on the appliance.`,
      );
    }

    const where = [this.scope.project ? `project ${this.scope.project.name}` : 'the default project', this.scope.region ? `region ${this.scope.region.name}` : undefined].filter(Boolean).join(', ');
    const counts = [
      [this.scope.networks.length, 'network'],
      [this.scope.routers.length, 'router'],
      [this.scope.securityGroups.length, 'security group'],
      [this.scope.servers.reduce((n, s) => n + expandPlacement(s.placement).length, 0), 'server'],
      [this.scope.loadBalancers.length, 'load balancer'],
    ]
      .filter(([n]) => (n as number) > 0)
      .map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`);
    const self = this.paths.get(this.scope)!.replace(/^heat\//, '');
    const after = [...this.after].filter((a) => a !== self).sort();
    let description = `Topology ${this.model.name}, ${where}: ${counts.join(', ')}.`;
    if (after.length) description += ` Create after ${after.join(', ')}: this stack uses what they create.`;
    description += ` openstack stack create -t ${self.split('/').pop()} --parameter ${this.envParam}=<name> <stack>`;

    for (const p of this.model.params.values()) {
      const hp = this.params.get(p.name);
      if (hp && p.name !== this.envParam && !this.usedParams.has(p.name)) {
        hp.description += ` Its value is built into this template (counts, names): change it with topo generate --set ${p.name}=...`;
      }
    }
    const params = new YMap(
      [...this.params.values()].map((p) => ({
        key: p.name,
        value: ymap({
          type: p.type,
          description: p.description,
          default: p.default,
          hidden: p.hidden ? true : undefined,
          constraints: p.constraints?.length ? seq(...p.constraints) : undefined,
        }),
      })),
    );
    const doc: YEntry[] = [
      { key: 'heat_template_version', value: new YRaw(HEAT_TEMPLATE_VERSION) },
      { key: 'description', value: new YFolded(description), blankBefore: true },
    ];
    if (params.entries.length) doc.push({ key: 'parameters', value: params, blankBefore: true });
    doc.push({ key: 'resources', value: new YMap(this.resources), blankBefore: true, comments: this.topComments.length ? [...this.topComments.flatMap((c) => wrap(c, 96))] : undefined });
    if (this.outputs.length) doc.push({ key: 'outputs', value: new YMap(this.outputs.map((o, i) => ({ ...o, blankBefore: i > 0 }))), blankBefore: true });

    // Blank lines between resources, not before the first one.
    const resources = doc.find((d) => d.key === 'resources')!.value as YMap;
    if (resources.entries[0]) resources.entries[0].blankBefore = false;

    const sources = [...this.sources].sort();
    const text = renderYaml(new YMap(doc));
    return header('#', this.model, sources, options) + text.replace(/^\n+/, '');
  }
}
