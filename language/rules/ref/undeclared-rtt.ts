import { ofInfrastructure } from '../../model/memo.js';
import type { Loc, Region, TopoModel, Zone } from '../../model/types.js';
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
      // Pairs are counted lazily and capped per use: 10 000 zones of one network are 50 million pairs.
      let listed = 0;
      let more = false;
      const d = use.domains;
      outer: for (let i = 0; i < d.length; i++) {
        for (let j = i + 1; j < d.length; j++) {
          const a = d[i]!;
          const b = d[j]!;
          const [x, y] = [id(a), id(b)];
          const key = x < y ? `${x}|${y}` : `${y}|${x}`;
          if (seen.has(key) || declared(model, a, b)) continue;
          if (listed === MAX_PAIRS_PER_USE) {
            more = true;
            break outer;
          }
          seen.add(key);
          listed++;
          const fix = insertFix(model, a, b);
          report({
            message: `no rtt declared between ${id(a)} and ${id(b)} (${use.why}): latency rules cannot check this pair`,
            loc: use.loc,
            fixes: fix ? [fix] : [],
          });
        }
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

/** Every group of domains used together, most relevant use first. */
function uses(model: TopoModel): Use[] {
  // The infrastructure's uses are kept with it; storage is an app's or the infrastructure's.
  const out = [...ofInfrastructure(model, infrastructureUses)];
  for (const s of model.storages) {
    if (s.pattern !== 'sync') continue;
    const domains = s.zones.length > 1 ? s.zones : s.regions;
    if (domains.length > 1)
      out.push({
        domains,
        loc: s.props.sites ?? s.props.pattern ?? s.nameLoc,
        why: `both sites of synchronous storage ${s.name}`,
      });
  }
  return out;
}

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
  const locs = [...[...model.byName.values()].map((e) => e.loc), ...model.rttDecls.map((d) => d.loc)];
  const followed = locs.some((l) => l.uri === anchor.uri && l.range.start.line > anchor.range.end.line);
  if (!followed)
    return { uri: anchor.uri, range: { start: anchor.range.end, end: anchor.range.end }, newText: `\n${text}` };
  const next = { line: anchor.range.end.line + 1, character: 0 };
  return { uri: anchor.uri, range: { start: next, end: next }, newText: `${text}\n` };
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
