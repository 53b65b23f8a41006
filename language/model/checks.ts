/**
 * Checks on the built model (found by fuzzing, docs/reliability.md), reported as model errors so
 * that such a topology is shown as broken and never generated:
 *
 * - Names declared twice (`model/duplicate`): two clusters `ocp` in two files of one folder. The
 *   generators would write two files to one path, or two resources with one name.
 * - Numbers the grammar accepts but nothing can deploy (`model/range`): a port above 65535, a VLAN
 *   id of 5000, a count with 400 digits (Infinity once read), a million control-plane members.
 *   The generators would otherwise write templates the cloud refuses, or unroll a billion servers.
 * - What keeps the traffic generators from writing a wide IP or an HAProxy load balancer
 *   (`haproxy/*`, `powerdns/*`, `k8gb/*`, `model/addresses`): defined once in `traffic.ts`, which
 *   the generators read too.
 * - What the apps target cannot deploy (`apps/*`, see `appProblems`): names and hosts Kubernetes
 *   refuses, two apps on one host, an HPA without its upper bound.
 */
import { appHost, isKubernetesName, isSecretName, KUBERNETES_NAME_RULE } from './kubernetes.js';
import { trafficProblems } from './traffic.js';
import type * as M from './types.js';

/** The most machines of one group (control plane, worker pool, VM group) topo lays out. */
export const MAX_MACHINES = 10_000;
/** The most replicas of one app. */
export const MAX_REPLICAS = 1_000_000;
/** The largest volume or storage size (1 PiB). */
export const MAX_SIZE_GIB = 1_048_576;
/** The longest duration (a year). */
export const MAX_DURATION_MS = 365 * 24 * 3600 * 1000;

export function checkModel(model: M.TopoModel): M.ModelProblem[] {
  return [
    ...checkDuplicates(model),
    ...checkRanges(model),
    ...trafficProblems(model),
    ...model.apps.flatMap((a) => appProblems(a, model)),
  ];
}

/**
 * What the apps target cannot deploy (`apps/*`), for an app that runs on clusters: a name that is
 * no Kubernetes name (it names the namespace and every object), a url that names no host (a
 * Route's or Ingress rule's host), two apps claiming one host on one cluster (the router admits
 * only the older Route), an HPA without its upper bound, a secret whose name no Secret can have.
 * The generator refuses exactly these, from this function.
 */
const hostIndex = new WeakMap<readonly M.App[], Map<string, M.App[]>>();

/**
 * The apps of a model by the host of their url, in model order: one pass per model, so checking
 * every app for a host another app claims is linear (a scan of every app per app was quadratic:
 * seconds on an estate of thousands of apps).
 */
function appsByHost(model: Pick<M.TopoModel, 'apps'>): Map<string, M.App[]> {
  let index = hostIndex.get(model.apps);
  if (!index) {
    index = new Map();
    for (const o of model.apps) {
      const h = o.url === undefined ? undefined : (appHost(o.url) as { host?: string }).host;
      if (h === undefined) continue;
      const list = index.get(h);
      if (list) list.push(o);
      else index.set(h, [o]);
    }
    hostIndex.set(model.apps, index);
  }
  return index;
}

export function appProblems(app: M.App, model: Pick<M.TopoModel, 'apps'>): M.ModelProblem[] {
  if (!app.clusters.length) return [];
  const problems: M.ModelProblem[] = [];
  const err = (code: string, message: string, loc: M.Loc): void => {
    problems.push({ severity: 'error', code: `apps/${code}`, message: `app ${app.name}: ${message}`, loc });
  };
  if (!isKubernetesName(app.name)) {
    err(
      'name',
      `the name becomes the namespace and the name of its Deployment, Service and Route in every cluster: use ${KUBERNETES_NAME_RULE}`,
      app.nameLoc,
    );
  }
  const host = app.url === undefined ? undefined : appHost(app.url);
  if (host && 'problem' in host)
    err(
      'url',
      `url ${host.problem}: give the host name clients use, e.g. "${app.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.example.com"`,
      app.props.url ?? app.loc,
    );
  if (host && 'host' in host) {
    const first = appsByHost(model)
      .get(host.host)
      ?.find((o) => o.clusters.some((c) => app.clusters.includes(c)));
    if (first && first !== app) {
      const shared = first.clusters
        .filter((c) => app.clusters.includes(c))
        .map((c) => c.name)
        .join(', ');
      err(
        'url-conflict',
        `url "${host.host}" is also app ${first.name}'s, on ${shared}: the router admits only the older of two routes for one host, so one app would not be reached; give each app its own host`,
        app.props.url ?? app.loc,
      );
    }
  }
  if (app.hpa && app.hpa.max === undefined)
    err(
      'hpa-max',
      "the hpa has no `max`: a HorizontalPodAutoscaler needs its upper bound; add `max N` (the whole app's, divided between its clusters)",
      app.props.hpa ?? app.loc,
    );
  for (const s of app.secrets) {
    if (!isSecretName(s.name))
      err(
        'secret-name',
        `secret ${s.name} becomes a Kubernetes Secret of that name: use lower-case letters, digits, '-' and '.'`,
        app.props.secrets ?? app.loc,
      );
  }
  return problems;
}

/** Elements that share a namespace (references of one type resolve among them). */
function namespaces(model: M.TopoModel): [string, M.Element[]][] {
  return [
    ['region', model.regions],
    ...model.regions.map((r): [string, M.Element[]] => ['zone', r.zones]),
    ['project', model.projects],
    ['network', model.networks],
    ['router', model.routers],
    ['connector', model.connectors],
    ['security group', model.securityGroups],
    ['cluster or servers', [...model.clusters, ...model.servers]],
    ['load balancer', model.loadBalancers],
    ['gslb', model.gslbs],
    ['app', model.apps],
    ['storage', model.storages],
    ['management', model.managements],
  ];
}

function checkDuplicates(model: M.TopoModel): M.ModelProblem[] {
  const problems: M.ModelProblem[] = [];
  for (const [, elements] of namespaces(model)) {
    const first = new Map<string, M.Element>();
    for (const e of elements) {
      const key = e.kind === 'zone' ? (e as M.Zone).id : e.name;
      const before = first.get(key);
      if (!before) {
        first.set(key, e);
        continue;
      }
      const where = `${before.nameLoc.uri.slice(before.nameLoc.uri.lastIndexOf('/') + 1)}:${before.nameLoc.range.start.line + 1}`;
      problems.push({
        severity: 'error',
        code: 'model/duplicate',
        message: `${e.kind} ${key} is declared twice (first at ${where}${before.kind !== e.kind ? `, as ${before.kind}` : ''}): names are unique in a topology; rename one`,
        loc: e.nameLoc,
      });
    }
  }
  for (const l of model.loadBalancers) {
    const ports = new Set<number>();
    for (const x of l.listeners) {
      if (ports.has(x.port))
        problems.push({
          severity: 'error',
          code: 'model/duplicate',
          message: `load balancer ${l.name} listens on port ${x.port} twice: one listener per port; remove one`,
          loc: l.props.listeners ?? l.loc,
        });
      ports.add(x.port);
    }
  }
  const secrets = new Map<string, M.SecretRef>();
  for (const s of model.secrets) {
    if (secrets.has(s.name))
      problems.push({
        severity: 'error',
        code: 'model/duplicate',
        message: `secret ${s.name} is declared twice: names are unique in a topology; rename one`,
        loc: s.ref.loc,
      });
    else secrets.set(s.name, s.ref);
  }
  return problems;
}

/**
 * Where a problem is reported, computed only when there is one: reading `props` computes property
 * locations from the syntax tree (lazily, see model/lazy-record.ts), which for every element of a large
 * topology cost more than all these checks.
 */
type At = M.Loc | (() => M.Loc);

function checkRanges(model: M.TopoModel): M.ModelProblem[] {
  const problems: M.ModelProblem[] = [];
  const err = (message: string, at: At): void => {
    problems.push({ severity: 'error', code: 'model/range', message, loc: typeof at === 'function' ? at() : at });
  };
  const whole = (v: number | undefined, lo: number, hi: number, what: string, loc: At): void => {
    if (v === undefined) return;
    if (!Number.isFinite(v) || !Number.isInteger(v) || v < lo || v > hi)
      err(`${what} is ${show(v)}: give a whole number from ${lo} to ${hi}`, loc);
  };
  // Beyond these bounds numbers print in exponent notation (1e+208), which no template takes as an integer.
  const finite = (v: number | undefined, what: string, loc: At, max = Number.MAX_SAFE_INTEGER, unit = ''): void => {
    if (v === undefined) return;
    if (!Number.isFinite(v) || v < 0)
      err(`${what} is too large to be a number topo can use: give a smaller value`, loc);
    else if (v > max) err(`${what} is more than ${max}${unit}: give a smaller value`, loc);
  };
  const size = (v: number | undefined, what: string, loc: At): void =>
    finite(v, what, loc, MAX_SIZE_GIB, ' GiB (1 PiB)');
  const duration = (v: number | undefined, what: string, loc: At): void =>
    finite(v, what, loc, MAX_DURATION_MS, ' ms (a year)');
  const ports = (from: number | undefined, to: number | undefined, what: string, loc: At): void => {
    whole(from, 0, 65535, `${what}: the port`, loc);
    whole(to, 0, 65535, `${what}: the port`, loc);
    if (from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to) && from > to)
      err(`${what}: the port range ${from}-${to} runs backwards: write the lower port first`, loc);
  };
  const placement = (p: M.Placement, what: string, loc: At): void => {
    if (!Number.isFinite(p.total) || p.total > MAX_MACHINES)
      err(`${what} has ${show(p.total)} machines; topo lays out at most ${MAX_MACHINES} per group`, loc);
    else if (!Number.isInteger(p.total) || [...p.perZone.values()].some((n) => !Number.isInteger(n)))
      err(`${what}: a machine count is ${p.total}; counts are whole numbers`, loc);
  };

  for (const n of model.networks) {
    whole(n.vlan, 1, 4094, `network ${n.name}: the VLAN id`, () => n.props.vlan ?? n.loc);
    whole(n.mtu, 68, 65535, `network ${n.name}: the MTU`, () => n.props.mtu ?? n.loc);
  }
  for (const g of model.securityGroups) {
    g.rules.forEach((r, i) => ports(r.portFrom, r.portTo, `security group ${g.name}, rule ${i + 1}`, g.loc));
  }
  for (const r of model.routers) {
    if (r.firewall && r.firewall !== 'off')
      r.firewall.rules.forEach((f, i) =>
        ports(f.portFrom, f.portTo, `router ${r.name}, firewall rule ${i + 1}`, () => r.props.firewall ?? r.loc),
      );
  }
  for (const l of model.loadBalancers) {
    for (const x of l.listeners)
      whole(x.port, 1, 65535, `load balancer ${l.name}: the listener port`, () => l.props.listeners ?? l.loc);
    health(l.health, `load balancer ${l.name}`);
  }
  for (const g of model.gslbs) health(g.health, `gslb ${g.name}`);
  for (const c of model.clusters) {
    const cp = c.controlPlane;
    placement(cp.placement, `the control plane of ${c.name}`, () => cp.props.replicas ?? cp.props.zones ?? cp.loc);
    for (const w of c.workers)
      placement(
        w.placement,
        `workers ${w.name} of ${c.name}`,
        () => w.props.perZone ?? w.props.replicas ?? w.props.zones ?? w.loc,
      );
    whole(c.hostPrefix, 0, 32, `cluster ${c.name}: hostPrefix`, () => c.props.podNetwork ?? c.loc);
    duration(cp.etcd?.heartbeatMs, `cluster ${c.name}: the etcd heartbeat`, cp.etcd?.loc ?? cp.loc);
    duration(cp.etcd?.electionMs, `cluster ${c.name}: the etcd election timeout`, cp.etcd?.loc ?? cp.loc);
    size(
      cp.rootVolume?.sizeGiB,
      `cluster ${c.name}: the control plane's root volume`,
      () => cp.props.rootVolume ?? cp.loc,
    );
    for (const w of c.workers)
      size(w.rootVolume?.sizeGiB, `workers ${w.name} of ${c.name}: the root volume`, () => w.props.rootVolume ?? w.loc);
  }
  for (const s of model.servers) {
    placement(s.placement, `servers ${s.name}`, () => s.props.count ?? s.props.zones ?? s.loc);
    size(s.volumeGiB, `servers ${s.name}: the volume`, () => s.props.volume ?? s.loc);
  }
  for (const a of model.apps) {
    whole(a.replicas, 0, MAX_REPLICAS, `app ${a.name}: replicas`, () => a.props.replicas ?? a.loc);
    whole(a.hpa?.min, 0, MAX_REPLICAS, `app ${a.name}: hpa min`, () => a.props.hpa ?? a.loc);
    whole(a.hpa?.max, 0, MAX_REPLICAS, `app ${a.name}: hpa max`, () => a.props.hpa ?? a.loc);
    finite(a.hpa?.cpuPercent, `app ${a.name}: hpa cpu`, () => a.props.hpa ?? a.loc);
    const { min, max } = a.hpa ?? {};
    if (min !== undefined && max !== undefined && Number.isFinite(min) && Number.isFinite(max) && min > max)
      err(`app ${a.name}: hpa min ${min} is above max ${max}: give the lower bound first`, () => a.props.hpa ?? a.loc);
    health(a.health, `app ${a.name}`);
    whole(a.port, 1, 65535, `app ${a.name}: the port`, () => a.props.port ?? a.loc);
    finite(a.requests?.cpu, `app ${a.name}: the cpu request`, () => a.props.requests ?? a.loc, 1024, ' cores');
    finite(
      a.requests?.memoryBytes,
      `app ${a.name}: the memory request`,
      () => a.props.requests ?? a.loc,
      2 ** 50,
      ' bytes (1 PiB)',
    );
  }
  for (const s of model.storages) {
    size(s.sizeGiB, `storage ${s.name}: the size`, () => s.props.size ?? s.loc);
    duration(s.backup?.intervalMs, `storage ${s.name}: the backup interval`, s.backup?.loc ?? s.loc);
  }
  for (const m of model.managements) {
    whole(m.nodes, 0, MAX_MACHINES, `management ${m.name}: nodes`, () => m.props.nodes ?? m.loc);
    whole(m.hosts, 0, MAX_MACHINES, `management ${m.name}: hosts`, () => m.props.hosts ?? m.loc);
  }
  for (const r of model.rttDecls) duration(r.ms, `rtt ${r.a} ${r.b}`, r.loc);
  return problems;

  function health(h: M.HealthCheck | undefined, what: string): void {
    if (!h) return;
    duration(h.intervalMs, `${what}: the health check interval`, () => h.props.interval ?? h.loc);
    duration(h.timeoutMs, `${what}: the health check timeout`, () => h.props.timeout ?? h.loc);
    whole(h.fall, 0, 1000, `${what}: the health check fall count`, () => h.props.fall ?? h.loc);
    whole(h.rise, 0, 1000, `${what}: the health check rise count`, () => h.props.rise ?? h.loc);
  }
}

function show(v: number): string {
  return Number.isFinite(v) ? String(v) : 'too large a number';
}
