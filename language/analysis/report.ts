/**
 * The text of `topo simulate`, in the terminal and in the editor's simulation view: a table of
 * every single failure, and a detailed view of one (`--fail <domain>`). Deterministic: same model,
 * same text.
 */
import type { TopoModel } from '../model/types.js';
import { analyseAll } from './failure.js';
import { appSurvival, clusterSurvival, domainName } from './survivability-text.js';
import type { AppImpact, ClusterImpact, DomainKind, FailureImpact, GslbNameImpact, StorageImpact } from './types.js';

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
  return `${a.app} ${a.left}/${a.replicas}${a.left < a.replicas ? ` via ${a.sites.join(' ')}` : ''}${a.cannotHeal ? ' NO HEAL' : ''}${a.dataUnavailable ? ' NO DATA' : ''}`;
}

/** The name, then on its own line where it goes: `→ lb-west` or `NO BACKEND LEFT`. */
function gslbCell(g: GslbNameImpact): string {
  if (!g.failsOver) return `${g.name}\n  NO BACKEND LEFT`;
  return `${g.name}\n  → ${g.backends
    .filter((b) => b.up)
    .map((b) => b.loadBalancer)
    .join(' ')}`;
}

// ------------------------------------------------------------------ text table

interface Column {
  title: string;
  width: number;
}

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
  const shown =
    items.length > MAX_ITEMS ? [...items.slice(0, MAX_ITEMS - 1), `+${items.length - (MAX_ITEMS - 1)} more`] : items;
  return shown.flatMap((i) => wrap(i, width));
}

function row(cells: string[][]): string[] {
  const height = Math.max(...cells.map((c) => c.length));
  const lines: string[] = [];
  for (let i = 0; i < height; i++) {
    lines.push(
      cells
        .map((c, j) => (c[i] ?? '').padEnd(COLUMNS[j]!.width))
        .join('  ')
        .trimEnd(),
    );
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
    out.push(
      ...row([
        wrap(domainLabel(model, i.domain), COLUMNS[0]!.width),
        cellLines(
          i.clusters.map((c) => `${c.cluster} ${c.controlPlane.left}/${c.controlPlane.total} ${cpFlag(c)}`),
          COLUMNS[1]!.width,
        ),
        cellLines(i.apps.map(appCell), COLUMNS[2]!.width),
        cellLines(
          i.networks.map((n) => n.network),
          COLUMNS[3]!.width,
        ),
        cellLines(i.gslbNames.map(gslbCell), COLUMNS[4]!.width),
      ]),
    );
  }
  out.push('');
  out.push('n/m: control-plane members or app replicas left of total. LOST: quorum lost, fewer than');
  out.push('floor(n/2)+1 members left. CUT OFF: running, unreachable (gateways or load balancer down).');
  out.push('API cut: quorum holds, the API is unreachable from other networks. A cluster without workers');
  out.push('serves nothing; one without quorum serves only the replicas running on its surviving nodes');
  out.push('(all of them may have run in the failed zone unless the app declares `spread zones`), and');
  out.push('heals none; a surviving cluster reschedules its share of an app.');
  if (impacts.some((i) => i.apps.some((a) => a.cannotHeal))) {
    out.push('NO HEAL: served only by clusters without quorum: nothing replaces, scales or moves its pods.');
  }
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
  for (const c of model.clusters) out.push(`cluster ${c.name}: ${clusterSurvival(model, c.name)}`);
  for (const a of model.apps) out.push(`app ${a.name}: ${appSurvival(model, a.name)}`);
  return out.flatMap((l) => wrap(l, 98).map((x, k) => (k ? `    ${x}` : x)));
}

// ------------------------------------------------------------------ one failure in detail

/** The `topo simulate --fail <domain>` view: everything the failure reaches, with reasons. */
export function renderDetail(model: TopoModel, impact: FailureImpact): string {
  const out: string[] = [];
  const d = impact.domain;
  const what =
    d.kind === 'region'
      ? `${domainLabel(model, d)} (zones ${impact.zones.join(', ') || 'none declared'})`
      : domainLabel(model, d);
  out.push(`If ${domainName(d)} fails: ${what}`);
  // Lines may start with spaces for a sub-item; continuation lines indent 4 more.
  const section = (title: string, lines: string[]): void => {
    if (!lines.length) return;
    out.push('', title);
    for (const l of lines) {
      const indent = '  ' + (/^ */.exec(l)?.[0] ?? '');
      out.push(
        ...wrap(l.trimStart(), 100 - indent.length - 4).map((x, k) => (k ? `${indent}    ${x}` : `${indent}${x}`)),
      );
    }
  };
  const downWith = [
    ...impact.routers
      .filter((r) => !(d.kind === 'router' && r.name === d.id))
      .map((r) => `router ${r.name}: ${r.reason}`),
    ...impact.loadBalancers
      .filter((l) => !(d.kind === 'loadBalancer' && l.name === d.id))
      .map((l) => `load balancer ${l.name}: ${l.reason}`),
  ];
  section('Down with it', downWith);
  section(
    'Networks without a gateway',
    impact.networks.map(
      (n) =>
        `${n.network}: every gateway down (${n.gateways.join(', ')}); machines on it reach each other but nothing outside`,
    ),
  );
  section(
    'Clusters',
    impact.clusters.flatMap((c) => {
      const cp = c.controlPlane;
      const lines = [`[${c.state.toUpperCase()}] ${c.cluster} ${c.reason}`];
      lines.push(
        `  control plane: ${cp.left} of ${cp.total} members left, majority ${cp.majority}: ${cp.quorum ? 'keeps quorum' : 'quorum LOST'}${cp.lostIn.length ? ` (lost: ${cp.lostIn.map((l) => `${l.members} in ${l.zone}`).join(', ')})` : ''}`,
      );
      for (const w of c.workers)
        lines.push(
          `  workers ${w.pool}: ${w.left} of ${w.total} left${w.reachable ? '' : ', cut off (networks without gateway)'}`,
        );
      if (c.schedulableControlPlane) lines.push('  no workers: workloads run on the control plane');
      for (const n of c.notes) lines.push(`  note: ${n}`);
      return lines;
    }),
  );
  section(
    'Apps',
    impact.apps.flatMap((a) => {
      const head = a.served
        ? `${a.app}: ${a.left} of ${a.replicas} replicas served, via ${a.sites.join(', ')}${a.cannotHeal ? ', but nothing heals or scales them (no control plane)' : ''}`
        : `[DOWN] ${a.app}: 0 of ${a.replicas} replicas served${a.reason ? `: ${a.reason}` : ''}`;
      return [
        head,
        ...(a.dataUnavailable ? [`  but its data is unavailable: ${a.dataUnavailable}`] : []),
        ...a.clusters.map((s) => `  ${s.cluster}: ${s.left} of ${s.replicas}${s.reason ? ` — ${s.reason}` : ''}`),
      ];
    }),
  );
  section(
    'GSLB names',
    impact.gslbNames.map((g) => {
      const down = g.backends
        .filter((b) => !b.up)
        .map((b) => `${b.loadBalancer} — ${b.reason ?? 'down'}`)
        .join('; ');
      const det = g.detection
        ? `; detected after about ${g.detection.ms / 1000} s (fall ${g.detection.fall} × ${g.detection.intervalMs / 1000} s)`
        : '';
      const head = g.failsOver
        ? `${g.name} (${g.gslb}): ${g.left} of ${g.total} backends left, fails over to ${g.backends
            .filter((b) => b.up)
            .map((b) => b.loadBalancer)
            .join(', ')}${det}. Down: ${down}`
        : `${g.name} (${g.gslb}): no backend left (0 of ${g.total}). Down: ${down}`;
      if (!g.record) return head;
      const when = g.record.ms !== undefined ? ` after about ${g.record.ms / 1000} s` : '';
      return `${head}\n  record that moves: ${g.record.record}${
        g.failsOver
          ? `, answers ${g.backends
              .filter((b) => b.up)
              .map((b) => b.loadBalancer)
              .join(', ')} only${when}`
          : ', answers with its backup selector (every backend is down)'
      }`;
    }),
  );
  section(
    'VM groups',
    impact.servers.map(
      (s) => `${s.servers}: ${s.left} of ${s.total} left${s.reachable ? '' : ', cut off (networks without gateway)'}`,
    ),
  );
  section('Storage', impact.storage.map(storageLine));
  const touched =
    impact.clusters.length +
    impact.apps.length +
    impact.networks.length +
    impact.gslbNames.length +
    impact.servers.length +
    impact.storage.length +
    downWith.length;
  if (!touched) out.push('', 'Nothing declared depends on it: every cluster, app, network and name keeps working.');
  out.push('', 'Assumptions: a cluster without workers serves nothing; one without quorum serves only the');
  out.push('replicas running on its surviving nodes, unmanaged (without `spread zones` all of them may have');
  out.push('run in the failed zone); a surviving cluster reschedules its share of an app onto its');
  out.push('surviving workers (room assumed).');
  return out.join('\n') + '\n';
}
