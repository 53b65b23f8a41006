import { describe, expect, it } from 'vitest';
import { findingsOf, site, siteCluster, twoSites } from '../../../test/support/index.js';

const RULE = 'gslb/single-backend';
const ltms = `loadBalancer ltm-east { provider haproxy  zones east.az1 east.az2 }\nloadBalancer ltm-west { provider haproxy  zones west.az1 west.az2 }\n`;

describe('gslb/single-backend', () => {
  it('fires for a gslb with exactly one backend, naming it', async () => {
    const { hits } = await findingsOf(RULE, `${twoSites()}${ltms}gslb gtm {\n  provider f5\n  backends ltm-east\n}\n`);
    expect(hits.map((h) => h.message)).toEqual([
      'gslb gtm has 1 backend (ltm-east): its wide IPs have no other site to fail over to',
    ]);
    expect(hits[0]!.severity).toBe('warning');
  });

  it('does not fire for two backends, nor for a gslb that lists none', async () => {
    expect(
      (await findingsOf(RULE, `${twoSites()}${ltms}gslb gtm { provider f5  backends ltm-east ltm-west }\n`)).hits,
    ).toEqual([]);
    expect((await findingsOf(RULE, `gslb gtm { provider f5 }\n`)).hits).toEqual([]);
  });

  it('fires for an app behind a gslb whose clusters all sit in one site', async () => {
    const text = `${site('east')}${siteCluster('a', 'east')}${siteCluster('b', 'east')}gslb gtm { provider f5 }\napp shop {\n  clusters a b  replicas 4\n  gslb gtm\n}\n`;
    const { hits } = await findingsOf(RULE, text);
    expect(hits.map((h) => h.message)).toEqual([
      'app shop is behind gslb gtm but all its clusters sit in east: its wide IP has no other site to fail over to',
    ]);
    expect(hits[0]!.loc.range.start.character).toBe(2);
  });

  it('does not fire for an app behind a gslb on clusters in two sites', async () => {
    const text = `${twoSites()}${ltms}gslb gtm { provider f5  backends ltm-east ltm-west }\napp shop { clusters ocp-east ocp-west  replicas 4  gslb gtm }\n`;
    expect((await findingsOf(RULE, text)).hits).toEqual([]);
  });
});
