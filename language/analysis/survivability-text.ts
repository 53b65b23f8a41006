/**
 * Survivability in words, one line per cluster or app: `survives any one zone`, `loses quorum if
 * dc-east.az1 fails`, `down if dc-east fails: 0 of 6 replicas left`. The code lenses, the hovers
 * and the summary of `topo simulate` print these lines.
 */
import type { TopoModel } from '../model/types.js';
import { appSummary, clusterSummary } from './survivability.js';
import type { ClusterBreak, DomainKind } from './types.js';

/** How a domain is named in sentences: `dc-east`, `dc-east.az1`, `router edge1`, `load balancer lb1`. */
export function domainName(d: { kind: DomainKind; id: string }): string {
  if (d.kind === 'router') return `router ${d.id}`;
  if (d.kind === 'loadBalancer') return `load balancer ${d.id}`;
  return d.id;
}

function listDomains(ds: { kind: DomainKind; id: string }[]): string {
  const names = ds.map(domainName);
  if (names.length <= 3)
    return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : (names[0] ?? '');
  return `${names.slice(0, 2).join(', ')} or ${names.length - 2} more`;
}

/**
 * A cluster's survivability in one line (its code lens, its hover, the `topo simulate` summary):
 * `survives any one zone`, `loses quorum if dc-east.az1 or dc-east.az2 fails`, `survives any one
 * zone; unreachable if router edge1 fails`.
 */
export function clusterSurvival(model: TopoModel, cluster: string): string {
  const s = clusterSummary(model, cluster);
  if (!s) return '';
  if (s.zones === 0) return 'zones unknown: no zone failure analysed';
  const groups = new Map<string, ClusterBreak[]>();
  for (const b of [...s.zoneBreaks, ...s.componentBreaks]) {
    const verb = b.reason.startsWith('loses quorum')
      ? 'loses quorum'
      : b.state === 'unreachable'
        ? 'unreachable'
        : b.reason.startsWith('loses all its workers')
          ? 'loses all workers'
          : 'down';
    groups.set(verb, [...(groups.get(verb) ?? []), b]);
  }
  const parts = [...groups].map(([verb, bs]) => `${verb} if ${listDomains(bs.map((b) => b.domain))} fails`);
  if (s.survivesAnyZone) parts.unshift(s.zones === 1 ? 'one zone only' : 'survives any one zone');
  return parts.join('; ');
}

/**
 * An app's survivability in one line (its code lens, its hover, the `topo simulate` summary):
 * `survives any one zone or site`, `down if dc-east fails: 0 of 6 replicas left`, `survives any
 * one zone; down if dc-east fails: 0 of 2 replicas left`.
 */
export function appSurvival(model: TopoModel, app: string): string {
  const s = appSummary(model, app);
  if (!s) return '';
  const a = model.apps.find((x) => x.name === app);
  if (!a || a.clusters.length === 0) return 'no cluster: nothing to analyse';
  const parts: string[] = [];
  if (s.survivesAnyZone) {
    parts.push(
      !s.multiSite
        ? 'survives any one zone (one site only)'
        : s.survivesAnySite
          ? 'survives any one zone or site'
          : 'survives any one zone',
    );
  }
  const breaks = [...s.zoneBreaks, ...(s.multiSite ? s.siteBreaks : []), ...s.componentBreaks];
  const first = breaks[0];
  if (first) {
    const figure =
      first.running === 0
        ? `0 of ${first.replicas} replicas left`
        : `0 of ${first.replicas} replicas reachable (${first.running} running)`;
    const others = breaks.slice(1).map((b) => domainName(b.domain));
    const more = others.length
      ? ` (also ${others.length > 3 ? `${others.slice(0, 2).join(', ')} and ${others.length - 2} more` : others.join(', ')})`
      : '';
    parts.push(`down if ${domainName(first.domain)} fails: ${figure}${more}`);
  }
  if (!parts.length) parts.push('survives any one zone');
  return parts.join('; ');
}
