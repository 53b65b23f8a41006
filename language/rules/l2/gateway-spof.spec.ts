import { describe, expect, it } from 'vitest';
import { applyEdits, dc3, errorsOf, findingsOf, load } from '../../../test/support/index.js';

const cp = `cluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl }\n}\n`;
/** A stretched network over three zones carrying ocp's control plane, with the given routers as gateways. */
const topo = (routers: string, gateway = 'gateway edge1', netZones = 'dc.az1 dc.az2 dc.az3', workload = cp) =>
  `${dc3}${routers}\nnetwork ctrl { kind stretched-l2  cidr 10.0.0.0/24  zones ${netZones}  ${gateway} }\n${workload}`;
const rule = 'l2/gateway-spof';
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);

describe('l2/gateway-spof', () => {
  it('fires for a single gateway in one zone, naming the network, its zones, the gateway and who loses it', async () => {
    expect(await messages(topo('router edge1 { zone dc.az1 }'))).toEqual([
      'error: stretched network ctrl spans dc.az1, dc.az2, dc.az3 but its only gateway edge1 is in dc.az1: if dc.az1 fails, the control plane of ocp loses its gateway (router edge1 is also the net/router-spof finding: one problem, one fix)',
    ]);
  });

  it('does not fire for an ha gateway across two zones (the boundary) or three', async () => {
    expect(await messages(topo('router edge1 { ha  zones dc.az1 dc.az2 }'))).toEqual([]);
    expect(await messages(topo('router edge1 { ha  zones dc.az1 dc.az2 dc.az3 }'))).toEqual([]);
  });

  it('fires for an ha gateway in one zone only', async () => {
    expect(await messages(topo('router edge1 { ha  zone dc.az2 }'))).toEqual([
      'error: stretched network ctrl spans dc.az1, dc.az2, dc.az3 but its only gateway edge1 is in dc.az2: if dc.az2 fails, the control plane of ocp loses its gateway',
    ]);
  });

  it('fires for a gateway over two zones that is not ha: it runs in one of them', async () => {
    expect(await messages(topo('router edge1 { zones dc.az1 dc.az2 }'))).toEqual([
      'error: stretched network ctrl spans dc.az1, dc.az2, dc.az3 but its only gateway edge1 is not ha and runs in one of dc.az1, dc.az2: if dc.az1 or dc.az2 fails, the control plane of ocp loses its gateway (router edge1 is also the net/router-spof finding: one problem, one fix)',
    ]);
  });

  it('fires when every gateway is in the same zone, not when two gateways sit in different zones', async () => {
    expect(
      await messages(topo('router edge1 { zone dc.az1 }\nrouter edge2 { zone dc.az1 }', 'gateway edge1 edge2')),
    ).toEqual([
      'error: stretched network ctrl spans dc.az1, dc.az2, dc.az3 but its gateways edge1, edge2 are all in dc.az1: if dc.az1 fails, the control plane of ocp loses its gateway',
    ]);
    expect(
      await messages(topo('router edge1 { zone dc.az1 }\nrouter edge2 { zone dc.az2 }', 'gateway edge1 edge2')),
    ).toEqual([]);
  });

  it('does not fire for a network in one zone, nor for one with nothing on it, nor for a routed provider network', async () => {
    const oneZone = `cluster ocp {\n  controlPlane { replicas 3  zone dc.az1  network ctrl }\n}\n`;
    expect(await messages(topo('router edge1 { zone dc.az1 }', 'gateway edge1', 'dc.az1', oneZone))).toEqual([]);
    expect(await messages(topo('router edge1 { zone dc.az1 }', 'gateway edge1', 'dc.az1 dc.az2 dc.az3', ''))).toEqual(
      [],
    );
    expect(await messages(topo('router edge1 { zone dc.az1 }').replace('stretched-l2', 'routed-provider'))).toEqual([]);
  });

  it("counts only machines outside the failed zone: servers all in the gateway's zone lose nothing more", async () => {
    const servers = (zones: string) => `servers web { count 2  zones ${zones}  network ctrl }\n`;
    expect(
      await messages(topo('router edge1 { zone dc.az1 }', 'gateway edge1', 'dc.az1 dc.az2 dc.az3', servers('dc.az1'))),
    ).toEqual([]);
    expect(
      await messages(
        topo('router edge1 { zone dc.az1 }', 'gateway edge1', 'dc.az1 dc.az2 dc.az3', servers('dc.az1 dc.az2')),
      ),
    ).toEqual([
      'error: stretched network ctrl spans dc.az1, dc.az2, dc.az3 but its only gateway edge1 is in dc.az1: if dc.az1 fails, servers web loses its gateway (router edge1 is also the net/router-spof finding: one problem, one fix)',
    ]);
  });

  it('names every group on the network: control plane, workers and servers', async () => {
    const workload = `cluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl }\n  workers { perZone 1 }\n}\nservers lb { count 2  zones dc.az2 dc.az3  network ctrl }\n`;
    expect(
      await messages(topo('router edge1 { zone dc.az1 }', 'gateway edge1', 'dc.az1 dc.az2 dc.az3', workload)),
    ).toEqual([
      'error: stretched network ctrl spans dc.az1, dc.az2, dc.az3 but its only gateway edge1 is in dc.az1: if dc.az1 fails, the control plane of ocp, the workers of ocp, servers lb lose their gateway (router edge1 is also the net/router-spof finding: one problem, one fix)',
    ]);
  });

  it('counts only the zones where a group has machines on this network (per-zone networks)', async () => {
    const perZone = `network rpn3 { kind routed-provider  cidr 10.0.3.0/24  zone dc.az3 }\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  networks ctrl rpn3 }\n}\n`;
    expect(await messages(topo('router edge1 { zone dc.az1 }', 'gateway edge1', 'dc.az1 dc.az2', perZone))).toEqual([
      'error: stretched network ctrl spans dc.az1, dc.az2 but its only gateway edge1 is in dc.az1: if dc.az1 fails, the control plane of ocp loses its gateway (router edge1 is also the net/router-spof finding: one problem, one fix)',
    ]);
  });

  it('says what it cannot check: a network without a declared gateway, a gateway without a zone (info)', async () => {
    expect(await messages(topo('', ''))).toEqual([
      'info: stretched network ctrl spans dc.az1, dc.az2, dc.az3 but declares no gateway: topo cannot check that the control plane of ocp keeps a gateway when a zone fails; name the router that routes it with `gateway` (a physical one too)',
    ]);
    expect(await messages(topo('router edge1 { external internet }'))).toEqual([
      'info: stretched network ctrl spans dc.az1, dc.az2, dc.az3 but its gateway edge1 declares no zone: topo cannot tell whether the control plane of ocp keeps a gateway when a zone fails',
    ]);
  });

  it("quick fix on a one-line router makes it ha across the network's zones, inline", async () => {
    const text = topo('router edge1 { zone dc.az1  external internet }');
    const fix = (await findingsOf(rule, text)).hits[0]!.fixes![0]!;
    expect(fix.title).toBe('Make edge1 an HA router across dc.az1, dc.az2, dc.az3');
    const fixed = applyEdits(text, fix.edits);
    expect(fixed).toContain('router edge1 { zones dc.az1 dc.az2 dc.az3  external internet  ha }');
    const after = await load(fixed);
    expect(errorsOf(after.diagnostics)).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId === rule)).toEqual([]);
  });

  it('quick fix on a multi-line router without zones adds ha and zones on their own lines', async () => {
    const text = topo('router edge1 {\n    external internet\n}', '', 'dc.az1 dc.az2 dc.az3  gateway edge1');
    const fix = (await findingsOf(rule, text)).hits[0]!.fixes![0]!;
    const fixed = applyEdits(text, fix.edits);
    expect(fixed).toContain('router edge1 {\n    external internet\n    ha\n    zones dc.az1 dc.az2 dc.az3\n}');
    const after = await load(fixed);
    expect(errorsOf(after.diagnostics)).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId === rule)).toEqual([]);
  });
});
