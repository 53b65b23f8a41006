import { describe, expect, it } from 'vitest';
import { load, seed004 } from '../../test/support/index.js';
import { analyse, findDomain } from './failure.js';
import { renderDetail, renderTable } from './report.js';

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
API cut: quorum holds, the API is unreachable from other networks. A cluster without workers
serves nothing; one without quorum serves only the replicas running on its surviving nodes
(all of them may have run in the failed zone unless the app declares \`spread zones\`), and
heals none; a surviving cluster reschedules its share of an app.

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
    const { model } = await load(seed004);
    expect(renderTable(model)).toBe(expectedTable);
  });

  it('fits a 100-column terminal and is deterministic', async () => {
    const { model } = await load(seed004);
    const text = renderTable(model);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    const again = await load(seed004);
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
      'c0 1/3 LOST',
      'c1 1/3 LOST',
      'c2 1/3 LOST',
      'c3 1/3 LOST',
      'c4 1/3 LOST',
      '+3 more',
    ]);
    const az3 = lines.findIndex((l) => l.startsWith('zone dc.az3'));
    expect(lines.slice(az3, az3 + 3).map((l) => l.slice(19, 39).trimEnd())).toEqual([
      'a-cluster-with-a-ver',
      'y-long-name-indeed',
      '0/3 LOST',
    ]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(100);
  });
});

describe('renderDetail (topo simulate --fail)', () => {
  it('explains a site failure: what goes down with it, quorum figures, replicas per cluster, failover time, data', async () => {
    const { model } = await load(seed004);
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
    expect(text).toContain(
      '  shop: 3 of 6 replicas served, via dc-west\n    ocp-east: 0 of 3 — loses quorum (0 of 3 control-plane members left, majority 2)\n    ocp-west: 3 of 3\n',
    );
    expect(text).toContain('  [DOWN] billing: 0 of 2 replicas served\n');
    expect(text).toContain(
      '  shop.example.com (gtm): 1 of 2 backends left, fails over to lb-west; detected after about 15 s\n      (fall 3 × 5 s). Down: lb-east — all its zones fail (dc-east.az1, dc-east.az2)\n',
    );
    expect(text).toContain(
      '  ledger (app billing) none: every site of its data fails (dc-east): unavailable; restore from\n      the backup in dc-west (DR)\n',
    );
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });

  it('explains a router failure: quorum holds on the L2, the cluster is cut off', async () => {
    const { model } = await load(seed004);
    const text = renderDetail(model, analyse(model, findDomain(model, 'router:edge-east')!));
    expect(text).toContain(
      'Networks without a gateway\n  net-east: every gateway down (edge-east); machines on it reach each other but nothing outside\n',
    );
    expect(text).toContain('    control plane: 3 of 3 members left, majority 2: keeps quorum\n');
    expect(text).toContain(
      '    note: its control-plane network net-east lost every gateway (edge-east): the members still\n        reach each other on it, so the gateway loss alone costs no quorum, but the API is\n        unreachable from other networks\n',
    );
  });

  it('says so when nothing depends on the failed domain', async () => {
    const { model } = await load('region dc provider openstack { zone az1 zone az2 zone az3 }\n');
    const text = renderDetail(model, analyse(model, findDomain(model, 'dc.az2')!));
    expect(text).toContain('Nothing declared depends on it: every cluster, app, network and name keeps working.');
  });
});
