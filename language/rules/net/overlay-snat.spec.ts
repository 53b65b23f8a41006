import { describe, expect, it } from 'vitest';
import { dc3, findingsOf } from '../../../test/support/index.js';

const rule = 'net/overlay-snat';
const base = `${dc3}router r1 { ha  zones dc.az1 dc.az2 dc.az3  external internet }
network tenant { kind overlay  cidr 10.0.0.0/24  zones dc.az1 dc.az2 dc.az3  gateway r1 }
network rpn { kind routed-provider  cidr 10.0.1.0/24  zone dc.az1 }
`;
const cluster = (workers: string, cpNet = 'tenant') =>
  `${base}cluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ${cpNet} }\n  ${workers}\n}\n`;
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);

describe('net/overlay-snat', () => {
  it('fires for workers on an overlay network without floating IPs, naming them, their count and the SNAT router', async () => {
    expect(await messages(cluster('workers { perZone 2  network tenant }'))).toEqual([
      'info: the workers of ocp (6 machines) sit on overlay network tenant without floating IPs: egress only through SNAT on router r1, no inbound connections from outside',
    ]);
  });

  it('does not fire for workers with floating IPs, nor for workers on a provider network', async () => {
    expect(await messages(cluster('workers { perZone 2  network tenant  floatingIps }'))).toEqual([]);
    expect(await messages(cluster('workers { replicas 2  zone dc.az1  network rpn }'))).toEqual([]);
  });

  it('takes workers without networks to be on the machine network, and names a named pool', async () => {
    expect(await messages(cluster('workers infra { replicas 1 }'))).toEqual([
      'info: workers infra of ocp (1 machine) sit on overlay network tenant without floating IPs: egress only through SNAT on router r1, no inbound connections from outside',
    ]);
    expect(await messages(cluster('workers { perZone 1 }', 'rpn'))).toEqual([]);
  });

  it('finds routers through their interfaces too', async () => {
    const text =
      cluster('workers { perZone 1  network lone }') +
      'network lone { kind overlay  cidr 10.0.2.0/24 }\nrouter r9 { interfaces lone }\n';
    expect(await messages(text)).toEqual([
      'info: the workers of ocp (3 machines) sit on overlay network lone without floating IPs: egress only through SNAT on router r9, no inbound connections from outside',
    ]);
  });
});
