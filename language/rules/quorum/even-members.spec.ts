import { describe, expect, it } from 'vitest';
import { applyFix, cluster, messages, only, region } from '../../../test/support/index.js';

const RULE = 'quorum/even-members';
const k8s = (cp: string, zones = 4) =>
  `${region('dc', zones)}${cluster('k8s', 'distribution kubernetes', `controlPlane { ${cp} }`)}`;
const zonesOf = (n: number) => Array.from({ length: n }, (_, i) => `dc.az${i + 1}`).join(' ');

describe('quorum/even-members', () => {
  it('fires for 4 members with the tolerance math, as a warning on `replicas`', async () => {
    const f = await only(RULE, k8s(`replicas 4  zones ${zonesOf(4)}`));
    expect(f.message).toBe('control plane of k8s has 4 members: tolerates 1 failure, the same as 3 (majority 3 of 4)');
    expect(f.severity).toBe('warning');
    expect(f.loc.range.start).toEqual({ line: 3, character: 17 });
  });

  it('fires for 2 and 6 members', async () => {
    expect(await messages(RULE, k8s(`replicas 2  zones ${zonesOf(2)}`))).toEqual([
      'control plane of k8s has 2 members: tolerates 0 failures, the same as 1 (majority 2 of 2)',
    ]);
    expect(await messages(RULE, k8s(`replicas 6  zones ${zonesOf(6)}`, 6))).toEqual([
      'control plane of k8s has 6 members: tolerates 2 failures, the same as 5 (majority 4 of 6)',
    ]);
  });

  it('does not fire for odd sizes 1, 3, 5', async () => {
    for (const n of [1, 3, 5])
      expect(await messages(RULE, k8s(`replicas ${n}  zones ${zonesOf(Math.min(n, 4))}`))).toEqual([]);
  });

  it('counts explicit per-zone members: 2 + 1 + 1 is 4', async () => {
    const f = await only(RULE, k8s('zones dc.az1: 2 dc.az2: 1 dc.az3: 1'));
    expect(f.message).toBe('control plane of k8s has 4 members: tolerates 1 failure, the same as 3 (majority 3 of 4)');
  });

  it('offers the odd size below (preferred) and above', async () => {
    const f = await only(RULE, k8s(`replicas 4  zones ${zonesOf(4)}`));
    expect(f.fixes!.map((x) => [x.title, x.preferred])).toEqual([
      ['Use 3 members (tolerates 1 failure)', true],
      ['Use 5 members (tolerates 2 failures)', false],
    ]);
  });

  it('never offers a size that another quorum rule rejects: not 1 for 2, not 9 for 8, not 5 for OpenShift off bare metal', async () => {
    const titles = async (text: string) => (await only(RULE, text)).fixes!.map((x) => x.title);
    expect(await titles(k8s(`replicas 2  zones ${zonesOf(2)}`))).toEqual(['Use 3 members (tolerates 1 failure)']);
    expect(await titles(k8s(`replicas 8  zones ${zonesOf(4)}`))).toEqual(['Use 7 members (tolerates 3 failures)']);
    const ocp = (extra: string) =>
      `${region('dc', 4)}${cluster('ocp', 'distribution openshift 4.17', `controlPlane { replicas 4  zones ${zonesOf(4)}${extra} }`)}`;
    expect(await titles(ocp(''))).toEqual(['Use 3 members (tolerates 1 failure)']);
    expect(await titles(ocp('  platform baremetal'))).toEqual([
      'Use 3 members (tolerates 1 failure)',
      'Use 5 members (tolerates 2 failures)',
    ]);
  });

  it('fix to 3 rewrites `replicas` in place; the rule no longer fires and the file has no errors', async () => {
    const text = k8s(`replicas 4  zones ${zonesOf(3)}  flavor "m1.xlarge"`);
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain(`controlPlane { replicas 3  zones ${zonesOf(3)}  flavor "m1.xlarge" }`);
  });

  it('fix to 5 on a multi-line control plane keeps its lines', async () => {
    const text = `${region('dc', 4)}cluster k8s {\n  distribution kubernetes\n  controlPlane {\n    replicas 4\n    zones ${zonesOf(4)}\n  }\n}\n`;
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![1]);
    expect(fixed).toContain(`  controlPlane {\n    replicas 5\n    zones ${zonesOf(4)}\n  }\n`);
  });

  it('fix on explicit counts redistributes them over the listed zones', async () => {
    const text = k8s('zones dc.az1: 2 dc.az2: 1 dc.az3: 1');
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('controlPlane { zones dc.az1: 1 dc.az2: 1 dc.az3: 1 }');
  });
});
