import { describe, expect, it } from 'vitest';
import { dc3, findingsOf } from '../../../test/support/index.js';

const rule = 'net/double-encapsulation';
const base = `${dc3}network tenant { kind overlay  cidr 10.0.0.0/24  zones dc.az1 dc.az2 dc.az3  mtu 1450 }
network plain { kind overlay  cidr 10.0.2.0/24  zones dc.az1 dc.az2 dc.az3 }
network rpn { kind routed-provider  cidr 10.0.1.0/24  zone dc.az1 }
`;
const cluster = (body: string) => `${base}cluster ocp {\n  ${body}\n}\n`;
const cp = (net: string) => `controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ${net} }`;
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);

describe('net/double-encapsulation', () => {
  it('fires for the default OVN-Kubernetes on an overlay network, with the pod MTU left', async () => {
    expect(await messages(cluster(cp('tenant')))).toEqual([
      'info: cluster ocp runs OVNKubernetes (Geneve, 100 bytes per packet) over overlay network tenant (MTU 1450, pods get 1350): pod traffic is encapsulated twice, costing CPU, throughput and MTU',
    ]);
  });

  it("gives each tunnelling CNI its own overhead, and no figure where the network's MTU is unknown", async () => {
    expect(await messages(cluster(`networkType OpenShiftSDN\n  ${cp('tenant')}`))).toEqual([
      'info: cluster ocp runs OpenShiftSDN (VXLAN, 50 bytes per packet) over overlay network tenant (MTU 1450, pods get 1400): pod traffic is encapsulated twice, costing CPU, throughput and MTU',
    ]);
    expect(await messages(cluster(`networkType Calico\n  ${cp('plain')}`))).toEqual([
      'info: cluster ocp runs Calico (IP-in-IP or VXLAN, 20 or 50 bytes per packet) over overlay network plain: pod traffic is encapsulated twice, costing CPU, throughput and MTU',
    ]);
  });

  it('does not fire for Kuryr (pods on Neutron ports) nor on a provider network', async () => {
    expect(await messages(cluster(`networkType Kuryr\n  ${cp('tenant')}`))).toEqual([]);
    expect(await messages(cluster(cp('rpn')))).toEqual([]);
  });

  it('fires when only the workers are on an overlay', async () => {
    expect(await messages(cluster(`${cp('rpn')}\n  workers { perZone 1  network plain }`))).toEqual([
      'info: cluster ocp runs OVNKubernetes (Geneve, 100 bytes per packet) over overlay network plain: pod traffic is encapsulated twice, costing CPU, throughput and MTU',
    ]);
  });
});
