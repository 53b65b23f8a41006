/**
 * Which findings a change added and which it resolved, matched by rule and element, not by line:
 * an edit above a finding moves it without making it new.
 *
 * Two findings are the same when they have the same rule id and concern the same model element
 * (`Finding.element`, e.g. `cluster ocp-east`). Within one rule and element, findings with the same
 * message pair first (a rule may report one element several times: one finding per zone that
 * breaks quorum); the rest pair in the order they appear, so a finding whose numbers changed is
 * the same finding with a new message. A finding without an element (a syntax error, a top-level
 * line) matches only one with the same rule and message.
 */

export interface MatchableFinding {
  ruleId: string;
  severity: string;
  message: string;
  element?: string;
}

export interface FindingsDiff<F extends MatchableFinding> {
  /** In the head only, in head order. */
  added: F[];
  /** In the base only, in base order. */
  resolved: F[];
  /** In both, with another severity (a warning that became an error). */
  changed: { base: F; head: F }[];
  /** In both with the same severity. */
  unchanged: { base: F; head: F }[];
}

function groupKey(f: MatchableFinding): string {
  return `${f.ruleId}\u0000${f.element ?? ''}`;
}

export function diffFindings<F extends MatchableFinding>(base: readonly F[], head: readonly F[]): FindingsDiff<F> {
  const groups = new Map<string, { base: F[]; head: F[] }>();
  const group = (f: F): { base: F[]; head: F[] } => {
    const k = groupKey(f);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { base: [], head: [] }));
    return g;
  };
  for (const f of base) group(f).base.push(f);
  for (const f of head) group(f).head.push(f);

  const pairs = new Map<F, F>(); // head -> base
  const pairedBase = new Set<F>();
  for (const g of groups.values()) {
    // Same message first.
    for (const h of g.head) {
      const b = g.base.find((x) => !pairedBase.has(x) && x.message === h.message);
      if (b) {
        pairs.set(h, b);
        pairedBase.add(b);
      }
    }
    // Then, for an element, the rest in order: the same finding with other numbers.
    if (g.head[0]?.element === undefined) continue;
    const restBase = g.base.filter((b) => !pairedBase.has(b));
    for (const h of g.head.filter((x) => !pairs.has(x))) {
      const b = restBase.shift();
      if (!b) break;
      pairs.set(h, b);
      pairedBase.add(b);
    }
  }

  const out: FindingsDiff<F> = { added: [], resolved: [], changed: [], unchanged: [] };
  for (const h of head) {
    const b = pairs.get(h);
    if (!b) out.added.push(h);
    else if (b.severity !== h.severity) out.changed.push({ base: b, head: h });
    else out.unchanged.push({ base: b, head: h });
  }
  for (const b of base) if (!pairedBase.has(b)) out.resolved.push(b);
  return out;
}
