import { describe, expect, it } from 'vitest';
import { applyFix, cluster, findingsOf, messages, only, region } from '../../../test/support/index.js';

const RULE = 'quorum/single-member';
const ocp = (cp: string, regions = region()) => `${regions}${cluster('ocp', `controlPlane { ${cp} }`)}`;

describe('quorum/single-member', () => {
  it('fires a warning for one member, naming its zone', async () => {
    const f = await only(RULE, ocp('replicas 1  zone dc.az1'));
    expect(f.message).toBe(
      'control plane of ocp has 1 member (in dc.az1): it tolerates no failure, losing it stops the API; 3 members tolerate 1',
    );
    expect(f.severity).toBe('warning');
  });

  it('fires for one unplaced member, without a zone', async () => {
    expect(await messages(RULE, ocp('replicas 1'))).toEqual([
      'control plane of ocp has 1 member: it tolerates no failure, losing it stops the API; 3 members tolerate 1',
    ]);
  });

  it('does not fire for 2 or 3 members', async () => {
    expect(await messages(RULE, ocp('replicas 2  zones dc.az1 dc.az2'))).toEqual([]);
    expect(await messages(RULE, ocp('replicas 3  zones dc.az1 dc.az2 dc.az3'))).toEqual([]);
  });

  it("fix spreads 3 members over the region's zones, starting with the current one; no quorum rule fires after", async () => {
    const text = ocp('replicas 1  zone dc.az2  flavor "m1.xlarge"');
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Use 3 members across dc.az2, dc.az1, dc.az3']);
    const fixed = await applyFix(RULE, text, f.fixes![0]);
    expect(fixed).toContain('controlPlane { replicas 3  zones dc.az2 dc.az1 dc.az3  flavor "m1.xlarge" }');
    expect((await findingsOf('quorum/zone-loss', fixed)).hits).toEqual([]);
  });

  it('fix on an explicit count adds replicas and lists three zones, in a multi-line block', async () => {
    const text = `${region()}cluster ocp {\n  controlPlane {\n    zones dc.az1: 1\n  }\n}\n`;
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('  controlPlane {\n    zones dc.az1 dc.az2 dc.az3\n    replicas 3\n  }\n');
  });

  it("with no zones and a single region, uses that region's zones", async () => {
    const text = ocp('replicas 1');
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }');
  });

  it('with no zones and several regions, just sets replicas 3', async () => {
    const text = ocp('replicas 1', `${region('east')}${region('west')}rtt east west 30ms\n`);
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Use 3 members (tolerates 1 failure)']);
    expect(await applyFix(RULE, text, f.fixes![0])).toContain('controlPlane { replicas 3 }');
  });

  it('in a region of two zones, sets replicas 3 and leaves the spread to quorum/zone-loss, which then reports it', async () => {
    const text = ocp('replicas 1  zone dc.az1', region('dc', 2));
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0], ['quorum/zone-loss']);
    expect(fixed).toContain('controlPlane { replicas 3  zone dc.az1 }');
    expect((await findingsOf('quorum/zone-loss', fixed)).hits).toHaveLength(1);
  });
});
