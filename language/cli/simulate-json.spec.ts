import { describe, expect, it } from 'vitest';
import { load, seed004 } from '../../test/support/index.js';
import { analyseAll } from '../analysis/failure.js';
import { impactJson, renderJson, toJson } from './simulate-json.js';

describe('JSON (topo simulate --json)', () => {
  it('has a stable key order and the figures of the table', async () => {
    const { model } = await load(seed004);
    const json = toJson(model) as {
      format: string;
      topology: string;
      failures: Record<string, unknown>[];
      clusters: unknown[];
      apps: unknown[];
    };
    expect(Object.keys(json)).toEqual(['format', 'topology', 'failures', 'clusters', 'apps']);
    expect(json.format).toBe('topo-simulate/1');
    expect(json.failures).toHaveLength(12);
    expect(Object.keys(json.failures[0]!)).toEqual([
      'kind',
      'domain',
      'zonesDown',
      'regionsDown',
      'routersDown',
      'loadBalancersDown',
      'networksWithoutGateway',
      'clusters',
      'apps',
      'gslbNames',
      'servers',
      'storage',
    ]);
    const east = json.failures[0] as {
      clusters: Record<string, unknown>[];
      apps: Record<string, unknown>[];
      gslbNames: Record<string, unknown>[];
    };
    expect(Object.keys(east.clusters[0]!)).toEqual([
      'cluster',
      'state',
      'serving',
      'reason',
      'controlPlane',
      'apiReachable',
      'workersTotal',
      'workersLeft',
      'schedulableControlPlane',
      'workers',
      'notes',
    ]);
    expect(east.clusters[0]!.controlPlane).toEqual({
      total: 3,
      lost: 3,
      left: 0,
      majority: 2,
      quorum: false,
      lostIn: [
        { zone: 'dc-east.az1', members: 1 },
        { zone: 'dc-east.az2', members: 1 },
        { zone: 'dc-east.az3', members: 1 },
      ],
      unplaced: 0,
      cutNetwork: null,
    });
    expect(east.apps.map((a) => [a.app, a.left, a.replicas, a.served, a.sites, a.reason])).toEqual([
      ['shop', 3, 6, true, ['dc-west'], null],
      [
        'billing',
        0,
        2,
        false,
        [],
        'its only cluster ocp-east loses quorum (0 of 3 control-plane members left, majority 2)',
      ],
    ]);
    expect(east.gslbNames[0]).toEqual({
      name: 'shop.example.com',
      app: 'shop',
      gslb: 'gtm',
      total: 2,
      left: 1,
      failsOver: true,
      detectionMs: 15000,
      record: 'powerdns/gtm/zones/shop.example.com.zone (shop.example.com. LUA A)',
      recordMovesAfterMs: 15000,
      backends: [
        { loadBalancer: 'lb-east', up: false, reason: 'all its zones fail (dc-east.az1, dc-east.az2)' },
        { loadBalancer: 'lb-west', up: true, reason: null },
      ],
    });
    expect(json.apps).toEqual([
      {
        app: 'shop',
        replicas: 6,
        survivesAnyZone: true,
        survivesAnySite: true,
        zoneBreaks: [],
        siteBreaks: [],
        componentBreaks: [],
        zoneFreezes: [],
        siteFreezes: [],
      },
      {
        app: 'billing',
        replicas: 2,
        survivesAnyZone: true,
        survivesAnySite: false,
        zoneBreaks: [],
        siteBreaks: [
          {
            kind: 'region',
            domain: 'dc-east',
            left: 0,
            replicas: 2,
            running: 0,
            reason: 'its only cluster ocp-east loses quorum (0 of 3 control-plane members left, majority 2)',
          },
        ],
        componentBreaks: [
          {
            kind: 'router',
            domain: 'edge-east',
            left: 0,
            replicas: 2,
            running: 2,
            reason:
              'its only cluster ocp-east is unreachable: its API and ingress VIPs (keepalived) are on net-east, which lost every gateway (edge-east)',
          },
          {
            kind: 'loadBalancer',
            domain: 'lb-east',
            left: 0,
            replicas: 2,
            running: 2,
            reason:
              '2 replicas run in ocp-east, but gtm has no backend left for it (lb-east: the failed load balancer)',
          },
        ],
        zoneFreezes: [],
        siteFreezes: [],
      },
    ]);
  });

  it('renders identical bytes for the same model and round-trips through JSON.parse', async () => {
    const { model } = await load(seed004);
    const text = renderJson(model);
    expect(text.endsWith('}\n')).toBe(true);
    expect(renderJson((await load(seed004)).model)).toBe(text);
    expect(JSON.parse(text)).toEqual(toJson(model));
    // One failure on its own (for --fail --json) is the same object as in the list.
    expect(impactJson(analyseAll(model)[0]!)).toEqual((toJson(model) as { failures: unknown[] }).failures[0]);
  });
});
