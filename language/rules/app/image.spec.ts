import { describe, expect, it } from 'vitest';
import { findingsOf, site, siteCluster } from '../../../test/support/index.js';

const RULE = 'app/image';
const topology = (body: string) =>
  `${site('dc')}${siteCluster('ocp', 'dc')}app shop {\n  clusters ocp\n  replicas 2\n  ${body}\n}\n`;

describe('app/image', () => {
  it('fires for an app on a cluster without image, naming the placeholder and how the pipeline sets it', async () => {
    const { hits } = await findingsOf(RULE, topology('port 8080'));
    expect(hits.map((h) => h.message)).toEqual([
      'app shop declares no image: its generated Deployments run the placeholder "shop" until the CD pipeline sets the real one (`kustomize edit set image shop=<registry>/<repository>:<tag>`); add `image "<registry>/<repository>:<tag>"`',
    ]);
    expect(hits[0]!.severity).toBe('warning');
    expect(hits[0]!.loc.range.start.line).toBe(5);
  });

  it('does not fire once the image is declared', async () => {
    expect((await findingsOf(RULE, topology('image "registry.example.com/shop/web:1.4.2"'))).hits).toEqual([]);
  });

  it('does not fire for an app that runs on no cluster: nothing is deployed', async () => {
    expect((await findingsOf(RULE, 'app shop { replicas 2 }\n')).hits).toEqual([]);
  });
});
