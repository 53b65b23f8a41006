import { describe, expect, it } from 'vitest';
import { findingsOf, fixedBy, site, siteCluster } from '../../../test/support/index.js';

const RULE = 'app/single-replica';
const app = (body: string) => `app shop {\n  ${body}\n}\n`;

describe('app/single-replica', () => {
  it('fires for replicas 1, naming the app and the count', async () => {
    const { hits } = await findingsOf(RULE, app('replicas 1'));
    expect(hits.map((h) => h.message)).toEqual([
      'app shop has 1 replica: one pod restart, node drain or zone loss leaves it with none; run at least 2',
    ]);
    expect(hits[0]!.severity).toBe('warning');
    expect(hits[0]!.loc.range.start).toEqual({ line: 1, character: 2 });
  });

  it('fires when replicas is unset, saying the default is 1', async () => {
    const { hits } = await findingsOf(RULE, app('url "shop.example.com"'));
    expect(hits.map((h) => h.message)).toEqual([
      'app shop has 1 replica (replicas unset, default 1): one pod restart, node drain or zone loss leaves it with none; run at least 2',
    ]);
  });

  it('fires for replicas 0', async () => {
    const { hits } = await findingsOf(RULE, app('replicas 0'));
    expect(hits.map((h) => h.message)).toEqual(['app shop has 0 replicas: it serves nothing; run at least 2']);
  });

  it('does not fire at 2 replicas', async () => {
    expect((await findingsOf(RULE, app('replicas 2'))).hits).toEqual([]);
  });

  it('fix rewrites replicas 1 to replicas 2 in place', async () => {
    expect(await fixedBy(RULE, app('replicas 1  url "shop.example.com"'))).toBe(
      app('replicas 2  url "shop.example.com"'),
    );
  });

  it('fix adds replicas 2 on a line of its own in a multi-line block', async () => {
    expect(await fixedBy(RULE, 'app shop {\n    url "shop.example.com"\n}\n')).toBe(
      'app shop {\n    url "shop.example.com"\n    replicas 2\n}\n',
    );
  });

  it('fix adds replicas 2 inline, two spaces apart, in a one-line block', async () => {
    expect(await fixedBy(RULE, 'app shop { url "shop.example.com" }\n')).toBe(
      'app shop { url "shop.example.com"  replicas 2 }\n',
    );
  });

  it('offers no fix when the count comes from a parameter (a literal would drop it)', async () => {
    const { hits } = await findingsOf(RULE, `param n = 1\n${app('replicas $n')}`);
    expect(hits.map((h) => h.message)).toEqual([
      'app shop has 1 replica: one pod restart, node drain or zone loss leaves it with none; run at least 2',
    ]);
    expect(hits[0]!.fixes).toEqual([]);
  });

  it('fix gives one replica per cluster when the app spans three clusters', async () => {
    const text = `${site('dc')}${siteCluster('a', 'dc')}${siteCluster('b', 'dc')}${siteCluster('c', 'dc')}app shop {\n  clusters a b c\n}\n`;
    const { hits } = await findingsOf(RULE, text);
    expect(hits[0]!.fixes!.map((f) => f.title)).toEqual(['Set replicas to 3 (one per cluster)']);
    expect(await fixedBy(RULE, text)).toContain('  clusters a b c\n  replicas 3\n}');
  });
});
