/**
 * `topo simulate --json`: the failure analysis as JSON with a stable key order, every failure and
 * the survivability of each cluster and app.
 */
import { analyseAll } from '../analysis/failure.js';
import { appDownReason, appRunning, summarise } from '../analysis/survivability.js';
import type { AppBreak, AppFreeze, ClusterBreak, FailureImpact } from '../analysis/types.js';
import type { TopoModel } from '../model/types.js';

/** A JSON-ready value with a fixed key order (objects are built key by key, absent values are null). */
export function toJson(model: TopoModel, impacts: FailureImpact[] = analyseAll(model)): unknown {
  const s = summarise(model);
  return {
    format: 'topo-simulate/1',
    topology: model.name,
    failures: impacts.map(impactJson),
    clusters: model.clusters
      .map((c) => s.clusters.get(c.name))
      .filter((x) => !!x)
      .map((c) => ({
        cluster: c!.cluster,
        survivesAnyZone: c!.survivesAnyZone,
        zoneBreaks: c!.zoneBreaks.map(breakJson),
        siteBreaks: c!.siteBreaks.map(breakJson),
        componentBreaks: c!.componentBreaks.map(breakJson),
      })),
    apps: model.apps
      .map((a) => s.apps.get(a.name))
      .filter((x) => !!x)
      .map((a) => ({
        app: a!.app,
        replicas: a!.replicas,
        survivesAnyZone: a!.survivesAnyZone,
        survivesAnySite: a!.multiSite ? a!.survivesAnySite : null,
        zoneBreaks: a!.zoneBreaks.map(appBreakJson),
        siteBreaks: a!.siteBreaks.map(appBreakJson),
        componentBreaks: a!.componentBreaks.map(appBreakJson),
        zoneFreezes: a!.zoneFreezes.map(appFreezeJson),
        siteFreezes: a!.siteFreezes.map(appFreezeJson),
      })),
  };
}

/** `toJson` as text, two-space indented, with a final newline. */
export function renderJson(model: TopoModel, impacts?: FailureImpact[]): string {
  return JSON.stringify(toJson(model, impacts), null, 2) + '\n';
}

function breakJson(b: ClusterBreak): unknown {
  return { kind: b.domain.kind, domain: b.domain.id, state: b.state, reason: b.reason };
}

function appFreezeJson(f: AppFreeze): unknown {
  return { kind: f.domain.kind, domain: f.domain.id, left: f.left, replicas: f.replicas, reason: f.reason };
}

function appBreakJson(b: AppBreak): unknown {
  return {
    kind: b.domain.kind,
    domain: b.domain.id,
    left: b.left,
    replicas: b.replicas,
    running: b.running,
    reason: b.reason,
  };
}

/** One failure as JSON, keys in a fixed order. */
export function impactJson(i: FailureImpact): unknown {
  return {
    kind: i.domain.kind,
    domain: i.domain.id,
    zonesDown: [...i.zones],
    regionsDown: [...i.regions],
    routersDown: i.routers.map((r) => ({ router: r.name, reason: r.reason })),
    loadBalancersDown: i.loadBalancers.map((l) => ({ loadBalancer: l.name, reason: l.reason })),
    networksWithoutGateway: i.networks.map((n) => ({ network: n.network, gateways: [...n.gateways] })),
    clusters: i.clusters.map((c) => ({
      cluster: c.cluster,
      state: c.state,
      serving: c.serving,
      reason: c.reason,
      controlPlane: {
        total: c.controlPlane.total,
        lost: c.controlPlane.lost,
        left: c.controlPlane.left,
        majority: c.controlPlane.majority,
        quorum: c.controlPlane.quorum,
        lostIn: c.controlPlane.lostIn.map((l) => ({ zone: l.zone, members: l.members })),
        unplaced: c.controlPlane.unplaced,
        cutNetwork: c.controlPlane.cutNetwork ?? null,
      },
      apiReachable: c.apiReachable,
      workersTotal: c.workersTotal,
      workersLeft: c.workersLeft,
      schedulableControlPlane: c.schedulableControlPlane,
      workers: c.workers.map((w) => ({ pool: w.pool, total: w.total, left: w.left, reachable: w.reachable })),
      notes: [...c.notes],
    })),
    apps: i.apps.map((a) => ({
      app: a.app,
      replicas: a.replicas,
      left: a.left,
      served: a.served,
      cannotHeal: !!a.cannotHeal,
      sites: [...a.sites],
      gslb: a.gslb ?? null,
      reason: a.served ? null : appDownReason(a),
      dataUnavailable: a.dataUnavailable ?? null,
      running: appRunning(a),
      clusters: a.clusters.map((s) => ({
        cluster: s.cluster,
        replicas: s.replicas,
        left: s.left,
        state: s.state,
        reason: s.reason ?? null,
        frozen: !!s.frozen,
      })),
    })),
    gslbNames: i.gslbNames.map((g) => ({
      name: g.name,
      app: g.app,
      gslb: g.gslb,
      total: g.total,
      left: g.left,
      failsOver: g.failsOver,
      detectionMs: g.detection?.ms ?? null,
      record: g.record?.record ?? null,
      recordMovesAfterMs: g.record?.ms ?? null,
      backends: g.backends.map((b) => ({ loadBalancer: b.loadBalancer, up: b.up, reason: b.reason ?? null })),
    })),
    servers: i.servers.map((s) => ({ servers: s.servers, total: s.total, left: s.left, reachable: s.reachable })),
    storage: i.storage.map((s) => ({
      storage: s.storage,
      app: s.app ?? null,
      pattern: s.pattern ?? null,
      outcome: s.outcome,
      dr: s.dr,
      sitesDown: [...s.sitesDown],
      sitesLeft: [...s.sitesLeft],
      note: s.note,
    })),
  };
}
