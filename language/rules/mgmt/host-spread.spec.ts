import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/support/index.js';
import { runRules } from '../engine.js';
import { hostSpread } from './host-spread.js';

const rule = 'mgmt/host-spread';
const mgmt = (props: string) => `management ctl { hostedOn vsphere  ${props} }\n`;
const messages = async (props: string) =>
  (await findingsOf(rule, mgmt(props))).hits.map((h) => `${h.severity}: ${h.message}`);

describe('mgmt/host-spread', () => {
  it('fires for one hypervisor host, and for two: three-member quorum groups split 2 + 1; not for three (the boundary)', async () => {
    expect(await messages('nodes 6  hosts 1')).toEqual([
      'warning: management ctl runs its 6 nodes on 1 hypervisor host, fewer than 3: one host failure stops the whole OpenStack control plane',
    ]);
    expect(await messages('nodes 6  hosts 2')).toEqual([
      'warning: management ctl runs its 6 nodes on 2 hypervisor hosts, fewer than 3: losing one host takes 3 of its 6 nodes at once, even spread evenly; its quorum groups of three controllers (Galera, RabbitMQ) split 2 + 1 over two hosts and lose their majority with the host holding two',
    ]);
    expect(await messages('nodes 6  hosts 3')).toEqual([]);
  });

  it('fires for 5 nodes, not for 6 (the boundary)', async () => {
    expect(await messages('nodes 5  hosts 3')).toEqual([
      "warning: management ctl has 5 nodes, fewer than the 6 of seed 002's minimal HA layout",
    ]);
    expect(await messages('nodes 6  hosts 3')).toEqual([]);
  });

  it('reports both, and checks only what is declared', async () => {
    expect(await messages('nodes 1  hosts 1')).toHaveLength(2);
    expect(await messages('hosts 1')).toEqual([
      'warning: management ctl runs its nodes on 1 hypervisor host, fewer than 3: one host failure stops the whole OpenStack control plane',
    ]);
    expect(await messages('')).toEqual([]);
  });

  it('honours threshold overrides', async () => {
    const { model } = await findingsOf(rule, mgmt('nodes 6  hosts 3'));
    const findings = runRules(model, [hostSpread], {
      thresholds: { [rule]: { minHosts: { value: 4, reason: 'five-member Galera' } } },
    });
    expect(findings.map((f) => f.message)).toEqual([
      'management ctl runs its 6 nodes on 3 hypervisor hosts, fewer than 4: losing one host takes 2 of its 6 nodes at once, even spread evenly',
    ]);
  });
});
