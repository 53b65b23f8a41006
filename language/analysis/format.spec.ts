import { describe, expect, it } from 'vitest';
import { load } from '../../test/helpers.js';
import { analyse, analyseAll, findDomain } from './failure.js';
import { appLens, clusterLens, failureHover, impactJson, renderDetail, renderJson, renderTable, toJson } from './format.js';
import { twoSites } from './fixture.js';

const expectedTable = `Single failures of retail: 12 (2 regions, 6 zones, 2 routers, 2 load balancers)

FAILURE            CONTROL PLANES        APPS SERVED           NO GATEWAY   GSLB FAILOVER
-----------------  --------------------  --------------------  -----------  ------------------------
site dc-east       ocp-east 0/3 LOST     shop 3/6 via dc-west  -            shop.example.com
                                         billing 0/2 DOWN                     → lb-west
                                                                            billing.example.com
                                                                              NO BACKEND LEFT
site dc-west       ocp-west 0/3 LOST     shop 3/6 via dc-east  -            shop.example.com
                                                                              → lb-east
zone dc-east.az1   ocp-east 2/3 ok       shop 6/6              -            -
                                         billing 2/2
zone dc-east.az2   ocp-east 2/3 ok       shop 6/6              -            -
                                         billing 2/2
zone dc-east.az3   ocp-east 2/3 ok       shop 6/6              -            -
                                         billing 2/2
zone dc-west.az1   ocp-west 2/3 ok       shop 6/6              -            -
zone dc-west.az2   ocp-west 2/3 ok       shop 6/6              -            -
zone dc-west.az3   ocp-west 2/3 ok       shop 6/6              -            -
router edge-east   ocp-east 3/3 CUT OFF  shop 3/6 via dc-west  net-east     shop.example.com
                                         billing 0/2 DOWN                     → lb-west
                                                                            billing.example.com
                                                                              NO BACKEND LEFT
router edge-west   ocp-west 3/3 CUT OFF  shop 3/6 via dc-east  net-west     shop.example.com
                                                                              → lb-east
lb lb-east         -                     shop 3/6 via dc-west  -            shop.example.com
                                         billing 0/2 DOWN                     → lb-west
                                                                            billing.example.com
                                                                              NO BACKEND LEFT
lb lb-west         -                     shop 3/6 via dc-east  -            shop.example.com
                                                                              → lb-east

n/m: control-plane members or app replicas left of total. LOST: quorum lost, fewer than
floor(n/2)+1 members left. CUT OFF: running, unreachable (gateways or load balancer down).
API cut: quorum holds, the API is unreachable from other networks. A cluster without quorum
or workers serves nothing; a surviving cluster reschedules its share of an app.

Data
  dc-east: orders (app shop) app-async: application async replication: served from dc-west; writes
    made in dc-east and not yet replicated are unavailable until it returns; no DR needed
  dc-east: ledger (app billing) none: every site of its data fails (dc-east): unavailable; restore
    from the backup in dc-west (DR)
  dc-west: orders (app shop) app-async: application async replication: served from dc-east; writes
    made in dc-west and not yet replicated are unavailable until it returns; no DR needed

cluster ocp-east: survives any one zone; unreachable if router edge-east fails
cluster ocp-west: survives any one zone; unreachable if router edge-west fails
app shop: survives any one zone or site
app billing: survives any one zone; down if dc-east fails: 0 of 2 replicas left (also router
    edge-east, load balancer lb-east)
`;

describe('renderTable (topo simulate)', () => {
  it('renders one row per single failure, the data lost and a per-cluster/per-app summary', async () => {
    const { model } = await load(twoSites);
    expect(renderTable(model)).toBe(expectedTable);
  });

  it('fits a 100-column terminal and is deterministic', async () => {
    const { model } = await load(twoSites);
    const text = renderTable(model);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    const again = await load(twoSites);
    expect(renderTable(again.model)).toBe(text);
  });

  it('caps long cells with +N more and wraps long names', async () => {
    let text = 'region dc provider openstack { zone az1 zone az2 zone az3 }\n';
    for (let i = 0; i < 8; i++) text += `cluster c${i} { controlPlane { replicas 3  zones dc.az1 dc.az2 } }\n`;
    text += 'cluster a-cluster-with-a-very-long-name-indeed { controlPlane { replicas 3  zone dc.az3 } }\n';
    const { model } = await load(text);
    const lines = renderTable(model).split('\n');
    const az1 = lines.findIndex((l) => l.startsWith('zone dc.az1'));
    expect(lines.slice(az1, az1 + 6).map((l) => l.slice(19, 39).trimEnd())).toEqual([
      'c0 1/3 LOST', 'c1 1/3 LOST', 'c2 1/3 LOST', 'c3 1/3 LOST', 'c4 1/3 LOST', '+3 more',
    ]);
    const az3 = lines.findIndex((l) => l.startsWith('zone dc.az3'));
    expect(lines.slice(az3, az3 + 3).map((l) => l.slice(19, 39).trimEnd())).toEqual(['a-cluster-with-a-ver', 'y-long-name-indeed', '0/3 LOST']);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });
});

describe('renderDetail (topo simulate --fail)', () => {
  it('explains a site failure: what goes down with it, quorum figures, replicas per cluster, failover time, data', async () => {
    const { model } = await load(twoSites);
    const text = renderDetail(model, analyse(model, findDomain(model, 'dc-east')!));
    expect(text.split('\n').slice(0, 12)).toEqual([
      'If dc-east fails: site dc-east (zones dc-east.az1, dc-east.az2, dc-east.az3)',
      '',
      'Down with it',
      '  router edge-east: all its zones fail (dc-east.az1, dc-east.az2, dc-east.az3)',
      '  load balancer lb-east: all its zones fail (dc-east.az1, dc-east.az2)',
      '',
      'Clusters',
      '  [DOWN] ocp-east loses quorum (0 of 3 control-plane members left, majority 2)',
      '    control plane: 0 of 3 members left, majority 2: quorum LOST (lost: 1 in dc-east.az1, 1 in',
      '        dc-east.az2, 1 in dc-east.az3)',
      '    workers worker: 0 of 6 left',
      '',
    ]);
    expect(text).toContain('  shop: 3 of 6 replicas served, via dc-west\n    ocp-east: 0 of 3 — loses quorum (0 of 3 control-plane members left, majority 2)\n    ocp-west: 3 of 3\n');
    expect(text).toContain('  [DOWN] billing: 0 of 2 replicas served\n');
    expect(text).toContain('  shop.example.com (gtm): 1 of 2 backends left, fails over to lb-west; detected after about 15 s\n      (fall 3 × 5 s). Down: lb-east — all its zones fail (dc-east.az1, dc-east.az2)\n');
    expect(text).toContain('  ledger (app billing) none: every site of its data fails (dc-east): unavailable; restore from\n      the backup in dc-west (DR)\n');
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it('explains a router failure: quorum holds on the L2, the cluster is cut off', async () => {
    const { model } = await load(twoSites);
    const text = renderDetail(model, analyse(model, findDomain(model, 'router:edge-east')!));
    expect(text).toContain('Networks without a gateway\n  net-east: every gateway down (edge-east); machines on it reach each other but nothing outside\n');
    expect(text).toContain('    control plane: 3 of 3 members left, majority 2: keeps quorum\n');
    expect(text).toContain('    note: its control-plane network net-east lost every gateway (edge-east): the members still\n        reach each other on it, so the gateway loss alone costs no quorum, but the API is\n        unreachable from other networks\n');
  });

  it('says so when nothing depends on the failed domain', async () => {
    const { model } = await load('region dc provider openstack { zone az1 zone az2 zone az3 }\n');
    const text = renderDetail(model, analyse(model, findDomain(model, 'dc.az2')!));
    expect(text).toContain('Nothing declared depends on it: every cluster, app, network and name keeps working.');
  });
});

describe('JSON (topo simulate --json)', () => {
  it('has a stable key order and the figures of the table', async () => {
    const { model } = await load(twoSites);
    const json = toJson(model) as { format: string; topology: string; failures: Record<string, unknown>[]; clusters: unknown[]; apps: unknown[] };
    expect(Object.keys(json)).toEqual(['format', 'topology', 'failures', 'clusters', 'apps']);
    expect(json.format).toBe('topo-simulate/1');
    expect(json.failures).toHaveLength(12);
    expect(Object.keys(json.failures[0]!)).toEqual([
      'kind', 'domain', 'zonesDown', 'regionsDown', 'routersDown', 'loadBalancersDown', 'networksWithoutGateway',
      'clusters', 'apps', 'gslbNames', 'servers', 'storage',
    ]);
    const east = json.failures[0] as { clusters: Record<string, unknown>[]; apps: Record<string, unknown>[]; gslbNames: Record<string, unknown>[] };
    expect(Object.keys(east.clusters[0]!)).toEqual([
      'cluster', 'state', 'serving', 'reason', 'controlPlane', 'apiReachable', 'workersTotal', 'workersLeft', 'schedulableControlPlane', 'workers', 'notes',
    ]);
    expect(east.clusters[0]!.controlPlane).toEqual({
      total: 3, lost: 3, left: 0, majority: 2, quorum: false,
      lostIn: [{ zone: 'dc-east.az1', members: 1 }, { zone: 'dc-east.az2', members: 1 }, { zone: 'dc-east.az3', members: 1 }],
      unplaced: 0, cutNetwork: null,
    });
    expect(east.apps.map((a) => [a.app, a.left, a.replicas, a.served, a.sites, a.reason])).toEqual([
      ['shop', 3, 6, true, ['dc-west'], null],
      ['billing', 0, 2, false, [], 'its only cluster ocp-east loses quorum (0 of 3 control-plane members left, majority 2)'],
    ]);
    expect(east.gslbNames[0]).toEqual({
      name: 'shop.example.com', app: 'shop', gslb: 'gtm', total: 2, left: 1, failsOver: true, detectionMs: 15000,
      record: 'powerdns/gtm/zones/shop.example.com.zone (shop.example.com. LUA A)', recordMovesAfterMs: 15000,
      backends: [
        { loadBalancer: 'lb-east', up: false, reason: 'all its zones fail (dc-east.az1, dc-east.az2)' },
        { loadBalancer: 'lb-west', up: true, reason: null },
      ],
    });
    expect(json.apps).toEqual([
      { app: 'shop', replicas: 6, survivesAnyZone: true, survivesAnySite: true, zoneBreaks: [], siteBreaks: [], componentBreaks: [] },
      {
        app: 'billing', replicas: 2, survivesAnyZone: true, survivesAnySite: false, zoneBreaks: [],
        siteBreaks: [{ kind: 'region', domain: 'dc-east', left: 0, replicas: 2, running: 0, reason: 'its only cluster ocp-east loses quorum (0 of 3 control-plane members left, majority 2)' }],
        componentBreaks: [
          { kind: 'router', domain: 'edge-east', left: 0, replicas: 2, running: 2, reason: 'its only cluster ocp-east is unreachable: its API and ingress VIPs (keepalived) are on net-east, which lost every gateway (edge-east)' },
          { kind: 'loadBalancer', domain: 'lb-east', left: 0, replicas: 2, running: 2, reason: '2 replicas run in ocp-east, but gtm has no backend left for it (lb-east: the failed load balancer)' },
        ],
      },
    ]);
  });

  it('renders identical bytes for the same model and round-trips through JSON.parse', async () => {
    const { model } = await load(twoSites);
    const text = renderJson(model);
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderJson((await load(twoSites)).model)).toBe(text);
    expect(JSON.parse(text)).toEqual(toJson(model));
    // One failure on its own (for --fail --json) is the same object as in the list.
    expect(impactJson(analyseAll(model)[0]!)).toEqual((toJson(model) as { failures: unknown[] }).failures[0]);
  });
});

describe('hovers and code lenses', () => {
  it('hover on a site: what its loss breaks, as markdown with numbers', async () => {
    const { model } = await load(twoSites);
    expect(failureHover(model, 'dc-east')).toBe([
      '**If dc-east fails**',
      '',
      '- cluster **ocp-east** loses quorum (0 of 3 control-plane members left, majority 2)',
      '- app **shop**: 3 of 6 replicas served, via dc-west',
      '- app **billing** DOWN: 0 of 2 replicas served: its only cluster ocp-east loses quorum (0 of 3 control-plane members left, majority 2)',
      '- `shop.example.com` fails over to lb-west after about 15 s',
      '- `billing.example.com`: no GSLB backend left',
      '- storage **orders** (app-async): application async replication: served from dc-west; writes made in dc-east and not yet replicated are unavailable until it returns; no DR needed',
      '- storage **ledger** (none): every site of its data fails (dc-east): unavailable; restore from the backup in dc-west (DR)',
      '- router **edge-east** down: all its zones fail (dc-east.az1, dc-east.az2, dc-east.az3)',
      '- load balancer **lb-east** down: all its zones fail (dc-east.az1, dc-east.az2)',
    ].join('\n'));
  });

  it('hover on a zone: quorum kept with the figures', async () => {
    const { model } = await load(twoSites);
    expect(failureHover(model, 'dc-west.az1', 'zone')).toBe([
      '**If dc-west.az1 fails**',
      '',
      '- cluster **ocp-west** keeps quorum (2 of 3 control-plane members left, majority 2); 4 of 6 workers left',
      '- app **shop**: 6 of 6 replicas served, via dc-east, dc-west',
    ].join('\n'));
    expect(failureHover(model, 'nowhere')).toBeUndefined();
  });

  it('hover on a zone nothing depends on', async () => {
    const { model } = await load('region dc provider openstack { zone az1 zone az2 }\n');
    expect(failureHover(model, 'dc.az1')).toBe('**If dc.az1 fails**: nothing declared depends on it.');
  });

  it('lenses: clusters that survive any zone, apps that survive any zone or site, and those that do not', async () => {
    const { model } = await load(twoSites);
    expect(clusterLens(model, 'ocp-east')).toBe('survives any one zone; unreachable if router edge-east fails');
    expect(appLens(model, 'shop')).toBe('survives any one zone or site');
    expect(appLens(model, 'billing')).toBe('survives any one zone; down if dc-east fails: 0 of 2 replicas left (also router edge-east, load balancer lb-east)');
  });

  it('lenses on a cluster over two zones and a one-site app', async () => {
    const { model } = await load(`region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp { controlPlane { replicas 3  zones dc.az1 dc.az2 }  workers { perZone 1 } }
cluster ok3 { controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }  workers { perZone 1 } }
cluster bad { controlPlane { replicas 3  zone dc.az1 } }
app web { clusters ocp  replicas 2 }
app api { clusters ok3  replicas 2 }
`);
    expect(clusterLens(model, 'ocp')).toBe('loses quorum if dc.az1 fails');
    expect(clusterLens(model, 'ok3')).toBe('survives any one zone');
    expect(clusterLens(model, 'bad')).toBe('loses quorum if dc.az1 fails');
    expect(appLens(model, 'web')).toBe('down if dc.az1 fails: 0 of 2 replicas left');
    expect(appLens(model, 'api')).toBe('survives any one zone (one site only)');
  });
});
