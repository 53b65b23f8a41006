import type { Logger } from '../logger.js';
import { elementKeyAt } from '../model/elements.js';
import { startOf } from '../model/loc.js';
import type { TopoModel } from '../model/types.js';
import type { Finding, Rule, RuleServices, RuleSettings, Severity, Survivability } from './types.js';

/**
 * Runs every rule of the catalogue over one model. A rule that throws is logged and reported as
 * one `internal/rule-failed` info finding on the topology's first file; the others still run.
 * Settings may turn a rule off, change its severity or its thresholds. `topo-ignore` comments on
 * the line above a finding silence it. `services` answers what a rule asks beyond the model (the
 * failure analysis app/site-loss reads); a rule that asks for one not given fails like a throwing rule.
 */
export function runRules(
  model: TopoModel,
  rules: readonly Rule[],
  settings: RuleSettings = {},
  logger?: Pick<Logger, 'error'>,
  services: Partial<RuleServices> = {},
): Finding[] {
  const steps = runRulesStepwise(model, rules, settings, logger, services);
  let r = steps.next();
  while (!r.done) r = steps.next();
  return r.value;
}

/** `runRules`, yielding after each rule (the language server stops there when a newer edit arrives). */
export function* runRulesStepwise(
  model: TopoModel,
  rules: readonly Rule[],
  settings: RuleSettings = {},
  logger?: Pick<Logger, 'error'>,
  services: Partial<RuleServices> = {},
): Generator<void, Finding[], void> {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const override = settings.rules?.[rule.id];
    if (override === 'off') continue;
    const thresholds = settings.thresholds?.[rule.id] ?? {};
    const ctx = {
      model,
      survivability(): Survivability {
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
        findings.push({ ...f, ruleId: rule.id, severity, element: f.element ?? elementKeyAt(model, f.loc) });
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      const message = `rule ${rule.id} failed: ${(e as Error)?.stack ?? String(e)}`;
      logger?.error(message);
      const first = model.files[0];
      if (first) {
        findings.push({
          ruleId: 'internal/rule-failed',
          severity: 'info',
          message: `rule ${rule.id} could not run on this topology (${(e as Error)?.message ?? e}); the other rules ran. Please report it.`,
          loc: startOf(first),
        });
      }
    }
    yield;
  }
  return suppressIgnored(model, findings);
}

/** Drops findings with `// topo-ignore <rule-id>: reason` on the line above (or on the same line). */
function suppressIgnored(model: TopoModel, findings: Finding[]): Finding[] {
  if (!model.ignores.length) return findings;
  const keys = new Set(model.ignores.map((i) => `${i.uri}|${i.line}|${i.ruleId}`));
  return findings.filter((f) => {
    const line = f.loc.range.start.line;
    return !keys.has(`${f.loc.uri}|${line - 1}|${f.ruleId}`) && !keys.has(`${f.loc.uri}|${line}|${f.ruleId}`);
  });
}
