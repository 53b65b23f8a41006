import type { Logger } from '../logger.js';
import { appNamesUnique } from '../model/checks.js';
import { elementKey, elementKeyAt } from '../model/elements.js';
import { startOf } from '../model/loc.js';
import { changedIndices, type Infrastructure, infrastructureOf, infrastructureView } from '../model/memo.js';
import type { App, Element, Loc, TopoModel } from '../model/types.js';
import { AppPiece, listPiece, type Piece, type RuleResults, resultsOf } from './findings-by-file.js';
import type { Finding, Rule, RuleContext, RuleServices, RuleSettings, Severity, Survivability } from './types.js';

/**
 * Runs every rule of the catalogue over one model. A rule that throws is logged and reported as
 * one `internal/rule-failed` info finding on the topology's first file; the others still run.
 * Settings may turn a rule off, change its severity or its thresholds. `topo-ignore` comments on
 * the line above a finding silence it. `services` answers what a rule asks beyond the model (the
 * failure analysis app/site-loss reads); a rule that asks for one not given fails like a throwing rule.
 * With a `memo`, findings that depend on the infrastructure alone, or on one app and the
 * infrastructure, are kept from one model to the next built on the same infrastructure (see
 * `RuleMemo`); the findings are the same as without.
 */
export function runRules(
  model: TopoModel,
  rules: readonly Rule[],
  settings: RuleSettings = {},
  logger?: Pick<Logger, 'error'>,
  services: Partial<RuleServices> = {},
  memo?: RuleMemo,
): Finding[] {
  const steps = runRulesStepwise(model, rules, settings, logger, services, memo);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value.findings;
}

/**
 * What the rules found on the models of one infrastructure (model/memo.ts): per rule, the
 * findings of its `check` when it reads the infrastructure alone, and the findings of its
 * `checkApp` per app. Kept by whoever runs the rules on model after model (the language server,
 * per topology); settings that differ from the last run's start afresh.
 */
export class RuleMemo {
  private infra: Infrastructure | undefined;
  private settings = '';
  private checks = new Map<string, Finding[]>();
  private apps = new Map<string, AppFindings>();
  private keys = new WeakMap<Loc, string | undefined>();

  /**
   * The findings kept for this infrastructure and these settings (emptied when either changed),
   * and the element keys of places found so far: a place of an element kept with the
   * infrastructure or of an unchanged app lies in the same blocks from one model to the next
   * (blocks of different elements never overlap, and an app's storage goes with the app).
   */
  store(infra: Infrastructure, settings: RuleSettings): Store {
    const key = JSON.stringify(settings);
    if (infra !== this.infra || key !== this.settings) {
      this.infra = infra;
      this.settings = key;
      this.checks = new Map();
      this.apps = new Map();
      this.keys = new WeakMap();
    }
    return { checks: this.checks, apps: this.apps, keys: this.keys };
  }
}

/** The finding that reports a rule that threw. */
const RULE_FAILED = 'internal/rule-failed';

/** An app's findings when a rule finds nothing (most apps, most rules): one array for all. */
const NONE: Finding[] = [];

interface Store {
  checks: Map<string, Finding[]>;
  apps: Map<string, AppFindings>;
  keys: WeakMap<Loc, string | undefined>;
}

/**
 * One rule's findings per app: by app, and as the last model's list of apps with each app's
 * findings at its index (a keystroke leaves nearly every app where it was: the index finds it
 * without a lookup).
 */
interface AppFindings {
  byApp: WeakMap<App, Finding[]>;
  apps: readonly App[];
  found: Finding[][];
  /** The last run's piece of the results: every app's findings as one list (grouped by file when asked). */
  piece?: AppPiece;
}

/** `runRules`, yielding after each rule (the language server stops there when a newer edit arrives). */
export function* runRulesStepwise(
  model: TopoModel,
  rules: readonly Rule[],
  settings: RuleSettings = {},
  logger?: Pick<Logger, 'error'>,
  services: Partial<RuleServices> = {},
  memo?: RuleMemo,
): Generator<void, RuleResults, void> {
  /** What the rules report, as they report it (a rule's slice of it makes its piece, below). */
  const findings: Finding[] = [];
  /** The run's findings as the lists they were put together from, grouped by file when asked. */
  const pieces: Piece[] = [];
  const infra = memo && infrastructureOf(model);
  const store = infra && memo.store(infra, settings);
  // Apps sharing a name share a survivability summary: an app's findings may then depend on another app.
  const perApp = store && appNamesUnique(model) ? store : undefined;
  // The element whose block holds a place, kept per place while the infrastructure is the same.
  const keys = store?.keys;
  const anywhere = (loc: Loc): string | undefined => {
    if (!keys) return elementKeyAt(model, loc);
    if (keys.has(loc)) return keys.get(loc);
    const key = elementKeyAt(model, loc);
    keys.set(loc, key);
    return key;
  };
  for (const rule of rules) {
    const start = findings.length;
    const firstPiece = pieces.length;
    const override = settings.rules?.[rule.id];
    if (override === 'off') continue;
    const thresholds = settings.thresholds?.[rule.id] ?? {};
    /** A context whose findings go to `add`; `view` is the model the rule sees. */
    const context = (
      view: TopoModel,
      add: (f: Finding) => void,
      keyOf: (loc: Loc) => string | undefined,
    ): RuleContext => ({
      model: view,
      survivability(): Survivability {
        if (view !== model) throw new Error(`rule ${rule.id} reads the infrastructure only, not the failure analysis`);
        if (!services.survivability)
          throw new Error(`rule ${rule.id} needs the failure analysis, and runRules was not given it`);
        return services.survivability(model);
      },
      threshold(name: string): number {
        const t = thresholds[name];
        if (t !== undefined) return typeof t === 'number' ? t : t.value;
        const def = rule.thresholds?.[name];
        if (!def) throw new Error(`rule ${rule.id} has no threshold "${name}"`);
        return def.default;
      },
      report(f: Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity }): void {
        const severity = override ?? f.severity ?? rule.severity;
        // Every finding has the same few shapes (the same keys in the same order): the passes
        // over 10,000 of them (ignore filter, findings per file) read them at one place each.
        const finding: Finding = {
          ruleId: rule.id,
          severity,
          message: f.message,
          loc: f.loc,
          element: f.element ?? keyOf(f.loc),
        };
        if (f.related) finding.related = f.related;
        if (f.fixes) finding.fixes = f.fixes;
        add(finding);
      },
    });
    try {
      if (rule.check) {
        if (rule.reads === 'infrastructure') {
          let kept = store?.checks.get(rule.id);
          if (!kept) {
            kept = [];
            try {
              const into = kept;
              rule.check(context(infrastructureView(model), (f) => into.push(f), anywhere));
            } finally {
              findings.push(...kept);
            }
            store?.checks.set(rule.id, kept);
          } else findings.push(...kept);
          pieces.push(listPiece(rule.id, kept));
        } else {
          rule.check(context(model, (f) => findings.push(f), anywhere));
          pieces.push(listPiece(rule.id, findings.slice(start)));
        }
      }
      if (rule.checkApp) {
        let kept = perApp?.apps.get(rule.id);
        if (perApp && !kept) perApp.apps.set(rule.id, (kept = { byApp: new WeakMap(), apps: [], found: [] }));
        // One context for every app: `report` adds to the current app's findings. It reads the
        // failure analysis through the full model, the rest through the infrastructure's view.
        let current: App = model.apps[0]!;
        let out: Finding[] = [];
        const full = context(
          model,
          (f) => out.push(f),
          (loc) => keyInApp(current, loc) ?? anywhere(loc),
        );
        const ctx = { ...full, model: infrastructureView(model) };
        /** The app's findings: kept, or found now (and kept). */
        const check = (app: App): Finding[] => {
          const prior = kept?.byApp.get(app);
          if (prior) return prior;
          current = app;
          out = [];
          try {
            rule.checkApp!(app, ctx);
          } catch (e) {
            // What it reported before it threw stays, as when the apps are checked in one pass.
            for (const f of out) findings.push(f);
            throw e;
          }
          const list = out.length ? out : NONE;
          kept?.byApp.set(app, list);
          return list;
        };
        const apps = model.apps;
        // The apps at the indices that changed since the last run are checked, the others' findings
        // kept at theirs; with no last run, every app.
        const changed = kept?.piece ? changedIndices(kept.apps, apps) : undefined;
        const found = changed ? kept!.found : [];
        const before = new Map<number, Finding[]>();
        const mark = findings.length;
        let at = 0;
        try {
          // (In order: the set's indices were added from the first.)
          for (const i of changed ?? apps.keys()) {
            at = i;
            if (changed) before.set(i, found[i]!);
            found[i] = check(apps[i]!);
          }
        } catch (e) {
          // The apps before the one that threw, then what it reported, as in one pass over every app.
          const reported = findings.splice(mark);
          for (let i = 0; i < at; i++) for (const f of found[i]!) findings.push(f);
          for (const f of reported) findings.push(f);
          for (const [i, list] of before) found[i] = list; // kept as the last model's
          throw e;
        }
        const piece = changed ? kept!.piece!.after(found, changed) : AppPiece.of(rule.id, found);
        pieces.push(piece);
        if (kept) Object.assign(kept, { apps, found, piece });
      }
    } catch (e) {
      const message = `rule ${rule.id} failed: ${(e as Error)?.stack ?? String(e)}`;
      logger?.error(message);
      const first = model.files[0];
      if (first) {
        findings.push({
          ruleId: RULE_FAILED,
          severity: 'info',
          message: `rule ${rule.id} could not run on this topology (${(e as Error)?.message ?? e}); the other rules ran. Please report it.`,
          loc: startOf(first),
        });
      }
      // What the rule found before it failed, and the report of its failure, as one list.
      pieces.length = firstPiece;
      pieces.push(listPiece(rule.id, findings.slice(start)));
    }
    yield;
  }
  const ignores = ignoresOf(model);
  return resultsOf(pieces, ignores && { ...ignores, failed: RULE_FAILED });
}

/**
 * The key of the element whose block holds `loc` when that is `app` or one of its storage blocks
 * (what `elementKeyAt` finds there: top-level blocks do not overlap), else undefined.
 */
function keyInApp(app: App, loc: Loc): string | undefined {
  let inner: Element | undefined;
  for (const e of [app, ...app.storage]) {
    if (e.loc.uri !== loc.uri || !contains(e.loc.range, loc.range)) continue;
    if (!inner || before(inner.loc.range.start, e.loc.range.start)) inner = e;
  }
  return inner && elementKey(inner);
}

function before(a: Loc['range']['start'], b: Loc['range']['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function contains(outer: Loc['range'], inner: Loc['range']): boolean {
  return !before(inner.start, outer.start) && !before(outer.end, inner.end);
}

/** The `topo-ignore` directives of a model: the files that have some, the rules they name, and the filter. */
interface Ignores {
  files: Set<string>;
  named: Set<string>;
  /** False for a finding with `// topo-ignore <its rule>: reason` on the line above or on its own line. */
  kept: (f: Finding) => boolean;
}

function ignoresOf(model: TopoModel): Ignores | undefined {
  if (!model.ignores.length) return undefined;
  // Per file, per line, the rules silenced there: most findings are in files without a directive.
  const byFile = new Map<string, Map<number, Set<string>>>();
  const named = new Set<string>();
  for (const i of model.ignores) {
    let lines = byFile.get(i.uri);
    if (!lines) byFile.set(i.uri, (lines = new Map()));
    let rules = lines.get(i.line);
    if (!rules) lines.set(i.line, (rules = new Set()));
    rules.add(i.ruleId);
    named.add(i.ruleId);
  }
  const kept = (f: Finding): boolean => {
    const lines = byFile.get(f.loc.uri);
    if (!lines) return true;
    const line = f.loc.range.start.line;
    return !lines.get(line - 1)?.has(f.ruleId) && !lines.get(line)?.has(f.ruleId);
  };
  return { files: new Set(byFile.keys()), named, kept };
}
