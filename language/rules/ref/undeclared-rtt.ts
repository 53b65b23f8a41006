import { elementsBeforeApps } from '../../model/elements.js';
import { ofInfrastructure, perAppOf } from '../../model/memo.js';
import type { App, Loc, Region, Storage, TopoModel, Zone } from '../../model/types.js';
import { memberZones } from '../common/members.js';
import { after, setProps } from '../common/edits.js';
import { defineRule, type Fix, type TextEdit } from '../types.js';

/**
 * The value the fix writes until someone measures: pessimistic on purpose (OpenShift's etcd limit,
 * ten times the synchronous-replication limit), so that the latency rules flag it rather than pass
 * an invented figure; the inserted line says so.
 */
export const PLACEHOLDER_MS = 50;
const NOTE = 'placeholder, worst case assumed: set the measured p99 RTT';

/** A zone, or a whole region for storage whose sites are regions. */
type Domain = Zone | Region;

interface Use {
  domains: Domain[];
  loc: Loc;
  why: string;
}

export const undeclaredRtt = defineRule({
  id: 'ref/undeclared-rtt',
  title: 'Zones used together with no declared RTT',
  severity: 'info',
  description:
    'Fires once per pair of zones (or sites) used together with no `rtt` covering them: zones holding members of one control plane, zones of one stretched L2 network, zones holding nodes of one cluster, sites of synchronous storage. Reported at the first of these uses; at most 25 pairs per use, then one more finding says that more pairs are undeclared.',
  rationale:
    'The latency rules (etcd/latency, etcd/timing, storage/sync-distance) can only check what is declared: an undeclared pair is silently unchecked. Declare the measured p99 round-trip time of every pair that works together.',
  sources: ['measured-rtt'],
  fix: `Insert an \`rtt\` line for the pair — in the region's block when both zones are of one region, else at top level after the last top-level rtt — with a pessimistic ${PLACEHOLDER_MS} ms placeholder and a comment asking for the measured value.`,
  examples: {
    fires: `region dc provider openstack { zone az1 zone az2 zone az3 rtt az1 az2 1ms rtt az2 az3 1ms }\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
    passes: `region dc provider openstack { zone az1 zone az2 zone az3 rtt az1 az2 1ms rtt az2 az3 1ms rtt az1 az3 1ms }\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}`,
  },
  check({ model, report }) {
    const seen = new Set<string>();
    for (const use of uses(model)) {
      // Pairs are found lazily and capped per use: 10 000 zones of one network are 50 million pairs.
      const pairs = undeclaredPairs(model, use);
      let listed = 0;
      let more = false;
      for (let k = 0; ; k++) {
        const pair = pairs.at(k);
        if (!pair) break;
        if (seen.has(pair.key)) continue;
        if (listed === MAX_PAIRS_PER_USE) {
          more = true;
          break;
        }
        seen.add(pair.key);
        listed++;
        const [a, b] = [pair.a, pair.b];
        const fix = insertFix(model, a, b);
        report({
          message: `no rtt declared between ${id(a)} and ${id(b)} (${use.why}): latency rules cannot check this pair`,
          loc: use.loc,
          fixes: fix ? [fix] : [],
        });
      }
      if (more) {
        report({
          message: `more pairs have no rtt declared (${use.why.replace(/^both /, 'all ')}): only the first ${MAX_PAIRS_PER_USE} are listed; declare the RTT of every pair that works together`,
          loc: use.loc,
        });
      }
    }
  },
});

/** Undeclared pairs listed per use (a control plane, a network ...); one more finding says there are more. */
export const MAX_PAIRS_PER_USE = 25;

/**
 * Every group of domains used together, most relevant use first: the clusters' and networks',
 * then the sites of synchronous storage, the apps' in the apps' order, then the top level's.
 * What an app's storage or the infrastructure gives is kept with it (the undeclared pairs of a
 * use are found once, see `undeclaredPairs`): a keystroke in an estate re-reads none of it.
 */
function uses(model: TopoModel): Use[] {
  return [
    ...ofInfrastructure(model, infrastructureUses),
    ...perAppOf(model, appStorageUses),
    ...ofInfrastructure(model, topLevelStorageUses),
  ];
}

/** The uses of an app's synchronous storage. */
function appStorageUses(app: App): Use[] {
  const out: Use[] = [];
  for (const s of app.storage) if (s.pattern === 'sync') addStorageUse(out, s);
  return out;
}

/** The uses of the storage declared at the top level (the infrastructure's view lists only those). */
function topLevelStorageUses(view: TopoModel): Use[] {
  const out: Use[] = [];
  for (const s of view.storages) if (s.pattern === 'sync') addStorageUse(out, s);
  return out;
}

/** Adds the use of synchronous storage's sites, if it has two or more (made once per storage block). */
function addStorageUse(out: Use[], s: Storage): void {
  let use = storageUse.get(s);
  if (use === undefined) {
    const domains = s.zones.length > 1 ? s.zones : s.regions;
    use =
      domains.length > 1
        ? {
            domains,
            loc: s.props.sites ?? s.props.pattern ?? s.nameLoc,
            why: `both sites of synchronous storage ${s.name}`,
          }
        : null;
    storageUse.set(s, use);
  }
  if (use) out.push(use);
}
const storageUse = new WeakMap<Storage, Use | null>();

/** A pair of domains used together with no rtt declared, and its key (the two ids in order). */
interface Pair {
  a: Domain;
  b: Domain;
  key: string;
}

/**
 * The undeclared pairs of a use, in order, found as far as they are asked for and kept with the
 * use (a use is the infrastructure's or a storage block's, and lives as long as the
 * infrastructure whose rtt declarations decide).
 */
function undeclaredPairs(model: TopoModel, use: Use): { at(k: number): Pair | undefined } {
  let found = pairsFound.get(use);
  if (!found) pairsFound.set(use, (found = { pairs: [], i: 0, j: 1 }));
  const f = found;
  const d = use.domains;
  return {
    at(k) {
      while (f.pairs.length <= k && f.i < d.length - 1) {
        const a = d[f.i]!;
        const b = d[f.j]!;
        if (++f.j === d.length) f.j = ++f.i + 1;
        if (declared(model, a, b)) continue;
        const [x, y] = [id(a), id(b)];
        f.pairs.push({ a, b, key: x < y ? `${x}|${y}` : `${y}|${x}` });
      }
      return f.pairs[k];
    },
  };
}
const pairsFound = new WeakMap<Use, { pairs: Pair[]; i: number; j: number }>();

/** The uses of the clusters and networks. */
function infrastructureUses(model: TopoModel): Use[] {
  const out: Use[] = [];
  const add = (domains: Domain[], loc: Loc, why: string): void => {
    if (domains.length > 1) out.push({ domains, loc, why });
  };
  for (const c of model.clusters)
    add(
      memberZones(c.controlPlane),
      c.controlPlane.props.zones ?? c.controlPlane.loc,
      `both hold control-plane members of ${c.name}`,
    );
  for (const n of model.networks)
    if (n.netKind === 'stretched-l2')
      add(n.zones, n.props.zones ?? n.nameLoc, `both spanned by stretched network ${n.name}`);
  for (const c of model.clusters) add(c.zones, c.nameLoc, `both hold nodes of cluster ${c.name}`);
  return out;
}

function isZone(d: Domain): d is Zone {
  return d.kind === 'zone';
}

function id(d: Domain): string {
  return isZone(d) ? d.id : d.name;
}

function declared(model: TopoModel, a: Domain, b: Domain): boolean {
  if (isZone(a) && isZone(b)) return model.rtt(a, b) !== undefined;
  return model.rttDecls.some(
    (d) => d.aKind === 'region' && ((d.a === id(a) && d.b === id(b)) || (d.a === id(b) && d.b === id(a))),
  );
}

/** `rtt az1 az3 50ms` in the zones' region, else `rtt dc-east.az1 dc-west.az1 50ms` at top level. */
function insertFix(model: TopoModel, a: Domain, b: Domain): Fix | undefined {
  const title = `Declare the RTT between ${id(a)} and ${id(b)} (placeholder ${PLACEHOLDER_MS} ms: set the measured value)`;
  const edit =
    isZone(a) && isZone(b) && a.region === b.region ? inRegion(model, a.region, a, b) : atTopLevel(model, a, b);
  return edit && { title, edits: edit, preferred: true };
}

function inRegion(model: TopoModel, region: Region, a: Zone, b: Zone): TextEdit[] | undefined {
  const content = [
    ...region.zones.map((z) => z.loc),
    ...model.rttDecls.filter((d) => within(d.loc, region.loc)).map((d) => d.loc),
  ];
  if (region.props.location) content.push(region.props.location);
  // The region's own props (its provider) sit before the brace: only its content counts.
  const block = { loc: region.loc, props: {}, insertLoc: region.insertLoc, indent: region.indent };
  return setProps(block, [{ text: `rtt ${a.name} ${b.name} ${PLACEHOLDER_MS}ms`, note: NOTE }], content);
}

function atTopLevel(model: TopoModel, a: Domain, b: Domain): TextEdit[] {
  const topLevel = model.rttDecls.filter((d) => !model.regions.some((r) => within(d.loc, r.loc))).map((d) => d.loc);
  const regionsOf = [a, b].map((d) => (isZone(d) ? d.region : d)).map((r) => r.loc);
  const anchor = last(topLevel.length ? topLevel : regionsOf);
  return [newLineAfter(model, anchor, `rtt ${id(a)} ${id(b)} ${PLACEHOLDER_MS}ms  // ${NOTE}`)];
}

/**
 * A new top-level line after `anchor`: at the start of the next line (leaving a comment that ends
 * the anchor's line in place), or, when nothing follows the anchor in its file (which may not end
 * with a newline), right after the anchor.
 */
function newLineAfter(model: TopoModel, anchor: Loc, text: string): TextEdit {
  const line = anchor.range.end.line;
  const followed =
    (ofInfrastructure(model, lastLines).get(anchor.uri) ?? -1) > line ||
    model.apps.some((a) => a.loc.uri === anchor.uri && a.loc.range.start.line > line);
  if (!followed)
    return { uri: anchor.uri, range: { start: anchor.range.end, end: anchor.range.end }, newText: `\n${text}` };
  const next = { line: line + 1, character: 0 };
  return { uri: anchor.uri, range: { start: next, end: next }, newText: `${text}\n` };
}

/** Per file, the last line on which an element of the infrastructure or an rtt line starts. */
function lastLines(view: TopoModel): Map<string, number> {
  const out = new Map<string, number>();
  const locs = [
    ...[...elementsBeforeApps(view), ...view.storages, ...view.managements].map((e) => e.loc),
    ...view.rttDecls.map((d) => d.loc),
  ];
  for (const l of locs) out.set(l.uri, Math.max(out.get(l.uri) ?? -1, l.range.start.line));
  return out;
}

function within(inner: Loc, outer: Loc): boolean {
  return (
    inner.uri === outer.uri && !after(outer.range.start, inner.range.start) && !after(inner.range.end, outer.range.end)
  );
}

/** The location that ends last (in the first file among them that has one). */
function last(locs: Loc[]): Loc {
  const uri = locs[0]!.uri;
  return locs.filter((l) => l.uri === uri).reduce((x, y) => (after(y.range.end, x.range.end) ? y : x));
}
