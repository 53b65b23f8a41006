import { describe, expect, it } from 'vitest';
import { load as loadTopology, seed004 } from '../../test/support/index.js';
import type { TopoModel } from '../model/types.js';
import { analyse, analyseAll, failureDomains, findDomain } from './failure.js';
import { appRunning, appSummary, clusterSummary, survivesAnyZone } from './survivability.js';
import type { FailureImpact } from './types.js';

/** Loads a topology that must parse and link cleanly (rule findings are fine). */
async function load(text: string) {
  const r = await loadTopology(text);
  expect(
    r.diagnostics.filter((d) => /Could not resolve|Expecting|unexpected character/i.test(String(d.message))),
  ).toEqual([]);
  return r;
}

/** The impact of failing `id` (a region, zone, router or load balancer). */
function fail(model: TopoModel, id: string): FailureImpact {
  const d = findDomain(model, id);
  if (!d) throw new Error(`no failure domain ${id}`);
  return analyse(model, d);
}

// Seed 003, architecture #1: a control plane on a small stretched L2 over three AZs, workers on
// routed provider networks, the L2's only gateway a single-zone router.
const stretched = (router: string, extra = '') => `topology stretch
region dc-east provider openstack {
  zone az1  zone az2  zone az3
  rtt az1 az2 1.1ms  rtt az2 az3 1.4ms  rtt az1 az3 2.0ms
}
${router}
network ctrl { kind stretched-l2  cidr 10.20.0.0/24  zones dc-east.az1 dc-east.az2 dc-east.az3  gateway edge1 }
network rpn-1 { kind routed-provider  zone dc-east.az1  cidr 10.20.1.0/24 }
network rpn-2 { kind routed-provider  zone dc-east.az2  cidr 10.20.2.0/24 }
network rpn-3 { kind routed-provider  zone dc-east.az3  cidr 10.20.3.0/24 }
cluster ocp {
  distribution openshift 4.16  install ipi
  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3  network ctrl }
  workers { perZone 2  networks rpn-1 rpn-2 rpn-3 }
  ${extra}
}
servers haproxy { count 2  zones dc-east.az1 dc-east.az2  antiAffinity  network rpn-1 }
app shop { clusters ocp  replicas 4 }
`;
const singleZoneRouter = 'router edge1 { zone dc-east.az1  external internet }';

describe('failure domains', () => {
  it('lists regions, zones, routers and load balancers in model order, and finds them by name or kind:name', async () => {
    const { model } = await load(seed004);
    expect(failureDomains(model).map((d) => `${d.kind} ${d.id}`)).toEqual([
      'region dc-east',
      'region dc-west',
      'zone dc-east.az1',
      'zone dc-east.az2',
      'zone dc-east.az3',
      'zone dc-west.az1',
      'zone dc-west.az2',
      'zone dc-west.az3',
      'router edge-east',
      'router edge-west',
      'loadBalancer lb-east',
      'loadBalancer lb-west',
    ]);
    expect(findDomain(model, 'dc-west.az2')?.kind).toBe('zone');
    expect(findDomain(model, 'site:dc-east')?.kind).toBe('region');
    expect(findDomain(model, 'lb:lb-east')?.id).toBe('lb-east');
    expect(findDomain(model, 'router:lb-east')).toBeUndefined();
    expect(findDomain(model, 'nowhere')).toBeUndefined();
    expect(analyseAll(model).map((i) => i.domain.id)).toEqual(failureDomains(model).map((d) => d.id));
    expect(analyseAll(model)).toBe(analyseAll(model)); // cached per model
  });
});

describe('3-AZ stretched cluster (seed 003 #1)', () => {
  it('losing a zone without the gateway: 2 of 3 members keep quorum, 4 of 6 workers, the app keeps its 4 replicas', async () => {
    const { model } = await load(stretched(singleZoneRouter));
    const i = fail(model, 'dc-east.az2');
    expect(i.zones).toEqual(['dc-east.az2']);
    expect(i.regions).toEqual([]);
    expect(i.routers).toEqual([]);
    expect(i.networks).toEqual([]);
    expect(i.clusters).toHaveLength(1);
    const c = i.clusters[0]!;
    expect(c.state).toBe('degraded');
    expect(c.controlPlane).toMatchObject({
      total: 3,
      lost: 1,
      left: 2,
      majority: 2,
      quorum: true,
      lostIn: [{ zone: 'dc-east.az2', members: 1 }],
    });
    expect(c.workers).toEqual([{ pool: 'worker', total: 6, left: 4, reachable: true }]);
    expect(c.reason).toBe('keeps quorum (1 of 3 control-plane members lost, 2 left, majority 2; 4 of 6 workers left)');
    expect(c.notes).toContain(
      'Kubernetes reschedules the lost pods onto the 4 reachable workers left (assumed to have room)',
    );
    expect(i.apps).toEqual([
      {
        app: 'shop',
        replicas: 4,
        left: 4,
        served: true,
        sites: ['dc-east'],
        clusters: [{ cluster: 'ocp', replicas: 4, left: 4, state: 'degraded' }],
      },
    ]);
    expect(i.servers).toEqual([{ servers: 'haproxy', total: 2, left: 1, reachable: true }]);
  });

  it("losing the gateway's zone: quorum holds (2 of 3 on one L2) but the keepalived VIPs on ctrl are cut off, so shop is unreachable", async () => {
    const { model } = await load(stretched(singleZoneRouter));
    const i = fail(model, 'dc-east.az1');
    expect(i.routers).toEqual([{ name: 'edge1', reason: 'its only zone dc-east.az1 fails' }]);
    expect(i.networks).toEqual([{ network: 'ctrl', gateways: ['edge1'] }]);
    const c = i.clusters[0]!;
    expect(c.controlPlane).toMatchObject({ left: 2, majority: 2, quorum: true, cutNetwork: 'ctrl' });
    expect(c.apiReachable).toBe(false);
    expect(c.state).toBe('unreachable');
    expect(c.serving).toBe(false);
    expect(c.reason).toBe(
      'is unreachable: its API and ingress VIPs (keepalived) are on ctrl, which lost every gateway (edge1)',
    );
    expect(c.notes[0]).toBe(
      'its control-plane network ctrl lost every gateway (edge1): the members still reach each other on it, so the gateway loss alone costs no quorum, but the API is unreachable from other networks',
    );
    const app = i.apps[0]!;
    expect(app).toMatchObject({ app: 'shop', left: 0, served: false, sites: [] });
    expect(appRunning(app)).toBe(4);
    // rpn-1 has no modelled gateway: the VM left in az2 stays reachable.
    expect(i.servers).toEqual([{ servers: 'haproxy', total: 2, left: 1, reachable: true }]);
  });

  it('the router itself failing: all 3 members and 6 workers up, the cluster cut off', async () => {
    const { model } = await load(stretched(singleZoneRouter));
    const i = fail(model, 'router:edge1');
    expect(i.zones).toEqual([]);
    expect(i.routers).toEqual([{ name: 'edge1', reason: 'the failed router' }]);
    expect(i.clusters[0]).toMatchObject({ state: 'unreachable', controlPlane: { left: 3, total: 3, quorum: true } });
    expect(i.apps[0]).toMatchObject({ left: 0, served: false });
  });

  it('losing the region loses everything: 0 of 3 members, 0 of 4 replicas', async () => {
    const { model } = await load(stretched(singleZoneRouter));
    const i = fail(model, 'dc-east');
    expect(i.zones).toEqual(['dc-east.az1', 'dc-east.az2', 'dc-east.az3']);
    expect(i.regions).toEqual(['dc-east']);
    expect(i.networks).toEqual([]); // ctrl is gone with its zones, not cut off
    expect(i.clusters[0]).toMatchObject({
      state: 'down',
      reason: 'loses quorum (0 of 3 control-plane members left, majority 2)',
    });
    expect(i.apps[0]).toMatchObject({ left: 0, served: false });
    expect(i.servers).toEqual([{ servers: 'haproxy', total: 2, left: 0, reachable: true }]);
  });

  it('summarises: the cluster does not survive dc-east.az1 nor router edge1; az2 and az3 only degrade it', async () => {
    const { model } = await load(stretched(singleZoneRouter));
    expect(survivesAnyZone(model, 'ocp')).toBe(false);
    const s = clusterSummary(model, 'ocp')!;
    expect(s.zoneBreaks.map((b) => b.domain.id)).toEqual(['dc-east.az1']);
    expect(s.componentBreaks.map((b) => b.domain.id)).toEqual(['edge1']);
    expect(s.siteBreaks.map((b) => b.domain.id)).toEqual(['dc-east']);
    expect(s.degradedBy.map((b) => b.domain.id)).toEqual(['dc-east.az2', 'dc-east.az3']);
    const a = appSummary(model, 'shop')!;
    expect(a.zoneBreaks).toEqual([
      {
        domain: { kind: 'zone', id: 'dc-east.az1' },
        left: 0,
        replicas: 4,
        running: 4,
        reason:
          'its only cluster ocp is unreachable: its API and ingress VIPs (keepalived) are on ctrl, which lost every gateway (edge1)',
      },
    ]);
    expect(a.multiSite).toBe(false);
  });

  it('an HA router over the three zones: any one zone failure leaves the gateway up', async () => {
    const { model } = await load(
      stretched('router edge1 { zones dc-east.az1 dc-east.az2 dc-east.az3  ha  external internet }'),
    );
    expect(fail(model, 'dc-east.az1').routers).toEqual([]);
    expect(fail(model, 'dc-east.az1').clusters[0]!.state).toBe('degraded');
    expect(survivesAnyZone(model, 'ocp')).toBe(true);
    // The logical router as a whole can still fail.
    expect(clusterSummary(model, 'ocp')!.componentBreaks.map((b) => b.domain.id)).toEqual(['edge1']);
  });

  it('a router over two zones that is neither HA nor distributed is assumed lost with either zone', async () => {
    const { model } = await load(stretched('router edge1 { zones dc-east.az1 dc-east.az2  external internet }'));
    expect(fail(model, 'dc-east.az2').routers).toEqual([
      {
        name: 'edge1',
        reason: 'neither HA nor distributed: its one L3 agent may be in dc-east.az2 (worst case assumed)',
      },
    ]);
    expect(fail(model, 'dc-east.az3').routers).toEqual([]);
  });

  it('UPI with an external load balancer off ctrl: losing the gateway cuts the API off, workers on routed networks still serve', async () => {
    const text =
      stretched(singleZoneRouter, 'loadBalancer external api-lb') +
      `network vipnet { kind routed-provider  cidr 10.20.9.0/24  zones dc-east.az1 dc-east.az2 dc-east.az3 }
loadBalancer api-lb { provider haproxy  zones dc-east.az1 dc-east.az2 dc-east.az3  network vipnet  members ocp }
`;
    const { model } = await load(text.replace('install ipi', 'install upi'));
    const i = fail(model, 'dc-east.az1');
    const c = i.clusters[0]!;
    expect(c.state).toBe('degraded');
    expect(c.apiReachable).toBe(false);
    expect(c.reason).toBe(
      'keeps quorum (1 of 3 control-plane members lost, 2 left, majority 2; 4 of 6 workers left; API unreachable from outside ctrl)',
    );
    expect(i.apps[0]).toMatchObject({ left: 4, served: true });
    const lb = fail(model, 'api-lb');
    expect(lb.loadBalancers).toEqual([{ name: 'api-lb', reason: 'the failed load balancer' }]);
    expect(lb.clusters[0]).toMatchObject({
      state: 'unreachable',
      reason: 'is unreachable: its external load balancer api-lb is down (the failed load balancer)',
    });
  });
});

describe('a cluster over two zones', () => {
  const text = `region dc provider openstack { zone az1 zone az2 rtt az1 az2 1ms }
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 }
  workers { perZone 1 }
}
app web { clusters ocp  replicas 2 }
`;
  it("round-robin puts 2 members in az1: its loss leaves 1 of 3 (majority 2), az2's leaves 2", async () => {
    const { model } = await load(text);
    const a1 = fail(model, 'dc.az1');
    expect(a1.clusters[0]).toMatchObject({
      state: 'down',
      controlPlane: { left: 1, total: 3, majority: 2, quorum: false, lostIn: [{ zone: 'dc.az1', members: 2 }] },
    });
    expect(a1.apps).toEqual([
      {
        app: 'web',
        replicas: 2,
        left: 0,
        served: false,
        sites: [],
        clusters: [
          {
            cluster: 'ocp',
            replicas: 2,
            left: 0,
            state: 'down',
            reason:
              "loses quorum (1 of 3 control-plane members left, majority 2): nothing spreads web's replicas over zones (no `spread zones`: Kubernetes spreads only as a preference), so all 2 may have run in dc.az1, and nothing reschedules them",
            frozen: { running: 0, ifSpread: 1 },
          },
        ],
      },
    ]);
    // The az2 worker still runs: its pods keep running, unmanaged.
    expect(a1.clusters[0]!.frozenNodes).toBe(1);
    expect(a1.clusters[0]!.notes).toContain(
      'its 1 surviving worker node runs the pods it has, and the Services keep routing to them, but without quorum nothing is rescheduled, scaled or replaced',
    );
    const a2 = fail(model, 'dc.az2');
    expect(a2.clusters[0]).toMatchObject({
      state: 'degraded',
      workersLeft: 1,
      workersTotal: 2,
      controlPlane: { left: 2, quorum: true },
    });
    expect(a2.apps[0]).toMatchObject({ left: 2, served: true });
    expect(clusterSummary(model, 'ocp')!.zoneBreaks.map((b) => [b.domain.id, b.reason])).toEqual([
      ['dc.az1', 'loses quorum (1 of 3 control-plane members left, majority 2)'],
    ]);
    expect(appSummary(model, 'web')!.zoneBreaks.map((b) => b.reason)).toEqual([
      "its only cluster ocp loses quorum (1 of 3 control-plane members left, majority 2): nothing spreads web's replicas over zones (no `spread zones`: Kubernetes spreads only as a preference), so all 2 may have run in dc.az1, and nothing reschedules them",
    ]);
  });

  it('a cluster whose workers all sit in the failed zone is down although it keeps quorum', async () => {
    const { model } = await load(`region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }
  workers { replicas 3  zone dc.az3 }
}
app web { clusters ocp  replicas 3 }
`);
    const i = fail(model, 'dc.az3');
    expect(i.clusters[0]).toMatchObject({
      state: 'down',
      reason: 'loses all its workers (0 of 3 left)',
      controlPlane: { left: 2, quorum: true },
    });
    expect(i.apps[0]).toMatchObject({ left: 0, served: false });
  });

  it('a compact cluster (no workers) runs its apps on the control plane and survives one zone', async () => {
    const { model } = await load(`region dc provider openstack { zone az1 zone az2 zone az3 }
cluster edge { controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 } }
app web { clusters edge  replicas 2 }
`);
    const i = fail(model, 'dc.az1');
    expect(i.clusters[0]).toMatchObject({ state: 'degraded', schedulableControlPlane: true, workersTotal: 0 });
    expect(i.apps[0]).toMatchObject({ left: 2, served: true });
    expect(survivesAnyZone(model, 'edge')).toBe(true);
  });

  it('a cluster whose zones are unknown goes down with any zone of its region: its members may all be in it', async () => {
    const { model } = await load(`region dc provider openstack { zone az1 zone az2 zone az3 }
cluster floating { controlPlane { replicas 3 } }
app web { clusters floating  replicas 2 }
`);
    const zones = analyseAll(model).filter((i) => i.domain.kind === 'zone');
    expect(
      zones.map((i) => [
        i.domain.id,
        i.clusters.map((c) => `${c.cluster} ${c.state}`),
        i.apps.map((a) => `${a.app} ${a.left}/${a.replicas}`),
      ]),
    ).toEqual([
      ['dc.az1', ['floating down'], ['web 0/2']],
      ['dc.az2', ['floating down'], ['web 0/2']],
      ['dc.az3', ['floating down'], ['web 0/2']],
    ]);
  });

  it('a cluster whose region is unknown (several regions, no zone, no cloud) is reported with no zone', async () => {
    const { model } = await load(`region east provider openstack { zone az1 zone az2 }
region west provider openstack { zone az1 zone az2 }
cluster floating { controlPlane { replicas 3 } }
`);
    expect(analyseAll(model).flatMap((i) => i.clusters)).toEqual([]);
  });
});

describe('two sites active/active with a GSLB (seed 004)', () => {
  it('losing dc-east: ocp-east 0 of 3, shop keeps 3 of 6 via dc-west, its wide IP fails over to lb-west after 15 s', async () => {
    const { model } = await load(seed004);
    const i = fail(model, 'dc-east');
    expect(i.routers).toEqual([
      { name: 'edge-east', reason: 'all its zones fail (dc-east.az1, dc-east.az2, dc-east.az3)' },
    ]);
    expect(i.loadBalancers).toEqual([{ name: 'lb-east', reason: 'all its zones fail (dc-east.az1, dc-east.az2)' }]);
    expect(i.clusters.map((c) => [c.cluster, c.state, c.controlPlane.left, c.controlPlane.total])).toEqual([
      ['ocp-east', 'down', 0, 3],
    ]);
    expect(i.apps.map((a) => [a.app, a.left, a.replicas, a.served, a.sites])).toEqual([
      ['shop', 3, 6, true, ['dc-west']],
      ['billing', 0, 2, false, []],
    ]);
    expect(i.gslbNames).toEqual([
      {
        name: 'shop.example.com',
        app: 'shop',
        gslb: 'gtm',
        total: 2,
        left: 1,
        failsOver: true,
        backends: [
          { loadBalancer: 'lb-east', up: false, reason: 'all its zones fail (dc-east.az1, dc-east.az2)' },
          { loadBalancer: 'lb-west', up: true },
        ],
        detection: { fall: 3, intervalMs: 5000, ms: 15000 },
        record: { record: 'powerdns/gtm/zones/shop.example.com.zone (shop.example.com. LUA A)', ms: 15000 },
      },
      {
        // lb-west fronts no cluster of billing: it never was a backend for this name.
        name: 'billing.example.com',
        app: 'billing',
        gslb: 'gtm',
        total: 1,
        left: 0,
        failsOver: false,
        backends: [{ loadBalancer: 'lb-east', up: false, reason: 'all its zones fail (dc-east.az1, dc-east.az2)' }],
        // gtm declares no check: PowerDNS's defaults, every 5 s, down after one failure.
        record: { record: 'powerdns/gtm/zones/billing.example.com.zone (billing.example.com. LUA A)', ms: 5000 },
      },
    ]);
    expect(i.storage.map((s) => [s.storage, s.outcome, s.dr, s.sitesDown, s.sitesLeft])).toEqual([
      ['orders', 'recent-writes-unavailable', false, ['dc-east'], ['dc-west']],
      ['ledger', 'unavailable', true, ['dc-east'], []],
    ]);
    expect(i.storage[1]!.note).toBe(
      'every site of its data fails (dc-east): unavailable; restore from the backup in dc-west (DR)',
    );
  });

  it('losing dc-west leaves billing alone: lb-west never served it', async () => {
    const { model } = await load(seed004);
    const i = fail(model, 'dc-west');
    expect(i.apps.map((a) => [a.app, a.left, a.sites])).toEqual([['shop', 3, ['dc-east']]]);
    expect(i.gslbNames.map((g) => g.name)).toEqual(['shop.example.com']);
  });

  it('one LTM failing: the cluster behind it keeps running, its share is unreachable, the name fails over', async () => {
    const { model } = await load(seed004);
    const i = fail(model, 'lb-east');
    expect(i.clusters).toEqual([]);
    expect(i.apps[0]!.clusters).toEqual([
      {
        cluster: 'ocp-east',
        replicas: 3,
        left: 0,
        state: 'up',
        reason: 'is reached only through lb-east, which is down',
      },
      { cluster: 'ocp-west', replicas: 3, left: 3, state: 'up' },
    ]);
    expect(i.apps[1]).toMatchObject({
      app: 'billing',
      left: 0,
      served: false,
      reason: '2 replicas run in ocp-east, but gtm has no backend left for it (lb-east: the failed load balancer)',
    });
    expect(i.gslbNames.map((g) => [g.name, g.failsOver, g.left, g.total])).toEqual([
      ['shop.example.com', true, 1, 2],
      ['billing.example.com', false, 0, 1],
    ]);
  });

  it('a zone failure degrades one cluster and moves no traffic', async () => {
    const { model } = await load(seed004);
    const i = fail(model, 'dc-east.az3');
    expect(i.clusters.map((c) => [c.cluster, c.state, c.controlPlane.left, c.workersLeft])).toEqual([
      ['ocp-east', 'degraded', 2, 4],
    ]);
    expect(i.apps.map((a) => [a.app, a.left, a.replicas])).toEqual([
      ['shop', 6, 6],
      ['billing', 2, 2],
    ]);
    expect(i.gslbNames).toEqual([]);
    expect(i.loadBalancers).toEqual([]); // lb-east is in az1 and az2
    expect(i.storage).toEqual([]);
  });

  it('summaries: shop survives any zone or site; billing is down if dc-east, edge-east or lb-east fails', async () => {
    const { model } = await load(seed004);
    const shop = appSummary(model, 'shop')!;
    expect([shop.survivesAnyZone, shop.survivesAnySite, shop.multiSite]).toEqual([true, true, true]);
    const billing = appSummary(model, 'billing')!;
    expect(billing.survivesAnyZone).toBe(true);
    expect(billing.siteBreaks.map((b) => [b.domain.id, b.left, b.replicas])).toEqual([['dc-east', 0, 2]]);
    expect(billing.componentBreaks.map((b) => b.domain.id)).toEqual(['edge-east', 'lb-east']);
  });
});

describe('storage patterns (seed 004)', () => {
  const text = `site a provider openstack { zone z1 zone z2 zone z3 }
site b provider openstack { zone z1 }
site c provider openstack { zone z1 }
cluster ca { controlPlane { replicas 3  zones a.z1 a.z2 a.z3 }  workers { perZone 1 } }
cluster cb { controlPlane { replicas 3  zone b.z1 }  workers { perZone 2 } }
app shop {
  clusters ca cb  replicas 4
  storage orders   { pattern app-async }
  storage images   { pattern infra-async }
  storage ledger   { pattern none  backup b  sites a }
  storage tenants  { pattern partitioned }
  storage accounts { pattern sync  sites a.z1 a.z2 a.z3 }
  storage payments { pattern sync  sites a b }
  storage misc     { sites a b }
}
storage archive { pattern none  sites c }
`;
  it('losing site a: what each pattern leaves', async () => {
    const { model } = await load(text);
    const i = fail(model, 'a');
    expect(i.storage.map((s) => [s.storage, s.outcome, s.dr, s.sitesDown.join(' '), s.sitesLeft.join(' ')])).toEqual([
      ['orders', 'recent-writes-unavailable', false, 'a', 'b'],
      ['images', 'available', false, 'a', 'b'],
      ['ledger', 'unavailable', true, 'a', ''],
      ['tenants', 'partition-unavailable', true, 'a', 'b'],
      ['accounts', 'unavailable', true, 'a.z1 a.z2 a.z3', ''],
      ['payments', 'writes-need-failover', false, 'a', 'b'],
      ['misc', 'unknown', false, 'a', 'b'],
    ]);
    const note = (n: string) => i.storage.find((s) => s.storage === n)!.note;
    expect(note('ledger')).toBe('every site of its data fails (a): unavailable; restore from the backup in b (DR)');
    expect(note('tenants')).toBe(
      'the partition in a is unavailable: DR (no backup outside a: the data is lost until it returns) and a change of the content-based routing rules needed',
    );
    expect(note('payments')).toBe(
      'synchronous replication: no acknowledged write lost, but 1 of 2 replica sites is not a majority (2): writes stop until a failover promotes b (or a witness decides)',
    );
    expect(i.apps[0]).toMatchObject({ left: 2, served: true, sites: ['b'] });
  });

  it('losing one zone of a: only the zone-placed sync storage is touched, and 2 of 3 keep a majority', async () => {
    const { model } = await load(text);
    const i = fail(model, 'a.z1');
    expect(i.storage.map((s) => [s.storage, s.outcome, s.note])).toEqual([
      [
        'accounts',
        'available',
        'synchronous replication: no acknowledged write lost; 2 of 3 replica sites left, a majority (2)',
      ],
    ]);
  });

  it('a one-zone site dies with its zone: archive (no replication, no backup) is lost', async () => {
    const { model } = await load(text);
    const i = fail(model, 'c.z1');
    expect(i.regions).toEqual(['c']);
    expect(i.storage).toEqual([
      {
        storage: 'archive',
        pattern: 'none',
        sitesDown: ['c'],
        sitesLeft: [],
        outcome: 'unavailable',
        dr: true,
        note: 'every site of its data fails (c): unavailable; no backup outside c: the data is lost until it returns',
      },
    ]);
    // cb has every member in b.z1: the zone takes the site and the cluster.
    expect(fail(model, 'b.z1').clusters[0]).toMatchObject({ cluster: 'cb', state: 'down' });
  });
});

describe('VM groups and load balancers through them', () => {
  it('an LTM via one HAProxy VM dies with its zone; one via two VMs in two zones survives', async () => {
    const { model } = await load(`region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp { controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }  workers { perZone 1 } }
servers hap2 { role haproxy  count 2  zones dc.az1 dc.az2  antiAffinity }
servers hap1 { role haproxy  count 1  zone dc.az3 }
loadBalancer lb2 { provider haproxy  via hap2  members ocp }
loadBalancer lb1 { provider haproxy  via hap1  members ocp }
`);
    const z1 = fail(model, 'dc.az1');
    expect(z1.servers).toEqual([{ servers: 'hap2', total: 2, left: 1, reachable: true }]);
    expect(z1.loadBalancers).toEqual([]);
    const z3 = fail(model, 'dc.az3');
    expect(z3.servers).toEqual([{ servers: 'hap1', total: 1, left: 0, reachable: true }]);
    expect(z3.loadBalancers).toEqual([{ name: 'lb1', reason: 'its VM group hap1 has no member left (0 of 1)' }]);
  });
});

describe('scale', () => {
  it("analyses 90 clusters and 270 apps over 3 sites; every zone failure degrades exactly its site's 30 clusters", async () => {
    let text = '';
    for (let r = 0; r < 3; r++) text += `site s${r} provider openstack { zone z1 zone z2 zone z3 }\n`;
    for (let i = 0; i < 90; i++) {
      const r = i % 3;
      text += `cluster c${i} { controlPlane { replicas 3  zones s${r}.z1 s${r}.z2 s${r}.z3 }  workers { perZone 1 } }\n`;
    }
    for (let a = 0; a < 270; a++) text += `app a${a} { clusters c${a % 90} c${(a + 1) % 90}  replicas 4 }\n`;
    const { model } = await load(text);
    const all = analyseAll(model);
    expect(all).toHaveLength(3 + 9);
    for (const i of all.filter((x) => x.domain.kind === 'zone')) {
      expect(i.clusters).toHaveLength(30);
      expect(i.clusters.every((c) => c.state === 'degraded')).toBe(true);
      expect(i.apps.every((a) => a.left === 4)).toBe(true);
    }
    const site = all[0]!;
    expect(site.clusters.filter((c) => c.state === 'down')).toHaveLength(30);
    // Each app spans two neighbouring clusters, so two different sites: 2 of 4 replicas left.
    expect(site.apps.every((a) => a.left === 2 && a.served)).toBe(true);
    expect(site.apps).toHaveLength(180);
  });
});

describe('an app whose unreplicated data is lost', () => {
  it('is listed as unavailable until its data is restored, though its replicas still run elsewhere', async () => {
    const { model } = await loadTopology(`region east { zone a }
region west { zone a }
rtt east west 30ms
cluster ke { controlPlane { replicas 1  zone east.a } }
cluster kw { controlPlane { replicas 1  zone west.a } }
app ledger {
  clusters ke kw  replicas 4
  storage ledger-db { pattern none  sites east  backup west }
}
`);
    const east = analyseAll(model).find((i) => i.domain.id === 'east')!;
    const ledger = east.apps.find((a) => a.app === 'ledger')!;
    expect([ledger.served, ledger.left, ledger.dataUnavailable]).toEqual([
      true,
      2,
      'storage ledger-db: every site of its data fails (east): unavailable; restore from the backup in west (DR)',
    ]);
    const west = analyseAll(model).find((i) => i.domain.id === 'west')!;
    expect(west.apps.find((a) => a.app === 'ledger')?.dataUnavailable).toBeUndefined();
  });
});

describe('members without a zone', () => {
  const region = `region dc provider openstack {\n  zone az1  zone az2  zone az3\n  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms\n}\n`;

  it('share one unknown zone: any zone failure of their region may take all of them, and the quorum', async () => {
    const { model } = await load(
      `${region}cluster k {\n  distribution openshift 4.16\n  controlPlane { replicas 3 }\n  workers { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}\n`,
    );
    for (const zone of ['dc.az1', 'dc.az2', 'dc.az3']) {
      const k = fail(model, zone).clusters.find((c) => c.cluster === 'k')!;
      expect(k.state).toBe('down');
      expect(k.controlPlane).toMatchObject({ total: 3, lost: 3, left: 0, unplaced: 3, quorum: false });
      expect(k.notes).toContain(
        `its 3 control-plane members without a zone are assumed lost with ${zone}: nothing spreads them, and they may all be in that zone (the cloud's default compute zone)`,
      );
    }
    expect(survivesAnyZone(model, model.clusters[0]!)).toBe(false);
  });

  it('the same members spread over the zones survive any one zone', async () => {
    const { model } = await load(
      `${region}cluster k {\n  distribution openshift 4.16\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n  workers { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n}\n`,
    );
    expect(fail(model, 'dc.az1').clusters.find((c) => c.cluster === 'k')!.state).toBe('degraded');
  });

  it('a VM group without zones loses every member with any zone of its region', async () => {
    const { model } = await load(`${region}servers db { role database  count 2  antiAffinity }\n`);
    expect(fail(model, 'dc.az2').servers).toEqual([{ servers: 'db', total: 2, left: 0, reachable: true }]);
  });
});

describe('a cluster that loses quorum keeps running the pods on its surviving nodes', () => {
  const topology = (spread: string, replicas: number) => `region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { zones dc.az1: 2  dc.az2: 1 }
  workers { perZone 2  zones dc.az1 dc.az2 dc.az3 }
}
app web { clusters ocp  replicas ${replicas}${spread} }
`;

  it('with spread zones: 6 replicas over 3 zones, az1 held 2, so 4 keep serving and nothing heals them', async () => {
    const { model } = await load(topology('  spread zones', 6));
    const i = fail(model, 'dc.az1');
    expect(i.clusters[0]).toMatchObject({ state: 'down', serving: false, frozenNodes: 4 });
    expect(i.apps[0]).toMatchObject({ left: 4, served: true, cannotHeal: true });
    expect(i.apps[0]!.clusters[0]!.frozen).toEqual({ running: 4 });
    expect(appSummary(model, 'web')!.zoneBreaks).toEqual([]);
    expect(appSummary(model, 'web')!.zoneFreezes.map((f) => [f.domain.id, f.left, f.replicas])).toEqual([
      ['dc.az1', 4, 6],
    ]);
  });

  it('with spread zones and 7 replicas: a failed zone may hold ceil(7/3) = 3 of them, 4 keep serving', async () => {
    const { model } = await load(topology('  spread zones', 7));
    expect(fail(model, 'dc.az1').apps[0]).toMatchObject({ left: 4, served: true, cannotHeal: true });
  });

  it('without spread zones none is counted: all 6 may have run in az1 (Kubernetes spreads only as a preference)', async () => {
    const { model } = await load(topology('', 6));
    const i = fail(model, 'dc.az1');
    expect(i.apps[0]).toMatchObject({ left: 0, served: false });
    expect(i.apps[0]!.clusters[0]!.frozen).toEqual({ running: 0, ifSpread: 4 });
    expect(appSummary(model, 'web')!.zoneBreaks.map((b) => [b.domain.id, b.ifSpread])).toEqual([['dc.az1', 4]]);
  });

  it('a zone that takes control-plane members but no worker: every replica keeps running', async () => {
    const { model } = await load(`region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { zones dc.az1: 2  dc.az2: 1 }
  workers { perZone 2  zones dc.az2 dc.az3 }
}
app web { clusters ocp  replicas 4 }
`);
    const i = fail(model, 'dc.az1');
    expect(i.apps[0]).toMatchObject({ left: 4, served: true, cannotHeal: true });
    expect(appRunning(i.apps[0]!)).toBe(4);
  });

  it('a cluster that keeps quorum elsewhere heals the app: served, and not cannotHeal', async () => {
    const { model } = await load(`region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp {
  controlPlane { zones dc.az1: 2  dc.az2: 1 }
  workers { perZone 2  zones dc.az2 dc.az3 }
}
cluster ocp-b {
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }
  workers { perZone 1 }
}
app web { clusters ocp ocp-b  replicas 4 }
`);
    const i = fail(model, 'dc.az1');
    expect(i.apps[0]).toMatchObject({ left: 4, served: true });
    expect(i.apps[0]!.cannotHeal).toBeUndefined();
    expect(appSummary(model, 'web')!.zoneFreezes).toEqual([]);
  });

  it('behind a GSLB, the health check of a frozen cluster still passes where its pods run', async () => {
    const { model } = await load(`site a provider openstack { zone z1 zone z2 zone z3 }
site b provider openstack { zone z1 zone z2 zone z3 }
cluster ca {
  controlPlane { zones a.z1: 2  a.z2: 1 }
  workers { perZone 2  zones a.z2 a.z3 }
}
cluster cb {
  controlPlane { replicas 3  zones b.z1 b.z2 b.z3 }
  workers { perZone 1 }
}
loadBalancer lb-a { provider f5  zones a.z2 a.z3  members ca }
loadBalancer lb-b { provider f5  zones b.z1 b.z2  members cb }
gslb gtm { provider powerdns  backends lb-a lb-b }
app shop { clusters ca cb  replicas 4  gslb gtm  url "shop.example.com" }
`);
    const i = fail(model, 'a.z1');
    expect(i.apps[0]).toMatchObject({ left: 4, served: true });
    expect(i.gslbNames).toEqual([]);
  });
});
