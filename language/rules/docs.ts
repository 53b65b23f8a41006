import { ruleAnchor } from './docs-link.js';
import { SOURCES, SOURCE_IDS, type Reference, type SourceId } from './sources.js';
import type { Rule, Threshold } from './types.js';

/** `topo rules`: one line per rule. */
export function listRules(rules: readonly Rule[]): string {
  const width = Math.max(...rules.map((r) => r.id.length), 2);
  return rules
    .map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.title}${r.fix ? '  (quick fix)' : ''}\n`)
    .join('');
}

/** The heading anchor of a source entry in docs/sources.md (its id, which is already anchor-safe). */
export function sourceAnchor(id: SourceId): string {
  return id;
}

/** `[etcd quorum](sources.md#etcd-quorum)`, relative to another file of docs/. */
function sourceLink(id: SourceId): string {
  return `[${SOURCES[id].title}](sources.md#${sourceAnchor(id)})`;
}

/** docs/rules.md, generated from the catalogue (`topo rules --markdown`). */
export function renderRuleDocs(rules: readonly Rule[]): string {
  const out: string[] = [
    '# topo rules',
    '',
    '<!-- Generated from the rule catalogue (language/rules/) by `npm run docs`; do not edit. -->',
    '',
    'Every rule reads the semantic model of a topology (all `.topo` files of one folder) and reports',
    'findings that name the elements and the figures. Severities and thresholds can be changed per',
    'workspace in `topo.config.json` or the `topo.rules` / `topo.thresholds` settings (a threshold',
    'change carries its reason); `// topo-ignore <rule-id>: <reason>` on the line above silences one',
    'finding. The facts each rule rests on, with their upstream sources, are in [sources.md](sources.md);',
    'every other diagnostic topo reports (syntax, names, model, generation) is in',
    '[diagnostics.md](diagnostics.md).',
    '',
    '| rule | severity | what it checks | quick fix |',
    '|---|---|---|---|',
    ...rules.map((r) => `| [${r.id}](#${ruleAnchor(r.id)}) | ${r.severity} | ${r.title} | ${r.fix ? 'yes' : '—'} |`),
    '',
  ];
  for (const r of rules) {
    out.push(
      `## ${r.id}`,
      '',
      `**${r.title}** — default severity: ${r.severity}`,
      '',
      r.description,
      '',
      `**Why.** ${r.rationale}`,
      '',
    );
    out.push('**Sources.**', '', ...r.sources.map((s) => `- ${sourceLink(s)}`), '');
    const thresholds = Object.entries((r.thresholds ?? {}) as Record<string, Threshold>);
    if (thresholds.length) {
      out.push(
        '**Thresholds** (change in `topo.config.json` under `thresholds`, with a reason):',
        '',
        '| name | default | meaning |',
        '|---|---|---|',
      );
      for (const [name, t] of thresholds)
        out.push(`| \`${name}\` | ${t.default}${t.unit ? ` ${t.unit}` : ''} | ${t.description} |`);
      out.push('');
    }
    out.push(
      '**Fires on:**',
      '',
      '```topo',
      r.examples.fires.trim(),
      '```',
      '',
      '**Does not fire on:**',
      '',
      '```topo',
      r.examples.passes.trim(),
      '```',
      '',
    );
    out.push(`**Fix.** ${r.fix ?? 'No automatic fix: the change is a design decision.'}`, '');
  }
  return out.join('\n');
}

/** Who names a source entry: rule ids and diagnostic codes, each linked to its section. */
export interface SourceUsers {
  rules: readonly Rule[];
  codes?: readonly { code: string; sources?: readonly SourceId[] }[];
}

function reference(r: Reference): string {
  const where =
    r.repo && r.path
      ? ` — \`${r.repo}\` \`${r.path}\`${r.commit ? ` @ \`${r.commit.slice(0, 12)}\`` : ''}`
      : r.repo && r.commit
        ? ` — \`${r.repo}\` @ \`${r.commit.slice(0, 12)}\``
        : '';
  return r.url ? `[${r.title}](${r.url})${where}` : `${r.title}${where}`;
}

/** docs/sources.md: every fact the rules and checks rest on, with its upstream sources. */
export function renderSourceDocs(users: SourceUsers): string {
  const out: string[] = [
    '# Sources',
    '',
    '<!-- Generated from language/rules/sources.ts by `npm run docs`; do not edit. -->',
    '',
    'Every fact a topo rule, generation check or the failure analysis rests on, with the upstream',
    'source it was read from: a URL, or a repository, a path and the commit it was read at. Rules',
    '([rules.md](rules.md)) and diagnostics ([diagnostics.md](diagnostics.md)) name the entries',
    'below. The seeds are the five articles the examples model (see `examples/README.md`).',
    '',
    ...SOURCE_IDS.map((id) => `- [${SOURCES[id].title}](#${sourceAnchor(id)})`),
    '',
  ];
  for (const id of SOURCE_IDS) {
    const e = SOURCES[id];
    out.push(`<a id="${sourceAnchor(id)}"></a>`, '', `## ${e.title}`, '');
    out.push(...e.facts.map((f) => `- ${f}`), '');
    out.push('**Sources.**', '', ...e.refs.map((r) => `- ${reference(r)}`), '');
    const rules = users.rules
      .filter((r) => r.sources.includes(id))
      .map((r) => `[${r.id}](rules.md#${ruleAnchor(r.id)})`);
    const codes = (users.codes ?? [])
      .filter((c) => c.sources?.includes(id))
      .map((c) => `[${c.code}](diagnostics.md#${ruleAnchor(c.code)})`);
    if (rules.length || codes.length) out.push(`**Used by:** ${[...rules, ...codes].join(', ')}`, '');
  }
  return out.join('\n');
}
