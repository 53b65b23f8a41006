import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../language/rules/catalogue.js';
import { renderRuleDocs } from '../language/rules/docs.js';
import { load } from './support/index.js';

const ROOT = resolve(import.meta.dirname, '..');
const SEVERITIES = ['error', 'warning', 'info'];

/** The rule ids PRODUCT.md section 2 lists: the catalogue must have every one of them. */
const PRODUCT_RULES = [
  'quorum/zone-loss', 'quorum/even-members', 'quorum/member-count', 'quorum/single-member',
  'etcd/latency', 'etcd/timing', 'etcd/cross-site',
  'l2/gateway-spof', 'l2/vrrp-collision', 'l2/shared-segment',
  'net/router-spof', 'net/overlay-snat', 'net/double-encapsulation',
  'workers/zone-coverage',
  'app/single-replica', 'app/replica-split', 'app/site-loss',
  'gslb/missing', 'gslb/single-check', 'gslb/readiness-mismatch', 'gslb/single-backend',
  'storage/no-dr', 'storage/sync-distance',
  'mgmt/self-hosted', 'mgmt/host-spread',
  'security/shared-nat', 'security/bypass-dmz', 'security/inline-secret',
  'ref/undeclared-rtt',
];

describe('the rule catalogue', () => {
  it('has every rule of the product\'s catalogue, each id once', () => {
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
      for (const r of [fires, passes]) expect(r.diagnostics.filter((d) => String(d.code).startsWith('syntax/') || d.code === 'ref/unresolved')).toEqual([]);
    });

    if (rule.fix) {
      it('offers its quick fix on the "fires" example', async () => {
        const fires = await load(rule.examples.fires);
        const finding = fires.findings.find((f) => f.ruleId === id && f.fixes?.length);
        expect(finding, `${id} declares a fix but offers none on its example`).toBeDefined();
      });
    }
  });

  it('docs/rules.md is generated from the catalogue (run `npm run docs`)', () => {
    expect(readFileSync(resolve(ROOT, 'docs/rules.md'), 'utf8')).toBe(renderRuleDocs(catalogue));
  });
});
