import { ruleAnchor } from './docs-link.js';
import type { Rule, Threshold } from './types.js';

/** `topo rules`: one line per rule. */
export function listRules(rules: readonly Rule<any>[]): string {
  const width = Math.max(...rules.map((r) => r.id.length), 2);
  return rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}${r.fix ? '  (quick fix)' : ''}\n`).join('');
}

/** docs/rules.md, generated from the catalogue (`topo rules --markdown`). */
export function renderRuleDocs(rules: readonly Rule<any>[]): string {
  const out: string[] = [
    '# topo rules',
    '',
    '<!-- Generated from the rule catalogue (language/rules/) by `npm run docs`; do not edit. -->',
    '',
    'Every rule reads the semantic model of a topology (all `.topo` files of one folder) and reports',
    'findings that name the elements and the figures. Severities and thresholds can be changed per',
    'workspace in `topo.config.json` or the `topo.rules` / `topo.thresholds` settings (a threshold',
    'change carries its reason); `// topo-ignore <rule-id>: <reason>` on the line above silences one',
    'finding.',
    '',
    '| rule | severity | what it checks | quick fix |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [${r.id}](#${ruleAnchor(r.id)}) | ${r.severity} | ${r.title} | ${r.fix ? 'yes' : '—'} |`),
    '',
  ];
  for (const r of rules) {
    out.push(`## ${r.id}`, '', `**${r.title}** — default severity: ${r.severity}`, '', r.description, '', `**Why.** ${r.rationale}`, '');
    out.push('**Sources.**', '', ...r.sources.map((s) => `- ${s}`), '');
    const thresholds = Object.entries((r.thresholds ?? {}) as Record<string, Threshold>);
    if (thresholds.length) {
      out.push('**Thresholds** (change in `topo.config.json` under `thresholds`, with a reason):', '', '| name | default | meaning |', '|---|---|---|');
      for (const [name, t] of thresholds) out.push(`| \`${name}\` | ${t.default}${t.unit ? ` ${t.unit}` : ''} | ${t.description} |`);
      out.push('');
    }
    out.push('**Fires on:**', '', '```topo', r.examples.fires.trim(), '```', '', '**Does not fire on:**', '', '```topo', r.examples.passes.trim(), '```', '');
    out.push(`**Fix.** ${r.fix ?? 'No automatic fix: the change is a design decision.'}`, '');
  }
  return out.join('\n');
}
