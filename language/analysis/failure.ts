/**
 * Failure analysis ("what if"): for one failed domain (a zone, a region/site, a router, a load
 * balancer) computes what survives, from the semantic model only.
 *
 * How a failure propagates, in order:
 * 1. Zones: a zone failure fails that zone; a region failure fails all its zones. A region whose
 *    every zone failed is down as well (a one-zone region dies with its zone).
 * 2. Routers: the failed router; an HA or distributed router whose every zone failed; a router that
 *    is neither (one L3 agent, placement unknown among its zones) as soon as any of its zones fails
 *    (worst case, said so in the reason).
 * 3. Networks that declare gateways and lose every one of them are cut off: machines on them keep
 *    running and still reach each other on that network, but nothing outside reaches them.
 * 4. VM groups (`servers`) lose the members placed in failed zones.
 * 5. Load balancers (LTMs): the failed one; one whose declared zones all failed; one whose `via`
 *    VM group lost every member; one without zones or `via` whose network's zones all failed; one
 *    whose VIP network is cut off (up, but unreachable: counted as down for traffic).
 * 6. Clusters: control-plane members left against etcd's majority (floor(n/2)+1, model/quorum.ts);
 *    worker pools left per zone. A cluster that loses quorum, or every worker (and has no
 *    schedulable control plane), is counted as DOWN. One that loses quorum while nodes of it
 *    survive is also FROZEN (`frozenNodes`): the kubelets keep running the pods they have and the
 *    Services keep routing to them, but nothing is rescheduled, scaled or replaced, and no
 *    endpoint, route or certificate change applies until quorum returns. A cluster keeps quorum when its control-
 *    plane network is cut off (etcd peers on one network still reach each other), but its API is
 *    unreachable from other networks; with keepalived (OpenShift IPI, no external LB) the API and
 *    ingress VIPs live on that network, so its apps are unreachable too (state `unreachable`).
 *    A cluster with an external load balancer that is down is unreachable.
 * 7. Apps: each cluster's share of the replicas (the model's federation split, seed 004). Within a
 *    cluster that still serves, Kubernetes reschedules the share onto the surviving workers
 *    (assumed to have room), so the share is kept whole; a cluster that is down or unreachable
 *    serves none of it, except a frozen one, which serves the replicas that were running on its
 *    surviving nodes. Where they were running is known only for an app that declares `spread
 *    zones` (maxSkew 1 over the zones holding the cluster's nodes: a failed zone took at most
 *    ceil(share/zones) of them); without it Kubernetes spreads only as a preference, so every
 *    replica may have run in the failed zone and none is counted. An app served only by frozen
 *    clusters is served but cannot heal (`cannotHeal`). With a GSLB, replicas count only behind a
 *    backend LTM that is up.
 * 8. GSLB names (an app's url, else its name): each backend LTM is down for that name when the LTM
 *    is down or no serving cluster of the app stands behind it (its health check fails); the name
 *    fails over when at least one backend remains.
 * 9. Storage (seed 004 patterns) by its sites: none → unavailable, DR needed; partitioned → the
 *    lost partition unavailable, DR and a routing change; app-async → recent writes of the lost
 *    site unavailable until it returns; infra-async → read-only copies remain; sync → no write
 *    lost, writes go on only while a majority of the replica sites remains.
 *
 * Nodes whose zone the model does not know (no zones written) are never taken down by a zone
 * failure; in a region failure they fail with the region when every placed node of theirs is in it.
 *
 * Cost: indices by zone, network, router and load balancer are built once per model; one scenario
 * touches only the elements its failure reaches, so `analyseAll` is about linear in model size.
 */
import { unique } from '../model/lists.js';
import { majority } from '../model/quorum.js';
import { wideIpRecord } from '../model/traffic.js';
import { unplacedGroups } from '../model/unplaced.js';
import type {
  App,
  Cluster,
  Gslb,
  LoadBalancer,
  Network,
  Placement,
  Region,
  Router,
  Servers,
  Storage,
  TopoModel,
  Zone,
} from '../model/types.js';
import type {
  AppClusterShare,
  AppImpact,
  BackendImpact,
  ClusterImpact,
  ClusterState,
  ControlPlaneImpact,
  DomainKind,
  FailureDomain,
  FailureImpact,
  GslbNameImpact,
  ServersImpact,
  StorageImpact,
  StorageOutcome,
  WorkerPoolImpact,
} from './types.js';

// ------------------------------------------------------------------ failure domains

/** Every single failure domain in a deterministic order: regions, zones, routers, load balancers. */
export function failureDomains(model: TopoModel): FailureDomain[] {
  return [
    ...model.regions.map((r): FailureDomain => ({ kind: 'region', id: r.name, element: r })),
    ...model.zones.map((z): FailureDomain => ({ kind: 'zone', id: z.id, element: z })),
    ...model.routers.map((r): FailureDomain => ({ kind: 'router', id: r.name, element: r })),
    ...model.loadBalancers.map((l): FailureDomain => ({ kind: 'loadBalancer', id: l.name, element: l })),
  ];
}

/**
 * The domain a user names (`--fail dc-east`, `dc-east.az1`, `edge1`): a kind prefix may
 * disambiguate (`region:`, `site:`, `zone:`, `router:`, `lb:`/`loadBalancer:`); a bare name is
 * looked up as region, then zone, then router, then load balancer.
 */
export function findDomain(model: TopoModel, spec: string): FailureDomain | undefined {
  const m = /^(region|site|zone|router|lb|loadBalancer):(.+)$/.exec(spec.trim());
  const kinds: Record<string, DomainKind> = {
    region: 'region',
    site: 'region',
    zone: 'zone',
    router: 'router',
    lb: 'loadBalancer',
    loadBalancer: 'loadBalancer',
  };
  const kind = m ? kinds[m[1]!] : undefined;
  const id = m ? m[2]! : spec.trim();
  return failureDomains(model).find((d) => d.id === id && (!kind || d.kind === kind));
}

// ------------------------------------------------------------------ indices

interface Index {
  clustersByZone: Map<Zone, Cluster[]>;
  /** The region whose default zone holds a cluster's or VM group's machines without a zone (set by indexOf). */
  unplacedHome?: Map<object, Region | undefined>;
  serversByZone: Map<Zone, Servers[]>;
  routersByZone: Map<Zone, Router[]>;
  lbsByZone: Map<Zone, LoadBalancer[]>;
  storagesByZone: Map<Zone, Storage[]>;
  storagesByRegion: Map<Region, Storage[]>;
  networksByRouter: Map<Router, Network[]>;
  clustersByNetwork: Map<Network, Cluster[]>;
  serversByNetwork: Map<Network, Servers[]>;
  lbsByNetwork: Map<Network, LoadBalancer[]>;
  lbsByVia: Map<Servers, LoadBalancer[]>;
  clustersByLb: Map<LoadBalancer, Cluster[]>;
  appsByCluster: Map<Cluster, App[]>;
  /** Apps behind a GSLB backend (only backends fronting a cluster holding some of the app). */
  appsByBackend: Map<LoadBalancer, App[]>;
  /** Per app with a GSLB: its backends that front a cluster holding replicas, in the GSLB's order, with those clusters. */
  appFronts: Map<App, { lb: LoadBalancer; clusters: Cluster[] }[]>;
  /** Where a load balancer is placed for zone failures (declared zones, else its network's). */
  lbZones: Map<LoadBalancer, Zone[]>;
  /** Storage sites: declared zones, plus regions declared without one of their zones. */
  storageSites: Map<Storage, { zones: Zone[]; regions: Region[] }>;
  /** Each element's position in its model list, to report candidates in model order. */
  order: Map<object, number>;
  /** No two apps share a name. */
  uniqueAppNames: boolean;
  /** What fronts an app, from `appFronts` (an index of the infrastructure alone works it out per app, see `frontsOf`). */
  fronts(a: App): { lb: LoadBalancer; clusters: Cluster[] }[];
  /** A storage's sites, from `storageSites` (likewise). */
  sites(s: Storage): { zones: Zone[]; regions: Region[] };
}

const indexCache = new WeakMap<TopoModel, Index>();

/** Which load balancers front which cluster, and each GSLB's backends in order: what `frontsOf` reads. */
interface FrontIndex {
  lbsByMember: Map<Cluster, LoadBalancer[]>;
  lbsByRegion: Map<Region, LoadBalancer[]>;
  lbsAnywhere: LoadBalancer[];
  backendOrder: Map<Gslb, Map<LoadBalancer, number>>;
}

/** Declared cluster members; a load balancer without cluster members fronts the clusters of its regions (all clusters when it has no region). */
function frontIndex(model: TopoModel): FrontIndex {
  const lbsByMember = new Map<Cluster, LoadBalancer[]>();
  const lbsByRegion = new Map<Region, LoadBalancer[]>();
  const lbsAnywhere: LoadBalancer[] = [];
  for (const lb of model.loadBalancers) {
    const members = lb.members.filter((m): m is Cluster => m.kind === 'cluster');
    if (members.length) for (const c of members) push(lbsByMember, c, lb);
    else if (lb.regions.length) for (const r of lb.regions) push(lbsByRegion, r, lb);
    else lbsAnywhere.push(lb);
  }
  const backendOrder = new Map(model.gslbs.map((g) => [g, new Map(g.backends.map((b, i) => [b, i]))]));
  return { lbsByMember, lbsByRegion, lbsAnywhere, backendOrder };
}

/**
 * An app's GSLB backends that front a cluster holding some of it, each with those clusters, in the
 * GSLB's order; undefined when it has no GSLB with backends. Built in one pass (no intermediate
 * sets or maps per app and cluster: this runs for every app on every change).
 */
function frontsOf(a: App, fx: FrontIndex): { lb: LoadBalancer; clusters: Cluster[] }[] | undefined {
  const order = a.gslb && fx.backendOrder.get(a.gslb);
  if (!order || order.size === 0) return undefined;
  const list: { lb: LoadBalancer; clusters: Cluster[] }[] = [];
  const byLb = new Map<LoadBalancer, Cluster[]>();
  for (const c of a.clusters) {
    if ((a.split.get(c) ?? 0) === 0) continue;
    // The cluster's LBs (members, then its regions', then those anywhere), each once.
    const seen = new Set<LoadBalancer>();
    const visit = (lb: LoadBalancer): void => {
      if (seen.has(lb)) return;
      seen.add(lb);
      if (!order.has(lb)) return;
      const clusters = byLb.get(lb);
      if (clusters) clusters.push(c);
      else {
        const front = { lb, clusters: [c] };
        byLb.set(lb, front.clusters);
        list.push(front);
      }
    };
    for (const lb of fx.lbsByMember.get(c) ?? []) visit(lb);
    for (const r of c.regions) for (const lb of fx.lbsByRegion.get(r) ?? []) visit(lb);
    for (const lb of fx.lbsAnywhere) visit(lb);
  }
  if (list.length > 1) list.sort((x, y) => order.get(x.lb)! - order.get(y.lb)!);
  return list;
}

/** A storage's sites: declared zones, plus regions declared without one of their zones. */
function sitesOf(s: Storage): { zones: Zone[]; regions: Region[] } {
  const zones = s.zones;
  return { zones, regions: s.regions.filter((r) => !zones.some((z) => z.region === r)) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (list[list.length - 1] !== value) list.push(value);
}

function indexOf(model: TopoModel): Index {
  const cached = indexCache.get(model);
  if (cached) return cached;
  const ix: Index = {
    clustersByZone: new Map(),
    serversByZone: new Map(),
    routersByZone: new Map(),
    lbsByZone: new Map(),
    storagesByZone: new Map(),
    storagesByRegion: new Map(),
    networksByRouter: new Map(),
    clustersByNetwork: new Map(),
    serversByNetwork: new Map(),
    lbsByNetwork: new Map(),
    lbsByVia: new Map(),
    clustersByLb: new Map(),
    appsByCluster: new Map(),
    appsByBackend: new Map(),
    appFronts: new Map(),
    lbZones: new Map(),
    storageSites: new Map(),
    order: new Map(),
    uniqueAppNames: new Set(model.apps.map((a) => a.name)).size === model.apps.length,
    fronts: (a) => ix.appFronts.get(a) ?? [],
    sites: (s) => ix.storageSites.get(s)!,
  };
  for (const list of [
    model.regions,
    model.zones,
    model.routers,
    model.networks,
    model.servers,
    model.loadBalancers,
    model.clusters,
    model.apps,
    model.storages,
  ] as object[][]) {
    list.forEach((e, i) => ix.order.set(e, i));
  }
  // Machines without a zone share one unknown zone of their region (model/unplaced.ts): any zone
  // failure of that region may take them, so every zone of it reaches their cluster or VM group.
  const unplacedHome = new Map<object, Region | undefined>();
  for (const g of unplacedGroups(model)) if (!unplacedHome.has(g.owner)) unplacedHome.set(g.owner, g.region);
  ix.unplacedHome = unplacedHome;
  for (const c of model.clusters) {
    for (const z of c.zones) push(ix.clustersByZone, z, c);
    for (const z of unplacedHome.get(c)?.zones ?? []) push(ix.clustersByZone, z, c);
    for (const n of clusterNetworks(c)) push(ix.clustersByNetwork, n, c);
    if (c.loadBalancer.kind === 'external' && c.loadBalancer.lb) push(ix.clustersByLb, c.loadBalancer.lb, c);
  }
  for (const s of model.servers) {
    for (const z of s.placement.perZone.keys()) push(ix.serversByZone, z, s);
    for (const z of unplacedHome.get(s)?.zones ?? []) push(ix.serversByZone, z, s);
    for (const n of s.networks) push(ix.serversByNetwork, n, s);
  }
  for (const r of model.routers) for (const z of r.zones) push(ix.routersByZone, z, r);
  for (const n of model.networks) for (const g of n.gateways) push(ix.networksByRouter, g, n);
  for (const lb of model.loadBalancers) {
    const zones = lb.zones.length ? lb.zones : lb.via ? [] : (lb.network?.zones ?? []);
    ix.lbZones.set(lb, zones);
    for (const z of zones) push(ix.lbsByZone, z, lb);
    if (lb.network) push(ix.lbsByNetwork, lb.network, lb);
    if (lb.via) push(ix.lbsByVia, lb.via, lb);
  }
  const fx = frontIndex(model);
  for (const a of model.apps) {
    for (const c of a.clusters) push(ix.appsByCluster, c, a);
    const list = frontsOf(a, fx);
    if (!list) continue;
    ix.appFronts.set(a, list);
    for (const f of list) push(ix.appsByBackend, f.lb, a);
  }
  for (const s of model.storages) {
    const sites = sitesOf(s);
    ix.storageSites.set(s, sites);
    for (const z of sites.zones) push(ix.storagesByZone, z, s);
    for (const r of sites.regions) push(ix.storagesByRegion, r, s);
  }
  indexCache.set(model, ix);
  return ix;
}

/** The networks a cluster's reachability depends on (control plane and worker pools). */
function clusterNetworks(c: Cluster): Network[] {
  return unique([c.controlPlane.network, ...c.workers.flatMap((w) => w.networks)].filter((n): n is Network => !!n));
}

// ------------------------------------------------------------------ one scenario

class Scenario {
  readonly failedZones: Set<Zone>;
  readonly failedRegions = new Set<Region>();
  readonly routersDown = new Map<Router, string>();
  readonly cutNetworks = new Map<Network, Router[]>();
  readonly serversLeft = new Map<Servers, ServersImpact>();
  readonly lbsDown = new Map<LoadBalancer, string>();
  readonly clusters = new Map<Cluster, ClusterImpact>();

  constructor(
    readonly model: TopoModel,
    readonly ix: Index,
    readonly domain: FailureDomain,
  ) {
    const d = domain.element;
    this.failedZones = new Set(
      domain.kind === 'zone' ? [d as Zone] : domain.kind === 'region' ? (d as Region).zones : [],
    );
    if (domain.kind === 'region') this.failedRegions.add(d as Region);
    for (const r of new Set([...this.failedZones].map((z) => z.region))) {
      if (r.zones.every((x) => this.failedZones.has(x))) this.failedRegions.add(r);
    }
  }

  /** Elements in model order. */
  private sorted<T extends object>(items: Iterable<T>): T[] {
    const order = this.ix.order;
    return [...items].sort((a, b) => order.get(a)! - order.get(b)!);
  }

  /** Zones of `list` that failed. */
  private failedOf(zones: Zone[]): Zone[] {
    return zones.filter((z) => this.failedZones.has(z));
  }

  /**
   * Members of `p` lost in this scenario. Members without a zone are lost when their home region
   * (`owner`'s, model/unplaced.ts) loses any zone: they share one unknown zone, which may be the
   * one that failed (the installer's default compute zone). Without a home region they are lost
   * only with every region the owner's placed machines are in.
   */
  private lostIn(
    p: Placement,
    owner: object,
    placedRegions: Region[],
  ): { lost: number; lostIn: { zone: string; members: number }[]; unplacedLost: boolean; unplacedZone?: string } {
    let lost = 0;
    const lostIn: { zone: string; members: number }[] = [];
    for (const [z, n] of p.perZone) {
      if (this.failedZones.has(z) && n > 0) {
        lost += n;
        lostIn.push({ zone: z.id, members: n });
      }
    }
    let unplacedLost = false;
    let unplacedZone: string | undefined;
    if (p.unplaced > 0) {
      const home = this.ix.unplacedHome?.get(owner);
      if (home) {
        const failed = home.zones.find((z) => this.failedZones.has(z));
        unplacedLost = !!failed || this.failedRegions.has(home);
        unplacedZone = failed?.id ?? home.name;
      } else {
        unplacedLost = placedRegions.length > 0 && placedRegions.every((r) => this.failedRegions.has(r));
        if (unplacedLost) unplacedZone = ids2(this.failedRegions);
      }
    }
    if (unplacedLost) lost += p.unplaced;
    return { lost, lostIn, unplacedLost, ...(unplacedZone !== undefined ? { unplacedZone } : {}) };
  }

  /** Storage impacts (step 7), and the apps whose data they make unavailable; set by `infra`. */
  private storageImpacts: StorageImpact[] = [];
  private dataLost = new Map<App, StorageImpact>();

  run(): FailureImpact {
    const { domain } = this;
    this.infra();
    const { dataLost, storageImpacts: storage } = this;
    // 8–9. apps and GSLB names
    const apps: AppImpact[] = [];
    const gslbNames: GslbNameImpact[] = [];
    for (const a of this.appCandidates()) {
      const { app, name, listed } = this.impactOf(a, dataLost.get(a));
      if (listed) apps.push(app);
      if (name) gslbNames.push(name);
    }

    const networks = this.sorted(this.cutNetworks.keys()).map((n) => ({
      network: n.name,
      gateways: n.gateways.map((g) => g.name),
    }));
    return {
      domain: { kind: domain.kind, id: domain.id },
      zones: this.sorted(this.failedZones).map((z) => z.id),
      regions: this.sorted(this.failedRegions).map((r) => r.name),
      routers: this.sorted(this.routersDown.keys()).map((r) => ({ name: r.name, reason: this.routersDown.get(r)! })),
      loadBalancers: this.sorted(this.lbsDown.keys()).map((l) => ({ name: l.name, reason: this.lbsDown.get(l)! })),
      networks,
      clusters: [...this.clusters.values()],
      apps,
      gslbNames,
      servers: [...this.serversLeft.values()].filter((s) => s.left < s.total || !s.reachable),
      storage,
    };
  }

  /**
   * What the survivability summaries need of this scenario (see `scenarioOutlines`): the clusters it
   * reaches, and the apps it reaches that serve no replica or hold replicas in a cluster that lost
   * its control plane, exactly as `run` lists them. An app that still serves from clusters that
   * heal is told apart by `serves`, without building its impact: on a large estate
   * almost every app a failure reaches keeps serving, and building those impacts was most of the
   * analysis the editor runs on every change.
   */
  summary(): ScenarioOutline {
    this.infra(true);
    const downApps: AppImpact[] = [];
    // Summaries are per app name, one entry per scenario: the order only matters between apps
    // that share a name (an error the model reports), so the candidates are sorted only then.
    for (const a of this.appCandidates(!this.ix.uniqueAppNames)) {
      if (this.serves(a) && !this.inFrozenCluster(a)) continue;
      const { app, listed } = this.impactOf(a, this.dataLost.get(a));
      if (listed) downApps.push(app);
    }
    return { domain: { kind: this.domain.kind, id: this.domain.id }, clusters: [...this.clusters.values()], downApps };
  }

  /**
   * Steps 2–6 alone, for `outlineApp`: a scenario of the infrastructure that the apps are then
   * looked at in one by one (survivability.ts keeps these per infrastructure, see model/memo.ts).
   */
  prepare(): this {
    this.infrastructure();
    return this;
  }

  /**
   * What `summary` lists of one app: its impact when the failure reaches it and it serves nothing
   * or holds replicas in a frozen cluster; else undefined. Reads only this app and the
   * infrastructure's scenario (`prepare`), so it gives for each app what `summary` gives.
   */
  outlineApp(a: App): AppImpact | undefined {
    const lost = this.dataLostOf(a);
    let reached = lost !== undefined;
    for (const c of a.clusters) if (!reached && this.clusters.has(c)) reached = true;
    if (!reached) for (const f of this.ix.fronts(a)) if (this.lbsDown.has(f.lb)) reached = true;
    if (!reached) return undefined;
    if (this.serves(a) && !this.inFrozenCluster(a)) return undefined;
    const { app, listed } = this.impactOf(a, lost);
    return listed ? app : undefined;
  }

  /**
   * One app's impact, with the data it lost said, and whether `run` lists it: the failure reaches
   * it when a share of it is lost, a cluster of it is degraded or its data is gone.
   */
  private impactOf(
    a: App,
    lost: StorageImpact | undefined,
  ): { app: AppImpact; name?: GslbNameImpact; listed: boolean } {
    const { app, name } = this.app(a);
    if (lost) app.dataUnavailable = `storage ${lost.storage}: ${lost.note}`;
    const listed = app.left < app.replicas || app.clusters.some((c) => c.state !== 'up') || lost !== undefined;
    return { app, name, listed };
  }

  /** Step 7 for one app (lean): its first storage the failure reaches that becomes unavailable. */
  private dataLostOf(a: App): StorageImpact | undefined {
    for (const s of a.storage) {
      const sites = this.ix.sites(s);
      const reached =
        sites.zones.some((z) => this.failedZones.has(z)) || sites.regions.some((r) => this.failedRegions.has(r));
      if (reached && this.storageUnavailable(s)) return this.storage(s);
    }
    return undefined;
  }

  /** The apps the failure reaches, in model order: their data lost, a cluster of theirs hit, a backend down. */
  private appCandidates(inModelOrder = true): Iterable<App> {
    const ix = this.ix;
    const appCandidates = new Set<App>(this.dataLost.keys());
    for (const c of this.clusters.keys()) for (const a of ix.appsByCluster.get(c) ?? []) appCandidates.add(a);
    for (const l of this.lbsDown.keys()) for (const a of ix.appsByBackend.get(l) ?? []) appCandidates.add(a);
    return inModelOrder ? this.sorted(appCandidates) : appCandidates;
  }

  /**
   * Steps 2–7: routers, networks, VM groups, load balancers, clusters and storage. `lean` (for the
   * summaries) works out only which apps lose their data, and builds only those storages' impacts.
   */
  private infra(lean = false): void {
    this.infrastructure();
    this.storages(lean);
  }

  /** Steps 2–6: what the failure does to the infrastructure, whatever the apps. */
  private infrastructure(): void {
    const { ix, domain } = this;
    // 2. routers
    const routerCandidates = new Set<Router>();
    if (domain.kind === 'router') routerCandidates.add(domain.element as Router);
    for (const z of this.failedZones) for (const r of ix.routersByZone.get(z) ?? []) routerCandidates.add(r);
    for (const r of routerCandidates) {
      const reason = this.routerDown(r);
      if (reason) this.routersDown.set(r, reason);
    }
    // 3. networks cut off
    for (const r of this.routersDown.keys()) {
      for (const n of ix.networksByRouter.get(r) ?? []) {
        // A network whose every zone failed is gone with them, not cut off.
        const gone = n.zones.length > 0 && n.zones.every((z) => this.failedZones.has(z));
        if (!gone && !this.cutNetworks.has(n) && n.gateways.every((g) => this.routersDown.has(g)))
          this.cutNetworks.set(n, n.gateways);
      }
    }
    // 4. VM groups
    const serverCandidates = new Set<Servers>();
    for (const z of this.failedZones) for (const s of ix.serversByZone.get(z) ?? []) serverCandidates.add(s);
    for (const n of this.cutNetworks.keys()) for (const s of ix.serversByNetwork.get(n) ?? []) serverCandidates.add(s);
    for (const s of this.sorted(serverCandidates)) {
      const { lost } = this.lostIn(s.placement, s, unique(s.zones.map((z) => z.region)));
      const reachable = !(s.networks.length > 0 && s.networks.every((n) => this.cutNetworks.has(n)));
      this.serversLeft.set(s, { servers: s.name, total: s.placement.total, left: s.placement.total - lost, reachable });
    }
    // 5. load balancers
    const lbCandidates = new Set<LoadBalancer>();
    if (domain.kind === 'loadBalancer') lbCandidates.add(domain.element as LoadBalancer);
    for (const z of this.failedZones) for (const l of ix.lbsByZone.get(z) ?? []) lbCandidates.add(l);
    for (const n of this.cutNetworks.keys()) for (const l of ix.lbsByNetwork.get(n) ?? []) lbCandidates.add(l);
    for (const s of this.serversLeft.keys()) for (const l of ix.lbsByVia.get(s) ?? []) lbCandidates.add(l);
    for (const l of this.sorted(lbCandidates)) {
      const reason = this.lbDown(l);
      if (reason) this.lbsDown.set(l, reason);
    }
    // 6. clusters
    const clusterCandidates = new Set<Cluster>();
    for (const z of this.failedZones) for (const c of ix.clustersByZone.get(z) ?? []) clusterCandidates.add(c);
    for (const n of this.cutNetworks.keys())
      for (const c of ix.clustersByNetwork.get(n) ?? []) clusterCandidates.add(c);
    for (const l of this.lbsDown.keys()) for (const c of ix.clustersByLb.get(l) ?? []) clusterCandidates.add(c);
    for (const c of this.sorted(clusterCandidates)) {
      const impact = this.cluster(c);
      if (impact.state !== 'up') this.clusters.set(c, impact);
    }
  }

  /** Step 7: storage (before apps: an app whose data is gone cannot serve it, whatever its replicas). */
  private storages(lean: boolean): void {
    const { ix } = this;
    const storageCandidates = new Set<Storage>();
    for (const z of this.failedZones) for (const s of ix.storagesByZone.get(z) ?? []) storageCandidates.add(s);
    for (const r of this.failedRegions) for (const s of ix.storagesByRegion.get(r) ?? []) storageCandidates.add(s);
    const storages = this.sorted(storageCandidates);
    const dataLost = new Map<App, StorageImpact>();
    if (lean) {
      for (const s of storages) {
        if (s.app && !dataLost.has(s.app) && this.storageUnavailable(s)) dataLost.set(s.app, this.storage(s));
      }
    } else {
      const storage = storages.map((s) => this.storage(s));
      storages.forEach((s, i) => {
        if (s.app && storage[i]!.outcome === 'unavailable' && !dataLost.has(s.app)) dataLost.set(s.app, storage[i]!);
      });
      this.storageImpacts = storage;
    }
    this.dataLost = dataLost;
  }

  private routerDown(r: Router): string | undefined {
    if (this.domain.kind === 'router' && this.domain.element === r) return 'the failed router';
    const failed = this.failedOf(r.zones);
    if (!failed.length) return undefined;
    if (failed.length === r.zones.length)
      return r.zones.length === 1 ? `its only zone ${failed[0]!.id} fails` : `all its zones fail (${ids(failed)})`;
    if (!r.ha && !r.distributed)
      return `neither HA nor distributed: its one L3 agent may be in ${ids(failed)} (worst case assumed)`;
    return undefined;
  }

  private lbDown(l: LoadBalancer): string | undefined {
    if (this.domain.kind === 'loadBalancer' && this.domain.element === l) return 'the failed load balancer';
    const zones = this.ix.lbZones.get(l) ?? [];
    if (zones.length && zones.every((z) => this.failedZones.has(z))) {
      return zones.length === 1 ? `its only zone ${zones[0]!.id} fails` : `all its zones fail (${ids(zones)})`;
    }
    if (l.via) {
      const s = this.serversLeft.get(l.via);
      if (s && s.left === 0) return `its VM group ${l.via.name} has no member left (0 of ${s.total})`;
      if (s && !s.reachable) return `its VM group ${l.via.name} is cut off (its networks lost every gateway)`;
    }
    if (l.network && this.cutNetworks.has(l.network)) {
      return `its VIP network ${l.network.name} lost every gateway (${l.network.gateways.map((g) => g.name).join(', ')}): unreachable`;
    }
    return undefined;
  }

  private cluster(c: Cluster): ClusterImpact {
    const cp = c.controlPlane;
    const p = cp.placement;
    const regions = c.regions;
    const cpLoss = this.lostIn(p, c, regions);
    const need = majority(p.total);
    const left = p.total - cpLoss.lost;
    // No member declared (e.g. a hosted control plane): nothing to lose quorum over.
    const quorum = p.total === 0 || left >= need;
    const cpNet = cp.network;
    const cpCut = !!cpNet && this.cutNetworks.has(cpNet);
    const controlPlane: ControlPlaneImpact = {
      total: p.total,
      lost: cpLoss.lost,
      left,
      majority: need,
      quorum,
      unplaced: p.unplaced,
      lostIn: cpLoss.lostIn,
      ...(cpCut ? { cutNetwork: cpNet.name } : {}),
    };
    const workers: WorkerPoolImpact[] = c.workers.map((w) => {
      const wl = this.lostIn(w.placement, c, regions);
      const nets = w.networks.length ? w.networks : cpNet ? [cpNet] : [];
      const reachable = !(nets.length > 0 && nets.every((n) => this.cutNetworks.has(n)));
      return { pool: w.name, total: w.placement.total, left: w.placement.total - wl.lost, reachable };
    });
    const workersTotal = sum(workers.map((w) => w.total));
    const workersLeft = sum(workers.map((w) => w.left));
    const schedulable = workersTotal === 0;
    const capacity = schedulable ? left : sum(workers.filter((w) => w.reachable).map((w) => w.left));
    const notes: string[] = [];
    const lb = c.loadBalancer.kind === 'external' ? c.loadBalancer.lb : undefined;
    const lbDown = lb ? this.lbsDown.get(lb) : undefined;
    // API reachability: keepalived VIPs live on the control-plane (machine) network; an external
    // LB reaches the nodes through the network's gateways unless it sits on that network.
    const apiReachable = !lbDown && !(cpCut && (!lb || lb.network !== cpNet));
    let state: ClusterState;
    let reason: string;
    const members = `${left} of ${p.total} control-plane members left, majority ${need}`;
    if (!quorum) {
      state = 'down';
      reason = `loses quorum (${members})`;
    } else if (!schedulable && workersLeft === 0) {
      state = 'down';
      reason = `loses all its workers (0 of ${workersTotal} left)`;
    } else if (lbDown) {
      state = 'unreachable';
      reason = `is unreachable: its external load balancer ${lb!.name} is down (${lbDown})`;
    } else if (cpCut && c.keepalived) {
      state = 'unreachable';
      reason = `is unreachable: its API and ingress VIPs (keepalived) are on ${cpNet!.name}, which lost every gateway (${cpNet!.gateways.map((g) => g.name).join(', ')})`;
    } else if (capacity === 0) {
      const cut = c.workers.filter((_, i) => !workers[i]!.reachable && workers[i]!.left > 0).map((w) => w.name);
      state = 'unreachable';
      reason = `is unreachable: its ${workersLeft} surviving workers (${cut.join(', ')}) are on networks that lost every gateway`;
    } else {
      const lost: string[] = [];
      if (cpLoss.lost)
        lost.push(`${cpLoss.lost} of ${p.total} control-plane members lost, ${left} left, majority ${need}`);
      if (workersLeft < workersTotal) lost.push(`${workersLeft} of ${workersTotal} workers left`);
      if (!apiReachable) lost.push(`API unreachable from outside ${cpNet!.name}`);
      const unreachableWorkers = sum(workers.filter((w) => !w.reachable).map((w) => w.left));
      if (unreachableWorkers) lost.push(`${unreachableWorkers} workers cut off`);
      state = lost.length ? 'degraded' : 'up';
      reason = lost.length ? `keeps quorum (${lost.join('; ')})` : 'unaffected';
    }
    if (cpCut) {
      notes.push(
        `its control-plane network ${cpNet!.name} lost every gateway (${cpNet!.gateways.map((g) => g.name).join(', ')}): the members still reach each other on it, so the gateway loss alone costs no quorum, but the API is unreachable from other networks`,
      );
    }
    if (cpLoss.unplacedLost)
      notes.push(
        `its ${p.unplaced} control-plane members without a zone are assumed lost with ${cpLoss.unplacedZone}: nothing spreads them, and they may all be in that zone (the cloud's default compute zone)`,
      );
    if (p.unplaced > 0 && !cpLoss.unplacedLost)
      notes.push(`${p.unplaced} control-plane members have no zone; counted as left`);
    const frozen = !quorum && capacity > 0;
    if (frozen)
      notes.push(
        `its ${capacity} surviving ${schedulable ? 'control-plane' : 'worker'} ${capacity === 1 ? 'node runs the pods it has' : 'nodes run the pods they have'}, and the Services keep routing to them, but without quorum nothing is rescheduled, scaled or replaced`,
      );
    if (state === 'degraded' && workersLeft < workersTotal && !schedulable) {
      notes.push(
        `Kubernetes reschedules the lost pods onto the ${capacity} reachable workers left (assumed to have room)`,
      );
    }
    return {
      cluster: c.name,
      state,
      serving: state === 'up' || state === 'degraded',
      controlPlane,
      workers,
      workersTotal,
      workersLeft,
      schedulableControlPlane: schedulable,
      apiReachable,
      reason,
      notes,
      ...(frozen ? { frozenNodes: capacity } : {}),
    };
  }

  private clusterImpact(c: Cluster): ClusterImpact | undefined {
    return this.clusters.get(c);
  }

  /**
   * One app in this scenario. Written with plain loops rather than map/filter/Set chains: it runs
   * for every app a failure reaches (every app of a degraded cluster), which on a large estate is
   * tens of thousands of times per analysis; the results are the same, field for field.
   */
  private app(a: App): { app: AppImpact; name?: GslbNameImpact } {
    // Only the backends that serve this app with nothing failed count (those fronting a cluster
    // holding replicas): the GSLB's health check for this name fails on the others anyway.
    const fronts = this.ix.fronts(a);
    const useGslb = fronts.length > 0;
    const up = fronts.map((f) => this.backendUp(a, f));
    const backendImpacts: BackendImpact[] = fronts.map(({ lb, clusters: fronted }, i) => {
      if (up[i]) return { loadBalancer: lb.name, up: true };
      const down = this.lbsDown.get(lb);
      if (down) return { loadBalancer: lb.name, up: false, reason: down };
      const why = fronted.map((c) => `${c.name} ${this.clusterImpact(c)?.reason ?? 'serves none of it'}`);
      return { loadBalancer: lb.name, up: false, reason: `no served replica behind it (${why.join('; ')})` };
    });
    const clusters: AppClusterShare[] = [];
    let left = 0;
    let running = 0;
    let healing = false;
    const runningIn: string[] = [];
    const sites: Region[] = [];
    for (const c of a.clusters) {
      const share = a.split.get(c) ?? 0;
      const ci = this.clusterImpact(c);
      const state = ci?.state ?? 'up';
      const served = this.servedShare(a, c, fronts, up);
      let entry: AppClusterShare;
      if (ci?.frozenNodes && share > 0) {
        const f = this.frozenShare(a, c, share);
        entry = {
          cluster: c.name,
          replicas: share,
          left: served,
          state,
          reason: `${ci.reason}: ${f.why}`,
          frozen: { running: f.left, ...(f.ifSpread ? { ifSpread: f.ifSpread } : {}) },
        };
        if (f.left > 0) {
          running += f.left;
          runningIn.push(c.name);
        }
      } else if (ci && !ci.serving) entry = { cluster: c.name, replicas: share, left: 0, state, reason: ci.reason };
      else if (useGslb && share > 0 && served === 0) {
        // Behind a GSLB, and no backend that fronts this cluster is up.
        const mine = fronts.filter((f) => f.clusters.includes(c)).map((f) => f.lb.name);
        entry = {
          cluster: c.name,
          replicas: share,
          left: 0,
          state,
          reason: mine.length
            ? `is reached only through ${mine.join(', ')}, which ${mine.length === 1 ? 'is' : 'are'} down`
            : `is behind no backend of ${a.gslb!.name}`,
        };
      } else entry = { cluster: c.name, replicas: share, left: share, state };
      clusters.push(entry);
      left += entry.left;
      if (entry.left > 0 && !entry.frozen) healing = true;
      if (entry.left > 0) for (const r of c.regions) if (!sites.includes(r)) sites.push(r);
      if (entry.replicas > 0 && (entry.state === 'up' || entry.state === 'degraded')) {
        running += entry.replicas;
        runningIn.push(entry.cluster);
      }
    }
    const app: AppImpact = {
      app: a.name,
      replicas: a.replicas,
      left,
      served: left > 0,
      sites: (sites.length > 1 ? this.sorted(sites) : sites).map((r) => r.name),
      clusters,
    };
    if (a.gslb) app.gslb = a.gslb.name;
    if (left > 0 && !healing) app.cannotHeal = true;
    if (left === 0 && running > 0 && useGslb) {
      app.reason = `${running} ${running === 1 ? 'replica runs' : 'replicas run'} in ${runningIn.join(', ')}, but ${a.gslb!.name} has no backend left for it (${backendImpacts.map((b) => `${b.loadBalancer}: ${b.reason ?? 'up'}`).join('; ')})`;
    }
    let name: GslbNameImpact | undefined;
    if (useGslb && backendImpacts.some((b) => !b.up)) {
      const leftB = backendImpacts.filter((b) => b.up).length;
      const health = a.health ?? a.gslb!.health;
      name = {
        name: a.url ?? a.name,
        app: a.name,
        gslb: a.gslb!.name,
        backends: backendImpacts,
        total: backendImpacts.length,
        left: leftB,
        failsOver: leftB > 0,
      };
      if (health?.fall !== undefined && health.intervalMs !== undefined)
        name.detection = { fall: health.fall, intervalMs: health.intervalMs, ms: health.fall * health.intervalMs };
      const record = wideIpRecord(a);
      if (record) name.record = record;
    }
    return { app, name };
  }

  /**
   * A GSLB backend is up for an app when its LB is not down and a cluster it fronts runs some of
   * the app (its health check, on the app's path, passes there: a frozen cluster's running pods
   * still answer it).
   */
  private backendUp(a: App, f: { lb: LoadBalancer; clusters: Cluster[] }): boolean {
    if (this.lbsDown.get(f.lb)) return false;
    for (const c of f.clusters) if (this.runningShare(a, c) > 0) return true;
    return false;
  }

  /**
   * Replicas of app `a` that keep running, reachable, in cluster `c`: the whole share when the
   * cluster serves (it reschedules what it lost), those on its surviving nodes when it is frozen,
   * none when it is down or unreachable.
   */
  private runningShare(a: App, c: Cluster): number {
    const share = a.split.get(c) ?? 0;
    const ci = this.clusterImpact(c);
    if (!ci || ci.serving) return share;
    return ci.frozenNodes && share > 0 ? this.frozenShare(a, c, share).left : 0;
  }

  /**
   * How many of `share` replicas of app `a` keep running in cluster `c`, which lost its control
   * plane, and why. Nothing is rescheduled, so a replica survives only where it was running. With
   * `spread zones` the replicas sat evenly (maxSkew 1) over the zones holding nodes that can run
   * them, so each failed zone took at most ceil(share/zones) of them; without it the scheduler
   * spreads only as a preference, and every replica may have run in a failed zone (`ifSpread`:
   * how many `spread zones` would keep).
   */
  private frozenShare(a: App, c: Cluster, share: number): { left: number; why: string; ifSpread?: number } {
    // The pools that run its pods, with whether each is cut off, as the cluster's impact has them.
    const reach = this.clusterImpact(c)?.workers ?? [];
    const pools =
      c.workers.length === 0
        ? [{ placement: c.controlPlane.placement, cut: false }]
        : c.workers.map((w, i) => ({ placement: w.placement, cut: !(reach[i]?.reachable ?? true) }));
    const zones: Zone[] = [];
    let unplacedLost = false;
    let cut = false;
    for (const p of pools) {
      if (p.cut) cut = true;
      if (p.placement.unplaced > 0 && this.lostIn(p.placement, c, c.regions).unplacedLost) unplacedLost = true;
      for (const [z, n] of p.placement.perZone) if (n > 0 && !zones.includes(z)) zones.push(z);
    }
    const failed = zones.filter((z) => this.failedZones.has(z));
    const keep = (n: number) =>
      `${n} of ${share} ${share === 1 ? 'replica keeps' : 'replicas keep'} running on its surviving nodes, but nothing heals, scales or reschedules ${share === 1 ? 'it' : 'them'}`;
    if (failed.length === 0 && !cut && !unplacedLost) return { left: share, why: keep(share) };
    // Nodes without a zone that are not lost add a zone the count leaves out: fewer per zone, so
    // the replicas counted lost are an upper bound.
    const spreadable = !cut && !unplacedLost;
    const evenLeft = zones.length
      ? share - failed.length * Math.floor(share / zones.length) - Math.min(failed.length, share % zones.length)
      : 0;
    if (a.spread === 'zones' && spreadable) {
      return {
        left: evenLeft,
        why: `${keep(evenLeft)} (\`spread zones\`: at most ${Math.ceil(share / zones.length)} per zone over ${zones.length} zones, ${ids(failed)} failed)`,
      };
    }
    const where = failed.length ? `in ${ids(failed)}` : cut ? 'on its cut-off workers' : 'on its nodes without a zone';
    if (a.spread === 'zones')
      return {
        left: 0,
        why: `none of its ${share} replicas is counted: they may all have run ${where}, and nothing reschedules them`,
      };
    return {
      left: 0,
      why: `nothing spreads ${a.name}'s replicas over zones (no \`spread zones\`: Kubernetes spreads only as a preference), so all ${share} may have run ${where}, and nothing reschedules them`,
      ...(spreadable && evenLeft > 0 ? { ifSpread: evenLeft } : {}),
    };
  }

  /**
   * The part of cluster `c`'s share of app `a` that is served: the replicas that keep running
   * there (`runningShare`), or none when the app is behind a GSLB and no backend fronting `c` is
   * up (`up[i]` for `fronts[i]`). The one definition `app` and `serves` share.
   */
  private servedShare(a: App, c: Cluster, fronts: { lb: LoadBalancer; clusters: Cluster[] }[], up: boolean[]): number {
    const share = a.split.get(c) ?? 0;
    const running = this.runningShare(a, c);
    if (running === 0) return 0;
    if (fronts.length > 0 && share > 0) {
      for (let i = 0; i < fronts.length; i++) if (up[i] && fronts[i]!.clusters.includes(c)) return running;
      return 0;
    }
    return running;
  }

  /** Some of `a`'s replicas are in a cluster that lost its control plane with nodes left (frozen). */
  private inFrozenCluster(a: App): boolean {
    for (const c of a.clusters) if (this.clusterImpact(c)?.frozenNodes && (a.split.get(c) ?? 0) > 0) return true;
    return false;
  }

  /** `app(a).app.served`, computed without building the impact. */
  private serves(a: App): boolean {
    const fronts = this.ix.fronts(a);
    const up = fronts.map((f) => this.backendUp(a, f));
    let left = 0;
    for (const c of a.clusters) left += this.servedShare(a, c, fronts, up);
    return left > 0;
  }

  /** `storage(s).outcome === 'unavailable'`, without building the impact and its note. */
  private storageUnavailable(s: Storage): boolean {
    if (s.pattern === 'none') return true;
    if (s.pattern === 'partitioned') return false;
    const sites = this.ix.sites(s);
    return sites.zones.every((z) => this.failedZones.has(z)) && sites.regions.every((r) => this.failedRegions.has(r));
  }

  private storage(s: Storage): StorageImpact {
    const sites = this.ix.sites(s);
    const units: { id: string; down: boolean }[] = [
      ...sites.zones.map((z) => ({ id: z.id, down: this.failedZones.has(z) })),
      ...sites.regions.map((r) => ({ id: r.name, down: this.failedRegions.has(r) })),
    ];
    const sitesDown = units.filter((u) => u.down).map((u) => u.id);
    const sitesLeft = units.filter((u) => !u.down).map((u) => u.id);
    const lost = sitesDown.join(', ');
    // Built property by property, in the order the results have always had (`{ ...base, outcome }`
    // took V8's slow object-spread path: most of the analysis's time on the benchmark estates).
    const result = (outcome: StorageOutcome, dr: boolean, note: string): StorageImpact => {
      const out: StorageImpact = { storage: s.name } as StorageImpact;
      if (s.app) out.app = s.app.name;
      if (s.pattern) out.pattern = s.pattern;
      out.sitesDown = sitesDown;
      out.sitesLeft = sitesLeft;
      out.outcome = outcome;
      out.dr = dr;
      out.note = note;
      return out;
    };
    const restore = (): string => {
      const b = s.backup;
      if (b?.region && !this.failedRegions.has(b.region) && !(b.zone && this.failedZones.has(b.zone)))
        return `restore from the backup in ${b.zone?.id ?? b.region.name} (DR)`;
      if (b?.target) return `restore from the backup target ${b.target} (DR)`;
      return `no backup outside ${lost}: the data is lost until it returns`;
    };
    if (sitesLeft.length === 0 && s.pattern !== 'partitioned') {
      return result('unavailable', true, `every site of its data fails (${lost}): unavailable; ${restore()}`);
    }
    switch (s.pattern) {
      case 'none':
        return result('unavailable', true, `no replication: its data in ${lost} is unavailable; ${restore()}`);
      case 'partitioned':
        return result(
          'partition-unavailable',
          true,
          `the partition in ${lost} is unavailable: DR (${restore()}) and a change of the content-based routing rules needed`,
        );
      case 'app-async':
        return result(
          'recent-writes-unavailable',
          false,
          `application async replication: served from ${sitesLeft.join(', ')}; writes made in ${lost} and not yet replicated are unavailable until it returns; no DR needed`,
        );
      case 'infra-async':
        return result(
          'available',
          false,
          `infrastructure async replication (read-only content): the copies in ${sitesLeft.join(', ')} serve; no DR needed`,
        );
      case 'sync': {
        const need = majority(units.length);
        return sitesLeft.length >= need
          ? result(
              'available',
              false,
              `synchronous replication: no acknowledged write lost; ${sitesLeft.length} of ${units.length} replica sites left, a majority (${need})`,
            )
          : result(
              'writes-need-failover',
              false,
              `synchronous replication: no acknowledged write lost, but ${sitesLeft.length} of ${units.length} replica sites is not a majority (${need}): writes stop until a failover promotes ${sitesLeft.join(', ')} (or a witness decides)`,
            );
      }
      default:
        return result(
          'unknown',
          false,
          `no replication pattern declared: ${lost} fails, ${sitesLeft.join(', ')} remain; cannot tell what data is lost`,
        );
    }
  }
}

function sum(xs: number[]): number {
  let n = 0;
  for (const x of xs) n += x;
  return n;
}

function ids(zones: Zone[]): string {
  return zones.map((z) => z.id).join(', ');
}

function ids2(regions: Set<Region>): string {
  return [...regions].map((r) => r.name).join(', ');
}

// ------------------------------------------------------------------ entry points

/** What survives one failure. */
export function analyse(model: TopoModel, domain: FailureDomain): FailureImpact {
  return new Scenario(model, indexOf(model), domain).run();
}

const allCache = new WeakMap<TopoModel, FailureImpact[]>();

/** Every single failure (regions, zones, routers, load balancers, in model order); cached per model. */
export function analyseAll(model: TopoModel): FailureImpact[] {
  const cached = allCache.get(model);
  if (cached) return cached;
  const ix = indexOf(model);
  const out = failureDomains(model).map((d) => new Scenario(model, ix, d).run());
  allCache.set(model, out);
  return out;
}

/**
 * The index of a model's infrastructure alone: what fronts an app and a storage's sites are worked
 * out per app when asked (and kept per app object), the by-app lists stay empty. For scenarios
 * that look at apps one by one (`outlineApp`).
 */
function infraIndex(model: TopoModel): Index {
  const bare = { ...model, apps: [], storages: [] } as TopoModel;
  const ix = indexOf(bare);
  const fx = frontIndex(model);
  const fronts = new WeakMap<App, { lb: LoadBalancer; clusters: Cluster[] }[]>();
  const sites = new WeakMap<Storage, { zones: Zone[]; regions: Region[] }>();
  return {
    ...ix,
    fronts(a) {
      let f = fronts.get(a);
      if (!f) fronts.set(a, (f = frontsOf(a, fx) ?? []));
      return f;
    },
    sites(s) {
      let x = sites.get(s);
      if (!x) sites.set(s, (x = sitesOf(s)));
      return x;
    },
  };
}

/**
 * Every single failure's scenario of the infrastructure (steps 2–6), in `failureDomains` order,
 * ready for `outlineApp`. Depends on the infrastructure alone: survivability.ts keeps it while the
 * infrastructure is unchanged and looks at each app once.
 */
export function infrastructureScenarios(model: TopoModel): InfrastructureScenario[] {
  const ix = infraIndex(model);
  return failureDomains(model).map((d) => {
    const sc = new Scenario(model, ix, d).prepare();
    return {
      domain: { kind: d.kind, id: d.id },
      clusters: [...sc.clusters.values()],
      outlineApp: (a: App) => sc.outlineApp(a),
    };
  });
}

/** One failure's scenario of the infrastructure: the clusters it reaches, and each app's outline on asking. */
export interface InfrastructureScenario {
  domain: { kind: DomainKind; id: string };
  clusters: ClusterImpact[];
  outlineApp(a: App): AppImpact | undefined;
}

// ------------------------------------------------------------------ what the survivability summaries read

/**
 * The clusters one failure reaches and the apps it reaches (survivability.ts keeps those serving
 * nothing, and those served only by clusters that cannot heal).
 */
export interface ScenarioOutline {
  domain: { kind: DomainKind; id: string };
  clusters: ClusterImpact[];
  downApps: AppImpact[];
}

/**
 * Every single failure's outline: from the full analysis when it is at hand (simulate, hovers),
 * else each scenario's summary part: the same clusters and the same apps that serve nothing or
 * hold replicas in a frozen cluster, without the impacts of every app that keeps serving from
 * clusters that heal (most of the cost; the editor needs
 * summaries on every change).
 */
export function scenarioOutlines(model: TopoModel): ScenarioOutline[] {
  const full = allCache.get(model);
  if (full) return full.map((i) => ({ domain: i.domain, clusters: i.clusters, downApps: i.apps }));
  const ix = indexOf(model);
  return failureDomains(model).map((d) => new Scenario(model, ix, d).summary());
}
