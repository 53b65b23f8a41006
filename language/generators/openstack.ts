/**
 * The OpenStack resources a topology stands for, whatever renders them: the HEAT generator
 * (heat.ts, HOT templates) and the Terraform generator (terraform.ts, the OpenStack provider) both
 * read this mapping, so that the two say the same thing in their own language.
 *
 * - `planOpenStack` splits the model into scopes (a project in a region: one Heat stack, one
 *   Terraform provider configuration) and decides where every element goes.
 * - The mappings of model elements to what Neutron, Nova, Cinder and Octavia take: placements to
 *   machines, listeners to Octavia protocols, health checks to monitor timings, security rules to
 *   Neutron rules, routers to their attachments, keepalived VIPs to allowed address pairs.
 * - Names (`snake`, `withSuffix`, `fileName`) and the problems both targets report in the same words.
 *
 * Pure: model in, plain values out; nothing here knows YAML or HCL.
 */
import { cidrContains, formatIPv4, normalizeCidr, parseCidr, parseIPv4 } from '../model/cidr.js';
import { unique } from '../model/lists.js';
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
import { haproxyPlanOf, haproxyUserData } from './haproxy.js';
import { reportProblem, type GenerationProblem, type GenerationTarget, type GeneratorOptions } from './types.js';

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

/** Whether a scope creates anything (networks, routers, security groups, servers, Octavia load balancers). */
export function createsResources(s: Scope): boolean {
  return !!(
    s.networks.length ||
    s.routers.length ||
    s.securityGroups.length ||
    s.servers.length ||
    s.loadBalancers.length
  );
}

export interface OpenStackPlan {
  /** OpenStack regions in use, in model order. */
  regions: Region[];
  scopes: Scope[];
  scopeOf: Map<Element, Scope>;
  /** How each router is attached to each of its networks (`routerAttachments`). */
  attachments: Map<Router, Map<Network, Attachment>>;
  /** The VIPs servers hold, per network (`vipAddressPairs`). */
  vipPairs: Map<Servers, Map<Network, string[]>>;
  /** The fixed address of each machine of a server group on its first network (`fixedAddresses`). */
  fixedAddresses: Map<Servers, string[]>;
  /** The cloud-init user_data of each machine of a server group that runs HAProxy (`serverUserData`). */
  userData: Map<Servers, string[]>;
  /** The addresses the topology pins on each network, and what pins them (`pinnedAddresses`). */
  pinned: Map<Network, PinnedAddress[]>;
}

export type Report = (severity: 'error' | 'warning', code: string, message: string, el?: Element) => void;

/**
 * Problems both OpenStack targets report in the same words (each under its own target): one text
 * per check, so that `topo generate` says the same thing for Heat and for Terraform.
 */
type Problem = ['error' | 'warning', string, string];
export const openstackProblems = {
  networkWithoutCidr: (): Problem => [
    'warning',
    'network-cidr',
    'has no cidr: its network is created without a subnet',
  ],
  snatWithoutExternal: (r: Router): Problem => [
    'warning',
    'router-snat',
    `snat ${r.snat ? 'on' : 'off'} without an external network does nothing`,
  ],
  unknownGroup: (r: SecurityRule): Problem => [
    'warning',
    'sg-group',
    `rule ${r.direction} ... group ${r.peer?.group}: no such security group; rule left out`,
  ],
  serverWithoutNetwork: (): Problem => [
    'warning',
    'server-network',
    'has no network: Nova picks one (or fails when the project has several)',
  ],
  vipWithoutNetwork: (): Problem => ['error', 'lb-network', 'no network for its VIP: add `network <name>`'],
  vipWithoutSubnet: (vip: Network): Problem => [
    'error',
    'lb-network',
    `its VIP network ${vip.name} has no cidr, so no subnet for the VIP: give ${vip.name} a cidr`,
  ],
  poolExhausted: (cidr: string): Problem => [
    'warning',
    'subnet-pool',
    `the addresses the topology pins fill ${cidr} (with its gateway): no address is left for Neutron to allocate (the DHCP port, ports without a fixed IP), so the subnet keeps Neutron's default allocation pool, which includes the pinned ones: widen the cidr`,
  ],
  membersWithoutSubnet: (member: Servers, net: Network): Problem => [
    'warning',
    'lb-member',
    `servers ${member.name} are not added to its pools: their network ${net.name} has no cidr, so no subnet for the members`,
  ],
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

/** The names of zones, each once, in order. */
export function zoneNames(zones: readonly Zone[]): string[] {
  return unique(zones.map((z) => z.name));
}

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
export function planOpenStack(model: TopoModel, report: Report, options: GeneratorOptions = {}): OpenStackPlan {
  const osRegions = model.regions.filter((r) => isOpenStackRegion(r));
  const scopes = new Map<string, Scope>();
  const scopeOf = new Map<Element, Scope>();
  const projectRegion = new Map<Project | undefined, Region>();

  const scope = (project: Project | undefined, region: Region | undefined): Scope => {
    const key = `${region?.name ?? ''}/${project?.name ?? ''}`;
    let s = scopes.get(key);
    if (!s) {
      s = {
        key,
        region,
        project,
        networks: [],
        routers: [],
        securityGroups: [],
        servers: [],
        loadBalancers: [],
        clusters: [],
        otherLoadBalancers: [],
      };
      scopes.set(key, s);
    }
    return s;
  };

  /** The region of an element from its candidate regions (first wins), or the fallback. */
  const pick = (el: Element & { project?: Project }, candidates: Region[]): Region | undefined | null => {
    const regions = unique(candidates);
    if (regions.length > 1) {
      report(
        'warning',
        'regions',
        `spans regions ${regions.map((r) => r.name).join(', ')}; an OpenStack resource lives in one region: generated in ${regions[0]!.name}`,
        el,
      );
    }
    const r = regions[0] ?? projectRegion.get(el.project) ?? (osRegions.length === 1 ? osRegions[0] : osRegions[0]);
    if (r && !isOpenStackRegion(r)) return null; // another provider: not ours
    if (r && el.project && !projectRegion.has(el.project)) projectRegion.set(el.project, r);
    return r;
  };

  const place = <K extends 'networks' | 'routers' | 'servers' | 'loadBalancers' | 'otherLoadBalancers'>(
    el: Element & { project?: Project },
    key: K,
    region: Region | undefined | null,
  ): void => {
    if (region === null) return;
    const s = scope(el.project, region);
    (s[key] as Element[]).push(el);
    scopeOf.set(el, s);
  };

  // First pass: elements with their own zones fix their project's region.
  for (const n of model.networks)
    if (n.zones.length && n.project) projectRegion.set(n.project, projectRegion.get(n.project) ?? n.zones[0]!.region);
  for (const r of model.routers)
    if (r.zones.length && r.project) projectRegion.set(r.project, projectRegion.get(r.project) ?? r.zones[0]!.region);

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
  const attachments = routerAttachments(model);
  const fixed = fixedAddresses(model);
  return {
    regions: usedRegions.length ? usedRegions : osRegions.slice(0, 1),
    scopes: ordered,
    scopeOf,
    attachments,
    vipPairs: vipAddressPairs(model),
    fixedAddresses: fixed,
    pinned: pinnedAddresses(model, attachments, fixed),
    // Validation (checkOnly) writes nothing: no user_data to render.
    userData: options.checkOnly ? new Map() : serverUserData(model, options),
  };
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
    if (l.tls === 'terminate')
      return {
        listener: 'TERMINATED_HTTPS',
        pool: 'HTTP',
        monitor: 'HTTP',
        poolTls: false,
        needsCertificate: true,
        notes,
      };
    if (l.tls === 'reencrypt')
      return {
        listener: 'TERMINATED_HTTPS',
        pool: 'HTTP',
        monitor: 'HTTPS',
        poolTls: true,
        needsCertificate: true,
        notes,
      };
    return { listener: 'HTTPS', pool: 'HTTPS', monitor: 'HTTPS', poolTls: false, needsCertificate: false, notes };
  }
  if (l.tls === 'terminate' || l.tls === 'reencrypt') {
    notes.push(
      `listen tcp ${l.port} tls ${l.tls}: Octavia terminates TLS for HTTP only (TERMINATED_HTTPS); generated as TCP pass-through`,
    );
  }
  if (l.tls) return { listener: 'TCP', pool: 'TCP', monitor: 'HTTPS', poolTls: false, needsCertificate: false, notes };
  return { listener: 'TCP', pool: 'TCP', monitor: 'TCP', poolTls: false, needsCertificate: false, notes };
}

const LB_ALGORITHMS: Record<string, 'ROUND_ROBIN' | 'LEAST_CONNECTIONS' | 'SOURCE_IP'> = {
  'round-robin': 'ROUND_ROBIN',
  'least-connections': 'LEAST_CONNECTIONS',
  'source-ip': 'SOURCE_IP',
};

/** An Octavia load balancer as both targets create it. */
export interface OctaviaLoadBalancer {
  /** The network its VIP goes on (it has a subnet there). */
  vip: Network;
  /** Its pools' `lb_algorithm`. */
  algorithm: 'ROUND_ROBIN' | 'LEAST_CONNECTIONS' | 'SOURCE_IP';
  /** The comment above its resource: its zones, how Octavia spreads it, where its VIP is. */
  comments: string[];
}

/**
 * Validation's view of the OpenStack targets (`checkOnly`): the load balancers they would refuse,
 * by the same check, without a template written. Terraform refers only to networks it plans.
 */
export function checkOpenStack(
  model: TopoModel,
  plan: OpenStackPlan,
  report: Report,
  usable: (n: Network) => boolean = () => true,
): void {
  for (const s of plan.scopes) for (const lb of s.loadBalancers) octaviaLoadBalancer(model, lb, report, usable);
}

/**
 * An Octavia load balancer, or undefined (with the reason reported) when its VIP has no network
 * with a subnet. `usable`: whether the target can refer to the VIP's network at all.
 */
export function octaviaLoadBalancer(
  model: TopoModel,
  lb: LoadBalancer,
  report: Report,
  usable: (n: Network) => boolean = () => true,
): OctaviaLoadBalancer | undefined {
  const vip = vipNetwork(lb);
  if (!vip || !usable(vip)) {
    report(...openstackProblems.vipWithoutNetwork(), lb);
    return undefined;
  }
  if (!hasSubnet(model, vip)) {
    report(...openstackProblems.vipWithoutSubnet(vip), lb);
    return undefined;
  }
  const comments = [
    `loadBalancer ${lb.name} (Octavia)${lb.zones.length ? `: zones ${zoneNames(lb.zones).join(', ')}` : ''}`,
  ];
  if (lb.zones.length > 1)
    comments.push(
      'Octavia spreads a load balancer over zones through its flavor (ACTIVE_STANDBY amphorae), not per resource.',
    );
  if (!lb.network) comments.push(`VIP on ${vip.name}, the network of its first member.`);
  return { vip, algorithm: LB_ALGORITHMS[lb.algorithm ?? 'round-robin'] ?? 'ROUND_ROBIN', comments };
}

/** How a `listen` line of an Octavia load balancer maps to Octavia; what had to be adjusted is reported. */
export function octaviaListener(lb: LoadBalancer, l: Listener, report: Report): OctaviaMapping {
  const m = octaviaMapping(l);
  for (const n of m.notes) report('warning', 'lb-listener', n, lb);
  return m;
}

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
  const secs = (ms: number | undefined): number | undefined =>
    ms === undefined ? undefined : Math.max(1, Math.ceil(ms / 1000));
  const delay = secs(h.intervalMs) ?? 5;
  if (h.intervalMs !== undefined && h.intervalMs % 1000 !== 0)
    notes.push(`every ${h.intervalMs}ms: Octavia counts whole seconds, delay ${delay}`);
  let timeout = secs(h.timeoutMs) ?? delay;
  if (timeout > delay) {
    notes.push(
      `timeout ${timeout}s is longer than the interval (${delay}s); Octavia needs timeout <= delay: timeout ${delay}`,
    );
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

/** The health monitor timing of an Octavia load balancer's health check; what had to be adjusted is reported. */
export function octaviaMonitor(lb: LoadBalancer, h: HealthCheck, report: Report): MonitorTiming {
  const t = monitorTiming(h);
  for (const n of t.notes) report('warning', 'lb-health', n, lb);
  return t;
}

/** The network a load balancer's VIP is on: declared, else its first member's first network. */
function vipNetwork(lb: LoadBalancer): Network | undefined {
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
function memberNetwork(s: Servers, vip: Network | undefined): Network | undefined {
  return vip && s.networks.includes(vip) ? vip : s.networks[0];
}

/**
 * The network an Octavia pool reaches a server group's members on, when it has a subnet there
 * (members name one); undefined otherwise, reported when the subnet is what is missing.
 */
export function octaviaMemberNetwork(
  model: TopoModel,
  lb: LoadBalancer,
  member: Servers,
  vip: Network,
  report: Report,
): Network | undefined {
  const net = memberNetwork(member, vip);
  if (!net) return undefined;
  if (!hasSubnet(model, net)) {
    report(...openstackProblems.membersWithoutSubnet(member, net), lb);
    return undefined;
  }
  return net;
}

/** How a router is attached to one of its networks. */
export interface Attachment {
  /** The network's gateway router takes the subnet's gateway address (interface by subnet). */
  gateway: boolean;
  /** Another router on the same subnet gets a port of its own; its address when the model implies it. */
  ip?: string;
}

/** How a router is attached to one of its networks (as its gateway unless the plan says otherwise). */
export function attachmentOf(plan: OpenStackPlan, r: Router, n: Network): Attachment {
  return plan.attachments.get(r)?.get(n) ?? { gateway: true };
}

/**
 * Router attachments: the first `gateway` of a network (else the first router listing it in
 * `interfaces`) takes the gateway address; any other router on that network needs a port of its
 * own, whose address is the next hop that the other routers' static routes use on that network
 * when there is exactly one such router and one such next hop (seed 000: router 1 is `.254`).
 */
function routerAttachments(model: TopoModel): Map<Router, Map<Network, Attachment>> {
  const out = new Map<Router, Map<Network, Attachment>>();
  for (const n of model.networks) {
    const routers = model.routers.filter((r) => r.interfaces.includes(n));
    if (!routers.length) continue;
    const primary = n.gateways.find((g) => routers.includes(g)) ?? routers[0]!;
    const secondary = routers.filter((r) => r !== primary);
    const hops = unique(
      routers
        .flatMap((r) => r.routes.map((x) => x.nexthop))
        .filter((ip) => n.cidr !== undefined && cidrContains(n.cidr, ip)),
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
function vipAddressPairs(model: TopoModel): Map<Servers, Map<Network, string[]>> {
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

/**
 * The servers' declared `addresses`: machine i gets addresses[i] on its first network, as a fixed
 * IP of its port there. Only groups whose every address lies in that network's cidr (the model
 * reports the others as `model/addresses` errors, so they are never generated).
 */
function fixedAddresses(model: TopoModel): Map<Servers, string[]> {
  const out = new Map<Servers, string[]>();
  for (const s of model.servers) {
    const net = s.networks[0];
    if (!s.addresses.length || s.addresses.length !== s.placement.total || !net?.cidr) continue;
    if (s.addresses.every((a) => cidrContains(net.cidr!, a))) out.set(s, s.addresses);
  }
  return out;
}

/**
 * The cloud-init user_data of every machine of a server group that runs HAProxy load balancers
 * (haproxy.ts: haproxy.cfg, keepalived.conf, packages, services), machine i's at index i: the same
 * text the haproxy target writes as `haproxy/<servers>/<vm>/cloud-init.yaml`.
 */
function serverUserData(model: TopoModel, options: GeneratorOptions): Map<Servers, string[]> {
  const out = new Map<Servers, string[]>();
  for (const s of model.servers) {
    const plan = haproxyPlanOf(model, s);
    if (plan)
      out.set(
        s,
        Array.from({ length: s.placement.total }, (_, vm) => haproxyUserData(model, plan, vm, options)),
      );
  }
  return out;
}

/** An address the topology pins on a network (a port's fixed IP, a VIP), and what pins it. */
export interface PinnedAddress {
  address: string;
  /** `servers web`, `VIP of loadBalancer web-lb`, `api VIP of cluster ocp` ... */
  owner: string;
}

/**
 * The addresses the topology pins on each network, inside its cidr: the servers' fixed addresses
 * (their first network), the VIPs of load balancers (Octavia's `vip_address`, the port reserving
 * an HAProxy VIP; an F5 VIP on a Neutron network too), the API and ingress VIPs of clusters (the
 * installer creates their ports), the declared addresses of cluster nodes (the HAProxy backends
 * expect them), and the addresses of routers' own ports on a network they are not the gateway of.
 */
function pinnedAddresses(
  model: TopoModel,
  attachments: Map<Router, Map<Network, Attachment>>,
  fixed: Map<Servers, string[]>,
): Map<Network, PinnedAddress[]> {
  const out = new Map<Network, PinnedAddress[]>();
  /** Pins each address on the first of the networks whose cidr holds it. */
  const pin = (networks: readonly (Network | undefined)[], addresses: readonly string[], owner: string): void => {
    for (const address of addresses) {
      const net = networks.find((n) => n?.cidr !== undefined && cidrContains(n.cidr, address));
      if (net) (out.get(net) ?? out.set(net, []).get(net)!).push({ address, owner });
    }
  };
  for (const [s, addresses] of fixed) pin([s.networks[0]], addresses, `servers ${s.name}`);
  for (const lb of model.loadBalancers) {
    if (lb.vip) pin([isOctavia(lb) ? vipNetwork(lb) : vipNetworkOfVia(lb)], [lb.vip], `VIP of loadBalancer ${lb.name}`);
  }
  for (const c of model.clusters) {
    const networks = [c.controlPlane.network, ...c.networks];
    pin(networks, c.api?.vips ?? [], `api VIP of cluster ${c.name}`);
    pin(networks, c.ingress?.vips ?? [], `ingress VIP of cluster ${c.name}`);
    pin(c.controlPlane.networks, c.controlPlane.addresses, `control plane of cluster ${c.name}`);
    for (const w of c.workers) pin(w.networks, w.addresses, `workers ${w.name} of cluster ${c.name}`);
  }
  for (const [r, nets] of attachments) {
    for (const [n, a] of nets) if (a.ip) pin([n], [a.ip], `router ${r.name} (its port on ${n.name})`);
  }
  return out;
}

/** A subnet's allocation pools and the comment that says what they leave out. */
export interface AllocationPools {
  pools: { start: string; end: string }[];
  comments: string[];
}

/**
 * The allocation pools of a network's subnet when the topology pins addresses in it; undefined
 * otherwise (Neutron's default pool then). Neutron gives a port without a fixed IP any address
 * of the subnet's pools; by default they cover the cidr without its network, broadcast and
 * gateway addresses (the gateway is the first host, as topo never sets gateway_ip), so a pinned
 * address could go to another port first, and the port that pins it would then fail. These pools
 * are that default minus every pinned address, as ranges in address order. With no address left,
 * `poolExhausted` is reported and the default stays. Neutron's default pools: `generate_pools`,
 * openstack/neutron neutron/ipam/utils.py @ 000efde9dbee (docs/generators.md has the other sources).
 */
export function allocationPools(plan: OpenStackPlan, n: Network, report: Report): AllocationPools | undefined {
  const pinned = plan.pinned.get(n);
  const parsed = n.cidr !== undefined ? parseCidr(n.cidr) : undefined;
  if (!pinned?.length || !parsed || parsed.prefix > 30) return undefined;
  const c = normalizeCidr(parsed);
  const first = c.base + 2;
  const last = c.base + 2 ** (32 - c.prefix) - 2;
  const owners = new Map<number, string[]>();
  for (const p of pinned) {
    const ip = parseIPv4(p.address)!;
    if (ip < first || ip > last) continue;
    const list = owners.get(ip) ?? owners.set(ip, []).get(ip)!;
    if (!list.includes(p.owner)) list.push(p.owner);
  }
  const taken = [...owners.keys()].sort((a, b) => a - b);
  if (!taken.length) return undefined;
  const pools: AllocationPools['pools'] = [];
  let start = first;
  for (const ip of [...taken, last + 1]) {
    if (ip > start) pools.push({ start: formatIPv4(start), end: formatIPv4(ip - 1) });
    start = ip + 1;
  }
  if (!pools.length) {
    report(...openstackProblems.poolExhausted(n.cidr!), n);
    return undefined;
  }
  // One comment line per run of consecutive addresses with the same owners.
  const lines: string[] = [];
  let run: { from: number; to: number; who: string } | undefined;
  const flush = (): void => {
    if (run) lines.push(`${formatIPv4(run.from)}${run.to > run.from ? `-${formatIPv4(run.to)}` : ''}: ${run.who}`);
  };
  for (const ip of taken) {
    const who = owners.get(ip)!.join(', ');
    if (run && run.to === ip - 1 && run.who === who) run.to = ip;
    else {
      flush();
      run = { from: ip, to: ip, who };
    }
  }
  flush();
  return {
    pools,
    comments: [
      `Allocation pools: ${formatIPv4(c.base)}/${c.prefix} without its gateway (${formatIPv4(c.base + 1)}) and the addresses the topology pins here, so that Neutron gives none of them to another port:`,
      ...lines,
    ],
  };
}

/** Whether a server group gets ports of its own: it holds VIPs (allowed address pairs) or has fixed addresses. */
export function ownPorts(plan: Pick<OpenStackPlan, 'vipPairs' | 'fixedAddresses'>, s: Servers): boolean {
  return plan.vipPairs.has(s) || plan.fixedAddresses.has(s);
}

/**
 * The network on which a load balancer that is not Octavia gets a port reserving its VIP: an
 * HAProxy VIP (not an F5 one) inside that network's cidr; undefined otherwise.
 */
export function vipPortNetwork(lb: LoadBalancer): Network | undefined {
  const net = lb.provider !== 'f5' && lb.vip ? vipNetworkOfVia(lb) : undefined;
  return net && lb.vip && net.cidr && cidrContains(net.cidr, lb.vip) ? net : undefined;
}

/** The network of an HAProxy load balancer's VIP: declared, else the via servers' network holding it. */
function vipNetworkOfVia(lb: LoadBalancer): Network | undefined {
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

/** The external networks that the routers and floating IPs of these scopes use, named for parameters. */
export function scopeExternals(scopes: readonly Scope[]): Map<string, ExternalRef> {
  return externalRefs(
    scopes.flatMap((s) => [
      ...s.routers.map((r) => r.external).filter((e): e is string => !!e),
      ...s.servers.filter((x) => x.floatingIps).map((x) => floatingExternal(x)),
    ]),
  );
}

/** External networks, named for parameters. */
function externalRefs(externals: readonly string[]): Map<string, ExternalRef> {
  const list = unique(externals);
  const out = new Map<string, ExternalRef>();
  for (const e of list) {
    const param = list.length === 1 || e === 'internet' ? 'external_network' : `external_network_${snake(e)}`;
    out.set(e, { external: e, param, default: e === 'internet' ? undefined : e });
  }
  return out;
}

/** The external network a server group's floating IPs come from: its first network's gateway's, else `internet`. */
export function floatingExternal(s: Servers): string {
  for (const n of s.networks) for (const g of n.gateways) if (g.external) return g.external;
  return 'internet';
}

/** Whether a network gets a subnet (it has a cidr, literal or from a parameter): only then can ports, VIPs and members name one. */
export function hasSubnet(model: TopoModel, n: Network): boolean {
  return n.cidr !== undefined || (n.cidrExpr?.param !== undefined && model.params.has(n.cidrExpr.param));
}

/** `snake_case` identifier from a name (`web-lb` → `web_lb`). */
export function snake(name: string): string {
  let id = name
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
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
