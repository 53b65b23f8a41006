import { describe, expect, it } from 'vitest';
import type { Placement } from '../language/model/types.js';
import { load } from './support/index.js';

const counts = (p: Placement) => Object.fromEntries([...p.perZone].map(([z, n]) => [z.id, n]));
const REGIONS = `region east { zone a  zone b  zone c  rtt a b 1ms  rtt b c 1.5ms }
region west { zone a }
rtt east west 38ms
rtt east.a west.a 35ms
`;

describe('the semantic model', () => {
  it('spreads `replicas N zones ...` round-robin in the order written', async () => {
    const { model } = await load(`${REGIONS}cluster k { controlPlane { replicas 5  zones east.c east.a east.b } }`);
    expect(counts(model.clusters[0]!.controlPlane.placement)).toEqual({ 'east.c': 2, 'east.a': 2, 'east.b': 1 });
  });

  it('takes explicit per-zone counts and derives the total', async () => {
    const { model } = await load(`${REGIONS}cluster k { controlPlane { zones east.a: 2 east.b: 1 } }`);
    const p = model.clusters[0]!.controlPlane.placement;
    expect([p.total, p.explicit, counts(p)]).toEqual([3, true, { 'east.a': 2, 'east.b': 1 }]);
  });

  it('reports replicas that contradict explicit counts', async () => {
    const { model } = await load(`${REGIONS}cluster k { controlPlane { replicas 3  zones east.a: 2 east.b: 2 } }`);
    expect(model.problems.map((p) => p.message)).toEqual([
      'the control plane of k has replicas 3 but its zones hold 4: make them agree',
    ]);
  });

  it("places workers perZone in their zones, or in the control plane's zones", async () => {
    const { model } = await load(`${REGIONS}cluster k {
  controlPlane { replicas 3  zones east.a east.b east.c }
  workers { perZone 2 }
  workers infra { zones east.a: 1 east.b: 2 }
}`);
    const [w, infra] = model.clusters[0]!.workers;
    expect([w!.name, w!.placement.total, counts(w!.placement)]).toEqual([
      'worker-0',
      6,
      { 'east.a': 2, 'east.b': 2, 'east.c': 2 },
    ]);
    expect([infra!.name, counts(infra!.placement)]).toEqual(['infra', { 'east.a': 1, 'east.b': 2 }]);
  });

  it('builds a symmetric RTT matrix: zone pairs, then region pairs, 0 in a zone, unknown pairs explicit', async () => {
    const { model } = await load(REGIONS);
    const z = (id: string) => model.zoneById.get(id)!;
    expect(model.rtt(z('east.a'), z('east.b'))?.ms).toBe(1);
    expect(model.rtt(z('east.b'), z('east.a'))?.ms).toBe(1);
    expect(model.rtt(z('east.a'), z('east.a'))).toEqual({ ms: 0, source: 'same-zone' });
    expect(model.rtt(z('east.a'), z('east.c'))).toBeUndefined();
    expect(model.rtt(z('west.a'), z('east.a'))).toMatchObject({ ms: 35, source: 'zone-pair' });
    expect(model.rtt(z('east.b'), z('west.a'))).toMatchObject({ ms: 38, source: 'region-pair' });
  });

  it('resolves parameters with defaults and overrides, cidrsubnet and string interpolation', async () => {
    const text = `param env = "prod"
param subnet = 10.20.0.0/16
param shopReplicas = 3
network api { kind overlay  cidr cidrsubnet($subnet, 8, 2) }
network db { kind overlay  cidr $subnet }
app shop { url "shop.\${env}.example.com"  replicas $shopReplicas }
`;
    const def = await load(text);
    expect(def.diagnostics).toEqual([]);
    expect(def.model.networks.map((n) => n.cidr)).toEqual(['10.20.2.0/24', '10.20.0.0/16']);
    expect(def.model.apps[0]!.url).toBe('shop.prod.example.com');
    expect(def.model.apps[0]!.replicas).toBe(3);
    const staging = await load(text, { params: { env: 'staging', subnet: '10.99.0.0/16', shopReplicas: '4' } });
    expect(staging.model.networks.map((n) => n.cidr)).toEqual(['10.99.2.0/24', '10.99.0.0/16']);
    expect(staging.model.apps[0]!.url).toBe('shop.staging.example.com');
    expect(staging.model.apps[0]!.replicas).toBe(4);
    expect(staging.model.params.get('env')).toMatchObject({ default: 'prod', value: 'staging', overridden: true });
  });

  it('computes addresses with cidrhost and accepts several control-plane networks', async () => {
    const { model, diagnostics } = await load(
      `${REGIONS}param subnet = 10.40.0.0/16
network rpn-a { kind routed-provider  zone east.a  cidr cidrsubnet($subnet, 8, 1) }
network rpn-b { kind routed-provider  zone east.b  cidr cidrsubnet($subnet, 8, 2) }
router vpn { zone east.a  routes 192.168.0.0/16 via cidrhost(cidrsubnet($subnet, 8, 1), 10) }
cluster k { install upi  controlPlane { replicas 2  zones east.a east.b  networks rpn-a rpn-b }  api vip cidrhost($subnet, 5) }
`,
      { params: { subnet: '10.50.0.0/16' } },
    );
    expect(diagnostics.filter((d) => String(d.code).startsWith('syntax'))).toEqual([]);
    expect(model.routers[0]!.routes).toEqual([{ destination: '192.168.0.0/16', nexthop: '10.50.1.10' }]);
    expect(model.clusters[0]!.controlPlane.networks.map((n) => n.name)).toEqual(['rpn-a', 'rpn-b']);
    expect(model.clusters[0]!.api?.vips).toEqual(['10.50.0.5']);
  });

  it('reports an unknown parameter in a string and an impossible cidrsubnet', async () => {
    const { model } = await load(
      'param subnet = 10.0.0.0/30\nnetwork n { cidr cidrsubnet($subnet, 8, 1) }\napp a { url "${nope}.example.com" }\n',
    );
    expect(model.problems.map((p) => p.message)).toEqual([
      'cidrsubnet: cannot add 8 bits to the /30 prefix of 10.0.0.0/30 (at most 2)',
      'unknown parameter ${nope}: declare it with `param nope = ...`',
    ]);
  });

  it('records which networks and gateways each cluster depends on, and which sites serve each app', async () => {
    const { model } = await load(`${REGIONS}router gw { zone east.a }
network ctrl { kind stretched-l2  zones east.a east.b east.c  gateway gw }
network w { kind overlay }
cluster k1 { controlPlane { zones east.a east.b east.c  network ctrl }  workers { perZone 1  networks w } }
cluster k2 { controlPlane { replicas 1  zone west.a } }
app shop { clusters k1 k2  replicas 5 }
`);
    const k1 = model.clusters[0]!;
    expect(k1.networks.map((n) => n.name)).toEqual(['ctrl', 'w']);
    expect(k1.gateways.map((g) => g.name)).toEqual(['gw']);
    expect(k1.keepalived).toBe(true);
    const shop = model.apps[0]!;
    expect(shop.regions.map((r) => r.name)).toEqual(['east', 'west']);
    expect([...shop.split].map(([c, n]) => [c.name, n])).toEqual([
      ['k1', 3],
      ['k2', 2],
    ]);
  });

  it('records where each element is referred to', async () => {
    const { model } = await load(
      'network ctrl { kind overlay }\ncluster a { controlPlane { network ctrl } }\ncluster b { controlPlane { network ctrl } }\n',
    );
    expect(model.networks[0]!.refs.map((r) => r.range.start.line)).toEqual([1, 2]);
  });

  it('a user-managed (external) load balancer turns keepalived off', async () => {
    const { model } = await load(
      'loadBalancer f5lb { provider f5 }\ncluster a { install ipi  loadBalancer external f5lb }\ncluster b { install upi }\n',
    );
    expect(model.clusters.map((c) => [c.name, c.keepalived, c.loadBalancer.kind, c.loadBalancer.lb?.name])).toEqual([
      ['a', false, 'external', 'f5lb'],
      ['b', false, 'managed', undefined],
    ]);
  });
});
