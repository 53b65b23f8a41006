/**
 * `topo diff`'s comparison of two versions of one topology: findings added and resolved (by rule
 * and element), what changed in each single failure, and which generated files would change; and
 * the verdict over every topology compared, the line a pull-request comment starts with.
 */
import { domainName } from '../analysis/survivability-text.js';
import type { GenerationTarget } from '../generators/index.js';
import type { TopoModel } from '../model/types.js';
import { diffArtifacts, type ArtifactsDiff } from './artifacts.js';
import { diffFindings, type FindingsDiff, type MatchableFinding } from './findings.js';
import { diffScenarios, type ScenarioChange, type ScenarioDiff } from './scenarios.js';

/** One version of one topology. */
export interface DiffSide<F extends MatchableFinding> {
  model: TopoModel;
  /** Everything `topo validate` reports for it (syntax, model problems, rule findings). */
  findings: F[];
  /** Document URI → path relative to the topology folder (for the generated files' headers). */
  sourceFiles: Record<string, string>;
}

export interface TopologyDiff<F extends MatchableFinding> {
  /** The topology's name (the head's, else the base's). */
  topology: string;
  /** Its folder, relative to the folder compared (`.` for that folder itself). */
  folder: string;
  status: 'added' | 'removed' | 'compared';
  findings: FindingsDiff<F>;
  scenarios: ScenarioDiff[];
  generated: ArtifactsDiff;
  /** Errors on each side: `topo generate` refuses a version with errors. */
  errors: { base: number; head: number };
}

export function compareTopology<F extends MatchableFinding>(
  folder: string,
  base: DiffSide<F> | undefined,
  head: DiffSide<F> | undefined,
  targets?: readonly GenerationTarget[],
): TopologyDiff<F> {
  const errors = (s: DiffSide<F> | undefined): number => s?.findings.filter((f) => f.severity === 'error').length ?? 0;
  return {
    topology: head?.model.name ?? base?.model.name ?? folder,
    folder,
    status: !base ? 'added' : !head ? 'removed' : 'compared',
    findings: diffFindings(base?.findings ?? [], head?.findings ?? []),
    scenarios: head ? diffScenarios(base?.model, head.model) : [],
    generated: diffArtifacts(base, head, targets),
    errors: { base: errors(base), head: errors(head) },
  };
}

export interface DiffTotals {
  worse: number;
  better: number;
  changed: number;
  added: number;
  resolved: number;
}

export function totals(diffs: TopologyDiff<MatchableFinding>[]): DiffTotals {
  const changes = diffs.flatMap((d) => d.scenarios.flatMap((s) => s.changes));
  const count = (dir: ScenarioChange['direction']): number => changes.filter((c) => c.direction === dir).length;
  return {
    worse: count('worse'),
    better: count('better'),
    changed: count('changed'),
    added: diffs.reduce((n, d) => n + d.findings.added.length, 0),
    resolved: diffs.reduce((n, d) => n + d.findings.resolved.length, 0),
  };
}

function list(items: string[], max = 3): string {
  const shown = items.length > max ? [...items.slice(0, max - 1), `${items.length - (max - 1)} more`] : items;
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/**
 * The one-line verdict: `this change makes the estate lose quorum of cluster ocp-fra when
 * dc-fra.az1 fails`, else what it now survives, else `no availability change`.
 */
export function verdict(diffs: TopologyDiff<MatchableFinding>[]): string {
  const byDomain = (direction: ScenarioChange['direction']): { domain: string; whats: string[] }[] => {
    const out: { domain: string; whats: string[] }[] = [];
    for (const d of diffs) {
      for (const s of d.scenarios) {
        const whats = [...new Set(s.changes.filter((c) => c.direction === direction).map((c) => c.what))];
        if (whats.length) out.push({ domain: domainName(s.domain), whats });
      }
    }
    return out;
  };
  const sentence = (verb: string, groups: { domain: string; whats: string[] }[]): string => {
    const [first, ...rest] = groups;
    const more = rest.length
      ? ` (and ${rest.length} more failure${rest.length === 1 ? '' : 's'}: ${list(
          rest.map((g) => g.domain),
          4,
        )})`
      : '';
    return `${verb} ${list(first!.whats)} when ${first!.domain} fails${more}`;
  };
  const worse = byDomain('worse');
  if (worse.length) return sentence('this change makes the estate lose', worse);
  const better = byDomain('better');
  if (better.length) return `no availability lost; ${sentence('the estate now keeps', better)}`;
  return 'no availability change';
}
