/**
 * A failure on the diagram: the failure analysis' impact (analysis/failure.ts) turned into marks
 * on the elements, taken as the analysis states them and nothing more, so that the diagram says
 * what `topo simulate --fail <domain>` says:
 *
 * - failed (grey): the failed domain, the zones and sites down with it;
 * - down (red): routers and load balancers down, networks without a gateway left, clusters that
 *   do not serve (quorum lost, no workers, unreachable), apps that serve no replica or whose data
 *   is unavailable, VM groups with no member left or unreachable, GSLBs with a name left without
 *   a backend, storage whose data (or a partition of it) is unavailable;
 * - degraded (amber): clusters that lost members or API reach but serve, apps serving fewer
 *   replicas, VM groups that lost members, GSLBs whose names fail over, storage that lost recent
 *   writes or needs a failover for writes.
 */
import type { FailureImpact, StorageOutcome } from '../analysis/types.js';
import type { Element, TopoModel } from '../model/types.js';
import type { ElementIds } from './build.js';
import type { DiagramEdge, FailureSummary, Mark } from './types.js';

/** Header lines at most; the rest is counted and `topo simulate` named. */
const SUMMARY_LINES = 16;

const STORAGE: Record<StorageOutcome, Mark['state'] | undefined> = {
  unavailable: 'down',
  'partition-unavailable': 'down',
  'recent-writes-unavailable': 'degraded',
  'writes-need-failover': 'degraded',
  unknown: 'degraded',
  available: undefined,
};

const STORAGE_WORDS: Record<StorageOutcome, string> = {
  unavailable: 'data unavailable',
  'partition-unavailable': 'partition unavailable',
  'recent-writes-unavailable': 'recent writes unavailable',
  'writes-need-failover': 'writes need a failover',
  unknown: 'outcome unknown',
  available: 'available',
};

export interface Overlay {
  marks: Record<string, Mark>;
  summary: FailureSummary;
  /** The mark of an edge, from the marks of what it links. */
  edgeMark(edge: DiagramEdge): Mark | undefined;
}

export function failureMarks(model: TopoModel, impact: FailureImpact, ids: ElementIds): Overlay {
  const marks: Record<string, Mark> = {};
  const named = <T extends Element>(list: readonly T[]) => {
    const map = new Map<string, string[]>();
    for (const e of list) {
      const l = map.get(e.name);
      if (l) l.push(ids.of(e));
      else map.set(e.name, [ids.of(e)]);
    }
    return (name: string): string[] => map.get(name) ?? [];
  };
  const region = named(model.regions);
  const router = named(model.routers);
  const lb = named(model.loadBalancers);
  const network = named(model.networks);
  const cluster = named(model.clusters);
  const app = named(model.apps);
  const gslb = named(model.gslbs);
  const servers = named(model.servers);
  const storage = named(model.storages);
  const set = (list: string[], mark: Mark): void => {
    for (const id of list) if (marks[id]?.state !== 'failed') marks[id] = mark;
  };

  const d = impact.domain;
  const failed: Mark = { state: 'failed', note: 'FAILED' };
  for (const z of impact.zones) {
    const zone = model.zoneById.get(z);
    if (zone) set([ids.of(zone)], failed);
  }
  for (const r of impact.regions) set(region(r), failed);
  if (d.kind === 'router') set(router(d.id), failed);
  if (d.kind === 'loadBalancer') set(lb(d.id), failed);

  for (const r of impact.routers)
    set(router(r.name), { state: 'down', note: `DOWN: ${short(r.reason)}`, detail: r.reason });
  for (const l of impact.loadBalancers)
    set(lb(l.name), { state: 'down', note: `DOWN: ${short(l.reason)}`, detail: l.reason });
  for (const n of impact.networks)
    set(network(n.network), {
      state: 'down',
      note: 'no gateway left',
      detail: `no gateway left: ${n.gateways.join(', ')} down`,
    });
  for (const c of impact.clusters) {
    const cp = c.controlPlane;
    const facts: Record<string, string> = { 'control plane': `${cp.left}/${cp.total} left, majority ${cp.majority}` };
    if (c.workers.length) facts.workers = `${c.workersLeft}/${c.workersTotal} left`;
    const detail = [c.reason, ...c.notes].join('; ');
    if (!c.serving) {
      const why =
        c.state !== 'unreachable'
          ? `DOWN: ${short(c.reason)}`
          : c.controlPlane.cutNetwork
            ? `UNREACHABLE: ${c.controlPlane.cutNetwork} has no gateway`
            : `UNREACHABLE: ${short(c.reason.replace(/^is unreachable:\s*/, ''))}`;
      set(cluster(c.cluster), { state: 'down', note: why, detail, facts });
    } else if (c.state !== 'up')
      set(cluster(c.cluster), {
        state: 'degraded',
        note: `DEGRADED: ${c.apiReachable ? short(c.reason) : 'API cut off'}`,
        detail,
        facts,
      });
  }
  for (const a of impact.apps) {
    const via = a.sites.length ? ` via ${a.sites.join(' ')}` : '';
    if (!a.served)
      set(app(a.app), { state: 'down', note: `DOWN: 0/${a.replicas} replicas served`, detail: a.reason ?? '' });
    else if (a.dataUnavailable)
      set(app(a.app), {
        state: 'down',
        note: `${a.left}/${a.replicas} served · data unavailable`,
        detail: `${a.left} of ${a.replicas} replicas served${via}, but ${a.dataUnavailable}`,
      });
    else if (a.cannotHeal)
      set(app(a.app), {
        state: 'degraded',
        note: `${a.left}/${a.replicas} replicas${via} · no healing`,
        detail: `${a.left} of ${a.replicas} replicas served${via}, but only by clusters without quorum: nothing heals or scales them`,
      });
    else if (a.left < a.replicas)
      set(app(a.app), { state: 'degraded', note: `${a.left}/${a.replicas} replicas${via}` });
  }
  const byGslb = new Map<string, FailureImpact['gslbNames']>();
  for (const g of impact.gslbNames) byGslb.set(g.gslb, [...(byGslb.get(g.gslb) ?? []), g]);
  for (const [g, names] of byGslb) {
    const lost = names.filter((n) => !n.failsOver);
    const detail = names
      .map(
        (x) =>
          `${x.name}: ${
            x.failsOver
              ? `fails over to ${x.backends
                  .filter((b) => b.up)
                  .map((b) => b.loadBalancer)
                  .join(', ')}`
              : 'no backend left'
          }`,
      )
      .join('\n');
    if (lost.length)
      set(gslb(g), {
        state: 'down',
        note: `DOWN: ${lost.length === 1 ? lost[0]!.name : `${lost.length} names`} without backend`,
        detail,
      });
    else {
      const to = [...new Set(names.flatMap((n) => n.backends.filter((b) => b.up).map((b) => b.loadBalancer)))].join(
        ', ',
      );
      set(gslb(g), {
        state: 'degraded',
        note: `${names.length === 1 ? 'fails' : `${names.length} names fail`} over → ${to}`,
        detail,
      });
    }
  }
  for (const s of impact.servers) {
    const note = `${s.left}/${s.total} VMs left${s.reachable ? '' : ', unreachable'}`;
    set(servers(s.servers), {
      state: s.left === 0 || !s.reachable ? 'down' : 'degraded',
      note,
      facts: { VMs: `${s.left}/${s.total} left` },
    });
  }
  for (const s of impact.storage) {
    const state = STORAGE[s.outcome];
    if (state)
      set(storage(s.storage), { state, note: `${STORAGE_WORDS[s.outcome]}${s.dr ? ' · DR' : ''}`, detail: s.note });
  }

  const edgeMark = (e: DiagramEdge): Mark | undefined => {
    const source = marks[e.source];
    const target = marks[e.target];
    switch (e.kind) {
      case 'placement':
        return target?.state === 'failed' ? target : undefined;
      case 'runs': {
        // An app's share in a cluster: lost when the analysis says so.
        const share = impact.apps
          .find((a) => app(a.app).includes(e.source))
          ?.clusters.find((c) => cluster(c.cluster).includes(e.target));
        if (share && share.left < share.replicas)
          return { state: 'down', note: `${share.left}/${share.replicas} replicas served` };
        // A group of apps: its share in a cluster that serves nothing.
        if (!share && target?.state === 'down') return { state: 'down', note: target.note };
        return undefined;
      }
      case 'backend':
      case 'member':
        return target?.state === 'failed' || target?.state === 'down'
          ? { state: 'down', note: '' }
          : source?.state === 'failed' || source?.state === 'down'
            ? { state: 'down', note: '' }
            : undefined;
      case 'via':
        return target?.state === 'down' || target?.state === 'failed' ? { state: 'down', note: '' } : undefined;
      default:
        return undefined;
    }
  };
  return { marks, summary: summary(model, impact), edgeMark };
}

/** A reason without its parenthesis: `loses quorum (0 of 3 ...)` → `loses quorum`. */
function short(reason: string): string {
  const at = reason.indexOf(' (');
  return at > 0 ? reason.slice(0, at) : reason;
}

function summary(model: TopoModel, i: FailureImpact): FailureSummary {
  const d = i.domain;
  const title =
    d.kind === 'region'
      ? `${model.regions.find((r) => r.name === d.id)?.keyword ?? 'region'} ${d.id}`
      : d.kind === 'zone'
        ? `zone ${d.id}`
        : d.kind === 'router'
          ? `router ${d.id}`
          : `load balancer ${d.id}`;
  const spec = d.kind === 'router' ? `router:${d.id}` : d.kind === 'loadBalancer' ? `lb:${d.id}` : d.id;
  const lines: string[] = [];
  if (d.kind === 'region') lines.push(`zones down: ${i.zones.join(', ')}`);
  else if (i.regions.length) lines.push(`sites down with it: ${i.regions.join(', ')}`);
  const others = <T extends { name: string }>(xs: T[]) => xs.filter((x) => x.name !== d.id);
  if (others(i.routers).length)
    lines.push(
      `routers down: ${others(i.routers)
        .map((r) => r.name)
        .join(', ')}`,
    );
  if (others(i.loadBalancers).length)
    lines.push(
      `load balancers down: ${others(i.loadBalancers)
        .map((l) => l.name)
        .join(', ')}`,
    );
  for (const n of i.networks) lines.push(`${n.network}: no gateway left (${n.gateways.join(', ')} down)`);
  for (const c of i.clusters)
    lines.push(
      c.state === 'unreachable'
        ? `${c.cluster} ${c.reason}`
        : `${c.cluster} ${c.serving ? 'degraded' : 'DOWN'}: ${c.reason}`,
    );
  for (const a of i.apps) {
    if (!a.served) lines.push(`${a.app} DOWN: 0 of ${a.replicas} replicas served`);
    else
      lines.push(
        `${a.app}: ${a.left} of ${a.replicas} replicas served${a.sites.length ? `, from ${a.sites.join(', ')}` : ''}${a.cannotHeal ? '; nothing heals or scales them (no control plane)' : ''}${a.dataUnavailable ? `; its data is unavailable (${a.dataUnavailable})` : ''}`,
      );
  }
  for (const g of i.gslbNames) {
    const to = g.backends
      .filter((b) => b.up)
      .map((b) => b.loadBalancer)
      .join(', ');
    lines.push(
      g.failsOver
        ? `${g.name} (${g.gslb}) fails over to ${to}${g.detection ? ` after about ${Math.round(g.detection.ms / 1000)} s` : ''}`
        : `${g.name} (${g.gslb}): no backend left`,
    );
  }
  for (const s of i.servers)
    lines.push(`VM group ${s.servers}: ${s.left} of ${s.total} left${s.reachable ? '' : ', unreachable'}`);
  for (const s of i.storage) if (STORAGE[s.outcome]) lines.push(`storage ${s.storage}: ${s.note}`);
  if (lines.length === 0) lines.push('nothing else goes down: every cluster and app keeps serving');
  const shown =
    lines.length > SUMMARY_LINES
      ? [
          ...lines.slice(0, SUMMARY_LINES - 1),
          `… ${lines.length - SUMMARY_LINES + 1} more: topo simulate --fail ${spec}`,
        ]
      : lines;
  return { kind: d.kind, spec, title, lines: shown };
}
