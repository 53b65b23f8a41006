import type { LangiumDocument } from 'langium';
import type { HoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import type * as M from '../model/types.js';
import { appSurvival, clusterSurvival } from '../analysis/survivability-text.js';
import { formatMs } from '../model/units.js';
import { clusterVrrpMode, OPENSHIFT_UNICAST_SINCE, vrrpIds } from '../model/vrrp.js';
import { majority, tolerance } from '../model/quorum.js';
import type { TopoServices } from '../topo-module.js';
import { failureHover } from './failure-hover.js';
import { elementAt } from './locate.js';

/** Hover: the facts the model knows about the element under the cursor (quorum math, RTTs, ...). */
export class TopoHoverProvider implements HoverProvider {
  constructor(private readonly services: TopoServices) {}

  getHoverContent(document: LangiumDocument, params: HoverParams): Hover | undefined {
    const uri = document.uri.toString();
    const { model } = this.services.topo.ModelProvider.analysisFor(uri);
    const el = elementAt(model, uri, params.position);
    if (!el) return undefined;
    const lines = facts(model, el);
    if (!lines.length) return undefined;
    return { contents: { kind: 'markdown', value: lines.join('\n') } };
  }
}

/** The facts of one element, in markdown lines; failure analysis included where it applies. */
export function facts(model: M.TopoModel, el: M.Element): string[] {
  const lines = [`**${el.kind} ${'id' in el ? (el as M.Zone).id : el.name}**`, ''];
  switch (el.kind) {
    case 'cluster':
      lines.push(...clusterFacts(model, el as M.Cluster));
      break;
    case 'zone':
      lines.push(...zoneFacts(model, el as M.Zone));
      break;
    case 'region':
      lines.push(...regionFacts(model, el as M.Region));
      break;
    case 'network':
      lines.push(...networkFacts(model, el as M.Network));
      break;
    case 'app':
      lines.push(...appFacts(el as M.App));
      break;
    case 'param':
      lines.push(...paramFacts(el as M.ParamInfo));
      break;
    case 'router':
      lines.push(...routerFacts(model, el as M.Router));
      break;
    default:
      break;
  }
  lines.push(...failureFacts(model, el));
  return lines;
}

/** What the loss of a zone, region, router or LB breaks; the survivability of a cluster or app. */
function failureFacts(model: M.TopoModel, el: M.Element): string[] {
  const domainId = el.kind === 'zone' ? (el as M.Zone).id : el.name;
  const kind = ({ zone: 'zone', region: 'region', router: 'router', loadBalancer: 'loadBalancer' } as const)[
    el.kind as 'zone'
  ];
  if (kind) {
    const text = failureHover(model, domainId, kind);
    return text ? ['', text] : [];
  }
  if (el.kind === 'cluster') return ['', `**Survivability:** ${clusterSurvival(model, el.name)}`];
  if (el.kind === 'app') return ['', `**Survivability:** ${appSurvival(model, el.name)}`];
  return [];
}

function clusterFacts(model: M.TopoModel, c: M.Cluster): string[] {
  const cp = c.controlPlane;
  const n = cp.placement.total;
  const out = [
    `${c.distribution}${c.version ? ` ${c.version}` : ''}, ${c.install.toUpperCase()}${c.keepalived ? ', keepalived VIPs' : c.loadBalancer.kind === 'external' ? ', user-managed load balancer' : ''}`,
    '',
  ];
  out.push(
    `- control plane: ${n} member${n === 1 ? '' : 's'}, majority ${majority(n)}, tolerates ${tolerance(n)} failure${tolerance(n) === 1 ? '' : 's'}`,
  );
  if (cp.placement.perZone.size)
    out.push(`- members per zone: ${[...cp.placement.perZone].map(([z, k]) => `${z.id} ${k}`).join(', ')}`);
  if (cp.placement.unplaced) out.push(`- ${cp.placement.unplaced} member(s) without a zone`);
  const worst = maxRtt(model, [...cp.placement.perZone.keys()]);
  if (worst) out.push(`- etcd peer RTT: max ${formatMs(worst.ms)} (${worst.a.id} ↔ ${worst.b.id})`);
  if (worst?.unknown.length)
    out.push(`- RTT unknown for ${worst.unknown.map(([a, b]) => `${a.id} ↔ ${b.id}`).join(', ')}`);
  for (const w of c.workers)
    out.push(
      `- workers ${w.name}: ${w.placement.total}${w.placement.perZone.size ? ` (${[...w.placement.perZone].map(([z, k]) => `${z.id} ${k}`).join(', ')})` : ''}`,
    );
  if (c.keepalived) {
    // As openshift/baremetal-runtimecfg derives them from the cluster name (pkg/config/node.go).
    const ids = vrrpIds(c.name);
    const mode = clusterVrrpMode(c);
    const meaning =
      mode === 'unicast'
        ? `unicast VRRP from OpenShift ${OPENSHIFT_UNICAST_SINCE}: equal ids on one segment are harmless`
        : mode === 'multicast'
          ? 'multicast VRRP before 4.11: clusters sharing an L2 segment need distinct ids'
          : `no version declared: multicast VRRP assumed (before ${OPENSHIFT_UNICAST_SINCE}), so clusters sharing an L2 segment need distinct ids`;
    out.push(`- keepalived VRRP ids: api ${ids.api}, ingress ${ids.ingress} (from the name "${c.name}"; ${meaning})`);
  }
  if (c.gateways.length) out.push(`- depends on gateways: ${c.gateways.map((g) => g.name).join(', ')}`);
  return out;
}

interface WorstRtt {
  ms: number;
  a: M.Zone;
  b: M.Zone;
  unknown: [M.Zone, M.Zone][];
}

export function maxRtt(model: M.TopoModel, zones: M.Zone[]): WorstRtt | undefined {
  let worst: WorstRtt | undefined;
  const unknown: [M.Zone, M.Zone][] = [];
  for (let i = 0; i < zones.length; i++) {
    for (let j = i + 1; j < zones.length; j++) {
      const r = model.rtt(zones[i]!, zones[j]!);
      if (!r) unknown.push([zones[i]!, zones[j]!]);
      else if (!worst || r.ms > worst.ms) worst = { ms: r.ms, a: zones[i]!, b: zones[j]!, unknown };
    }
  }
  if (!worst && unknown.length) return { ms: 0, a: unknown[0]![0], b: unknown[0]![1], unknown };
  return worst;
}

function zoneFacts(model: M.TopoModel, z: M.Zone): string[] {
  const out = [`zone of ${z.region.keyword} ${z.region.name}`];
  const rtts = model.zones
    .filter((o) => o !== z)
    .map((o) => ({ o, r: model.rtt(z, o) }))
    .filter((x) => x.r);
  if (rtts.length)
    out.push(
      '',
      ...rtts.map(
        ({ o, r }) =>
          `- RTT to ${o.id}: ${formatMs(r!.ms)}${r!.source === 'region-pair' ? ' (between the regions)' : ''}`,
      ),
    );
  return out;
}

function regionFacts(model: M.TopoModel, r: M.Region): string[] {
  const out = [
    `${r.provider ? `provider ${r.provider}, ` : ''}${r.zones.length} zone${r.zones.length === 1 ? '' : 's'}: ${r.zones.map((z) => z.name).join(', ') || 'none'}`,
  ];
  for (const d of model.rttDecls) {
    if (d.aKind === 'region' && (d.a === r.name || d.b === r.name))
      out.push(`- RTT to ${d.a === r.name ? d.b : d.a}: ${formatMs(d.ms)}`);
  }
  return out;
}

function networkFacts(model: M.TopoModel, n: M.Network): string[] {
  const users = model.clusters.filter((c) => c.networks.includes(n)).map((c) => c.name);
  return [
    `${n.netKind ?? 'network'}${n.cidr ? ` ${n.cidr}` : ''}`,
    '',
    `- zones: ${n.zones.map((z) => z.id).join(', ') || 'not declared'}`,
    `- gateways: ${n.gateways.map((g) => `${g.name}${g.zones.length ? ` (${g.zones.map((z) => z.id).join(', ')}${g.ha ? ', HA' : ''})` : ''}`).join(', ') || 'none'}`,
    ...(users.length ? [`- used by clusters: ${users.join(', ')}`] : []),
  ];
}

function routerFacts(model: M.TopoModel, r: M.Router): string[] {
  const serves = model.networks.filter((n) => n.gateways.includes(r)).map((n) => n.name);
  return [
    `${r.ha ? 'HA (VRRP)' : 'not HA'}, ${r.distributed ? 'distributed (DVR)' : 'centralised'}${r.external ? `, external gateway ${r.external}` : ''}`,
    '',
    `- zones: ${r.zones.map((z) => z.id).join(', ') || 'not declared'}`,
    ...(serves.length ? [`- gateway of: ${serves.join(', ')}`] : []),
  ];
}

function appFacts(a: M.App): string[] {
  return [
    `${a.replicas} replica${a.replicas === 1 ? '' : 's'}${a.clusters.length ? `: ${[...a.split].map(([c, k]) => `${c.name} ${k}`).join(', ')}` : ''}`,
    '',
    ...(a.regions.length ? [`- sites: ${a.regions.map((r) => r.name).join(', ')}`] : []),
    ...(a.gslb ? [`- GSLB: ${a.gslb.name}${a.gslb.provider ? ` (${a.gslb.provider})` : ''}`] : []),
    ...(a.health
      ? [
          `- health check: ${a.health.path}${a.health.intervalMs ? ` every ${formatMs(a.health.intervalMs)}` : ''}${a.health.fall ? `, fall ${a.health.fall}` : ''}${a.health.rise ? `, rise ${a.health.rise}` : ''}`,
        ]
      : []),
    ...(a.readiness ? [`- readiness: ${a.readiness}`] : []),
  ];
}

function paramFacts(p: M.ParamInfo): string[] {
  return [`${p.type} parameter, default \`${p.default}\`${p.overridden ? `, overridden: \`${p.value}\`` : ''}`];
}
