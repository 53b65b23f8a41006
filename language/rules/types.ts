import type { App, Loc, TopoModel } from '../model/types.js';
import type { SourceId } from './sources.js';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  uri: string;
  range: Loc['range'];
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix VS Code applies with "Fix all"/auto-fix. */
  preferred?: boolean;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** One line naming the elements and the numbers that matter. */
  message: string;
  loc: Loc;
  /**
   * The model element the finding concerns, as `elementKey` writes it (`cluster ocp-east`): what
   * `topo diff` matches findings by, since lines move. A rule may set it (when its place lies in
   * another element's block); otherwise the engine takes the element whose block holds `loc`.
   */
  element?: string;
  related?: { loc: Loc; message: string }[];
  fixes?: Fix[];
}

/** A threshold a workspace may change (with a documented reason), e.g. etcd's RTT limits. */
export interface Threshold {
  default: number;
  unit?: string;
  description: string;
}

/**
 * The failure analysis as a rule reads it: per app, the single zone and site failures after
 * which the app serves no replica. Rules read the model alone: whoever runs them supplies this
 * (`RuleServices`), from the failure analysis's survivability summaries.
 */
export interface Survivability {
  app(app: App): AppSurvival | undefined;
}

export interface AppSurvival {
  zoneBreaks: readonly AppOutage[];
  siteBreaks: readonly AppOutage[];
  /** Zone failures after which it is served only by clusters that lost their control plane. */
  zoneFreezes: readonly AppFreezeOutline[];
  /** Site failures after which it is served only by clusters that lost their control plane. */
  siteFreezes: readonly AppFreezeOutline[];
  /** False when the topology has one region: there is no other site to survive in. */
  multiSite: boolean;
}

/** One single failure after which an app serves no replica. */
export interface AppOutage {
  domain: { kind: string; id: string };
  replicas: number;
  /** Replicas still running, in clusters that are up but unreachable. */
  running: number;
  /** Why no replica is served, in words. */
  reason: string;
  /** Replicas `spread zones` would keep serving, where the app does not declare it. */
  ifSpread?: number;
}

/** One single failure after which an app keeps serving, but nothing can heal or scale it. */
export interface AppFreezeOutline {
  domain: { kind: string; id: string };
  /** Replicas served. */
  left: number;
  replicas: number;
  /** The clusters serving it without a control plane, and why. */
  reason: string;
}

/** What rules may ask beyond the model, supplied by whoever runs them (see `runRules`). */
export interface RuleServices {
  survivability(model: TopoModel): Survivability;
}

export interface RuleContext<T extends Record<string, Threshold> = Record<string, Threshold>> {
  model: TopoModel;
  /** The failure analysis's survivability of the model's apps (computed once per model). */
  survivability(): Survivability;
  /** Effective threshold values: the rule's defaults, overridden by the workspace config. */
  threshold(name: keyof T & string): number;
  report(finding: Omit<Finding, 'ruleId' | 'severity'> & { severity?: Severity }): void;
}

/** One HA rule: its metadata (the catalogue and the docs are built from it) and its check. */
export interface Rule<T extends Record<string, Threshold> = Record<string, Threshold>> {
  id: string;
  title: string;
  /** Default severity; a finding may carry another (e.g. etcd/latency warning vs error). */
  severity: Severity;
  /** What it checks, in one or two sentences. */
  description: string;
  /** Why it matters. */
  rationale: string;
  /** The entries of docs/sources.md (language/rules/sources.ts) its facts and thresholds come from. */
  sources: readonly SourceId[];
  /** The quick fix offered, in words; absent when no safe edit exists. */
  fix?: string;
  thresholds?: T;
  /** Small .topo snippets for the docs: one that fires, one that does not. */
  examples: { fires: string; passes: string };
  /**
   * What `check` reads. `infrastructure`: every element but apps (and the storage they declare),
   * and neither the failure analysis nor the index of every name; its findings are then kept
   * while no file's infrastructure changes (see model/memo.ts). The engine enforces it: such a
   * check sees a model whose `apps` and `byName` throw and whose `storages` are the top-level ones.
   * Otherwise (`model`, the default) it reads anything and runs again on every change.
   */
  reads?: 'infrastructure' | 'model';
  /** The check of the topology as a whole (runs before `checkApp`). */
  check?(ctx: RuleContext<T>): void;
  /**
   * The check of one app, for every app in model order: it reads this app, the infrastructure
   * and this app's survivability, nothing of another app (its `ctx.model` is the one `reads:
   * 'infrastructure'` gives). An app's findings are kept while the app and the infrastructure
   * are unchanged, so an edit of one app checks that app alone again.
   */
  checkApp?(app: App, ctx: RuleContext<T>): void;
}

export interface RuleSettings {
  /** Per rule id: a new severity, or 'off'. */
  rules?: Record<string, Severity | 'off'>;
  /** Per rule id: threshold overrides, each with the reason the workspace changed it. */
  thresholds?: Record<string, Record<string, { value: number; reason: string } | number>>;
}

export function defineRule<T extends Record<string, Threshold>>(rule: Rule<T>): Rule<T> {
  return rule;
}
