/**
 * Where a control plane's etcd members sit and how far apart they are: shared by the etcd rules,
 * workers/zone-coverage and ref/undeclared-rtt.
 */
import type { ControlPlane, RttEntry, TopoModel, Zone } from '../../model/types.js';

/** The zones holding at least one member, in placement order. */
export function memberZones(cp: ControlPlane): Zone[] {
  return [...cp.placement.perZone].filter(([, n]) => n > 0).map(([z]) => z);
}

/** Every unordered pair of distinct items, in order. */
export function pairs<T>(items: T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) out.push([items[i]!, items[j]!]);
  return out;
}

export interface ZoneRtt { a: Zone; b: Zone; rtt: RttEntry }

export interface RttSpan {
  /** The farthest pair with a known RTT (the first one on ties); undefined with fewer than two zones or none known. */
  max?: ZoneRtt;
  /** Pairs whose RTT nothing declares. */
  unknown: [Zone, Zone][];
}

/** The largest known RTT between any two of `zones`, and the pairs with no RTT. */
export function rttSpan(model: TopoModel, zones: Zone[]): RttSpan {
  const span: RttSpan = { unknown: [] };
  for (const [a, b] of pairs(zones)) {
    const rtt = model.rtt(a, b);
    if (!rtt) span.unknown.push([a, b]);
    else if (!span.max || rtt.ms > span.max.rtt.ms) span.max = { a, b, rtt };
  }
  return span;
}

/** `dc-east.az1 ↔ dc-west.az1` */
export function pairText(a: Zone, b: Zone): string {
  return `${a.id} ↔ ${b.id}`;
}

/** Milliseconds as etcd's flags take them: `38 ms`, `1000 ms`, `0.8 ms`. */
export function ms(n: number): string {
  return `${Number(n.toFixed(2))} ms`;
}
