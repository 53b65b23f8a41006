import { describe, expect, it } from 'vitest';
import { findingsOf, site, siteCluster } from '../../../test/support/index.js';

const RULE = 'app/hpa-requests';
const topology = (body: string) =>
  `${site('dc')}${siteCluster('ocp', 'dc')}app shop {\n  clusters ocp\n  replicas 2\n  ${body}\n}\n`;

describe('app/hpa-requests', () => {
  it('fires for an hpa without a cpu request, at the hpa, with the target utilization', async () => {
    const { hits } = await findingsOf(RULE, topology('hpa min 2 max 6 cpu 70%'));
    expect(hits.map((h) => h.message)).toEqual([
      'app shop scales on CPU (hpa cpu 70%) but declares no CPU request: the autoscaler cannot compute utilization and never scales; add `requests cpu <cores>`',
    ]);
    expect(hits[0]!.loc.range.start).toEqual({ line: 8, character: 2 });
  });

  it("names Kubernetes' default target of 80% when the hpa gives none", async () => {
    expect((await findingsOf(RULE, topology('hpa min 2 max 6'))).hits.map((h) => h.message)[0]).toContain(
      '(hpa cpu 80%)',
    );
  });

  it('still fires with only a memory request: utilization is CPU', async () => {
    expect((await findingsOf(RULE, topology('hpa min 2 max 6  requests memory 512MiB'))).hits).toHaveLength(1);
  });

  it('does not fire with a cpu request, nor without an hpa', async () => {
    expect((await findingsOf(RULE, topology('hpa min 2 max 6  requests cpu 0.5'))).hits).toEqual([]);
    expect((await findingsOf(RULE, topology('port 8080'))).hits).toEqual([]);
  });
});
