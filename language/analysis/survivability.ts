/**
 * The survivability of each cluster and app over every single failure: which zone, site, router
 * and load-balancer failures stop it. Read by the code lenses and hovers, the app/site-loss rule
 * (through the model provider) and `topo simulate`.
 */
import type { App, Cluster, TopoModel } from '../model/types.js';
import { scenarioOutlines } from './failure.js';
import type { AppBreak, AppFreeze, AppImpact, AppSummary, ClusterBreak, ClusterSummary, Summaries } from './types.js';

const summaryCache = new WeakMap<TopoModel, Summaries>();

/** Per-cluster and per-app survivability over every single failure (cached per model). */
export function summarise(model: TopoModel): Summaries {
  const cached = summaryCache.get(model);
  if (cached) return cached;
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
  const apps = new Map<string, AppSummary>();
  const multiSite = model.regions.length > 1;
  for (const a of model.apps) {
    if (!apps.has(a.name))
      apps.set(a.name, {
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
      });
  }
  for (const impact of scenarioOutlines(model)) {
    const kind = impact.domain.kind;
    for (const ci of impact.clusters) {
      const s = clusters.get(ci.cluster);
      if (!s) continue;
      const b: ClusterBreak = { domain: impact.domain, state: ci.state, reason: ci.reason };
      if (ci.serving) {
        if (kind !== 'region') s.degradedBy.push(b);
      } else if (kind === 'zone') s.zoneBreaks.push(b);
      else if (kind === 'region') s.siteBreaks.push(b);
      else s.componentBreaks.push(b);
    }
    for (const ai of impact.downApps) {
      const s = apps.get(ai.app);
      if (!s) continue;
      if (ai.served) {
        if (!ai.cannotHeal || (kind !== 'zone' && kind !== 'region')) continue;
        const f: AppFreeze = {
          domain: impact.domain,
          left: ai.left,
          replicas: ai.replicas,
          reason: appFreezeReason(ai),
        };
        (kind === 'zone' ? s.zoneFreezes : s.siteFreezes).push(f);
        continue;
      }
      const b: AppBreak = {
        domain: impact.domain,
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
  }
  for (const s of clusters.values()) s.survivesAnyZone = s.zoneBreaks.length === 0;
  for (const s of apps.values()) {
    s.survivesAnyZone = s.zoneBreaks.length === 0;
    s.survivesAnySite = s.siteBreaks.length === 0;
  }
  const out = { clusters, apps };
  summaryCache.set(model, out);
  return out;
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
