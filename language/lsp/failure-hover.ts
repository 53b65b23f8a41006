/** The failure part of a hover on a zone, region, router or load balancer: what its loss breaks. */
import { analyse, analyseAll, failureDomains } from '../analysis/failure.js';
import { appDownReason } from '../analysis/survivability.js';
import { domainName } from '../analysis/survivability-text.js';
import type { DomainKind } from '../analysis/types.js';
import type { TopoModel } from '../model/types.js';

/** At most this many bullet lines in a hover. */
const HOVER_ITEMS = 12;

/**
 * Markdown for a hover on a zone or region (by qualified zone id or region name; also routers and
 * load balancers): what its loss breaks, with numbers. Undefined for an unknown id.
 */
export function failureHover(model: TopoModel, id: string, kind?: DomainKind): string | undefined {
  const domain = failureDomains(model).find((d) => d.id === id && (!kind || d.kind === kind));
  if (!domain) return undefined;
  const all = analyseAll(model);
  const impact = all.find((i) => i.domain.kind === domain.kind && i.domain.id === domain.id) ?? analyse(model, domain);
  const bullets: string[] = [];
  for (const c of impact.clusters) {
    const cp = c.controlPlane;
    const quorum = `${cp.left} of ${cp.total} control-plane members left, majority ${cp.majority}`;
    if (!c.serving) bullets.push(`cluster **${c.cluster}** ${c.reason}`);
    else
      bullets.push(
        `cluster **${c.cluster}** keeps quorum (${quorum}); ${c.workersLeft} of ${c.workersTotal} workers left${c.apiReachable ? '' : '; API unreachable from other networks'}`,
      );
  }
  for (const a of impact.apps) {
    bullets.push(
      a.served
        ? `app **${a.app}**: ${a.left} of ${a.replicas} replicas served, via ${a.sites.join(', ')}${a.cannotHeal ? ', but nothing heals or scales them (no control plane)' : ''}${a.dataUnavailable ? `, but its data is unavailable (${a.dataUnavailable})` : ''}`
        : `app **${a.app}** DOWN: 0 of ${a.replicas} replicas served: ${appDownReason(a)}`,
    );
  }
  for (const n of impact.networks)
    bullets.push(`network **${n.network}** loses every gateway (${n.gateways.join(', ')})`);
  for (const g of impact.gslbNames) {
    bullets.push(
      g.failsOver
        ? `\`${g.name}\` fails over to ${g.backends
            .filter((b) => b.up)
            .map((b) => b.loadBalancer)
            .join(', ')}${g.detection ? ` after about ${g.detection.ms / 1000} s` : ''}`
        : `\`${g.name}\`: no GSLB backend left`,
    );
  }
  for (const s of impact.servers)
    bullets.push(`VM group **${s.servers}**: ${s.left} of ${s.total} left${s.reachable ? '' : ', cut off'}`);
  for (const s of impact.storage) bullets.push(`storage **${s.storage}** (${s.pattern ?? 'no pattern'}): ${s.note}`);
  for (const r of impact.routers)
    if (!(domain.kind === 'router' && r.name === domain.id)) bullets.push(`router **${r.name}** down: ${r.reason}`);
  for (const l of impact.loadBalancers)
    if (!(domain.kind === 'loadBalancer' && l.name === domain.id))
      bullets.push(`load balancer **${l.name}** down: ${l.reason}`);
  const head = `**If ${domainName(domain)} fails**`;
  if (!bullets.length) return `${head}: nothing declared depends on it.`;
  const shown =
    bullets.length > HOVER_ITEMS
      ? [
          ...bullets.slice(0, HOVER_ITEMS - 1),
          `… and ${bullets.length - (HOVER_ITEMS - 1)} more (topo simulate --fail ${domain.id})`,
        ]
      : bullets;
  return `${head}\n\n${shown.map((b) => `- ${b}`).join('\n')}`;
}
