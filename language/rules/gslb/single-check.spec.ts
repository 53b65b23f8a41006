import { describe, expect, it } from 'vitest';
import { findingsOf, fixedBy } from '../../../test/support/index.js';

const RULE = 'gslb/single-check';
const gslb = (provider: string, health: string) => `gslb gtm {\n  provider ${provider}\n  health ${health}\n}\n`;
const behind = (provider: string, health: string) =>
  `gslb gtm { provider ${provider} }\napp shop {\n  replicas 2  gslb gtm\n  health ${health}\n  readiness "/healthz"\n}\n`;

describe('gslb/single-check', () => {
  it("fires for fall 1 on a gslb's own check", async () => {
    const { hits } = await findingsOf(RULE, gslb('f5', '"/healthz" every 5s fall 1'));
    expect(hits.map((h) => h.message)).toEqual([
      'gslb gtm: health check "/healthz" declares a site down after 1 failed check (fall 1); one dying pod answering it takes the whole site out of DNS',
    ]);
    expect(hits[0]!.severity).toBe('warning');
  });

  it('fires for fall 1 on the wide-IP check of an app behind a gslb', async () => {
    const { hits } = await findingsOf(RULE, behind('k8gb', '"/healthz" fall 1'));
    expect(hits.map((h) => h.message)).toEqual([
      'app shop (gslb gtm): health check "/healthz" declares a site down after 1 failed check (fall 1); one dying pod answering it takes the whole site out of DNS',
    ]);
  });

  it('does not fire at fall 2, whatever the provider', async () => {
    expect((await findingsOf(RULE, gslb('powerdns', '"/healthz" fall 2'))).hits).toEqual([]);
    expect((await findingsOf(RULE, behind('powerdns', '"/healthz" fall 2'))).hits).toEqual([]);
  });

  it('fires for an unset fall on PowerDNS, whose minimumFailures defaults to 1', async () => {
    const { hits } = await findingsOf(RULE, behind('powerdns', '"/healthz" every 5s'));
    expect(hits.map((h) => h.message)).toEqual([
      `app shop (gslb gtm): health check "/healthz" declares a site down after 1 failed check (fall unset: PowerDNS's minimumFailures defaults to 1); one dying pod answering it takes the whole site out of DNS`,
    ]);
  });

  it('trusts an unset fall on f5, k8gb or an unnamed provider', async () => {
    for (const provider of ['f5', 'k8gb'])
      expect((await findingsOf(RULE, gslb(provider, '"/healthz" every 5s'))).hits).toEqual([]);
    expect((await findingsOf(RULE, `gslb gtm { health "/healthz" }\n`)).hits).toEqual([]);
  });

  it('does not treat the health of an app without a gslb as a GSLB check', async () => {
    expect((await findingsOf(RULE, `app shop { replicas 2  health "/healthz" fall 1 }\n`)).hits).toEqual([]);
  });

  it('fix rewrites fall 1 to fall 3', async () => {
    expect(await fixedBy(RULE, gslb('f5', '"/healthz" fall 1 every 5s'))).toBe(
      gslb('f5', '"/healthz" fall 3 every 5s'),
    );
  });

  it('fix appends fall 3 when fall was unset', async () => {
    expect(await fixedBy(RULE, behind('powerdns', '"/healthz" every 5s'))).toBe(
      behind('powerdns', '"/healthz" every 5s fall 3'),
    );
    expect(await fixedBy(RULE, `gslb gtm { provider powerdns  health "/healthz" }\n`)).toBe(
      `gslb gtm { provider powerdns  health "/healthz" fall 3 }\n`,
    );
  });
});
