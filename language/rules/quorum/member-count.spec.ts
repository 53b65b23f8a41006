import { describe, expect, it } from 'vitest';
import { applyFix, cluster, messages, only, region } from '../../../test/support/index.js';

const RULE = 'quorum/member-count';
const Z3 = 'zones dc.az1 dc.az2 dc.az3';
const ocp = (version: string, cp: string) =>
  `${region()}${cluster('ocp', `distribution openshift${version ? ` ${version}` : ''}`, `controlPlane { ${cp} }`)}`;
const k8s = (n: number) =>
  `${region()}${cluster('k8s', 'distribution kubernetes', `controlPlane { replicas ${n}  ${Z3} }`)}`;

describe('quorum/member-count', () => {
  it('does not fire for OpenShift with 3 members, declared or by default', async () => {
    expect(await messages(RULE, ocp('4.16', `replicas 3  ${Z3}`))).toEqual([]);
    expect(await messages(RULE, ocp('4.16', Z3))).toEqual([]);
  });

  it('fires an error for OpenShift with 5 members off bare metal', async () => {
    const f = await only(RULE, ocp('4.17', `replicas 5  ${Z3}`));
    expect(f.message).toBe(
      'control plane of ocp has 5 members: OpenShift supports 5 control-plane members only with `platform baremetal` (4.17+); elsewhere exactly 3',
    );
    expect(f.severity).toBe('error');
  });

  it('fires for OpenShift with 2, 6 or 7 members, even on bare metal', async () => {
    const reason = 'OpenShift supports exactly 3 control-plane members (4 or 5 only on bare metal, 4.17+)';
    expect(await messages(RULE, ocp('4.17', `replicas 2  ${Z3}`))).toEqual([
      `control plane of ocp has 2 members: ${reason}`,
    ]);
    expect(await messages(RULE, ocp('4.17', `replicas 6  ${Z3}  platform baremetal`))).toEqual([
      `control plane of ocp has 6 members: ${reason}`,
    ]);
    expect(await messages(RULE, ocp('4.17', `replicas 7  ${Z3}`))).toEqual([
      `control plane of ocp has 7 members: ${reason}`,
    ]);
  });

  it('leaves a single member to quorum/single-member (single-node OpenShift)', async () => {
    expect(await messages(RULE, ocp('4.16', 'replicas 1  zone dc.az1'))).toEqual([]);
  });

  it('allows 4 and 5 members with platform baremetal from 4.17 (and when no version is given)', async () => {
    expect(await messages(RULE, ocp('4.17', `replicas 5  ${Z3}  platform baremetal`))).toEqual([]);
    expect(await messages(RULE, ocp('4.18.3', `replicas 4  ${Z3}  platform baremetal`))).toEqual([]);
    expect(await messages(RULE, ocp('', `replicas 5  ${Z3}  platform baremetal`))).toEqual([]);
  });

  it('rejects 4 or 5 on bare metal before 4.17, comparing versions numerically (4.9 < 4.17)', async () => {
    expect(await messages(RULE, ocp('4.16', `replicas 5  ${Z3}  platform baremetal`))).toEqual([
      'control plane of ocp has 5 members: OpenShift 4.16 supports exactly 3 control-plane members; 5 on bare metal need 4.17 or later',
    ]);
    expect(await messages(RULE, ocp('4.9', `replicas 4  ${Z3}  platform baremetal`))).toEqual([
      'control plane of ocp has 4 members: OpenShift 4.9 supports exactly 3 control-plane members; 4 on bare metal need 4.17 or later',
    ]);
  });

  it('kubernetes: up to 7 members pass, 8 and 9 are a warning (etcd advises at most 7)', async () => {
    expect(await messages(RULE, k8s(5))).toEqual([]);
    expect(await messages(RULE, k8s(7))).toEqual([]);
    const f = await only(RULE, k8s(9));
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      'control plane of k8s has 9 members: etcd advises at most 7 members (5 tolerate 2 failures, enough in most cases); each member adds a replication round trip to every write',
    );
    expect(await messages(RULE, k8s(8))).toHaveLength(1);
  });

  it('fix sets OpenShift to 3 members; the rule no longer fires and the file has no errors', async () => {
    const text = ocp('4.16', `replicas 5  ${Z3}`);
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Use 3 members (tolerates 1 failure)']);
    expect(await applyFix(RULE, text, f.fixes![0])).toContain(`controlPlane { replicas 3  ${Z3} }`);
  });

  it('fix sets OpenShift explicit counts to 3, one per zone', async () => {
    const text = ocp('4.16', 'zones dc.az1: 2 dc.az2: 2 dc.az3: 1');
    expect(await applyFix(RULE, text, (await only(RULE, text)).fixes![0])).toContain(
      'controlPlane { zones dc.az1: 1 dc.az2: 1 dc.az3: 1 }',
    );
  });

  it('fix sets kubernetes to 7 (preferred) or 5', async () => {
    const text = k8s(9);
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => [x.title, x.preferred])).toEqual([
      ['Use 7 members (tolerates 3 failures)', true],
      ['Use 5 members (tolerates 2 failures)', false],
    ]);
    expect(await applyFix(RULE, text, f.fixes![0])).toContain(`controlPlane { replicas 7  ${Z3} }`);
    expect(await applyFix(RULE, text, f.fixes![1])).toContain(`controlPlane { replicas 5  ${Z3} }`);
  });
});
