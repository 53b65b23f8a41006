import { describe, expect, it } from 'vitest';
import { applyEdits, applyFix, cluster, findingsOf, messages, only, region } from '../../../test/support/index.js';

const RULE = 'quorum/unplaced';

describe('quorum/unplaced', () => {
  it('fires for `controlPlane { replicas 3 }` in a three-zone region: all three may share the default zone', async () => {
    const f = await only(RULE, `${region()}${cluster('k', 'controlPlane { replicas 3 }')}`);
    expect(f.message).toBe(
      "the control plane of k has 3 members and no zones, in region dc of 3 zones (dc.az1, dc.az2, dc.az3): the installer puts them all in the cloud's default compute zone, so one zone failure can take all 3 and the quorum (majority 2 of 3)",
    );
    expect(f.severity).toBe('warning');
    expect(f.element).toBe('cluster k');
  });

  it('fires when no controlPlane block is written at all (three members by default)', async () => {
    expect(await messages(RULE, `${region()}cluster k {\n  distribution openshift 4.16\n}\n`)).toHaveLength(1);
  });

  it('does not fire in a region of one zone, nor for members with zones, nor for one member', async () => {
    expect(await messages(RULE, `${region('dc', 1)}${cluster('k', 'controlPlane { replicas 3 }')}`)).toEqual([]);
    expect(
      await messages(RULE, `${region()}${cluster('k', 'controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }')}`),
    ).toEqual([]);
    expect(await messages(RULE, `${region()}${cluster('k', 'controlPlane { replicas 1 }')}`)).toEqual([]);
  });

  it("finds the region through the cluster's other machines when the topology has several", async () => {
    const text = `${region('east')}${region('west')}rtt east west 30ms\n${cluster('k', 'controlPlane { replicas 3 }', 'workers { perZone 1  zones west.az1 west.az2 west.az3 }')}`;
    expect((await messages(RULE, text))[0]).toContain('in region west of 3 zones');
  });

  it('fires for a worker pool and a VM group without zones, naming what they hold', async () => {
    // Workers without zones take their control plane's: they are placed when it is.
    const text = `${region()}${cluster('k', 'controlPlane { replicas 3 }', 'workers infra { replicas 4 }')}servers db { role database  count 2  antiAffinity }\n`;
    expect((await messages(RULE, text)).slice(1)).toEqual([
      "workers infra of k have 4 machines and no zones, in region dc of 3 zones (dc.az1, dc.az2, dc.az3): the installer puts them all in the cloud's default compute zone, so one zone failure can stop every workload they run",
      'servers db have 2 machines and no zones, in region dc of 3 zones (dc.az1, dc.az2, dc.az3): Nova places them where its scheduler does, possibly all in one zone, so one zone failure can take them all',
    ]);
    const placed = `${region()}${cluster('k', 'controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }', 'workers infra { replicas 4 }')}`;
    expect(await messages(RULE, placed)).toEqual([]);
  });

  it('quick fix spreads the control plane one member a zone; no quorum rule fires after', async () => {
    const text = `${region()}${cluster('k', 'controlPlane { replicas 3  flavor "m1.xlarge" }')}`;
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Spread the control plane of k over dc.az1, dc.az2, dc.az3']);
    const fixed = await applyFix(RULE, text, f.fixes![0]);
    expect(fixed).toContain('controlPlane { replicas 3  flavor "m1.xlarge"  zones dc.az1 dc.az2 dc.az3 }');
    const after = await findingsOf('quorum/zone-loss', fixed);
    expect(after.hits).toEqual([]);
  });

  it('offers no fix for three members in a two-zone region (some zone would still hold two)', async () => {
    const f = await only(RULE, `${region('dc', 2)}${cluster('k', 'controlPlane { replicas 3 }')}`);
    expect(f.fixes).toEqual([]);
  });

  it('quick fix on a perZone pool lists the zones and says how many machines that makes', async () => {
    const text = `${region()}${cluster('k', 'controlPlane { replicas 3 }', 'workers infra {\n    perZone 2\n  }')}`;
    const { hits } = await findingsOf(RULE, text);
    const fix = hits.find((h) => h.message.startsWith('workers infra'))!.fixes![0]!;
    expect(fix.title).toBe('Spread workers infra of k over dc.az1, dc.az2, dc.az3, 2 in each (6 in all)');
    expect(applyEdits(text, fix.edits)).toContain(
      '  workers infra {\n    perZone 2\n    zones dc.az1 dc.az2 dc.az3\n  }',
    );
  });

  it('quick fix spreads a VM group over as many zones as it has machines', async () => {
    const text = `${region()}servers db { role database  count 2  antiAffinity }\n`;
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('servers db { role database  count 2  antiAffinity  zones dc.az1 dc.az2 }');
  });
});
