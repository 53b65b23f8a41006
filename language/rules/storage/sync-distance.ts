import { unique } from '../../model/lists.js';
import type { Region, Storage, TopoModel, Zone } from '../../model/types.js';
import { formatMs } from '../../model/units.js';
import { defineRule, type Fix, type RuleContext } from '../types.js';
import { storageLabel } from './no-dr.js';

interface Span {
  between: string;
  ms?: number;
}

export const syncDistance = defineRule({
  id: 'storage/sync-distance',
  title: 'Synchronous replication over too long a distance',
  severity: 'error',
  description:
    "For storage with `pattern sync`, checks the round-trip time between the places its data lives: between its zones (declared with `sites`, else those of its app's clusters) and between its sites. An RTT above `maxMs` (5 ms) is a warning, above `errorMs` (10 ms) an error; a pair whose RTT is not declared is ref/undeclared-rtt's info.",
  rationale:
    'A synchronous write is acknowledged only once every replica has it, so each write waits at least one round trip between the replicas, and a slow or partitioned link stalls all writes. Across geographically dispersed datacenters this rules synchronous replication out (seed 004: CAP; even Spanner gives up availability). Metro-distance synchronous replication is a known design, with limits: Keycloak suggests an RTT under 5 ms and requires under 10 ms for its synchronously replicated database; ODF/Fusion stretch clusters and Portworx synchronous DR allow at most 10 ms.',
  sources: ['metro-sync', 'measured-rtt'],
  thresholds: {
    maxMs: {
      default: 5,
      unit: 'ms',
      description:
        'A round-trip time above this between two places holding synchronously replicated data is a warning (Keycloak suggests under 5 ms).',
    },
    errorMs: {
      default: 10,
      unit: 'ms',
      description:
        'A round-trip time above this is an error (Keycloak requires under 10 ms; ODF and Portworx synchronous DR allow at most 10 ms).',
    },
  },
  fix: 'Switch to asynchronous replication: `app-async` (databases that replicate themselves, e.g. Cassandra, MongoDB, Kafka; preferred) or `infra-async` (read-only content replicated by the storage).',
  examples: {
    fires: `region east { zone az1 }\nregion west { zone az1 }\nrtt east west 38ms\nstorage db {\n  pattern sync\n  sites east west\n}`,
    passes: `region east { zone az1 zone az2  rtt az1 az2 1ms }\nstorage db {\n  pattern sync\n  sites east.az1 east.az2\n}`,
  },
  // The storage declared at the top level with the infrastructure, each app's with the app.
  reads: 'infrastructure',
  check(ctx) {
    for (const s of ctx.model.storages) checkStorage(s, ctx);
  },
  checkApp(app, ctx) {
    for (const s of app.storage) checkStorage(s, ctx);
  },
});

/** Synchronous storage whose sites are further apart than synchronous replication allows. */
function checkStorage(s: Storage, { model, report, threshold }: RuleContext): void {
  const warn = threshold('maxMs');
  const max = threshold('errorMs');
  if (s.pattern !== 'sync') return;
  const worst = spans(model, s)
    .filter((x) => x.ms !== undefined && x.ms > warn)
    .sort((a, b) => b.ms! - a.ms!)[0]; // the longest RTT first
  if (!worst) return;
  const ms = worst.ms!;
  const error = ms > max;
  // An undeclared RTT is ref/undeclared-rtt's (info): one finding per pair, with its fix.
  report({
    severity: error ? 'error' : 'warning',
    message: `${storageLabel(s)} replicates synchronously between ${worst.between} at ${formatMs(ms)} RTT, ${error ? `over the ${formatMs(max)} synchronous replication allows` : `over the ${formatMs(warn)} it should keep to (error above ${formatMs(max)})`}: every write waits a round trip`,
    loc: s.props.pattern ?? s.nameLoc,
    fixes: toAsync(s),
  });
}

/** Where the data lives: declared zones, else (no `sites`) the zones of the app's clusters. */
function dataZones(s: Storage): Zone[] {
  return s.sitesDeclared ? s.zones : unique(s.app?.clusters.flatMap((c) => c.zones) ?? []);
}

/** Every pair of places holding the data, with its RTT when known: sites pairwise, zones of one site pairwise. */
function spans(model: TopoModel, s: Storage): Span[] {
  const zones = dataZones(s);
  const out: Span[] = [];
  s.regions.forEach((a, i) => {
    for (const b of s.regions.slice(i + 1))
      out.push({
        between: `sites ${a.name} and ${b.name}`,
        ms: siteRtt(model, zonesIn(a, zones), zonesIn(b, zones), a, b),
      });
  });
  zones.forEach((a, i) => {
    for (const b of zones.slice(i + 1)) {
      const ms = a.region === b.region ? model.rtt(a, b)?.ms : undefined;
      if (ms !== undefined) out.push({ between: `${a.id} and ${b.id}`, ms }); // unknown in-site RTT: ref/undeclared-rtt
    }
  });
  return out;
}

function zonesIn(region: Region, zones: Zone[]): Zone[] {
  const held = zones.filter((z) => z.region === region);
  return held.length ? held : region.zones;
}

/** The longest known RTT between the two sites' zones, else a declared `rtt siteA siteB`. */
function siteRtt(model: TopoModel, za: Zone[], zb: Zone[], a: Region, b: Region): number | undefined {
  const known = za.flatMap((x) => zb.map((y) => model.rtt(x, y)?.ms)).filter((ms): ms is number => ms !== undefined);
  if (known.length) return Math.max(...known);
  return model.rttDecls.find(
    (d) => d.aKind === 'region' && ((d.a === a.name && d.b === b.name) || (d.a === b.name && d.b === a.name)),
  )?.ms;
}

function toAsync(s: Storage): Fix[] {
  const at = s.props.pattern;
  if (!at) return [];
  const fix = (pattern: string, title: string, preferred: boolean): Fix => ({
    title,
    edits: [{ uri: at.uri, range: at.range, newText: `pattern ${pattern}` }],
    preferred,
  });
  return [
    fix('app-async', 'Switch to app-async: the database replicates asynchronously (Cassandra, MongoDB, Kafka)', true),
    fix(
      'infra-async',
      'Switch to infra-async: the storage replicates volumes asynchronously (read-only content)',
      false,
    ),
  ];
}
