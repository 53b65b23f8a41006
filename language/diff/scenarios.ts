/**
 * What a change does to each single failure: the failure analysis (`analyseAll`, what `topo
 * simulate` shows) of the base and of the head, compared failure domain by failure domain.
 *
 * Per domain (a zone, a region/site, a router, a load balancer, matched by kind and id), and per
 * element present in both versions:
 * - clusters: quorum lost or kept; serving (not down, not unreachable) or not; API reachable;
 * - apps: served or down; the share of replicas served; the sites serving; data unavailable;
 * - GSLB names (per app): a backend left or none; where the name fails over to;
 * - VM groups: members left and reachable; networks: every gateway lost or not (shown only: its
 *   cost shows on the clusters, VM groups and load balancers on the network);
 * - storage: what its data becomes (available, recent writes unavailable, partition, all).
 *
 * Each change is `worse`, `better` or just `changed` (another site serves, another backend takes
 * over, detection takes longer). An element only in the head that breaks in a zone, router or load
 * balancer failure is worse (the estate now has something that does not survive it); in a whole
 * site's failure that is only shown (what stands in one site dies with it, and it never survived
 * that site in the base either). An element only in the base is gone,
 * which the findings and the generated files show, not the scenarios. A domain only in the head
 * is compared with nothing failing; a domain only in the base is not compared (it cannot fail
 * any more).
 */
import { analyseAll } from '../analysis/failure.js';
import { appDownReason } from '../analysis/survivability.js';
import type {
  AppImpact,
  ClusterImpact,
  DomainKind,
  FailureImpact,
  GslbNameImpact,
  StorageImpact,
  StorageOutcome,
} from '../analysis/types.js';
import type { App, TopoModel } from '../model/types.js';

export type Direction = 'worse' | 'better' | 'changed';

export type SubjectKind = 'cluster' | 'app' | 'gslbName' | 'network' | 'storage' | 'servers';

export interface ScenarioChange {
  direction: Direction;
  subject: { kind: SubjectKind; name: string };
  /** What is lost (worse) or kept (better), as a noun phrase: `quorum of cluster ocp-fra`. */
  what: string;
  /** One sentence: `cluster ocp-fra loses quorum`. */
  summary: string;
  before: string;
  after: string;
  /** The element is not in the base. */
  new?: boolean;
}

export interface ScenarioDiff {
  domain: { kind: DomainKind; id: string };
  changes: ScenarioChange[];
}

const UNAFFECTED = 'unaffected';

/** The elements of both versions by name, built once per comparison. */
interface Versions {
  base?: TopoModel;
  head: TopoModel;
  baseApps: Map<string, App>;
  headApps: Map<string, App>;
  /** `kind name` of every cluster, network, VM group and storage (`storage app/name`). */
  baseKeys: Set<string>;
  headKeys: Set<string>;
}

function storageKey(s: { storage: string; app?: string }): string {
  return `${s.app ?? ''}/${s.storage}`;
}

function keysOf(model: TopoModel | undefined): Set<string> {
  if (!model) return new Set();
  return new Set([
    ...model.clusters.map((c) => `cluster ${c.name}`),
    ...model.networks.map((n) => `network ${n.name}`),
    ...model.servers.map((s) => `servers ${s.name}`),
    ...model.storages.map((s) => `storage ${storageKey({ storage: s.name, app: s.app?.name })}`),
  ]);
}

/**
 * Every failure domain whose outcome differs, in the head's order. Only what a failure reaches in
 * either version is compared: an element untouched by a failure in both is unchanged by it.
 */
export function diffScenarios(base: TopoModel | undefined, head: TopoModel): ScenarioDiff[] {
  const v: Versions = {
    base,
    head,
    baseApps: new Map((base?.apps ?? []).map((a) => [a.name, a])),
    headApps: new Map(head.apps.map((a) => [a.name, a])),
    baseKeys: keysOf(base),
    headKeys: keysOf(head),
  };
  const baseImpacts = new Map((base ? analyseAll(base) : []).map((i) => [domainKey(i.domain), i]));
  const out: ScenarioDiff[] = [];
  for (const h of analyseAll(head)) {
    const b = baseImpacts.get(domainKey(h.domain));
    const changes = [
      ...clusterChanges(v, b, h),
      ...appChanges(v, b, h),
      ...gslbChanges(v, b, h),
      ...networkChanges(v, b, h),
      ...serverChanges(v, b, h),
      ...storageChanges(v, b, h),
    ];
    // Whatever stands in one site dies with it: for an element new in the head, that is its
    // design, not a loss the change brings (the element never survived that site in the base).
    if (h.domain.kind === 'region')
      for (const c of changes) if (c.new && c.direction === 'worse') c.direction = 'changed';
    if (changes.length) out.push({ domain: h.domain, changes });
  }
  return out;
}

function domainKey(d: { kind: DomainKind; id: string }): string {
  return `${d.kind}:${d.id}`;
}

/**
 * The elements a failure reaches in either version, paired by key (the head's first, in model
 * order), keeping only those still in the head (an element gone from the head is not compared).
 */
function reached<T>(
  b: readonly T[] | undefined,
  h: readonly T[],
  key: (x: T) => string,
  inHead: (k: string) => boolean,
): { key: string; b?: T; h?: T }[] {
  const bm = new Map((b ?? []).map((x) => [key(x), x]));
  const hm = new Map(h.map((x) => [key(x), x]));
  return [...new Set([...hm.keys(), ...bm.keys()])].filter(inHead).map((k) => ({ key: k, b: bm.get(k), h: hm.get(k) }));
}

// ------------------------------------------------------------------ clusters

function clusterChanges(v: Versions, b: FailureImpact | undefined, h: FailureImpact): ScenarioChange[] {
  const out: ScenarioChange[] = [];
  for (const { key: name, b: found, h: hi } of reached(
    b?.clusters,
    h.clusters,
    (c) => c.cluster,
    (k) => v.headKeys.has(`cluster ${k}`),
  )) {
    const isNew = !v.baseKeys.has(`cluster ${name}`);
    const bi = isNew ? undefined : found;
    const before = isNew ? 'not in the base' : (bi?.reason ?? UNAFFECTED);
    const after = hi?.reason ?? UNAFFECTED;
    const subject = { kind: 'cluster' as const, name };
    const bq = isNew || (bi?.controlPlane.quorum ?? true);
    const hq = hi?.controlPlane.quorum ?? true;
    const bServing = isNew || (bi?.serving ?? true);
    const hServing = hi?.serving ?? true;
    const change = (direction: Direction, what: string, summary: string): void => {
      out.push({ direction, subject, what, summary, before, after, ...(isNew ? { new: true } : {}) });
    };
    if (bq && !hq) change('worse', `quorum of cluster ${name}`, `cluster ${name} loses quorum`);
    else if (!bq && hq) change('better', `quorum of cluster ${name}`, `cluster ${name} keeps quorum`);
    // Serving lost or regained for another reason than quorum (workers, load balancer, gateways).
    else if (bServing && !hServing)
      change('worse', `cluster ${name} (${hi!.state})`, `cluster ${name} ${stateWord(hi!)}`);
    else if (!bServing && hServing) change('better', `cluster ${name}`, `cluster ${name} keeps serving`);
    else if (bServing && hServing) {
      const bApi = isNew || (bi?.apiReachable ?? true);
      const hApi = hi?.apiReachable ?? true;
      if (bApi && !hApi)
        change(
          'worse',
          `the API of cluster ${name}`,
          `the API of cluster ${name} becomes unreachable from other networks`,
        );
      else if (!bApi && hApi)
        change('better', `the API of cluster ${name}`, `the API of cluster ${name} stays reachable`);
    }
  }
  return out;
}

function stateWord(c: ClusterImpact): string {
  if (c.state === 'unreachable') return 'becomes unreachable';
  return c.reason.startsWith('loses all its workers') ? 'loses all its workers' : 'goes down';
}

// ------------------------------------------------------------------ apps

/** An app untouched by a failure: every replica served, from the sites of its clusters. */
function untouched(app: App, model: TopoModel): AppImpact {
  const regions = new Set(app.clusters.filter((c) => (app.split.get(c) ?? 0) > 0).flatMap((c) => c.regions));
  const sites = model.regions.filter((r) => regions.has(r)).map((r) => r.name);
  return { app: app.name, replicas: app.replicas, left: app.replicas, served: app.replicas > 0, sites, clusters: [] };
}

function appState(a: AppImpact): string {
  if (!a.served) return `down: ${appDownReason(a)}`;
  const served = `${a.left} of ${a.replicas} replicas served${a.sites.length ? ` via ${a.sites.join(', ')}` : ''}`;
  return a.dataUnavailable ? `${served}, but its data is unavailable (${a.dataUnavailable})` : served;
}

function appChanges(v: Versions, b: FailureImpact | undefined, h: FailureImpact): ScenarioChange[] {
  const out: ScenarioChange[] = [];
  for (const { key: name, b: found, h: reachedHead } of reached(
    b?.apps,
    h.apps,
    (a) => a.app,
    (k) => v.headApps.has(k),
  )) {
    const app = v.headApps.get(name)!;
    const baseApp = v.baseApps.get(name);
    const hi = reachedHead ?? untouched(app, v.head);
    const subject = { kind: 'app' as const, name };
    if (!baseApp) {
      if (!hi.served || hi.dataUnavailable) {
        out.push({
          direction: 'worse',
          subject,
          what: `app ${name}`,
          summary: `new app ${name} ${hi.served ? 'loses its data' : 'goes down'}`,
          before: 'not in the base',
          after: appState(hi),
          new: true,
        });
      }
      continue;
    }
    const bi = found ?? untouched(baseApp, v.base!);
    const before = appState(bi);
    const after = appState(hi);
    const change = (direction: Direction, what: string, summary: string): void => {
      out.push({ direction, subject, what, summary, before, after });
    };
    if (bi.served && !hi.served) change('worse', `app ${name}`, `app ${name} goes down`);
    else if (!bi.served && hi.served) change('better', `app ${name}`, `app ${name} stays up`);
    else if (bi.served && hi.served) {
      const bShare = bi.replicas ? bi.left / bi.replicas : 0;
      const hShare = hi.replicas ? hi.left / hi.replicas : 0;
      if (!bi.dataUnavailable && hi.dataUnavailable)
        change('worse', `the data of app ${name}`, `the data of app ${name} becomes unavailable`);
      else if (bi.dataUnavailable && !hi.dataUnavailable)
        change('better', `the data of app ${name}`, `the data of app ${name} stays available`);
      if (hShare < bShare)
        change(
          'worse',
          `${bi.left - hi.left > 0 ? bi.left - hi.left : 'some'} replicas of app ${name}`,
          `app ${name} serves fewer of its replicas`,
        );
      else if (hShare > bShare) change('better', `replicas of app ${name}`, `app ${name} serves more of its replicas`);
      else if (bi.sites.join() !== hi.sites.join() || bi.left !== hi.left)
        change(
          'changed',
          `app ${name}`,
          `app ${name} is served ${hi.sites.length ? `via ${hi.sites.join(', ')}` : 'elsewhere'}`,
        );
    }
  }
  return out;
}

// ------------------------------------------------------------------ GSLB names

function gslbState(g: GslbNameImpact | undefined): string {
  if (!g) return 'every backend up';
  if (!g.failsOver) return `no backend left (0 of ${g.total})`;
  const to = g.backends
    .filter((x) => x.up)
    .map((x) => x.loadBalancer)
    .join(', ');
  return `fails over to ${to}${g.detection ? ` after about ${g.detection.ms / 1000} s` : ''}`;
}

function gslbChanges(v: Versions, b: FailureImpact | undefined, h: FailureImpact): ScenarioChange[] {
  const out: ScenarioChange[] = [];
  for (const { key: appName, b: found, h: hi } of reached(
    b?.gslbNames,
    h.gslbNames,
    (g) => g.app,
    (k) => !!v.headApps.get(k)?.gslb,
  )) {
    const app = v.headApps.get(appName)!;
    const name = hi?.name ?? app.url ?? app.name;
    const subject = { kind: 'gslbName' as const, name };
    const hAnswers = !hi || hi.left > 0;
    if (!v.baseApps.get(appName)?.gslb) {
      if (!hAnswers)
        out.push({
          direction: 'worse',
          subject,
          what: `GSLB name ${name}`,
          summary: `new GSLB name ${name} has no backend left`,
          before: 'not in the base',
          after: gslbState(hi),
          new: true,
        });
      continue;
    }
    const bi = found;
    const bAnswers = !bi || bi.left > 0;
    const before = gslbState(bi);
    const after = gslbState(hi);
    if (bAnswers && !hAnswers)
      out.push({
        direction: 'worse',
        subject,
        what: `GSLB name ${name}`,
        summary: `GSLB name ${name} no longer fails over: no backend left`,
        before,
        after,
      });
    else if (!bAnswers && hAnswers)
      out.push({
        direction: 'better',
        subject,
        what: `GSLB name ${name}`,
        summary: `GSLB name ${name} fails over`,
        before,
        after,
      });
    else if (before !== after)
      out.push({
        direction: 'changed',
        subject,
        what: `GSLB name ${name}`,
        summary: `GSLB name ${name} ${after}`,
        before,
        after,
      });
  }
  return out;
}

// ------------------------------------------------------------------ networks and VM groups

/**
 * Networks that lose every gateway: shown, neither worse nor better by themselves; what that costs
 * shows on the clusters, VM groups and load balancers on them (a renamed network is not a loss).
 */
function networkChanges(v: Versions, b: FailureImpact | undefined, h: FailureImpact): ScenarioChange[] {
  const out: ScenarioChange[] = [];
  const state = (cut: { gateways: string[] } | undefined): string =>
    cut ? `loses every gateway (${cut.gateways.join(', ')})` : 'keeps a gateway';
  for (const { key: name, b: found, h: hi } of reached(
    b?.networks,
    h.networks,
    (n) => n.network,
    (k) => v.headKeys.has(`network ${k}`),
  )) {
    const isNew = !v.baseKeys.has(`network ${name}`);
    const bi = isNew ? undefined : found;
    const subject = { kind: 'network' as const, name };
    const what = `every gateway of network ${name}`;
    if (!bi && hi)
      out.push({
        direction: 'changed',
        subject,
        what,
        summary: `network ${name} loses every gateway`,
        before: isNew ? 'not in the base' : state(bi),
        after: state(hi),
        ...(isNew ? { new: true } : {}),
      });
    else if (bi && !hi)
      out.push({
        direction: 'changed',
        subject,
        what,
        summary: `network ${name} keeps a gateway`,
        before: state(bi),
        after: state(hi),
      });
  }
  return out;
}

function serverChanges(v: Versions, b: FailureImpact | undefined, h: FailureImpact): ScenarioChange[] {
  const out: ScenarioChange[] = [];
  for (const { key: name, b: found, h: hi } of reached(
    b?.servers,
    h.servers,
    (s) => s.servers,
    (k) => v.headKeys.has(`servers ${k}`),
  )) {
    const isNew = !v.baseKeys.has(`servers ${name}`);
    const bi = isNew ? undefined : found;
    const serves = (x: typeof hi): boolean => !x || (x.left > 0 && x.reachable);
    const state = (x: typeof hi): string =>
      x ? `${x.left} of ${x.total} left${x.reachable ? '' : ', cut off'}` : UNAFFECTED;
    const subject = { kind: 'servers' as const, name };
    if (serves(bi) && !serves(hi))
      out.push({
        direction: 'worse',
        subject,
        what: `VM group ${name}`,
        summary: `VM group ${name} ${hi!.left ? 'is cut off' : 'loses every member'}`,
        before: isNew ? 'not in the base' : state(bi),
        after: state(hi),
        ...(isNew ? { new: true } : {}),
      });
    else if (!isNew && !serves(bi) && serves(hi))
      out.push({
        direction: 'better',
        subject,
        what: `VM group ${name}`,
        summary: `VM group ${name} keeps serving`,
        before: state(bi),
        after: state(hi),
      });
  }
  return out;
}

// ------------------------------------------------------------------ storage

/**
 * How much of its data a storage loses. Worse or better is a move to or from losing data (2, 3):
 * recent writes held back or writes waiting for a failover (1) are what replication by design
 * costs, so spreading data to a second site is not made "worse" by that site's failure.
 */
const OUTCOME_RANK: Record<StorageOutcome, number> = {
  available: 0,
  unknown: 1,
  'writes-need-failover': 1,
  'recent-writes-unavailable': 1,
  'partition-unavailable': 2,
  unavailable: 3,
};
const LOSES_DATA = 2;

function storageChanges(v: Versions, b: FailureImpact | undefined, h: FailureImpact): ScenarioChange[] {
  const out: ScenarioChange[] = [];
  for (const { b: found, h: hi } of reached(b?.storage, h.storage, storageKey, (k) => v.headKeys.has(`storage ${k}`))) {
    const s = (hi ?? found)!;
    const isNew = !v.baseKeys.has(`storage ${storageKey(s)}`);
    const bi = isNew ? undefined : found;
    const rank = (x: StorageImpact | undefined): number => (x ? OUTCOME_RANK[x.outcome] : 0);
    const state = (x: StorageImpact | undefined): string => (x ? x.note : 'available');
    const subject = { kind: 'storage' as const, name: s.app ? `${s.storage} (app ${s.app})` : s.storage };
    const what = `the data of storage ${s.storage}`;
    const [rb, rh] = [rank(bi), rank(hi)];
    if (rh > rb && rh >= LOSES_DATA)
      out.push({
        direction: 'worse',
        subject,
        what,
        summary: `storage ${s.storage}: ${hi!.outcome.replace(/-/g, ' ')}`,
        before: isNew ? 'not in the base' : state(bi),
        after: state(hi),
        ...(isNew ? { new: true } : {}),
      });
    else if (!isNew && rh < rb && rb >= LOSES_DATA)
      out.push({
        direction: 'better',
        subject,
        what,
        summary: `storage ${s.storage}: ${hi ? hi.outcome.replace(/-/g, ' ') : 'available'}`,
        before: state(bi),
        after: state(hi),
      });
    // Replication's by-design costs, or the same loss with another way back (a backup in a site
    // that survives): shown, neither worse nor better.
    else if (!isNew && state(bi) !== state(hi))
      out.push({
        direction: 'changed',
        subject,
        what,
        summary: `storage ${s.storage}: ${state(hi)}`,
        before: state(bi),
        after: state(hi),
      });
  }
  return out;
}
