import { describe, expect, it } from 'vitest';
import { cluster, dc3, findingsOf } from '../../../test/support/index.js';

const rule = 'l2/shared-segment';
const base = `${dc3}router edge { ha  zones dc.az1 dc.az2 dc.az3 }
network ctrl { kind stretched-l2  cidr 10.0.0.0/24  zones dc.az1 dc.az2 dc.az3  gateway edge }
network ctrl2 { kind stretched-l2  cidr 10.0.1.0/24  zones dc.az1 dc.az2 dc.az3  gateway edge }
network rpn { kind routed-provider  cidr 10.0.2.0/24  zone dc.az1 }
`;
const cp = (net: string) => `controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ${net} }`;
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);

describe('l2/shared-segment', () => {
  it('fires for two keepalived clusters on one stretched network, naming them and the VRRP constraint', async () => {
    expect(await messages(base + cluster('ocp-a', cp('ctrl')) + cluster('ocp-b', cp('ctrl')))).toEqual([
      'warning: stretched network ctrl carries 2 clusters (ocp-a, ocp-b): they share its broadcast domain and gateways, and 2 of them (ocp-a, ocp-b) run keepalived and need distinct VRRP ids on it; consider a stretched network per cluster',
    ]);
  });

  it('does not fire for one cluster per stretched network', async () => {
    expect(await messages(base + cluster('ocp-a', cp('ctrl')) + cluster('ocp-b', cp('ctrl2')))).toEqual([]);
  });

  it('counts clusters whose workers only are on the network, and leaves VRRP out when fewer than two run keepalived', async () => {
    const upi = cluster('ocp-b', `install upi\n  ${cp('ctrl2')}\n  workers { perZone 1  network ctrl }`);
    expect(await messages(base + cluster('ocp-a', cp('ctrl')) + upi)).toEqual([
      'warning: stretched network ctrl carries 2 clusters (ocp-a, ocp-b): they share its broadcast domain and gateways; consider a stretched network per cluster',
    ]);
  });

  it('does not fire for clusters sharing a network that is not stretched L2', async () => {
    const onRpn = (name: string) =>
      cluster(name, `${cp(name === 'ocp-a' ? 'ctrl' : 'ctrl2')}\n  workers { replicas 2  zone dc.az1  network rpn }`);
    expect(await messages(base + onRpn('ocp-a') + onRpn('ocp-b'))).toEqual([]);
  });
});
