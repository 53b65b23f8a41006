import { describe, expect, it } from 'vitest';
import { applyEdits, dc3, errorsOf, findingsOf, load } from '../../../test/support/index.js';

const cluster = (cp: string) => `${dc3}cluster ocp {\n  controlPlane { ${cp} }\n}\n`;

describe('quorum/zone-loss', () => {
  it('fires for 3 members over 2 zones, naming the zone, the members there and the majority', async () => {
    const { hits } = await findingsOf('quorum/zone-loss', cluster('replicas 3  zones dc.az1 dc.az2'));
    expect(hits.map((h) => h.message)).toEqual([
      'control plane of ocp loses quorum if dc.az1 fails: 2 of 3 members there, 1 left, majority is 2',
    ]);
    expect(hits[0]!.severity).toBe('error');
  });

  it('does not fire for 3 members over 3 zones', async () => {
    expect((await findingsOf('quorum/zone-loss', cluster('replicas 3  zones dc.az1 dc.az2 dc.az3'))).hits).toEqual([]);
  });

  it('fires for explicit counts 2 + 2 + 1 of 5 (majority 3): losing a zone with 2 leaves 3, fine; 3 + 1 + 1 does not', async () => {
    expect((await findingsOf('quorum/zone-loss', cluster('zones dc.az1: 2 dc.az2: 2 dc.az3: 1'))).hits).toEqual([]);
    const { hits } = await findingsOf('quorum/zone-loss', cluster('zones dc.az1: 3 dc.az2: 1 dc.az3: 1'));
    expect(hits.map((h) => h.message)).toEqual([
      'control plane of ocp loses quorum if dc.az1 fails: 3 of 5 members there, 2 left, majority is 3',
    ]);
  });

  it('fires for every member in one zone', async () => {
    const { hits } = await findingsOf('quorum/zone-loss', cluster('replicas 3  zone dc.az1'));
    expect(hits).toHaveLength(1);
  });

  it("quick fix respreads over the region's zones; the rule no longer fires and the file still parses", async () => {
    const text = cluster('replicas 3  zones dc.az1 dc.az2  flavor "m1.xlarge"');
    const { hits } = await findingsOf('quorum/zone-loss', text);
    const fix = hits[0]!.fixes![0]!;
    const fixed = applyEdits(text, fix.edits);
    expect(fixed).toContain('controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  flavor "m1.xlarge" }');
    const after = await load(fixed);
    expect(errorsOf(after.diagnostics)).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId === 'quorum/zone-loss')).toEqual([]);
  });

  it('offers no respread when the region has too few zones', async () => {
    const text = `region dc provider openstack { zone az1 zone az2 }\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 }\n}\n`;
    const { hits } = await findingsOf('quorum/zone-loss', text);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.fixes).toEqual([]);
  });
  it('fires for two members over two zones, for either zone, whatever the distribution', async () => {
    for (const dist of ['openshift 4.16', 'kubernetes']) {
      const text = `${dc3}cluster k {\n  distribution ${dist}\n  controlPlane { replicas 2  zones dc.az1 dc.az2 }\n}\n`;
      expect((await findingsOf('quorum/zone-loss', text)).hits.map((h) => h.message)).toEqual([
        'control plane of k loses quorum if dc.az1 fails: 1 of 2 members there, 1 left, majority is 2',
        'control plane of k loses quorum if dc.az2 fails: 1 of 2 members there, 1 left, majority is 2',
      ]);
    }
  });

  it('boundary: 2 + 2 + 1 of 5 survives any zone, 3 + 2 of 5 does not', async () => {
    expect((await findingsOf('quorum/zone-loss', cluster('zones dc.az1: 2 dc.az2: 2 dc.az3: 1'))).hits).toEqual([]);
    expect(
      (await findingsOf('quorum/zone-loss', cluster('zones dc.az1: 3 dc.az2: 2'))).hits.map((h) => h.message),
    ).toEqual(['control plane of ocp loses quorum if dc.az1 fails: 3 of 5 members there, 2 left, majority is 3']);
  });

  it('quick fix for two members adds a third in a third zone; the rule no longer fires', async () => {
    const text = cluster('replicas 2  zones dc.az1 dc.az2');
    const fix = (await findingsOf('quorum/zone-loss', text)).hits[0]!.fixes![0]!;
    expect(fix.title).toBe('Add a third control-plane member and spread the 3 over dc.az1, dc.az2, dc.az3');
    const fixed = applyEdits(text, fix.edits);
    expect(fixed).toContain('controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }');
    expect((await load(fixed)).findings.filter((f) => f.ruleId === 'quorum/zone-loss')).toEqual([]);
  });

  it('leaves members without a zone to quorum/unplaced, and one member to quorum/single-member', async () => {
    expect((await findingsOf('quorum/zone-loss', cluster('replicas 3'))).hits).toEqual([]);
    expect((await findingsOf('quorum/zone-loss', cluster('replicas 1  zone dc.az1'))).hits).toEqual([]);
  });
});
