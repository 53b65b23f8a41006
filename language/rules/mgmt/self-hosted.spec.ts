import { describe, expect, it } from 'vitest';
import { findingsOf } from '../../../test/support/index.js';

const rule = 'mgmt/self-hosted';
const regions = `region dc-east provider openstack { zone az1 }\nregion dc-west provider openstack { zone az1 }\nregion vmw provider vsphere { zone rack1 }\n`;
const messages = async (mgmt: string) =>
  (await findingsOf(rule, `${regions}management ctl { ${mgmt}  nodes 6  hosts 3 }\n`)).hits.map(
    (h) => `${h.severity}: ${h.message}`,
  );

describe('mgmt/self-hosted', () => {
  it('fires when hosted on a region it manages', async () => {
    expect(await messages('hostedOn dc-east  manages dc-east dc-west')).toEqual([
      'error: management ctl is hosted on dc-east, an OpenStack region it manages: when dc-east is down its own control plane cannot be started or repaired; host it on a separate management cluster',
    ]);
  });

  it('does not fire when hosted on another OpenStack region or on a vSphere management cluster', async () => {
    expect(await messages('hostedOn dc-west  manages dc-east')).toEqual([]);
    expect(await messages('hostedOn vmw  manages dc-east dc-west')).toEqual([]);
    expect(await messages('hostedOn vsphere  manages dc-east')).toEqual([]);
  });

  it('without manages, takes every OpenStack region as managed', async () => {
    expect(await messages('hostedOn dc-west')).toEqual([
      'error: management ctl is hosted on dc-west, an OpenStack region it manages (without `manages`, it manages every OpenStack region): when dc-west is down its own control plane cannot be started or repaired; host it on a separate management cluster',
    ]);
    expect(await messages('hostedOn vmw')).toEqual([]);
  });

  it('says it cannot check an OpenStack host without a region (info)', async () => {
    expect(await messages('hostedOn openstack  manages dc-east')).toEqual([
      'info: management ctl is hosted on an OpenStack that is not named: name its region (`hostedOn <region>`) so topo can check it is not dc-east',
    ]);
  });
});
