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
import { changedIndices } from './memo.js';
import { addressProblems, planHaproxy, planWideIps, trafficProblems } from './traffic.js';
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
 * `checkModel` of a model built on a kept infrastructure (model/memo.ts): the infrastructure's
 * checks are kept with it, and each app's, while the app is unchanged; the names are checked
 * again (a name may now be taken twice), and so is which app claims a host first. The same
 * problems in the same order as `checkModel`.
 */
export function checkModelOn(model: M.TopoModel, infra: object): M.ModelProblem[] {
  let kept = keptChecks.get(infra);
  if (!kept) {
    kept = {
      duplicatesBefore: duplicatesBeforeApps(model),
      duplicatesAfter: duplicatesAfterApps(model),
      head: rangesOf(model, 'head'),
      topStorage: rangeProblems((r) => {
        for (const s of model.storages) if (!s.app) r.storage(s);
      }),
      tail: rangesOf(model, 'tail'),
      address: addressProblems(model),
      haproxy: planHaproxy(model).problems,
      apps: new WeakMap(),
    };
    keptChecks.set(infra, kept);
  }
  // A keystroke changes an app or two: the others are where they were in the last model, and
  // what is kept of them is read only where it holds problems (reading 7,000 apps scattered over
  // a large heap costs about a millisecond per pass in memory latency alone).
  const last = kept.seen;
  const apps = model.apps;
  const changed = last && changedIndices(last.apps, apps);
  const keptOf = (a: M.App): KeptApp => {
    let e = kept.apps.get(a);
    if (!e) {
      const one = { apps: [a] };
      e = {
        ranges: some(rangeProblems((r) => r.app(a))),
        storage: some(
          rangeProblems((r) => {
            for (const s of a.storage) r.storage(s);
          }),
        ),
        powerdns: some(planWideIps(one, 'powerdns').problems),
        k8gb: some(planWideIps(one, 'k8gb').problems),
        host: hostNameOf(a),
      };
      kept.apps.set(a, e);
    }
    return e;
  };
  let perApp: KeptApp[];
  if (changed) {
    perApp = last.perApp.slice();
    for (const i of changed) perApp[i] = keptOf(apps[i]!);
  } else perApp = apps.map((a, i) => (last && last.apps[i] === a ? last.perApp[i]! : keptOf(a)));
  const seen = (kept.seen = appsSeen(model, last, perApp, changed));
  namesUnique.set(apps, seen.appNames.size === apps.length);
  const out = [...kept.duplicatesBefore, ...(seen.twice ? duplicatesOfApps(model) : NONE), ...kept.duplicatesAfter];
  out.push(...kept.head);
  const each = (part: AppPart): void => {
    for (const i of seen.nonEmpty[part]) out.push(...perApp[i]![part]);
  };
  each('ranges');
  each('storage');
  out.push(...kept.topStorage, ...kept.tail, ...kept.address);
  each('powerdns');
  each('k8gb');
  out.push(...kept.haproxy);
  for (const i of seen.problems.nonEmpty) out.push(...seen.problems.at[i]!);
  return out;
}

/** The parts of an app's checks kept with it. */
type AppPart = 'ranges' | 'storage' | 'powerdns' | 'k8gb';
const APP_PARTS: readonly AppPart[] = ['ranges', 'storage', 'powerdns', 'k8gb'];

/** Whether no two apps share a name (counted by `checkModelOn` for the models it checks). */
export function appNamesUnique(model: Pick<M.TopoModel, 'apps'>): boolean {
  let unique = namesUnique.get(model.apps);
  if (unique === undefined)
    namesUnique.set(model.apps, (unique = new Set(model.apps.map((a) => a.name)).size === model.apps.length));
  return unique;
}
const namesUnique = new WeakMap<readonly M.App[], boolean>();

/**
 * What `checkModelOn` knows of the last model's apps on one infrastructure: how many apps and
 * how many storage blocks have each name, the apps' indices by host, and where the problems are.
 * A model that differs from the last at a few indices updates it there (a keystroke replaces one
 * app).
 */
interface AppsSeen {
  apps: M.App[];
  /** What is kept of each app, at its index. */
  perApp: KeptApp[];
  appNames: Map<string, number>;
  storageNames: Map<string, number>;
  /** Names held by more than one app, or more than one storage block. */
  twice: number;
  /** The indices of the apps whose url names each host, in order. */
  byHost: HostIndices;
  /** Per part, the indices of the apps whose part holds problems, in order. */
  nonEmpty: Record<AppPart, number[]>;
  /** `appProblems` of the app at each index, and the indices where there are some. */
  problems: { at: (readonly M.ModelProblem[])[]; nonEmpty: number[] };
}

/** A model's `AppsSeen`, from the last model's and the indices where the apps changed, or from scratch. */
function appsSeen(
  model: M.TopoModel,
  last: AppsSeen | undefined,
  perApp: KeptApp[],
  changed: Set<number> | undefined,
): AppsSeen {
  const apps = model.apps;
  if (!last || !changed) {
    const hosts = new Map<string, number[]>();
    perApp.forEach((e, i) => {
      if (e.host !== undefined) addIndex(hosts, e.host, i);
    });
    const byHost = new HostIndices(hosts);
    const seen: AppsSeen = {
      apps,
      perApp,
      appNames: new Map(),
      storageNames: new Map(),
      twice: 0,
      byHost,
      nonEmpty: { ranges: [], storage: [], powerdns: [], k8gb: [] },
      problems: { at: [], nonEmpty: [] },
    };
    for (const a of apps) seen.twice += count(seen.appNames, a.name, 1);
    for (const st of model.storages) seen.twice += count(seen.storageNames, st.name, 1);
    hostIndex.set(apps, new HostIndex(byHost, apps));
    perApp.forEach((e, i) => {
      for (const part of APP_PARTS) if (e[part].length) seen.nonEmpty[part].push(i);
      const list = appProblemsKept(apps[i]!, model, e);
      seen.problems.at.push(list);
      if (list.length) seen.problems.nonEmpty.push(i);
    });
    return seen;
  }
  if (!changed.size) {
    hostIndex.set(apps, new HostIndex(last.byHost, apps));
    return { ...last, apps, perApp };
  }
  const seen: AppsSeen = {
    ...last,
    apps,
    perApp,
    nonEmpty: { ...last.nonEmpty },
    problems: { at: last.problems.at.slice(), nonEmpty: last.problems.nonEmpty },
  };
  // The names and hosts of the apps replaced, then of those that replace them (an app at two
  // changed indices, apps swapped, counts out and in again).
  const changedHosts = new Map<string, number[]>();
  const step = (a: M.App, e: KeptApp, i: number, by: 1 | -1): void => {
    seen.twice += count(seen.appNames, a.name, by);
    for (const st of a.storage) seen.twice += count(seen.storageNames, st.name, by);
    if (e.host === undefined) return;
    const list = (changedHosts.get(e.host) ?? last.byHost.get(e.host) ?? []).filter((j) => j !== i);
    if (by === 1) insertIndex(list, i);
    changedHosts.set(e.host, list);
  };
  for (const i of changed) step(last.apps[i]!, last.perApp[i]!, i, -1);
  for (const i of changed) step(apps[i]!, perApp[i]!, i, 1);
  seen.byHost = last.byHost.with(changedHosts);
  hostIndex.set(apps, new HostIndex(seen.byHost, apps));
  for (const part of APP_PARTS)
    seen.nonEmpty[part] = patched(last.nonEmpty[part], changed, (i) => perApp[i]![part].length > 0);
  // An app's problems change with the app, or with the app that claims its host first: those of
  // the changed apps and of the apps with a host a changed app had or has are found again.
  const again = new Set(changed);
  for (const list of changedHosts.values()) for (const i of list) again.add(i);
  for (const i of again) {
    const e = perApp[i]!;
    seen.problems.at[i] =
      e.problems && (e.host === undefined || !changedHosts.has(e.host))
        ? e.problems.list
        : appProblemsKept(apps[i]!, model, e);
  }
  seen.problems.nonEmpty = patched(last.problems.nonEmpty, again, (i) => seen.problems.at[i]!.length > 0);
  return seen;
}

/** Sorted indices, those in `changed` kept or dropped as `holds` says. */
function patched(indices: readonly number[], changed: ReadonlySet<number>, holds: (i: number) => boolean): number[] {
  const out = indices.filter((i) => !changed.has(i));
  for (const i of changed) if (holds(i)) out.push(i);
  return out.sort((a, b) => a - b);
}

/** Adds an index to a host's list. */
function addIndex(byHost: Map<string, number[]>, host: string, i: number): void {
  const list = byHost.get(host);
  if (list) list.push(i);
  else byHost.set(host, [i]);
}

/** Inserts an index into a sorted list, in its place. */
function insertIndex(list: number[], i: number): void {
  let k = list.length;
  while (k > 0 && list[k - 1]! > i) k--;
  list.splice(k, 0, i);
}

/** Adds `by` to a name's count; gives the change in the number of names counted more than once. */
function count(counts: Map<string, number>, name: string, by: 1 | -1): number {
  const before = counts.get(name) ?? 0;
  const after = before + by;
  if (after) counts.set(name, after);
  else counts.delete(name);
  return (after > 1 ? 1 : 0) - (before > 1 ? 1 : 0);
}

/**
 * The indices of the apps by the host of their url, in order: a full map, and the hosts whose lists
 * changed since (a model's own, so that the last model's stays as it was; merged into a new full
 * map once they are many).
 */
class HostIndices {
  constructor(
    private readonly base: ReadonlyMap<string, readonly number[]>,
    private readonly over: ReadonlyMap<string, readonly number[]> = new Map(),
  ) {}

  get(host: string): readonly number[] | undefined {
    const list = this.over.get(host) ?? this.base.get(host);
    return list?.length ? list : undefined;
  }

  /** These hosts' lists replaced (an empty list: no app has the host any more). */
  with(lists: ReadonlyMap<string, readonly number[]>): HostIndices {
    const over = new Map([...this.over, ...lists]);
    if (over.size <= MAX_OVERRIDES) return new HostIndices(this.base, over);
    const base = new Map([...this.base, ...over]);
    for (const [h, list] of over) if (!list.length) base.delete(h);
    return new HostIndices(base);
  }
}
const MAX_OVERRIDES = 256;

/** The apps by host (each host's apps in model order), from the apps' indices. */
class HostIndex {
  private readonly lists = new Map<string, M.App[]>();

  constructor(
    private readonly byHost: HostIndices,
    private readonly apps: readonly M.App[],
  ) {}

  get(host: string): M.App[] | undefined {
    let list = this.lists.get(host);
    if (!list) {
      list = (this.byHost.get(host) ?? []).map((i) => this.apps[i]!);
      this.lists.set(host, list);
    }
    return list.length ? list : undefined;
  }
}

interface KeptChecks {
  /** The last model's apps. */
  seen?: AppsSeen;
  duplicatesBefore: M.ModelProblem[];
  duplicatesAfter: M.ModelProblem[];
  head: M.ModelProblem[];
  topStorage: M.ModelProblem[];
  tail: M.ModelProblem[];
  address: M.ModelProblem[];
  haproxy: M.ModelProblem[];
  apps: WeakMap<M.App, KeptApp>;
}
interface KeptApp {
  ranges: readonly M.ModelProblem[];
  storage: readonly M.ModelProblem[];
  powerdns: readonly M.ModelProblem[];
  k8gb: readonly M.ModelProblem[];
  /** The host of the app's url, if it names one. */
  host: string | undefined;
  /** `appProblems`, and the app that claimed the host first when they were found. */
  problems?: { first: M.App | undefined; list: M.ModelProblem[] };
}
const keptChecks = new WeakMap<object, KeptChecks>();

/** The problems, or one shared empty list when there are none (most apps have none). */
function some(problems: M.ModelProblem[]): readonly M.ModelProblem[] {
  return problems.length ? problems : NONE;
}
const NONE: readonly M.ModelProblem[] = [];

/** `appProblems`, kept while the app that claims its host first is the same. */
function appProblemsKept(app: M.App, model: Pick<M.TopoModel, 'apps'>, kept: KeptApp): M.ModelProblem[] {
  const first = firstClaim(app, model);
  if (!kept.problems || kept.problems.first !== first) kept.problems = { first, list: appProblems(app, model) };
  return kept.problems.list;
}

/**
 * What the apps target cannot deploy (`apps/*`), for an app that runs on clusters: a name that is
 * no Kubernetes name (it names the namespace and every object), a url that names no host (a
 * Route's or Ingress rule's host), two apps claiming one host on one cluster (the router admits
 * only the older Route), an HPA without its upper bound, a secret whose name no Secret can have.
 * The generator refuses exactly these, from this function.
 */
const hostIndex = new WeakMap<readonly M.App[], HostIndex>();

/**
 * The apps of a model by the host of their url, in model order: one pass per model, so checking
 * every app for a host another app claims is linear (a scan of every app per app was quadratic:
 * seconds on an estate of thousands of apps).
 */
function appsByHost(model: Pick<M.TopoModel, 'apps'>): HostIndex {
  let index = hostIndex.get(model.apps);
  if (!index) hostIndex.set(model.apps, (index = fullIndex(model)));
  return index;
}

function fullIndex(model: Pick<M.TopoModel, 'apps'>): HostIndex {
  const byHost = new Map<string, number[]>();
  model.apps.forEach((o, i) => {
    const h = hostNameOf(o);
    if (h !== undefined) addIndex(byHost, h, i);
  });
  return new HostIndex(new HostIndices(byHost), model.apps);
}

/** The host an app's url names, if it names one. */
function hostNameOf(app: M.App): string | undefined {
  const h = hostOf(app);
  return h && 'host' in h ? h.host : undefined;
}

/** The host of an app's url, or what is wrong with it (kept per app). */
function hostOf(app: M.App): ReturnType<typeof appHost> | undefined {
  if (app.url === undefined) return undefined;
  let h = hosts.get(app);
  if (!h) hosts.set(app, (h = appHost(app.url)));
  return h;
}
const hosts = new WeakMap<M.App, ReturnType<typeof appHost>>();

/** The first app (in model order) on one of `app`'s clusters whose url has `app`'s host, if any. */
function firstClaim(app: M.App, model: Pick<M.TopoModel, 'apps'>): M.App | undefined {
  if (!app.clusters.length) return undefined;
  const host = hostOf(app);
  if (!host || !('host' in host)) return undefined;
  return appsByHost(model)
    .get(host.host)
    ?.find((o) => o.clusters.some((c) => app.clusters.includes(c)));
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
  const host = hostOf(app);
  if (host && 'problem' in host)
    err(
      'url',
      `url ${host.problem}: give the host name clients use, e.g. "${app.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.example.com"`,
      app.props.url ?? app.loc,
    );
  if (host && 'host' in host) {
    const first = firstClaim(app, model);
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

/**
 * Elements that share a namespace (references of one type resolve among them), in the order they
 * are checked: those before the apps, the apps and all storage (apps declare storage), and after.
 */
function namespacesBeforeApps(model: M.TopoModel): M.Element[][] {
  return [
    model.regions,
    ...model.regions.map((r) => r.zones),
    model.projects,
    model.networks,
    model.routers,
    model.connectors,
    model.securityGroups,
    [...model.clusters, ...model.servers],
    model.loadBalancers,
    model.gslbs,
  ];
}

function checkDuplicates(model: M.TopoModel): M.ModelProblem[] {
  return [...duplicatesBeforeApps(model), ...duplicatesOfApps(model), ...duplicatesAfterApps(model)];
}

function duplicatesBeforeApps(model: M.TopoModel): M.ModelProblem[] {
  const problems: M.ModelProblem[] = [];
  for (const elements of namespacesBeforeApps(model)) duplicatesIn(elements, problems);
  return problems;
}

function duplicatesOfApps(model: M.TopoModel): M.ModelProblem[] {
  const problems: M.ModelProblem[] = [];
  duplicatesIn(model.apps, problems);
  duplicatesIn(model.storages, problems);
  return problems;
}

/** Names declared twice among `elements` (one namespace), in their order. */
function duplicatesIn(elements: readonly M.Element[], problems: M.ModelProblem[]): void {
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

function duplicatesAfterApps(model: M.TopoModel): M.ModelProblem[] {
  const problems: M.ModelProblem[] = [];
  duplicatesIn(model.managements, problems);
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
  return rangeProblems((r) => {
    r.head(model);
    for (const a of model.apps) r.app(a);
    for (const s of model.storages) r.storage(s);
    r.tail(model);
  });
}

/** The range problems of the infrastructure before the apps (`head`) or after the storage (`tail`). */
function rangesOf(model: M.TopoModel, part: 'head' | 'tail'): M.ModelProblem[] {
  return rangeProblems((r) => r[part](model));
}

/** The range problems `fill` finds, in the order it looks. */
function rangeProblems(fill: (r: Ranges) => void): M.ModelProblem[] {
  const r = new Ranges();
  fill(r);
  return r.problems;
}

/** The `model/range` checks, one method per kind of element (checkRanges: in model order). */
class Ranges {
  readonly problems: M.ModelProblem[] = [];

  private err(message: string, at: At): void {
    this.problems.push({ severity: 'error', code: 'model/range', message, loc: typeof at === 'function' ? at() : at });
  }

  private whole(v: number | undefined, lo: number, hi: number, what: string, loc: At): void {
    if (v === undefined) return;
    if (!Number.isFinite(v) || !Number.isInteger(v) || v < lo || v > hi)
      this.err(`${what} is ${show(v)}: give a whole number from ${lo} to ${hi}`, loc);
  }

  // Beyond these bounds numbers print in exponent notation (1e+208), which no template takes as an integer.
  private finite(v: number | undefined, what: string, loc: At, max = Number.MAX_SAFE_INTEGER, unit = ''): void {
    if (v === undefined) return;
    if (!Number.isFinite(v) || v < 0)
      this.err(`${what} is too large to be a number topo can use: give a smaller value`, loc);
    else if (v > max) this.err(`${what} is more than ${max}${unit}: give a smaller value`, loc);
  }

  private size(v: number | undefined, what: string, loc: At): void {
    this.finite(v, what, loc, MAX_SIZE_GIB, ' GiB (1 PiB)');
  }

  private duration(v: number | undefined, what: string, loc: At): void {
    this.finite(v, what, loc, MAX_DURATION_MS, ' ms (a year)');
  }

  private ports(from: number | undefined, to: number | undefined, what: string, loc: At): void {
    this.whole(from, 0, 65535, `${what}: the port`, loc);
    this.whole(to, 0, 65535, `${what}: the port`, loc);
    if (from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to) && from > to)
      this.err(`${what}: the port range ${from}-${to} runs backwards: write the lower port first`, loc);
  }

  private placement(p: M.Placement, what: string, loc: At): void {
    if (!Number.isFinite(p.total) || p.total > MAX_MACHINES)
      this.err(`${what} has ${show(p.total)} machines; topo lays out at most ${MAX_MACHINES} per group`, loc);
    else if (!Number.isInteger(p.total) || [...p.perZone.values()].some((n) => !Number.isInteger(n)))
      this.err(`${what}: a machine count is ${p.total}; counts are whole numbers`, loc);
  }

  private health(h: M.HealthCheck | undefined, what: string): void {
    if (!h) return;
    this.duration(h.intervalMs, `${what}: the health check interval`, () => h.props.interval ?? h.loc);
    this.duration(h.timeoutMs, `${what}: the health check timeout`, () => h.props.timeout ?? h.loc);
    this.whole(h.fall, 0, 1000, `${what}: the health check fall count`, () => h.props.fall ?? h.loc);
    this.whole(h.rise, 0, 1000, `${what}: the health check rise count`, () => h.props.rise ?? h.loc);
  }

  /** Networks, security groups, routers, load balancers, GSLBs, clusters and VM groups. */
  head(model: M.TopoModel): void {
    for (const n of model.networks) {
      this.whole(n.vlan, 1, 4094, `network ${n.name}: the VLAN id`, () => n.props.vlan ?? n.loc);
      this.whole(n.mtu, 68, 65535, `network ${n.name}: the MTU`, () => n.props.mtu ?? n.loc);
    }
    for (const g of model.securityGroups) {
      g.rules.forEach((r, i) => this.ports(r.portFrom, r.portTo, `security group ${g.name}, rule ${i + 1}`, g.loc));
    }
    for (const r of model.routers) {
      if (r.firewall && r.firewall !== 'off')
        r.firewall.rules.forEach((f, i) =>
          this.ports(f.portFrom, f.portTo, `router ${r.name}, firewall rule ${i + 1}`, () => r.props.firewall ?? r.loc),
        );
    }
    for (const l of model.loadBalancers) {
      for (const x of l.listeners)
        this.whole(x.port, 1, 65535, `load balancer ${l.name}: the listener port`, () => l.props.listeners ?? l.loc);
      this.health(l.health, `load balancer ${l.name}`);
    }
    for (const g of model.gslbs) this.health(g.health, `gslb ${g.name}`);
    for (const c of model.clusters) {
      const cp = c.controlPlane;
      this.placement(
        cp.placement,
        `the control plane of ${c.name}`,
        () => cp.props.replicas ?? cp.props.zones ?? cp.loc,
      );
      for (const w of c.workers)
        this.placement(
          w.placement,
          `workers ${w.name} of ${c.name}`,
          () => w.props.perZone ?? w.props.replicas ?? w.props.zones ?? w.loc,
        );
      this.whole(c.hostPrefix, 0, 32, `cluster ${c.name}: hostPrefix`, () => c.props.podNetwork ?? c.loc);
      this.duration(cp.etcd?.heartbeatMs, `cluster ${c.name}: the etcd heartbeat`, cp.etcd?.loc ?? cp.loc);
      this.duration(cp.etcd?.electionMs, `cluster ${c.name}: the etcd election timeout`, cp.etcd?.loc ?? cp.loc);
      this.size(
        cp.rootVolume?.sizeGiB,
        `cluster ${c.name}: the control plane's root volume`,
        () => cp.props.rootVolume ?? cp.loc,
      );
      for (const w of c.workers)
        this.size(
          w.rootVolume?.sizeGiB,
          `workers ${w.name} of ${c.name}: the root volume`,
          () => w.props.rootVolume ?? w.loc,
        );
    }
    for (const s of model.servers) {
      this.placement(s.placement, `servers ${s.name}`, () => s.props.count ?? s.props.zones ?? s.loc);
      this.size(s.volumeGiB, `servers ${s.name}: the volume`, () => s.props.volume ?? s.loc);
    }
  }

  app(a: M.App): void {
    this.whole(a.replicas, 0, MAX_REPLICAS, `app ${a.name}: replicas`, () => a.props.replicas ?? a.loc);
    this.whole(a.hpa?.min, 0, MAX_REPLICAS, `app ${a.name}: hpa min`, () => a.props.hpa ?? a.loc);
    this.whole(a.hpa?.max, 0, MAX_REPLICAS, `app ${a.name}: hpa max`, () => a.props.hpa ?? a.loc);
    this.finite(a.hpa?.cpuPercent, `app ${a.name}: hpa cpu`, () => a.props.hpa ?? a.loc);
    const { min, max } = a.hpa ?? {};
    if (min !== undefined && max !== undefined && Number.isFinite(min) && Number.isFinite(max) && min > max)
      this.err(
        `app ${a.name}: hpa min ${min} is above max ${max}: give the lower bound first`,
        () => a.props.hpa ?? a.loc,
      );
    this.health(a.health, `app ${a.name}`);
    this.whole(a.port, 1, 65535, `app ${a.name}: the port`, () => a.props.port ?? a.loc);
    this.finite(a.requests?.cpu, `app ${a.name}: the cpu request`, () => a.props.requests ?? a.loc, 1024, ' cores');
    this.finite(
      a.requests?.memoryBytes,
      `app ${a.name}: the memory request`,
      () => a.props.requests ?? a.loc,
      2 ** 50,
      ' bytes (1 PiB)',
    );
  }

  storage(s: M.Storage): void {
    this.size(s.sizeGiB, `storage ${s.name}: the size`, () => s.props.size ?? s.loc);
    this.duration(s.backup?.intervalMs, `storage ${s.name}: the backup interval`, s.backup?.loc ?? s.loc);
  }

  /** Managements and RTTs. */
  tail(model: M.TopoModel): void {
    for (const m of model.managements) {
      this.whole(m.nodes, 0, MAX_MACHINES, `management ${m.name}: nodes`, () => m.props.nodes ?? m.loc);
      this.whole(m.hosts, 0, MAX_MACHINES, `management ${m.name}: hosts`, () => m.props.hosts ?? m.loc);
    }
    for (const r of model.rttDecls) this.duration(r.ms, `rtt ${r.a} ${r.b}`, r.loc);
  }
}

function show(v: number): string {
  return Number.isFinite(v) ? String(v) : 'too large a number';
}
