import { describe, expect, it } from 'vitest';
import { applyFix, cluster, messages, only, region } from '../../../test/support/index.js';

const RULE = 'workers/ingress-ha';
const CP3 = 'controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }';
const ocp = (...lines: string[]) => `${region()}${cluster('ocp', 'distribution openshift 4.16', ...lines)}`;

describe('workers/ingress-ha', () => {
  it('warns for one worker: one router, every route on one node', async () => {
    const f = await only(RULE, ocp(CP3, 'workers { replicas 1 }'));
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      'ocp has 1 worker: the installer sets its infrastructure topology to SingleReplica and the default IngressController runs 1 router, so every route depends on that node (and its zone); two workers give 2 routers on separate nodes',
    );
  });

  it('does not fire for two workers (the boundary), nor for a compact cluster whose masters take the routers', async () => {
    expect(await messages(RULE, ocp(CP3, 'workers { replicas 2 }'))).toEqual([]);
    expect(await messages(RULE, ocp(CP3))).toEqual([]);
  });

  it('leaves single-node OpenShift and Kubernetes clusters alone', async () => {
    expect(await messages(RULE, ocp('controlPlane { replicas 1  zone dc.az1 }'))).toEqual([]);
    expect(
      await messages(RULE, `${region()}${cluster('k', 'distribution kubernetes', CP3, 'workers { replicas 1 }')}`),
    ).toEqual([]);
  });

  it('counts every pool: two pools of one worker each are two nodes', async () => {
    expect(await messages(RULE, ocp(CP3, 'workers a { zone dc.az1: 1 }', 'workers b { zone dc.az2: 1 }'))).toEqual([]);
  });

  it('quick fix raises replicas to 2; the rule no longer fires', async () => {
    const text = ocp(CP3, 'workers { replicas 1  flavor "m1.large" }');
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('workers { replicas 2  flavor "m1.large" }');
  });

  it('quick fix on zone counts adds another control-plane zone with one worker', async () => {
    const text = ocp(CP3, 'workers { zone dc.az1: 1 }');
    const f = await only(RULE, text);
    expect(f.fixes![0]!.title).toBe('Add a worker to worker of ocp (2 nodes for 2 routers)');
    expect(await applyFix(RULE, text, f.fixes![0])).toContain('workers { zones dc.az1: 1 dc.az2: 1 }');
  });

  it('quick fix on perZone 1 in one zone sets perZone 2', async () => {
    const text = ocp(CP3, 'workers { perZone 1  zones dc.az1 }');
    expect(await applyFix(RULE, text, (await only(RULE, text)).fixes![0], ['workers/zone-coverage'])).toContain(
      'workers { perZone 2  zones dc.az1 }',
    );
  });
});
