import { describe, expect, it } from 'vitest';
import { findingsOf, fixedBy } from '../../../test/support/index.js';

const RULE = 'gslb/readiness-mismatch';
const gtm = (health = '') => `gslb gtm { provider powerdns${health ? `  health ${health}` : ''} }\n`;
const app = (...props: string[]) => `app shop {\n  replicas 2  gslb gtm\n${props.map((p) => `  ${p}\n`).join('')}}\n`;

describe('gslb/readiness-mismatch', () => {
  it("fires when readiness differs from the app's wide-IP check, naming both paths", async () => {
    const { hits } = await findingsOf(RULE, gtm() + app('health "/healthz" fall 3', 'readiness "/ready"'));
    expect(hits.map((h) => h.message)).toEqual([
      'app shop: readiness "/ready" differs from the GSLB health check "/healthz" (app health): a pod failing "/healthz" stays in the routable pool',
    ]);
    expect(hits[0]!.severity).toBe('warning');
  });

  it("uses the gslb's check when the app has none of its own", async () => {
    const { hits } = await findingsOf(RULE, gtm('"/status" fall 3') + app('readiness "/ready"'));
    expect(hits.map((h) => h.message)).toEqual([
      'app shop: readiness "/ready" differs from the GSLB health check "/status" (gslb gtm health): a pod failing "/status" stays in the routable pool',
    ]);
  });

  it('compares paths exactly: a trailing slash is another path', async () => {
    expect(
      (await findingsOf(RULE, gtm() + app('health "/healthz" fall 3', 'readiness "/healthz/"'))).hits,
    ).toHaveLength(1);
    expect((await findingsOf(RULE, gtm() + app('health "/healthz" fall 3', 'readiness "/healthz"'))).hits).toEqual([]);
  });

  it('fires when readiness is missing while the GSLB checks a path', async () => {
    const { hits } = await findingsOf(RULE, gtm() + app('health "/healthz" fall 3'));
    expect(hits.map((h) => h.message)).toEqual([
      'app shop has no readiness check but its GSLB checks "/healthz" (app health): a pod failing "/healthz" stays in the routable pool',
    ]);
  });

  it('does not fire without a gslb, or when no check is declared', async () => {
    expect((await findingsOf(RULE, `app shop { replicas 2  health "/healthz"  readiness "/ready" }\n`)).hits).toEqual(
      [],
    );
    expect((await findingsOf(RULE, gtm() + app('readiness "/ready"'))).hits).toEqual([]);
  });

  it('fix sets readiness to the checked path, in place or on a new line', async () => {
    expect(await fixedBy(RULE, gtm() + app('health "/healthz" fall 3', 'readiness "/ready"'))).toBe(
      gtm() + app('health "/healthz" fall 3', 'readiness "/healthz"'),
    );
    expect(await fixedBy(RULE, gtm('"/status" fall 3') + app())).toBe(
      gtm('"/status" fall 3') + app('readiness "/status"'),
    );
  });
});
