import { describe, expect, it } from 'vitest';
import { findingsOf, site, siteCluster, twoSites } from '../../../test/support/index.js';

const RULE = 'gslb/missing';

describe('gslb/missing', () => {
  it('fires for an app on clusters in two sites without a gslb, naming the sites', async () => {
    const { hits } = await findingsOf(RULE, `${twoSites()}app shop {\n  clusters ocp-east ocp-west  replicas 4\n}\n`);
    expect(hits.map((h) => h.message)).toEqual([
      'app shop is served from 2 sites (east, west) without a gslb: nothing moves its URL to the sites left when one is lost',
    ]);
    expect(hits[0]!.severity).toBe('warning');
    expect(hits[0]!.loc.range.start.character).toBe(2); // on `clusters ...`
  });

  it('does not fire once the app names a gslb', async () => {
    const text = `${twoSites()}gslb gtm { provider powerdns }\napp shop { clusters ocp-east ocp-west  replicas 4  gslb gtm }\n`;
    expect((await findingsOf(RULE, text)).hits).toEqual([]);
  });

  it('does not fire for two clusters in one site', async () => {
    const text = `${site('east')}${siteCluster('a', 'east')}${siteCluster('b', 'east')}app shop { clusters a b  replicas 4 }\n`;
    expect((await findingsOf(RULE, text)).hits).toEqual([]);
  });

  it('counts sites, not clusters: three sites are named', async () => {
    const text = `${twoSites()}${site('north')}rtt east north 20ms\nrtt west north 30ms\n${siteCluster('ocp-north', 'north')}app shop { clusters ocp-east ocp-west ocp-north  replicas 3 }\n`;
    const { hits } = await findingsOf(RULE, text);
    expect(hits.map((h) => h.message)).toEqual([
      'app shop is served from 3 sites (east, west, north) without a gslb: nothing moves its URL to the sites left when one is lost',
    ]);
  });
});
