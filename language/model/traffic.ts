/**
 * The traffic layer as the generators lay it out, and what keeps them from doing so: each GSLB
 * wide IP (PowerDNS LUA records, k8gb Gslb resources) and each HAProxy load balancer topo
 * configures (haproxy.cfg, keepalived.conf). One place defines each precondition: the model
 * reports these problems as diagnostics (`checks.ts`), and the generators refuse exactly the
 * elements that have an error here, so a topology `topo validate` calls clean generates.
 */
import { cidrContains } from './cidr.js';
import type {
  App,
  Cluster,
  Gslb,
  HealthCheck,
  Listener,
  Loc,
  LoadBalancer,
  ModelProblem,
  Servers,
  TopoModel,
} from './types.js';

// ------------------------------------------------------------------ names

/** A DNS host name (RFC 1123 labels, at most 253 characters, no trailing dot). */
export function isDnsName(name: string): boolean {
  return /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)*[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/i.test(name);
}

/** The host of an app's `url`: the URL's host when it has a scheme, else the text up to the first `/` or `:`. */
export function urlHost(url: string): string {
  const bare = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return bare.replace(/[/:?#].*$/s, '').toLowerCase();
}

/** A health-check path a check URL, a LUA string and an HAProxy `http-check send` can carry as is. */
export function isCheckPath(path: string): boolean {
  return /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/.test(path);
}

// ------------------------------------------------------------------ wide IPs

export type WideIpPolicy = 'failover' | 'round-robin' | 'geo' | 'weighted';

/** How a wide IP's backends are checked: an HTTP(S) URL on each VIP, or a TCP connect to a port. */
export type WideIpCheck =
  | { kind: 'url'; scheme: 'http' | 'https'; port: number; path: string }
  | { kind: 'port'; port: number };

export interface WideIp {
  app: App;
  gslb: Gslb;
  /** The DNS name answered (the host of the app's url). */
  name: string;
  policy: WideIpPolicy;
  /** The GSLB's backends with their VIPs, in the GSLB's order. */
  backends: { lb: LoadBalancer; vip: string }[];
  /** The app's own check, else the GSLB's. */
  health?: HealthCheck;
  /** PowerDNS: what ifurlup/ifportup checks (k8gb checks the pods' readiness itself: undefined). */
  check?: WideIpCheck;
  /** Seconds between checks (whole seconds: PowerDNS reads them with atoi), and failures before down. */
  intervalS: number;
  fall: number;
  timeoutS: number;
}

/** PowerDNS's defaults for ifurlup/ifportup (docs/lua-records/functions.rst). */
export const PDNS_DEFAULTS = { intervalS: 5, timeoutS: 2, fall: 1 } as const;

/** A check's interval in whole seconds (PowerDNS reads them with atoi), at least 1; PowerDNS's default when unset. */
function checkIntervalS(health: HealthCheck | undefined): number {
  return health?.intervalMs !== undefined ? Math.max(1, Math.ceil(health.intervalMs / 1000)) : PDNS_DEFAULTS.intervalS;
}

/** The listener a wide IP's check goes to on each backend: HTTPS first, then HTTP, then TCP. */
function checkListener(lbs: LoadBalancer[]): Listener | undefined {
  const all = lbs.flatMap((l) => l.listeners);
  return (
    all.find((l) => l.protocol === 'https') ??
    all.find((l) => l.protocol === 'http') ??
    all.find((l) => l.protocol === 'tcp' && l.port === 443) ??
    all[0]
  );
}

/**
 * Every app behind a GSLB of `provider` as its wide IP, with the problems that keep one from being
 * generated (`problems` holds them in model order; a wide IP with an error is not in `wideIps`).
 */
export function planWideIps(
  model: Pick<TopoModel, 'apps'>,
  provider: 'powerdns' | 'k8gb',
): { wideIps: WideIp[]; problems: ModelProblem[] } {
  const wideIps: WideIp[] = [];
  const problems: ModelProblem[] = [];
  for (const app of model.apps) {
    const gslb = app.gslb;
    if (!gslb || gslb.provider !== provider) continue;
    const pdns = provider === 'powerdns';
    const errors: ModelProblem[] = [];
    const err = (code: string, message: string, loc: Loc): void => {
      errors.push({ severity: 'error', code: `${provider}/${code}`, message, loc });
    };
    const name = app.url === undefined ? undefined : urlHost(app.url);
    // Without a url or backends there is no wide IP to generate yet (a design in progress): said,
    // not refused, so the rest of the topology still generates.
    const warn = (code: string, message: string, loc: Loc): void => {
      problems.push({ severity: 'warning', code: `${provider}/${code}`, message, loc });
    };
    if (name === undefined) {
      warn(
        'url',
        `app ${app.name} is behind gslb ${gslb.name} (${provider}) but has no url, so no wide IP is generated for it: add \`url "${app.name}.example.com"\``,
        app.nameLoc,
      );
      continue;
    }
    if (pdns && !gslb.backends.length) {
      warn(
        'backends',
        `gslb ${gslb.name} has no backends, so no wide IP is generated for app ${app.name}: add \`backends <loadBalancer> ...\``,
        gslb.nameLoc,
      );
      continue;
    }
    if (!isDnsName(name))
      err(
        'url',
        `app ${app.name}: url "${app.url}" does not name a DNS host, so gslb ${gslb.name} cannot answer for it: use a name such as "${app.name}.example.com"`,
        app.props.url ?? app.nameLoc,
      );
    const backends: WideIp['backends'] = [];
    for (const lb of gslb.backends) {
      if (lb.vip) backends.push({ lb, vip: lb.vip });
      else if (pdns)
        err(
          'backend-vip',
          `load balancer ${lb.name}, a backend of gslb ${gslb.name}, has no vip: the wide IP of app ${app.name} answers with the backends' VIPs; add \`vip <address>\``,
          lb.nameLoc,
        );
    }
    const health = app.health ?? gslb.health;
    if (health && !isCheckPath(health.path))
      err(
        'health-path',
        `health check path "${health.path}" of ${app.health ? `app ${app.name}` : `gslb ${gslb.name}`} is not a URL path (it starts with "/" and has no spaces, quotes or backslashes)`,
        health.loc,
      );
    const listener = pdns ? checkListener(gslb.backends) : undefined;
    let check: WideIpCheck | undefined;
    if (listener && health && listener.protocol !== 'tcp')
      check = { kind: 'url', scheme: listener.protocol, port: listener.port, path: health.path };
    else if (listener && health && listener.port === 443)
      check = { kind: 'url', scheme: 'https', port: 443, path: health.path };
    else if (listener) check = { kind: 'port', port: listener.port };
    else if (pdns && gslb.backends.length)
      err(
        'listener',
        `the backends of gslb ${gslb.name} (${gslb.backends.map((b) => b.name).join(', ')}) have no listener, so the wide IP of app ${app.name} has nothing to check: add \`listen https 443\` (or http/tcp) to them`,
        gslb.nameLoc,
      );
    const policy = (gslb.policy ?? 'round-robin') as WideIpPolicy;
    if (pdns && policy === 'failover' && check?.kind === 'port' && gslb.backends.length > 1) {
      err(
        'failover-check',
        `gslb ${gslb.name} fails over in order, which PowerDNS does only with URL checks (ifurlup's address groups; ifportup takes one list): give app ${app.name}'s backends an http or https listener and a health path`,
        gslb.props.policy ?? gslb.nameLoc,
      );
    }
    if (provider === 'k8gb' && policy === 'failover' && !gslb.backends[0]?.regions.length) {
      err(
        'geo-tag',
        `gslb ${gslb.name} fails over to its first backend's site, but ${gslb.backends[0]?.name ?? 'it'} is in no region: k8gb needs that site as primaryGeoTag; give the load balancer its zones`,
        gslb.props.backends ?? gslb.nameLoc,
      );
    }
    problems.push(...errors);
    if (errors.length || (pdns && !check)) continue;
    wideIps.push({
      app,
      gslb,
      name,
      policy,
      backends,
      health,
      check,
      intervalS: checkIntervalS(health),
      fall: health?.fall ?? PDNS_DEFAULTS.fall,
      timeoutS:
        health?.timeoutMs !== undefined ? Math.max(1, Math.ceil(health.timeoutMs / 1000)) : PDNS_DEFAULTS.timeoutS,
    });
  }
  return { wideIps, problems };
}

/**
 * The generated record that answers an app's wide IP, as `topo simulate` names it: the PowerDNS
 * zone file and its LUA record, or the k8gb Gslb resource; with PowerDNS, also when it moves
 * (interval × fall of the record, PowerDNS's defaults where the model sets none). Undefined when
 * nothing is generated for it.
 */
export function wideIpRecord(app: App): { record: string; ms?: number } | undefined {
  const gslb = app.gslb;
  if (!gslb || app.url === undefined) return undefined;
  const name = urlHost(app.url);
  if (!isDnsName(name)) return undefined;
  if (gslb.provider === 'powerdns') {
    const health = app.health ?? gslb.health;
    const intervalS = checkIntervalS(health);
    return {
      record: `powerdns/${gslb.name}/zones/${name}.zone (${name}. LUA A)`,
      ms: intervalS * 1000 * (health?.fall ?? PDNS_DEFAULTS.fall),
    };
  }
  if (gslb.provider === 'k8gb')
    return { record: `k8gb/${app.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.yaml (Gslb ${name})` };
  return undefined;
}

// ------------------------------------------------------------------ HAProxy

/** OpenShift's endpoints behind a user-managed load balancer, by port (OpenShift docs, "Services for a user-managed load balancer"). */
export const OPENSHIFT_SERVICES: Readonly<Record<number, { role: 'api' | 'machine-config'; path: string }>> = {
  6443: { role: 'api', path: '/readyz' },
  22623: { role: 'machine-config', path: '/healthz' },
};
/** The OpenShift router's health endpoint: plain HTTP on port 1936 of every node that runs a router. */
export const ROUTER_HEALTH = { port: 1936, path: '/healthz/ready' } as const;

export interface HaproxyServer {
  name: string;
  address: string;
}

/** How HAProxy checks a backend's servers. */
export type HaproxyCheck = { kind: 'tcp' } | { kind: 'http'; path: string; tls: boolean; port?: number };

export interface HaproxyService {
  lb: LoadBalancer;
  listener: Listener;
  /** `tcp` (passthrough: TLS, the API, anything) or `http`. */
  mode: 'tcp' | 'http';
  servers: HaproxyServer[];
  check: HaproxyCheck;
  /** Where the servers come from, for the file's header. */
  source: string;
}

export interface HaproxyPlan {
  servers: Servers;
  /** The load balancers it runs, in name order, each with its services (one per listener). */
  loadBalancers: { lb: LoadBalancer; services: HaproxyService[] }[];
}

/** The machines of a cluster that serve `port`: masters for the API and machine config server, else the ingress nodes. */
function clusterServers(
  c: Cluster,
  port: number,
): { servers: HaproxyServer[]; what: string; missing?: { what: string; loc: Loc } } {
  const cp = c.controlPlane;
  const masters = (): HaproxyServer[] => cp.addresses.map((address, i) => ({ name: `${c.name}-master-${i}`, address }));
  if (OPENSHIFT_SERVICES[port] || !c.workers.some((w) => w.placement.total > 0)) {
    const what = `the control plane of cluster ${c.name}`;
    return cp.addresses.length
      ? { servers: masters(), what }
      : { servers: [], what, missing: { what, loc: cp.props.replicas ?? cp.loc } };
  }
  const pools = c.workers.filter((w) => w.placement.total > 0);
  const missing = pools.find((w) => !w.addresses.length);
  const what = `the workers of cluster ${c.name}`;
  if (missing)
    return { servers: [], what, missing: { what: `workers ${missing.name} of cluster ${c.name}`, loc: missing.loc } };
  return {
    servers: pools.flatMap((w) => w.addresses.map((address, i) => ({ name: `${c.name}-${w.name}-${i}`, address }))),
    what,
  };
}

function check(lb: LoadBalancer, listener: Listener, member: Cluster | Servers | undefined): HaproxyCheck {
  if (member?.kind === 'cluster' && member.distribution === 'openshift') {
    const svc = OPENSHIFT_SERVICES[listener.port];
    if (svc) return { kind: 'http', path: svc.path, tls: true };
    return { kind: 'http', path: ROUTER_HEALTH.path, tls: false, port: ROUTER_HEALTH.port };
  }
  const path = lb.health?.path;
  if (!path) return { kind: 'tcp' };
  if (listener.protocol === 'http') return { kind: 'http', path, tls: false };
  if (listener.protocol === 'https') return { kind: 'http', path, tls: true };
  return { kind: 'tcp' };
}

/**
 * What topo writes into each HAProxy VM group: every `provider haproxy` load balancer that runs
 * `via` a group, with its frontends and the servers behind them (the fixed addresses of its
 * members). Problems: a member without fixed addresses, TLS termination (HAProxy would need a
 * certificate topo does not hold), two load balancers on one address and port, no free VRRP id.
 */
export function planHaproxy(model: Pick<TopoModel, 'loadBalancers' | 'servers'>): {
  plans: HaproxyPlan[];
  problems: ModelProblem[];
} {
  const problems: ModelProblem[] = [];
  const byGroup = new Map<Servers, HaproxyPlan['loadBalancers']>();
  const bound = new Map<Servers, Map<string, LoadBalancer>>();
  const lbs = model.loadBalancers
    .filter((l) => l.provider === 'haproxy' && l.via)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const lb of lbs) {
    const group = lb.via!;
    const errors: ModelProblem[] = [];
    const err = (code: string, message: string, loc: Loc): void => {
      errors.push({ severity: 'error', code: `haproxy/${code}`, message, loc });
    };
    const services: HaproxyService[] = [];
    const ports = bound.get(group) ?? new Map<string, LoadBalancer>();
    bound.set(group, ports);
    for (const listener of lb.listeners) {
      if (listener.tls === 'terminate' || listener.tls === 'reencrypt') {
        err(
          'tls',
          `load balancer ${lb.name}: listener ${listener.protocol} ${listener.port} has tls ${listener.tls}, which needs a certificate on the HAProxy VMs that topo does not hold: use \`tls passthrough\` (TLS ends at the routers or the app)`,
          lb.props.listeners ?? lb.nameLoc,
        );
        continue;
      }
      const key = `${lb.vip ?? '*'}:${listener.port}`;
      const other =
        ports.get(key) ??
        ports.get(`*:${listener.port}`) ??
        (lb.vip ? undefined : [...ports].find(([k]) => k.endsWith(`:${listener.port}`))?.[1]);
      if (other && other !== lb)
        err(
          'port-clash',
          `load balancers ${other.name} and ${lb.name} both listen on ${key} of servers ${group.name}: HAProxy binds an address and port once; give one another port or another vip`,
          lb.props.listeners ?? lb.nameLoc,
        );
      ports.set(key, lb);
      const servers: HaproxyServer[] = [];
      const sources: string[] = [];
      for (const m of lb.members) {
        if (m.kind === 'cluster') {
          const got = clusterServers(m, listener.port);
          if (got.missing) {
            err(
              'backend-addresses',
              `load balancer ${lb.name} forwards port ${listener.port} to ${got.missing.what}, whose addresses the topology does not fix: HAProxy needs them as servers; add \`addresses <ip> ...\` (one per machine) to it`,
              got.missing.loc,
            );
            continue;
          }
          servers.push(...got.servers);
          sources.push(`${got.what} (addresses)`);
        } else if (!m.addresses.length) {
          err(
            'backend-addresses',
            `load balancer ${lb.name} forwards to servers ${m.name}, whose addresses the topology does not fix: HAProxy needs them as servers; add \`addresses <ip> ...\` (one per machine) to servers ${m.name}`,
            m.nameLoc,
          );
        } else {
          servers.push(...m.addresses.map((address, i) => ({ name: `${m.name}-${i}`, address })));
          sources.push(`servers ${m.name} (addresses)`);
        }
      }
      services.push({
        lb,
        listener,
        mode: listener.protocol === 'http' ? 'http' : 'tcp',
        servers,
        check: check(lb, listener, lb.members[0]),
        source: [...new Set(sources)].join(', '),
      });
    }
    if (lb.keepalived && lb.keepalived.vrid === 0) {
      err(
        'vrid',
        `load balancer ${lb.name}: every VRRP id (1-255) is taken on network ${lb.keepalived.segment?.name ?? '?'}, so keepalived cannot hold its VIP there: move it to another network`,
        lb.props.vip ?? lb.nameLoc,
      );
    }
    problems.push(...errors);
    if (errors.length) continue;
    byGroup.set(group, [...(byGroup.get(group) ?? []), { lb, services }]);
  }
  const plans = model.servers
    .filter((s) => byGroup.has(s))
    .map((s) => ({ servers: s, loadBalancers: byGroup.get(s)! }));
  return { plans, problems };
}

/** Addresses given for a group of machines must be one per machine. */
export function addressProblems(model: Pick<TopoModel, 'clusters' | 'servers'>): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const check = (addresses: string[], total: number, what: string, loc: Loc | undefined, fallback: Loc): void => {
    if (!addresses.length || addresses.length === total) return;
    problems.push({
      severity: 'error',
      code: 'model/addresses',
      message: `${what} has ${total} machine${total === 1 ? '' : 's'} but ${addresses.length} fixed address${addresses.length === 1 ? '' : 'es'}: give one address per machine`,
      loc: loc ?? fallback,
    });
  };
  for (const c of model.clusters) {
    check(
      c.controlPlane.addresses,
      c.controlPlane.placement.total,
      `the control plane of ${c.name}`,
      c.controlPlane.props.addresses,
      c.controlPlane.loc,
    );
    for (const w of c.workers)
      check(w.addresses, w.placement.total, `workers ${w.name} of ${c.name}`, w.props.addresses, w.loc);
  }
  for (const s of model.servers) {
    check(s.addresses, s.placement.total, `servers ${s.name}`, s.props.addresses, s.loc);
    // Each becomes the fixed IP of the machine's port on its first network (HEAT, Terraform):
    // Neutron refuses an address outside the subnet.
    const net = s.networks[0];
    const outside = net?.cidr ? s.addresses.filter((a) => !cidrContains(net.cidr!, a)) : [];
    if (outside.length) {
      problems.push({
        severity: 'error',
        code: 'model/addresses',
        message: `servers ${s.name}: ${outside.join(', ')} ${outside.length === 1 ? 'is' : 'are'} not in ${net!.cidr} of network ${net!.name}, where the machines get their fixed addresses (Neutron refuses a fixed IP outside the subnet): give addresses inside it`,
        loc: s.props.addresses ?? s.loc,
      });
    }
  }
  return problems;
}

/** Every traffic-layer precondition, for `checks.ts`. */
export function trafficProblems(model: TopoModel): ModelProblem[] {
  return [
    ...addressProblems(model),
    ...planWideIps(model, 'powerdns').problems,
    ...planWideIps(model, 'k8gb').problems,
    ...planHaproxy(model).problems,
  ];
}
