import { describe, expect, it } from 'vitest';
import { load, seed004 } from '../../test/support/index.js';
import { appSurvival, clusterSurvival } from './survivability-text.js';

describe('survivability lenses', () => {
  it('lenses: clusters that survive any zone, apps that survive any zone or site, and those that do not', async () => {
    const { model } = await load(seed004);
    expect(clusterSurvival(model, 'ocp-east')).toBe('survives any one zone; unreachable if router edge-east fails');
    expect(appSurvival(model, 'shop')).toBe('survives any one zone or site');
    expect(appSurvival(model, 'billing')).toBe(
      'survives any one zone; down if dc-east fails: 0 of 2 replicas left (also router edge-east, load balancer lb-east)',
    );
  });

  it('lenses on a cluster over two zones and a one-site app', async () => {
    const { model } = await load(`region dc provider openstack { zone az1 zone az2 zone az3 }
cluster ocp { controlPlane { replicas 3  zones dc.az1 dc.az2 }  workers { perZone 1 } }
cluster ok3 { controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }  workers { perZone 1 } }
cluster bad { controlPlane { replicas 3  zone dc.az1 } }
app web { clusters ocp  replicas 2 }
app api { clusters ok3  replicas 2 }
`);
    expect(clusterSurvival(model, 'ocp')).toBe('loses quorum if dc.az1 fails');
    expect(clusterSurvival(model, 'ok3')).toBe('survives any one zone');
    expect(clusterSurvival(model, 'bad')).toBe('loses quorum if dc.az1 fails');
    expect(appSurvival(model, 'web')).toBe('down if dc.az1 fails: 0 of 2 replicas left');
    expect(appSurvival(model, 'api')).toBe('survives any one zone (one site only)');
  });
});
