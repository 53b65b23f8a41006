/** How far apart a control plane's etcd members are: read by the etcd rules. */
import type { RttEntry, TopoModel, Zone } from '../../model/types.js';

/** Every unordered pair of distinct items, in order. */
export function pairs<T>(items: T[]): [T, T][] {
  const out: [T, T][] = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) out.push([items[i]!, items[j]!]);
  return out;
}

export interface ZoneRtt {
  a: Zone;
  b: Zone;
  rtt: RttEntry;
}

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
