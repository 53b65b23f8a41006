/**
 * The survivability of each cluster and app over every single failure: which zone, site, router
 * and load-balancer failures stop it. Read by the code lenses and hovers, the app/site-loss rule
 * (through the model provider) and `topo simulate`.
 */
import type { App, Cluster, TopoModel } from '../model/types.js';
import {
  type InfrastructureScenario,
  infrastructureScenarios,
  type ScenarioOutline,
  scenarioOutlines,
} from './failure.js';
import { appNamesUnique } from '../model/checks.js';
import { lazyField } from '../model/lazy-record.js';
import { changedIndices, infrastructureOf } from '../model/memo.js';
import type {
  AppBreak,
  AppFreeze,
  AppImpact,
  AppSummary,
  ClusterBreak,
  ClusterImpact,
  ClusterSummary,
  Summaries,
} from './types.js';

const summaryCache = new WeakMap<TopoModel, Summaries>();

/**
 * Per-cluster and per-app survivability over every single failure (cached per model).
 *
 * A model built on the same infrastructure as an earlier one (see model/memo.ts) shares that
 * infrastructure's scenarios (the clusters each failure reaches) and the summaries of the apps it
 * shares with it: only an edited app is looked at again in every scenario. The result is the
 * one `summariseFromScratch` gives (test/incremental/equivalence.ts compares them after every edit).
 */
export function summarise(model: TopoModel): Summaries {
  const cached = summaryCache.get(model);
  if (cached) return cached;
  const infra = infrastructureOf(model);
  // Apps sharing a name share a summary, merged over the scenarios: that takes every app at once.
  const out = infra && appNamesUnique(model) ? summariseOn(infra, model) : summariseFromScratch(model);
  summaryCache.set(model, out);
  return out;
}

/**
 * What one infrastructure's summaries keep: its clusters' summaries, each app's summary, and (once
 * an app is new to it) its scenarios.
 */
interface OnInfrastructure {
  /** Each failure's domain, as the kept summaries name it (breaks of one failure share it). */
  domains: ScenarioOutline['domain'][];
  scenarios?: InfrastructureScenario[];
  clusters: Map<string, ClusterSummary>;
  apps: WeakMap<App, AppSummary>;
  /** The apps of the last model summarised on it. */
  last?: readonly App[];
}
const byInfrastructure = new WeakMap<object, OnInfrastructure>();

function summariseOn(infra: object, model: TopoModel): Summaries {
  const on = byInfrastructure.get(infra);
  if (!on) {
    // The first model of an infrastructure: every app at once, scenario by scenario (looking at
    // only the apps each failure reaches), and each app's summary kept for the next models.
    const outlines = scenarioOutlines(model);
    const out = fromOutlines(model, outlines);
    const apps = new WeakMap<App, AppSummary>();
    for (const a of model.apps) apps.set(a, out.apps.get(a.name)!);
    byInfrastructure.set(infra, {
      domains: outlines.map((o) => o.domain),
      clusters: out.clusters,
      apps,
      last: model.apps,
    });
    return out;
  }
  const multiSite = model.regions.length > 1;
  // Only the apps at indices where the last model had others can be new to it.
  const changed = on.last && changedIndices(on.last, model.apps);
  on.last = model.apps;
  for (const a of changed ? [...changed].map((i) => model.apps[i]!) : model.apps) {
    let s = on.apps.get(a);
    if (!s) {
      // A new app (or one built again): looked at in every scenario of the infrastructure.
      const domains = on.domains;
      on.scenarios ??= infrastructureScenarios(model).map((sc, i) => ({ ...sc, domain: domains[i] ?? sc.domain }));
      s = emptyAppSummary(a, multiSite);
      for (const sc of on.scenarios) {
        const ai = sc.outlineApp(a);
        if (ai) addAppImpact(s, sc.domain, ai);
      }
      finishApp(s);
      on.apps.set(a, s);
    }
  }
  // By name when first read (hovers, `topo simulate`); rules ask per app (`summaryOfApp`).
  const out = { clusters: on.clusters } as Summaries;
  lazyField(out, 'apps', () => new Map(model.apps.map((a) => [a.name, on.apps.get(a)!])));
  byApp.set(out, on.apps);
  return out;
}

/** The summaries built on a kept infrastructure: each app's summary by the app. */
const byApp = new WeakMap<Summaries, WeakMap<App, AppSummary>>();

/** An app's summary in its model's summaries (what `summarise(model).apps` has under its name). */
export function summaryOfApp(model: TopoModel, app: App): AppSummary | undefined {
  const summaries = summarise(model);
  const kept = byApp.get(summaries);
  return kept ? kept.get(app) : summaries.apps.get(app.name);
}

/** The failure analysis as rules read it (their `RuleServices`' survivability). */
export function survivabilityOf(model: TopoModel): { app(app: App): AppSummary | undefined } {
  return { app: (app) => summaryOfApp(model, app) };
}

/** `summarise` from every scenario's outline of the whole model (no infrastructure shared). */
export function summariseFromScratch(model: TopoModel): Summaries {
  return fromOutlines(model, scenarioOutlines(model));
}

function fromOutlines(model: TopoModel, outlines: readonly ScenarioOutline[]): Summaries {
  const clusters = clusterSummaries(model);
  const apps = new Map<string, AppSummary>();
  const multiSite = model.regions.length > 1;
  for (const a of model.apps) if (!apps.has(a.name)) apps.set(a.name, emptyAppSummary(a, multiSite));
  for (const impact of outlines) {
    for (const ci of impact.clusters) addClusterBreak(clusters, impact.domain, ci);
    for (const ai of impact.downApps) {
      const s = apps.get(ai.app);
      if (s) addAppImpact(s, impact.domain, ai);
    }
  }
  finishClusters(clusters);
  for (const s of apps.values()) finishApp(s);
  return { clusters, apps };
}

function clusterSummaries(model: TopoModel): Map<string, ClusterSummary> {
  const clusters = new Map<string, ClusterSummary>();
  for (const c of model.clusters) {
    if (!clusters.has(c.name))
      clusters.set(c.name, {
        cluster: c.name,
        zoneBreaks: [],
        siteBreaks: [],
        componentBreaks: [],
        degradedBy: [],
        survivesAnyZone: true,
        zones: c.zones.length,
      });
  }
  return clusters;
}

function addClusterBreak(
  clusters: Map<string, ClusterSummary>,
  domain: ScenarioOutline['domain'],
  ci: ClusterImpact,
): void {
  const s = clusters.get(ci.cluster);
  if (!s) return;
  const kind = domain.kind;
  const b: ClusterBreak = { domain, state: ci.state, reason: ci.reason };
  if (ci.serving) {
    if (kind !== 'region') s.degradedBy.push(b);
  } else if (kind === 'zone') s.zoneBreaks.push(b);
  else if (kind === 'region') s.siteBreaks.push(b);
  else s.componentBreaks.push(b);
}

function finishClusters(clusters: Map<string, ClusterSummary>): void {
  for (const s of clusters.values()) s.survivesAnyZone = s.zoneBreaks.length === 0;
}

function emptyAppSummary(a: App, multiSite: boolean): AppSummary {
  return {
    app: a.name,
    replicas: a.replicas,
    zoneBreaks: [],
    siteBreaks: [],
    componentBreaks: [],
    zoneFreezes: [],
    siteFreezes: [],
    survivesAnyZone: true,
    survivesAnySite: true,
    multiSite,
  };
}

/** One scenario's impact on an app that serves nothing, or is served only by clusters that cannot heal. */
function addAppImpact(s: AppSummary, domain: ScenarioOutline['domain'], ai: AppImpact): void {
  const kind = domain.kind;
  if (ai.served) {
    if (!ai.cannotHeal || (kind !== 'zone' && kind !== 'region')) return;
    const f: AppFreeze = { domain, left: ai.left, replicas: ai.replicas, reason: appFreezeReason(ai) };
    (kind === 'zone' ? s.zoneFreezes : s.siteFreezes).push(f);
    return;
  }
  const b: AppBreak = {
    domain,
    left: ai.left,
    replicas: ai.replicas,
    running: appRunning(ai),
    reason: appDownReason(ai),
  };
  let ifSpread = 0;
  for (const c of ai.clusters) ifSpread += c.frozen?.ifSpread ?? 0;
  if (ifSpread) b.ifSpread = ifSpread;
  if (kind === 'zone') s.zoneBreaks.push(b);
  else if (kind === 'region') s.siteBreaks.push(b);
  else s.componentBreaks.push(b);
}

function finishApp(s: AppSummary): void {
  s.survivesAnyZone = s.zoneBreaks.length === 0;
  s.survivesAnySite = s.siteBreaks.length === 0;
}

/** The cluster's survivability summary (undefined for an unknown name). */
export function clusterSummary(model: TopoModel, cluster: Cluster | string): ClusterSummary | undefined {
  return summarise(model).clusters.get(typeof cluster === 'string' ? cluster : cluster.name);
}

/** The app's survivability summary (undefined for an unknown name). */
export function appSummary(model: TopoModel, app: App | string): AppSummary | undefined {
  return summarise(model).apps.get(typeof app === 'string' ? app : app.name);
}

/** True when no single zone failure stops the cluster (down or unreachable). */
export function survivesAnyZone(model: TopoModel, cluster: Cluster | string): boolean {
  return clusterSummary(model, cluster)?.survivesAnyZone ?? true;
}

/**
 * Why an app serves no replica, in words: `its only cluster ocp-east loses quorum (...)`,
 * `all 6 replicas run in ocp-east, which loses quorum (...)`, `ocp-a (3 replicas) loses ...; ocp-b ...`,
 * or `3 replicas run, but gtm has no backend left for it (lb-east: ...)`.
 */
export function appDownReason(ai: AppImpact): string {
  if (ai.reason) {
    return ai.reason;
  }
  const holding = ai.clusters.filter((c) => c.replicas > 0);
  if (ai.clusters.length === 1 && holding.length === 1)
    return `its only cluster ${holding[0]!.cluster} ${holding[0]!.reason ?? 'serves none of it'}`;
  if (holding.length === 1) {
    const h = holding[0]!;
    return `${h.replicas === 1 ? 'its only replica runs' : `all ${h.replicas} replicas run`} in ${h.cluster}, which ${h.reason ?? 'serves none of them'}`;
  }
  return holding
    .map(
      (c) =>
        `${c.cluster} (${c.replicas} ${c.replicas === 1 ? 'replica' : 'replicas'}) ${c.reason ?? 'serves none of them'}`,
    )
    .join('; ');
}

/**
 * Why an app served after a failure cannot heal or scale (`ai.cannotHeal`): the clusters serving
 * it, e.g. `ocp-east loses quorum (...): 4 of 6 replicas keep running on its surviving nodes, but ...`.
 */
export function appFreezeReason(ai: AppImpact): string {
  return ai.clusters
    .filter((c) => c.frozen && c.left > 0)
    .map((c) => `${c.cluster} ${c.reason}`)
    .join('; ');
}

/**
 * Replicas of an app still running after a failure: its shares in clusters that are not down, and
 * what keeps running in clusters that lost their control plane.
 */
export function appRunning(ai: AppImpact): number {
  let n = 0;
  for (const c of ai.clusters) {
    if (c.frozen) n += c.frozen.running;
    else if (c.state !== 'down') n += c.replicas;
  }
  return n;
}
