import { describe, expect, it } from 'vitest';
import { applyEdits, dc3, errorsOf, findingsOf, load } from '../../../test/support/index.js';

// Fixture names, with the VRRP ids vrrpIds() gives them (computed once, offline):
//   ocp-east  api 49, ingress 31      ocp-west  api 168, ingress 103
//   ocp-hc    api 31, ingress 174     (its api id is ocp-east's ingress id)
//   ocp-tg    api 49, ingress 31      (both ids equal to ocp-east's)
//   ocp-oa    api 53, ingress 36      ocp-tg-2  api 6, ingress 53      ocp-tg-3  api 87, ingress 198
//   ocp-hc-2  api 181, ingress 164

const rule = 'l2/vrrp-collision';
const base = `${dc3}router edge { ha  zones dc.az1 dc.az2 dc.az3 }
network ctrl { kind stretched-l2  cidr 10.0.0.0/24  zones dc.az1 dc.az2 dc.az3  gateway edge }
network ctrl2 { kind stretched-l2  cidr 10.0.1.0/24  zones dc.az1 dc.az2 dc.az3  gateway edge }
`;
// OpenShift 4.10 on OpenStack: keepalived with multicast VRRP, where equal ids collide.
const cluster = (name: string, net = 'ctrl', extra = '', version = '4.10') =>
  `cluster ${name} {\n  distribution openshift ${version}  install ipi\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ${net} }${extra}\n}\n`;
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);

describe('l2/vrrp-collision', () => {
  it("fires when one cluster's api id is the other's ingress id on the same network, showing both clusters' ids", async () => {
    expect(await messages(base + cluster('ocp-east') + cluster('ocp-hc'))).toEqual([
      "error: clusters ocp-east (api 49, ingress 31) and ocp-hc (api 31, ingress 174) share network ctrl and VRRP id 31: ocp-east (OpenShift 4.10) and ocp-hc (OpenShift 4.10) run keepalived with multicast VRRP (before 4.11), so the keepalived instances take each other's advertisements and the API/ingress VIPs break",
    ]);
  });

  it('fires when both ids are equal', async () => {
    expect(await messages(base + cluster('ocp-east') + cluster('ocp-tg'))).toEqual([
      "error: clusters ocp-east (api 49, ingress 31) and ocp-tg (api 49, ingress 31) share network ctrl and VRRP ids 49, 31: ocp-east (OpenShift 4.10) and ocp-tg (OpenShift 4.10) run keepalived with multicast VRRP (before 4.11), so the keepalived instances take each other's advertisements and the API/ingress VIPs break",
    ]);
  });

  it('does not fire for distinct ids on one network', async () => {
    expect(await messages(base + cluster('ocp-east') + cluster('ocp-west'))).toEqual([]);
  });

  it('does not fire for colliding names on different networks', async () => {
    expect(await messages(base + cluster('ocp-east') + cluster('ocp-hc', 'ctrl2'))).toEqual([]);
  });

  it('does not fire when one of the two runs no keepalived (UPI, or a user-managed load balancer)', async () => {
    expect(
      await messages(base + cluster('ocp-east') + cluster('ocp-hc').replace('install ipi', 'install upi')),
    ).toEqual([]);
    const lb = `loadBalancer f5 { provider f5 }\n`;
    expect(
      await messages(base + lb + cluster('ocp-east') + cluster('ocp-hc', 'ctrl', '\n  loadBalancer external f5')),
    ).toEqual([]);
  });

  it('takes the segment from the network holding the VIPs, not from networks the workers merely share', async () => {
    const workersOnCtrl2 = (vips: string) => `\n  workers { perZone 1  network ctrl2 }\n  ${vips}`;
    const a = cluster('ocp-east', 'ctrl', workersOnCtrl2('api vip 10.0.0.5  ingress vip 10.0.0.7'));
    const sharedWorkersOnly =
      base.replace('network ctrl2', 'network ctrl3 { kind stretched-l2  cidr 10.0.2.0/24 }\nnetwork ctrl2') +
      a +
      cluster('ocp-hc', 'ctrl3', workersOnCtrl2('api vip 10.0.2.5  ingress vip 10.0.2.7'));
    expect(await messages(sharedWorkersOnly)).toEqual([]);
    const vipsOnCtrl2 =
      base.replace('network ctrl2', 'network ctrl3 { kind stretched-l2  cidr 10.0.2.0/24 }\nnetwork ctrl2') +
      a.replace('api vip 10.0.0.5  ingress vip 10.0.0.7', 'api vip 10.0.1.5  ingress vip 10.0.1.7') +
      cluster('ocp-hc', 'ctrl3', workersOnCtrl2('api vip 10.0.1.15  ingress vip 10.0.1.17'));
    expect(await messages(vipsOnCtrl2)).toEqual([
      "error: clusters ocp-east (api 49, ingress 31) and ocp-hc (api 31, ingress 174) share network ctrl2 and VRRP id 31: ocp-east (OpenShift 4.10) and ocp-hc (OpenShift 4.10) run keepalived with multicast VRRP (before 4.11), so the keepalived instances take each other's advertisements and the API/ingress VIPs break",
    ]);
  });

  it('is an error up to OpenShift 4.10 and an info from 4.11, when keepalived is unicast on OpenStack', async () => {
    const withVersions = (a: string, b: string) =>
      messages(base + cluster('ocp-east', 'ctrl', '', a) + cluster('ocp-hc', 'ctrl', '', b));
    expect((await withVersions('4.10', '4.10'))[0]).toMatch(/^error: /);
    expect((await withVersions('4.10.67', '4.11'))[0]).toMatch(
      /^error: .*ocp-east \(OpenShift 4\.10\.67\) runs keepalived with multicast VRRP \(before 4\.11\)/,
    );
    expect(await withVersions('4.11', '4.16')).toEqual([
      "info: clusters ocp-east (api 49, ingress 31) and ocp-hc (api 31, ingress 174) share network ctrl and VRRP id 31: harmless: from OpenShift 4.11 keepalived sends its advertisements by unicast to its own cluster's nodes only, so equal ids on one segment do not collide (they would again with a multicast keepalived on the segment)",
    ]);
    // 4.9 < 4.10 < 4.11: versions compare as numbers, not as text.
    expect((await withVersions('4.9', '4.12'))[0]).toMatch(/^error: .*ocp-east \(OpenShift 4\.9\)/);
    const { hits } = await findingsOf(
      rule,
      base + cluster('ocp-east', 'ctrl', '', '4.11') + cluster('ocp-hc', 'ctrl', '', '4.11'),
    );
    expect(hits[0]!.fixes).toEqual([]);
  });

  it('is a warning naming the assumption when a cluster declares no version', async () => {
    const text =
      base + cluster('ocp-east', 'ctrl', '', '4.16') + cluster('ocp-hc').replace('distribution openshift 4.10  ', '');
    expect(await messages(text)).toEqual([
      "warning: clusters ocp-east (api 49, ingress 31) and ocp-hc (api 31, ingress 174) share network ctrl and VRRP id 31: ocp-hc declares no OpenShift version, so this assumes multicast VRRP (before 4.11), where the keepalived instances take each other's advertisements and the API/ingress VIPs break; from 4.11 keepalived is unicast and equal ids are harmless: declare `distribution openshift <version>`",
    ]);
    expect((await findingsOf(rule, text)).hits[0]!.fixes!.length).toBe(2);
  });

  it('treats two networks with one VLAN on one physical network as one segment', async () => {
    const vlan = (v: number) =>
      base
        .replace('network ctrl {', `network ctrl { physnet "physnet1"  vlan 100 `)
        .replace('network ctrl2 {', `network ctrl2 { physnet "physnet1"  vlan ${v} `);
    expect(await messages(vlan(100) + cluster('ocp-east') + cluster('ocp-hc', 'ctrl2'))).toEqual([
      "error: clusters ocp-east (api 49, ingress 31) and ocp-hc (api 31, ingress 174) share networks ctrl, ctrl2 (one L2 segment: VLAN 100 on physnet1) and VRRP id 31: ocp-east (OpenShift 4.10) and ocp-hc (OpenShift 4.10) run keepalived with multicast VRRP (before 4.11), so the keepalived instances take each other's advertisements and the API/ingress VIPs break",
    ]);
    expect(await messages(vlan(101) + cluster('ocp-east') + cluster('ocp-hc', 'ctrl2'))).toEqual([]);
  });

  it('quick fix renames the later cluster and every reference to it, in every file', async () => {
    const files = {
      '/ws/a.topo': base + cluster('ocp-east') + cluster('ocp-hc'),
      '/ws/b.topo': 'app shop {\n  clusters ocp-east ocp-hc  replicas 4\n}\n',
    };
    const { hits } = await findingsOf(rule, files);
    const [preferred, other] = hits[0]!.fixes!;
    expect(preferred!.title).toBe('Rename cluster ocp-hc to ocp-hc-2 (VRRP api 181, ingress 164)');
    expect(preferred!.preferred).toBe(true);
    expect(other!.title).toBe('Rename cluster ocp-east to ocp-east-2 (VRRP api 6, ingress 53)');
    const fixed = Object.fromEntries(
      Object.entries(files).map(([path, text]) => [
        path,
        applyEdits(
          text,
          preferred!.edits.filter((e) => e.uri === `file://${path}`),
        ),
      ]),
    );
    expect(fixed['/ws/a.topo']).toContain('cluster ocp-hc-2 {');
    expect(fixed['/ws/b.topo']).toContain('clusters ocp-east ocp-hc-2  replicas 4');
    const after = await load(fixed);
    expect(errorsOf(after.diagnostics)).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId === rule)).toEqual([]);
  });

  it('quick fix skips names that are taken or that collide with another cluster on the segment', async () => {
    // ocp-tg-2 (api 6, ingress 53) would collide with ocp-oa's api 53; ocp-tg-3 is free.
    const text = base + cluster('ocp-east') + cluster('ocp-oa') + cluster('ocp-tg');
    const { hits } = await findingsOf(rule, text);
    expect(hits).toHaveLength(1);
    const fix = hits[0]!.fixes![0]!;
    expect(fix.title).toBe('Rename cluster ocp-tg to ocp-tg-3 (VRRP api 87, ingress 198)');
    const after = await load(applyEdits(text, fix.edits));
    expect(after.findings.filter((f) => f.ruleId === rule)).toEqual([]);
    // With a cluster named ocp-hc-2 elsewhere, ocp-hc is renamed ocp-hc-3.
    const taken = base + cluster('ocp-east') + cluster('ocp-hc') + cluster('ocp-hc-2', 'ctrl2');
    expect((await findingsOf(rule, taken)).hits[0]!.fixes![0]!.title).toMatch(/^Rename cluster ocp-hc to ocp-hc-3 /);
  });
});
