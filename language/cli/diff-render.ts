/**
 * `topo diff`'s outputs: text for a terminal, Markdown for a pull-request comment (the verdict on
 * its first line), JSON (`topo-diff/1`) for machines, and SARIF 2.1.0 of the findings the change
 * adds, for code scanning.
 */
import { domainName } from '../analysis/survivability-text.js';
import { totals, verdict, type TopologyDiff } from '../diff/compare.js';
import type { ScenarioChange } from '../diff/scenarios.js';
import { plural, sarif, type DiagnosticRecord } from './findings.js';

export type DiffFormat = 'text' | 'markdown' | 'json' | 'sarif';

export interface RenderOptions {
  format: DiffFormat;
  /** What was compared: a revision or a folder, and `work tree` or another. */
  base: string;
  head: string;
  version: string;
}

/** A Markdown comment finds its earlier self by this marker (CI updates one comment per PR). */
export const MARKDOWN_MARKER = '<!-- topo-diff -->';

/** At most this many rows per table in Markdown (a PR comment holds 65 536 characters). */
const MAX_ROWS = 40;

export function renderDiff(diffs: TopologyDiff<DiagnosticRecord>[], options: RenderOptions): string {
  switch (options.format) {
    case 'json':
      return JSON.stringify(toJson(diffs, options), null, 2) + '\n';
    case 'sarif':
      return (
        JSON.stringify(
          sarif(
            diffs.flatMap((d) => d.findings.added),
            options.version,
          ),
          null,
          2,
        ) + '\n'
      );
    case 'markdown':
      return markdown(diffs, options);
    default:
      return text(diffs, options);
  }
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function touched(d: TopologyDiff<DiagnosticRecord>): boolean {
  const g = d.generated;
  return (
    d.status !== 'compared' ||
    d.scenarios.length > 0 ||
    d.findings.added.length + d.findings.resolved.length + d.findings.changed.length > 0 ||
    g.added.length + g.removed.length + g.changed.length > 0
  );
}

function summaryLine(diffs: TopologyDiff<DiagnosticRecord>[]): string {
  const t = totals(diffs);
  const files = diffs.reduce(
    (n, d) => n + d.generated.added.length + d.generated.removed.length + d.generated.changed.length,
    0,
  );
  return `scenarios: ${t.worse} worse, ${t.better} better, ${t.changed} changed; findings: ${t.added} added, ${t.resolved} resolved; generated files: ${files} would change`;
}

function statusNote(d: TopologyDiff<DiagnosticRecord>): string {
  if (d.status === 'added') return ' (new topology)';
  if (d.status === 'removed') return ' (topology removed)';
  return '';
}

function blockedNote(d: TopologyDiff<DiagnosticRecord>): string | undefined {
  const parts: string[] = [];
  if (d.errors.base) parts.push(`the base has ${plural(d.errors.base, 'error')}`);
  if (d.errors.head) parts.push(`the head has ${plural(d.errors.head, 'error')}`);
  return parts.length ? `${parts.join(' and ')}: topo generate refuses a version with errors` : undefined;
}

function where(f: DiagnosticRecord): string {
  return `${f.file}:${f.line}:${f.column}`;
}

// ------------------------------------------------------------------ text

function text(diffs: TopologyDiff<DiagnosticRecord>[], o: RenderOptions): string {
  const out: string[] = [`topo diff ${o.base} -> ${o.head}: ${verdict(diffs)}`, summaryLine(diffs)];
  const quiet: string[] = [];
  for (const d of diffs) {
    if (!touched(d)) {
      quiet.push(d.topology);
      continue;
    }
    out.push('', `${d.topology} (${d.folder})${statusNote(d)}`);
    if (d.scenarios.length) {
      out.push('  Failure scenarios');
      for (const s of d.scenarios) {
        for (const c of s.changes) {
          out.push(`    ${domainName(s.domain)}: ${c.direction.toUpperCase()} ${c.summary}${c.new ? ' (new)' : ''}`);
          out.push(`      before: ${c.before}`, `      after:  ${c.after}`);
        }
      }
    }
    const f = d.findings;
    if (f.added.length + f.resolved.length + f.changed.length) {
      out.push(
        `  Findings: ${f.added.length} added, ${f.resolved.length} resolved, ${f.changed.length} changed severity, ${f.unchanged.length} unchanged`,
      );
      for (const x of f.added)
        out.push(
          `    added     ${where(x)} ${x.severity} ${x.ruleId}${x.element ? ` [${x.element}]` : ''} ${x.message}`,
        );
      for (const x of f.resolved)
        out.push(
          `    resolved  ${where(x)} ${x.severity} ${x.ruleId}${x.element ? ` [${x.element}]` : ''} ${x.message}`,
        );
      for (const x of f.changed)
        out.push(
          `    ${x.base.severity} -> ${x.head.severity}  ${where(x.head)} ${x.head.ruleId}${x.head.element ? ` [${x.head.element}]` : ''} ${x.head.message}`,
        );
    }
    const g = d.generated;
    if (g.added.length + g.removed.length + g.changed.length) {
      out.push(`  Generated files that would change (${g.unchanged} unchanged)`);
      for (const p of g.changed) out.push(`    changed   ${p}`);
      for (const p of g.added) out.push(`    added     ${p}`);
      for (const p of g.removed) out.push(`    removed   ${p}`);
    }
    const blocked = blockedNote(d);
    if (blocked) out.push(`  Note: ${blocked}`);
  }
  if (quiet.length) out.push('', `No change: ${quiet.join(', ')}`);
  return out.join('\n') + '\n';
}

// ------------------------------------------------------------------ Markdown

function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

function table(head: string[], rows: string[][], more: (n: number) => string): string[] {
  const out = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows.slice(0, MAX_ROWS)) out.push(`| ${r.join(' | ')} |`);
  if (rows.length > MAX_ROWS) out.push('', more(rows.length - MAX_ROWS));
  return out;
}

const DIRECTION_WORD: Record<ScenarioChange['direction'], string> = {
  worse: '**worse**',
  better: 'better',
  changed: 'changed',
};

function markdown(diffs: TopologyDiff<DiagnosticRecord>[], o: RenderOptions): string {
  const out: string[] = [`**${capital(verdict(diffs))}.**`, ''];
  out.push(`topo diff of ${code(o.base)} → ${code(o.head)}: ${summaryLine(diffs)}.`);
  const quiet: string[] = [];
  const moreText = (n: number): string => `… and ${n} more (\`topo diff\` in a terminal lists all).`;
  for (const d of diffs) {
    if (!touched(d)) {
      quiet.push(d.topology);
      continue;
    }
    out.push(
      '',
      `### ${d.topology}${d.folder !== '.' && d.folder !== d.topology ? ` (${code(d.folder)})` : ''}${statusNote(d)}`,
    );
    if (d.scenarios.length) {
      out.push('', '**Failure scenarios**', '');
      const rows = d.scenarios.flatMap((s) =>
        s.changes.map((c) => [
          `${s.domain.kind === 'loadBalancer' ? 'load balancer' : s.domain.kind} ${code(s.domain.id)}`,
          DIRECTION_WORD[c.direction],
          cell(`${c.summary}${c.new ? ' (new)' : ''}`),
          cell(c.before),
          cell(c.after),
        ]),
      );
      // Worse first: what a reviewer must see.
      const rank = (r: string[]): number =>
        r[1] === DIRECTION_WORD.worse ? 0 : r[1] === DIRECTION_WORD.better ? 1 : 2;
      out.push(
        ...table(
          ['Failure', '', 'Change', 'Before', 'After'],
          rows.sort((a, b) => rank(a) - rank(b)),
          moreText,
        ),
      );
    } else if (d.status === 'compared') {
      out.push('', 'Failure scenarios: no change.');
    }
    const f = d.findings;
    out.push(
      '',
      `**Findings**: ${f.added.length} added, ${f.resolved.length} resolved${f.changed.length ? `, ${f.changed.length} changed severity` : ''}, ${f.unchanged.length} unchanged`,
    );
    const rows = [
      ...f.added.map((x) => ['added', x]),
      ...f.resolved.map((x) => ['resolved', x]),
      ...f.changed.map((x) => [`${x.base.severity} → ${x.head.severity}`, x.head]),
    ].map(([what, x]) => {
      const r = x as DiagnosticRecord;
      return [
        what as string,
        `${code(r.ruleId)} ${r.severity}`,
        cell(r.element ?? '—'),
        code(`${r.file}:${r.line}`),
        cell(r.message),
      ];
    });
    if (rows.length) out.push('', ...table(['', 'Rule', 'Element', 'Where', 'Finding'], rows, moreText));
    const g = d.generated;
    const files = [
      ...g.changed.map((p) => ['changed', p]),
      ...g.added.map((p) => ['added', p]),
      ...g.removed.map((p) => ['removed', p]),
    ];
    out.push(
      '',
      `**Generated files** (\`topo generate\`): ${files.length ? `${files.length} would change` : 'none would change'}, ${g.unchanged} unchanged`,
    );
    if (files.length) {
      out.push('');
      for (const [what, p] of files.slice(0, MAX_ROWS)) out.push(`- ${what}: ${code(p!)}`);
      if (files.length > MAX_ROWS) out.push(`- ${moreText(files.length - MAX_ROWS)}`);
    }
    const blocked = blockedNote(d);
    if (blocked) out.push('', `_Note: ${blocked}._`);
  }
  if (quiet.length) out.push('', `No change: ${quiet.map(code).join(', ')}.`);
  out.push('', MARKDOWN_MARKER);
  return out.join('\n') + '\n';
}

// ------------------------------------------------------------------ JSON

function toJson(diffs: TopologyDiff<DiagnosticRecord>[], o: RenderOptions): unknown {
  const t = totals(diffs);
  return {
    format: 'topo-diff/1',
    base: o.base,
    head: o.head,
    verdict: verdict(diffs),
    worse: t.worse,
    better: t.better,
    changed: t.changed,
    findingsAdded: t.added,
    findingsResolved: t.resolved,
    topologies: diffs.map((d) => ({
      topology: d.topology,
      folder: d.folder,
      status: d.status,
      errors: d.errors,
      scenarios: d.scenarios.map((s) => ({
        kind: s.domain.kind,
        domain: s.domain.id,
        changes: s.changes.map((c) => ({
          direction: c.direction,
          subject: c.subject,
          what: c.what,
          summary: c.summary,
          before: c.before,
          after: c.after,
          new: c.new ?? false,
        })),
      })),
      findings: {
        added: d.findings.added,
        resolved: d.findings.resolved,
        changed: d.findings.changed,
        unchanged: d.findings.unchanged.length,
      },
      generated: d.generated,
    })),
  };
}
