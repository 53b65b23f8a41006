import { describe, expect, it } from 'vitest';
import { applyFix, cluster, findingsOf, messages, only, region } from '../../../test/support/index.js';

const RULE = 'net/pod-capacity';
const CP3 = 'controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }';
const ocp = (...lines: string[]) => `${region()}${cluster('ocp', 'distribution openshift 4.16', ...lines)}`;

describe('net/pod-capacity', () => {
  // /21 with hostPrefix 23: 2^(23-21) = 4 node subnets.
  it('a hostPrefix that fits exactly is no error, only a warning that nothing is left to grow', async () => {
    const f = await only(RULE, ocp('podNetwork 10.128.0.0/21 hostPrefix 23', CP3, 'workers { zone dc.az1: 1 }'));
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      'the pod network 10.128.0.0/21 of ocp gives 4 node subnets (a /23 each, hostPrefix 23) and the topology places 4 nodes (3 control-plane, 1 worker): none is left for the MachineSets to grow (keep 1, 20% free)',
    );
  });

  it('one node too many is an error', async () => {
    const f = await only(
      RULE,
      ocp('podNetwork 10.128.0.0/21 hostPrefix 23', CP3, 'workers { zones dc.az1: 1 dc.az2: 1 }'),
    );
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'the pod network 10.128.0.0/21 of ocp gives 4 node subnets (a /23 each, hostPrefix 23), but the topology places 5 nodes (3 control-plane, 2 workers): 1 node gets no pod subnet and no pod can start there',
    );
  });

  it('is quiet with room to grow, and for the default /14 with /23', async () => {
    expect(
      await messages(RULE, ocp('podNetwork 10.128.0.0/20 hostPrefix 23', CP3, 'workers { zone dc.az1: 1 }')),
    ).toEqual([]);
    expect(await messages(RULE, ocp(CP3, 'workers { perZone 2 }'))).toEqual([]);
  });

  it('quick fix raises hostPrefix while a node keeps a /24; applied, no capacity finding is left', async () => {
    const text = ocp('podNetwork 10.128.0.0/21 hostPrefix 23', CP3, 'workers { perZone 1 }');
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Raise hostPrefix to 24: 8 node subnets of 254 pod addresses each']);
    const fixed = await applyFix(RULE, text, f.fixes![0]);
    expect(fixed).toContain('podNetwork 10.128.0.0/21 hostPrefix 24');
  });

  it('offers no fix when even /24 per node is too few', async () => {
    const f = await only(RULE, ocp('podNetwork 10.128.0.0/22 hostPrefix 23', CP3, 'workers { perZone 2 }'));
    expect(f.fixes).toEqual([]);
  });

  it('machine network: nodes, bootstrap and VIPs against the usable addresses', async () => {
    // /28: 16 - 3 = 13 usable. 3 members + 8 workers + bootstrap + 2 VIPs = 14.
    const net = 'network m { kind overlay  cidr 10.0.0.0/28 }\n';
    const text = `${net}${ocp('controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network m }', 'workers { zones dc.az1: 3 dc.az2: 3 dc.az3: 2 }')}`;
    const { hits } = await findingsOf(RULE, text);
    expect(hits.map((h) => [h.severity, h.message])).toEqual([
      [
        'error',
        'the machine network 10.0.0.0/28 of ocp has 13 usable addresses but must hold 14: 3 control-plane members, 8 workers, the bootstrap machine, 2 VIPs; the install or a scale-out runs out of addresses',
      ],
    ]);
    const fits = `${net}${ocp('controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network m }', 'workers { zones dc.az1: 2 dc.az2: 1 dc.az3: 1 }')}`;
    expect(await messages(RULE, fits)).toEqual([]);
  });

  it('checks a Kubernetes cluster only when it declares its pod network', async () => {
    const k8s = (pod: string) =>
      `${region()}${cluster('k', 'distribution kubernetes', pod, CP3, 'workers { perZone 1 }')}`;
    expect(await messages(RULE, k8s(''))).toEqual([]);
    expect(await messages(RULE, k8s('podNetwork 10.244.0.0/22 hostPrefix 24'))).toHaveLength(1);
  });
});
