import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../language/rules/catalogue.js';
import { allDiagnosticCodes, renderDiagnosticDocs } from '../language/diagnostics.js';
import { renderRuleDocs, renderSourceDocs } from '../language/rules/docs.js';
import { SOURCES, type SourceEntry } from '../language/rules/sources.js';
import { load } from './support/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const SEVERITIES = ['error', 'warning', 'info'];

/** The rule ids of the product's catalogue: the catalogue must have every one of them. */
const PRODUCT_RULES = [
  'quorum/zone-loss',
  'quorum/unplaced',
  'quorum/even-members',
  'quorum/member-count',
  'quorum/single-member',
  'quorum/host-affinity',
  'etcd/latency',
  'etcd/timing',
  'etcd/profile',
  'etcd/cross-site',
  'l2/gateway-spof',
  'l2/vrrp-collision',
  'l2/shared-segment',
  'net/router-spof',
  'net/overlay-snat',
  'net/double-encapsulation',
  'net/pod-capacity',
  'workers/zone-coverage',
  'workers/ingress-ha',
  'servers/single-instance',
  'app/single-replica',
  'app/replica-split',
  'app/site-loss',
  'app/image',
  'app/hpa-requests',
  'gslb/missing',
  'gslb/single-check',
  'gslb/readiness-mismatch',
  'gslb/single-backend',
  'storage/no-dr',
  'storage/sync-distance',
  'mgmt/self-hosted',
  'mgmt/host-spread',
  'security/shared-nat',
  'security/bypass-dmz',
  'security/inline-secret',
  'ref/undeclared-rtt',
];

describe('the rule catalogue', () => {
  it("has every rule of the product's catalogue, each id once", () => {
    const ids = catalogue.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...PRODUCT_RULES].sort());
  });

  describe.each(catalogue.map((r) => [r.id, r] as const))('%s', (id, rule) => {
    it('is documented: title, description, rationale, sources, a valid severity', () => {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(rule.rationale.length).toBeGreaterThan(40);
      expect(rule.sources.length).toBeGreaterThan(0);
      expect(SEVERITIES).toContain(rule.severity);
    });

    it('names only entries of docs/sources.md, each with an upstream reference', () => {
      for (const id of rule.sources) {
        const entry = SOURCES[id];
        expect(entry, `${id} is not in language/rules/sources.ts`).toBeDefined();
        expect(entry.facts.length).toBeGreaterThan(0);
        expect(entry.refs.length).toBeGreaterThan(0);
      }
    });

    it('lives in its own file with a spec beside it', () => {
      const base = resolve(ROOT, 'language/rules', id);
      expect(existsSync(`${base}.ts`)).toBe(true);
      expect(existsSync(`${base}.spec.ts`)).toBe(true);
    });

    it('fires on its "fires" example and not on its "passes" example', async () => {
      const fires = await load(rule.examples.fires);
      expect(fires.findings.filter((f) => f.ruleId === id).length).toBeGreaterThan(0);
      const passes = await load(rule.examples.passes);
      expect(passes.findings.filter((f) => f.ruleId === id)).toEqual([]);
      for (const r of [fires, passes])
        expect(
          r.diagnostics.filter((d) => String(d.code).startsWith('syntax/') || d.code === 'ref/unresolved'),
        ).toEqual([]);
    });

    if (rule.fix) {
      it('offers its quick fix on the "fires" example', async () => {
        const fires = await load(rule.examples.fires);
        const finding = fires.findings.find((f) => f.ruleId === id && f.fixes?.length);
        expect(finding, `${id} declares a fix but offers none on its example`).toBeDefined();
      });
    }
  });

  it('docs/rules.md, docs/sources.md and docs/diagnostics.md are generated from the catalogue (run `npm run docs`)', () => {
    expect(readFileSync(resolve(ROOT, 'docs/rules.md'), 'utf8')).toBe(renderRuleDocs(catalogue));
    expect(readFileSync(resolve(ROOT, 'docs/sources.md'), 'utf8')).toBe(
      renderSourceDocs({ rules: catalogue, codes: allDiagnosticCodes() }),
    );
    expect(readFileSync(resolve(ROOT, 'docs/diagnostics.md'), 'utf8')).toBe(renderDiagnosticDocs(allDiagnosticCodes()));
  });

  it('every rule links to its sources in docs/sources.md, and every source entry is used and cites upstream', () => {
    const rules = readFileSync(resolve(ROOT, 'docs/rules.md'), 'utf8');
    const sources = readFileSync(resolve(ROOT, 'docs/sources.md'), 'utf8');
    for (const rule of catalogue) for (const id of rule.sources) expect(rules).toContain(`](sources.md#${id})`);
    const used = new Set([
      ...catalogue.flatMap((r) => r.sources),
      ...allDiagnosticCodes().flatMap((c) => c.sources ?? []),
    ]);
    for (const [id, entry] of Object.entries(SOURCES) as [string, SourceEntry][]) {
      expect(sources).toContain(`<a id="${id}"></a>`);
      expect(used.has(id as keyof typeof SOURCES), `source ${id} is named by no rule or diagnostic`).toBe(true);
      // A URL, or a repository with a path and a commit, for every reference but the seed articles.
      for (const ref of entry.refs) {
        if (ref.title.startsWith('Seed ')) continue;
        expect(ref.url ?? (ref.repo && ref.path && ref.commit), `${id}: ${ref.title}`).toBeTruthy();
      }
    }
  });
});
