/**
 * Topologies loaded in memory as the editor and the CLI load them (parsed, linked, validated, the
 * model built and the rules run), with their findings, and quick fixes applied to their text.
 */
import { EmptyFileSystem } from 'langium';
import { expect } from 'vitest';
import type { Finding, Fix } from '../../language/rules/types.js';
import { loadDocuments, type InMemoryFile } from '../../language/workspace/load.js';
import { createTopoServices } from '../../language/topo-module.js';
import { GENERATION_CHECK_CODES } from '../../language/diagnostics.js';

export function services() {
  return createTopoServices(EmptyFileSystem).Topo;
}

/** Parses, links and validates `files` (all in one folder unless paths say otherwise). */
export async function load(files: Record<string, string> | string, options: { params?: Record<string, string> } = {}) {
  const topo = services();
  if (options.params) topo.topo.ModelProvider.configure({}, options.params);
  const list: InMemoryFile[] =
    typeof files === 'string'
      ? [{ path: '/ws/main.topo', text: files }]
      : Object.entries(files).map(([path, text]) => ({ path: path.startsWith('/') ? path : `/ws/${path}`, text }));
  const docs = await loadDocuments(topo, list);
  const analysis = topo.topo.ModelProvider.analysisFor(docs[0]!.uri.toString());
  return {
    services: topo,
    docs,
    model: analysis.model,
    findings: analysis.findings,
    diagnostics: docs.flatMap((d) => (d.diagnostics ?? []).map((x) => ({ ...x, file: d.uri.path }))),
  };
}

/** The validate-stage checks of the openshift, heat and terraform generators (docs/diagnostics.md). */
const GENERATOR_CHECKS = new Set(
  GENERATION_CHECK_CODES.map((c) => c.code).filter((c) => /^(openshift|heat|terraform)\//.test(c)),
);

/**
 * The error diagnostics of a topology but the generators' own checks. A spec's sketch of a
 * cluster (no flavor, base domain or pull secret) is not meant to be generated; what the
 * generators refuse is test/one-check-path.test.ts's to prove, not what a rule's fix may leave.
 */
export function errorsOf<D extends { severity?: number; code?: unknown }>(
  diagnostics: readonly D[],
  allowed: readonly string[] = [],
): D[] {
  return diagnostics.filter(
    (d) => d.severity === 1 && !GENERATOR_CHECKS.has(String(d.code)) && !allowed.includes(String(d.code)),
  );
}

/** Applies LSP-style text edits (0-based ranges) to a text, last first. */
export function applyEdits(
  text: string,
  edits: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    newText: string;
  }[],
): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** Findings of one rule in a topology given as text. */
export async function findingsOf(ruleId: string, files: Record<string, string> | string) {
  const r = await load(files);
  return { ...r, hits: r.findings.filter((f) => f.ruleId === ruleId) };
}

/** The one finding of `ruleId` in `text`. */
export async function only(ruleId: string, text: string): Promise<Finding> {
  const { hits } = await findingsOf(ruleId, text);
  expect(hits).toHaveLength(1);
  return hits[0]!;
}

/** Messages of `ruleId` in `text`. */
export async function messages(ruleId: string, text: string): Promise<string[]> {
  return (await findingsOf(ruleId, text)).hits.map((h) => h.message);
}

/**
 * Applies `fix` to `text` (the file /ws/main.topo), checks that `ruleId` no longer fires and the
 * file has no error diagnostics (syntax, links, model problems, any rule's errors) except the
 * `allowedErrors` rule ids, and returns the fixed text.
 */
export async function applyFix(
  ruleId: string,
  text: string,
  fix: Fix | undefined,
  allowedErrors: string[] = [],
): Promise<string> {
  expect(fix).toBeDefined();
  const fixed = applyEdits(text, fix!.edits);
  const after = await load(fixed);
  const errors = errorsOf(after.diagnostics, allowedErrors);
  expect(errors.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
  expect(after.findings.filter((f) => f.ruleId === ruleId).map((f) => f.message)).toEqual([]);
  return fixed;
}

/** Applies the first fix of the only finding of `ruleId` in `text` (see applyFix) and returns the result. */
export async function fixedBy(ruleId: string, text: string): Promise<string> {
  return applyFix(ruleId, text, (await only(ruleId, text)).fixes?.[0]);
}
