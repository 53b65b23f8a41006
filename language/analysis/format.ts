/**
 * Renders failure analysis results: a text table for `topo simulate`, a detailed view for
 * `topo simulate --fail <domain>`, JSON with a stable key order for `--json`, markdown for hovers
 * on zones and regions, and one-line strings for code lenses on clusters and apps.
 * Everything here is deterministic: same model, same text.
 */
import type { TopoModel } from '../model/types.js';
import {
  analyse, analyseAll, appDownReason, appRunning, appSummary, clusterSummary, failureDomains, summarise,
  type AppBreak, type AppImpact, type ClusterBreak, type ClusterImpact, type DomainKind, type FailureImpact,
  type GslbNameImpact, type StorageImpact,
} from './failure.js';

// ------------------------------------------------------------------ words

const KIND_WORD: Record<DomainKind, string> = { region: 'region', zone: 'zone', router: 'router', loadBalancer: 'lb' };

/** `dc-east` for a region declared with `region`, `site dc-east` style labels for the table. */
function domainLabel(model: TopoModel, d: { kind: DomainKind; id: string }): string {
  if (d.kind === 'region') {
    const r = model.regions.find((x) => x.name === d.id);
    return `${r?.keyword ?? 'region'} ${d.id}`;
  }
  return `${KIND_WORD[d.kind]} ${d.id}`;
}

/** How a domain is named in sentences: `dc-east`, `dc-east.az1`, `router edge1`, `load balancer lb1`. */
export function domainName(d: { kind: DomainKind; id: string }): string {
  if (d.kind === 'router') return `router ${d.id}`;
  if (d.kind === 'loadBalancer') return `load balancer ${d.id}`;
  return d.id;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function cpFlag(c: ClusterImpact): string {
  if (!c.controlPlane.quorum) return 'LOST';
  if (c.state === 'unreachable') return 'CUT OFF';
  if (c.state === 'down') return 'NO WORKERS';
  if (!c.apiReachable) return 'ok, API cut';
  return 'ok';
}

function appCell(a: AppImpact): string {
  if (!a.served) return `${a.app} 0/${a.replicas} DOWN`;
  return `${a.app} ${a.left}/${a.replicas}${a.left < a.replicas ? ` via ${a.sites.join(' ')}` : ''}${a.dataUnavailable ? ' NO DATA' : ''}`;
}

/** The name, then on its own line where it goes: `→ lb-west` or `NO BACKEND LEFT`. */
function gslbCell(g: GslbNameImpact): string {
  if (!g.failsOver) return `${g.name}\n  NO BACKEND LEFT`;
  return `${g.name}\n  → ${g.backends.filter((b) => b.up).map((b) => b.loadBalancer).join(' ')}`;
}

// ------------------------------------------------------------------ text table

interface Column { title: string; width: number }

const COLUMNS: Column[] = [
  { title: 'FAILURE', width: 17 },
  { title: 'CONTROL PLANES', width: 20 },
  { title: 'APPS SERVED', width: 20 },
  { title: 'NO GATEWAY', width: 11 },
  { title: 'GSLB FAILOVER', width: 24 },
];

/** At most this many items per cell; the rest become `+N more`. */
const MAX_ITEMS = 6;

/** Breaks text into lines of at most `width` characters: at newlines, at spaces, else hard. */
function wrap(text: string, width: number): string[] {
  if (text.includes('\n')) {
    return text.split('\n').flatMap((part) => {
      const indent = /^ */.exec(part)![0];
      return wrap(part.trimStart(), width - indent.length).map((l) => indent + l);
    });
  }
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let w = word;
    if (line && line.length + 1 + w.length <= width) {
      line += ` ${w}`;
      continue;
    }
    if (line) out.push(line);
    while (w.length > width) {
      out.push(w.slice(0, width));
      w = w.slice(width);
    }
    line = w;
  }
  if (line) out.push(line);
  return out;
}

function cellLines(items: string[], width: number): string[] {
  if (!items.length) return ['-'];
  const shown = items.length > MAX_ITEMS ? [...items.slice(0, MAX_ITEMS - 1), `+${items.length - (MAX_ITEMS - 1)} more`] : items;
  return shown.flatMap((i) => wrap(i, width));
}

function row(cells: string[][]): string[] {
  const height = Math.max(...cells.map((c) => c.length));
  const lines: string[] = [];
  for (let i = 0; i < height; i++) {
    lines.push(cells.map((c, j) => (c[i] ?? '').padEnd(COLUMNS[j]!.width)).join('  ').trimEnd());
  }
  return lines;
}

/**
 * The `topo simulate` table: one row per single failure (regions, zones, routers, load balancers),
 * with the control planes it reaches (members left/total and quorum), apps (replicas served/total
 * and the sites serving), networks left without a gateway and GSLB names failing over; then the
 * data it makes unavailable and a summary. Lines are at most 100 characters.
 */
export function renderTable(model: TopoModel, impacts: FailureImpact[] = analyseAll(model)): string {
  const counts = countDomains(impacts);
  const out: string[] = [];
  out.push(`Single failures of ${model.name}: ${impacts.length} (${counts})`);
  out.push('');
  out.push(...row(COLUMNS.map((c) => [c.title])));
  out.push(COLUMNS.map((c) => '-'.repeat(c.width)).join('  '));
  for (const i of impacts) {
    out.push(...row([
      wrap(domainLabel(model, i.domain), COLUMNS[0]!.width),
      cellLines(i.clusters.map((c) => `${c.cluster} ${c.controlPlane.left}/${c.controlPlane.total} ${cpFlag(c)}`), COLUMNS[1]!.width),
      cellLines(i.apps.map(appCell), COLUMNS[2]!.width),
      cellLines(i.networks.map((n) => n.network), COLUMNS[3]!.width),
      cellLines(i.gslbNames.map(gslbCell), COLUMNS[4]!.width),
    ]));
  }
  out.push('');
  out.push('n/m: control-plane members or app replicas left of total. LOST: quorum lost, fewer than');
  out.push('floor(n/2)+1 members left. CUT OFF: running, unreachable (gateways or load balancer down).');
  out.push('API cut: quorum holds, the API is unreachable from other networks. A cluster without quorum');
  out.push('or workers serves nothing; a surviving cluster reschedules its share of an app.');
  if (impacts.some((i) => i.apps.some((a) => a.served && a.dataUnavailable))) {
    out.push('NO DATA: replicas run, but storage without replication lost its only site: DR needed.');
  }
  const data = impacts.filter((i) => i.storage.some((s) => s.outcome !== 'available'));
  if (data.length) {
    out.push('');
    out.push('Data');
    for (const i of data) {
      for (const s of i.storage.filter((x) => x.outcome !== 'available')) {
        out.push(...wrap(`${domainName(i.domain)}: ${storageLine(s)}`, 98).map((l, k) => (k ? `    ${l}` : `  ${l}`)));
      }
    }
  }
  out.push('');
  out.push(...summaryLines(model));
  return out.join('\n') + '\n';
}

function countDomains(impacts: FailureImpact[]): string {
  const n = (k: DomainKind): number => impacts.filter((i) => i.domain.kind === k).length;
  const parts: string[] = [];
  if (n('region')) parts.push(plural(n('region'), 'region'));
  if (n('zone')) parts.push(plural(n('zone'), 'zone'));
  if (n('router')) parts.push(plural(n('router'), 'router'));
  if (n('loadBalancer')) parts.push(plural(n('loadBalancer'), 'load balancer'));
  return parts.join(', ') || 'nothing to fail';
}

function storageLine(s: StorageImpact): string {
  return `${s.storage}${s.app ? ` (app ${s.app})` : ''} ${s.pattern ?? 'no pattern'}: ${s.note}`;
}

function summaryLines(model: TopoModel): string[] {
  const out: string[] = [];
  for (const c of model.clusters) out.push(`cluster ${c.name}: ${clusterLens(model, c.name)}`);
  for (const a of model.apps) out.push(`app ${a.name}: ${appLens(model, a.name)}`);
  return out.flatMap((l) => wrap(l, 98).map((x, k) => (k ? `    ${x}` : x)));
}

// ------------------------------------------------------------------ one failure in detail

/** The `topo simulate --fail <domain>` view: everything the failure reaches, with reasons. */
export function renderDetail(model: TopoModel, impact: FailureImpact): string {
  const out: string[] = [];
  const d = impact.domain;
  const what = d.kind === 'region' ? `${domainLabel(model, d)} (zones ${impact.zones.join(', ') || 'none declared'})` : domainLabel(model, d);
  out.push(`If ${domainName(d)} fails: ${what}`);
  // Lines may start with spaces for a sub-item; continuation lines indent 4 more.
  const section = (title: string, lines: string[]): void => {
    if (!lines.length) return;
    out.push('', title);
    for (const l of lines) {
      const indent = '  ' + (/^ */.exec(l)?.[0] ?? '');
      out.push(...wrap(l.trimStart(), 100 - indent.length - 4).map((x, k) => (k ? `${indent}    ${x}` : `${indent}${x}`)));
    }
  };
  const downWith = [
    ...impact.routers.filter((r) => !(d.kind === 'router' && r.name === d.id)).map((r) => `router ${r.name}: ${r.reason}`),
    ...impact.loadBalancers.filter((l) => !(d.kind === 'loadBalancer' && l.name === d.id)).map((l) => `load balancer ${l.name}: ${l.reason}`),
  ];
  section('Down with it', downWith);
  section('Networks without a gateway', impact.networks.map((n) => `${n.network}: every gateway down (${n.gateways.join(', ')}); machines on it reach each other but nothing outside`));
  section('Clusters', impact.clusters.flatMap((c) => {
    const cp = c.controlPlane;
    const lines = [`[${c.state.toUpperCase()}] ${c.cluster} ${c.reason}`];
    lines.push(`  control plane: ${cp.left} of ${cp.total} members left, majority ${cp.majority}: ${cp.quorum ? 'keeps quorum' : 'quorum LOST'}${cp.lostIn.length ? ` (lost: ${cp.lostIn.map((l) => `${l.members} in ${l.zone}`).join(', ')})` : ''}`);
    for (const w of c.workers) lines.push(`  workers ${w.pool}: ${w.left} of ${w.total} left${w.reachable ? '' : ', cut off (networks without gateway)'}`);
    if (c.schedulableControlPlane) lines.push('  no workers: workloads run on the control plane');
    for (const n of c.notes) lines.push(`  note: ${n}`);
    return lines;
  }));
  section('Apps', impact.apps.flatMap((a) => {
    const head = a.served ? `${a.app}: ${a.left} of ${a.replicas} replicas served, via ${a.sites.join(', ')}` : `[DOWN] ${a.app}: 0 of ${a.replicas} replicas served${a.reason ? `: ${a.reason}` : ''}`;
    return [head, ...(a.dataUnavailable ? [`  but its data is unavailable: ${a.dataUnavailable}`] : []), ...a.clusters.map((s) => `  ${s.cluster}: ${s.left} of ${s.replicas}${s.reason ? ` — ${s.reason}` : ''}`)];
  }));
  section('GSLB names', impact.gslbNames.map((g) => {
    const down = g.backends.filter((b) => !b.up).map((b) => `${b.loadBalancer} — ${b.reason ?? 'down'}`).join('; ');
    const det = g.detection ? `; detected after about ${g.detection.ms / 1000} s (fall ${g.detection.fall} × ${g.detection.intervalMs / 1000} s)` : '';
    const head = g.failsOver
      ? `${g.name} (${g.gslb}): ${g.left} of ${g.total} backends left, fails over to ${g.backends.filter((b) => b.up).map((b) => b.loadBalancer).join(', ')}${det}. Down: ${down}`
      : `${g.name} (${g.gslb}): no backend left (0 of ${g.total}). Down: ${down}`;
    if (!g.record) return head;
    const when = g.record.ms !== undefined ? ` after about ${g.record.ms / 1000} s` : '';
    return `${head}\n  record that moves: ${g.record.record}${g.failsOver ? `, answers ${g.backends.filter((b) => b.up).map((b) => b.loadBalancer).join(', ')} only${when}` : ', answers with its backup selector (every backend is down)'}`;
  }));
  section('VM groups', impact.servers.map((s) => `${s.servers}: ${s.left} of ${s.total} left${s.reachable ? '' : ', cut off (networks without gateway)'}`));
  section('Storage', impact.storage.map(storageLine));
  const touched = impact.clusters.length + impact.apps.length + impact.networks.length + impact.gslbNames.length + impact.servers.length + impact.storage.length + downWith.length;
  if (!touched) out.push('', 'Nothing declared depends on it: every cluster, app, network and name keeps working.');
  out.push('', 'Assumptions: a cluster without quorum or workers serves nothing (running pods are unmanaged);');
  out.push('a surviving cluster reschedules its share of an app onto its surviving workers (room assumed).');
  return out.join('\n') + '\n';
}

// ------------------------------------------------------------------ JSON

/** A JSON-ready value with a fixed key order (objects are built key by key, absent values are null). */
export function toJson(model: TopoModel, impacts: FailureImpact[] = analyseAll(model)): unknown {
  const s = summarise(model);
  return {
    format: 'topo-simulate/1',
    topology: model.name,
    failures: impacts.map(impactJson),
    clusters: model.clusters.map((c) => s.clusters.get(c.name)).filter((x) => !!x).map((c) => ({
      cluster: c!.cluster,
      survivesAnyZone: c!.survivesAnyZone,
      zoneBreaks: c!.zoneBreaks.map(breakJson),
      siteBreaks: c!.siteBreaks.map(breakJson),
      componentBreaks: c!.componentBreaks.map(breakJson),
    })),
    apps: model.apps.map((a) => s.apps.get(a.name)).filter((x) => !!x).map((a) => ({
      app: a!.app,
      replicas: a!.replicas,
      survivesAnyZone: a!.survivesAnyZone,
      survivesAnySite: a!.multiSite ? a!.survivesAnySite : null,
      zoneBreaks: a!.zoneBreaks.map(appBreakJson),
      siteBreaks: a!.siteBreaks.map(appBreakJson),
      componentBreaks: a!.componentBreaks.map(appBreakJson),
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

function appBreakJson(b: AppBreak): unknown {
  return { kind: b.domain.kind, domain: b.domain.id, left: b.left, replicas: b.replicas, running: b.running, reason: b.reason };
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
      sites: [...a.sites],
      gslb: a.gslb ?? null,
      reason: a.served ? null : appDownReason(a),
      dataUnavailable: a.dataUnavailable ?? null,
      running: appRunning(a),
      clusters: a.clusters.map((s) => ({ cluster: s.cluster, replicas: s.replicas, left: s.left, state: s.state, reason: s.reason ?? null })),
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

// ------------------------------------------------------------------ hovers and lenses

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
    else bullets.push(`cluster **${c.cluster}** keeps quorum (${quorum}); ${c.workersLeft} of ${c.workersTotal} workers left${c.apiReachable ? '' : '; API unreachable from other networks'}`);
  }
  for (const a of impact.apps) {
    bullets.push(a.served
      ? `app **${a.app}**: ${a.left} of ${a.replicas} replicas served, via ${a.sites.join(', ')}${a.dataUnavailable ? `, but its data is unavailable (${a.dataUnavailable})` : ''}`
      : `app **${a.app}** DOWN: 0 of ${a.replicas} replicas served: ${appDownReason(a)}`);
  }
  for (const n of impact.networks) bullets.push(`network **${n.network}** loses every gateway (${n.gateways.join(', ')})`);
  for (const g of impact.gslbNames) {
    bullets.push(g.failsOver
      ? `\`${g.name}\` fails over to ${g.backends.filter((b) => b.up).map((b) => b.loadBalancer).join(', ')}${g.detection ? ` after about ${g.detection.ms / 1000} s` : ''}`
      : `\`${g.name}\`: no GSLB backend left`);
  }
  for (const s of impact.servers) bullets.push(`VM group **${s.servers}**: ${s.left} of ${s.total} left${s.reachable ? '' : ', cut off'}`);
  for (const s of impact.storage) bullets.push(`storage **${s.storage}** (${s.pattern ?? 'no pattern'}): ${s.note}`);
  for (const r of impact.routers) if (!(domain.kind === 'router' && r.name === domain.id)) bullets.push(`router **${r.name}** down: ${r.reason}`);
  for (const l of impact.loadBalancers) if (!(domain.kind === 'loadBalancer' && l.name === domain.id)) bullets.push(`load balancer **${l.name}** down: ${l.reason}`);
  const head = `**If ${domainName(domain)} fails**`;
  if (!bullets.length) return `${head}: nothing declared depends on it.`;
  const shown = bullets.length > HOVER_ITEMS ? [...bullets.slice(0, HOVER_ITEMS - 1), `… and ${bullets.length - (HOVER_ITEMS - 1)} more (topo simulate --fail ${domain.id})`] : bullets;
  return `${head}\n\n${shown.map((b) => `- ${b}`).join('\n')}`;
}

function listDomains(ds: { kind: DomainKind; id: string }[]): string {
  const names = ds.map(domainName);
  if (names.length <= 3) return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names[0] ?? '';
  return `${names.slice(0, 2).join(', ')} or ${names.length - 2} more`;
}

/**
 * A code lens on a cluster: `survives any one zone`, `loses quorum if dc-east.az1 or dc-east.az2
 * fails`, `survives any one zone; unreachable if router edge1 fails`.
 */
export function clusterLens(model: TopoModel, cluster: string): string {
  const s = clusterSummary(model, cluster);
  if (!s) return '';
  if (s.zones === 0) return 'zones unknown: no zone failure analysed';
  const groups = new Map<string, ClusterBreak[]>();
  for (const b of [...s.zoneBreaks, ...s.componentBreaks]) {
    const verb = b.reason.startsWith('loses quorum') ? 'loses quorum' : b.state === 'unreachable' ? 'unreachable' : b.reason.startsWith('loses all its workers') ? 'loses all workers' : 'down';
    groups.set(verb, [...(groups.get(verb) ?? []), b]);
  }
  const parts = [...groups].map(([verb, bs]) => `${verb} if ${listDomains(bs.map((b) => b.domain))} fails`);
  if (s.survivesAnyZone) parts.unshift(s.zones === 1 ? 'one zone only' : 'survives any one zone');
  return parts.join('; ');
}

/**
 * A code lens on an app: `survives any one zone or site`, `down if dc-east fails: 0 of 6 replicas
 * left`, `survives any one zone; down if dc-east fails: 0 of 2 replicas left`.
 */
export function appLens(model: TopoModel, app: string): string {
  const s = appSummary(model, app);
  if (!s) return '';
  const a = model.apps.find((x) => x.name === app);
  if (!a || a.clusters.length === 0) return 'no cluster: nothing to analyse';
  const parts: string[] = [];
  if (s.survivesAnyZone) {
    parts.push(!s.multiSite ? 'survives any one zone (one site only)' : s.survivesAnySite ? 'survives any one zone or site' : 'survives any one zone');
  }
  const breaks = [...s.zoneBreaks, ...(s.multiSite ? s.siteBreaks : []), ...s.componentBreaks];
  const first = breaks[0];
  if (first) {
    const figure = first.running === 0 ? `0 of ${first.replicas} replicas left` : `0 of ${first.replicas} replicas reachable (${first.running} running)`;
    const others = breaks.slice(1).map((b) => domainName(b.domain));
    const more = others.length ? ` (also ${others.length > 3 ? `${others.slice(0, 2).join(', ')} and ${others.length - 2} more` : others.join(', ')})` : '';
    parts.push(`down if ${domainName(first.domain)} fails: ${figure}${more}`);
  }
  if (!parts.length) parts.push('survives any one zone');
  return parts.join('; ');
}
