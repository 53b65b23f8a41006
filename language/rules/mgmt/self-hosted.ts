import type { Management, Region, TopoModel } from '../../model/types.js';
import { defineRule } from '../types.js';

export const selfHosted = defineRule({
  id: 'mgmt/self-hosted',
  title: 'OpenStack control plane hosted on the cloud it manages',
  severity: 'error',
  description:
    'Reports a management plane (`management`) hosted on a region it manages. Without `manages`, it manages every OpenStack region of the topology. Hosted on `openstack` without naming the region, it cannot be checked (info).',
  rationale:
    'The OpenStack control plane (APIs, scheduler, database, message queue) is what starts, moves and repairs instances. Hosted as instances of the cloud it runs, it cannot be started, restored or repaired when that cloud is down: an outage of the control plane locks itself out, and instances already running on nova-compute cannot be adopted by a rebuilt one. Seed 002 therefore runs it on a separate management cluster (vSphere, KVM, Hyper-V ...).',
  sources: ['management-plane'],
  examples: {
    fires: `region dc-east provider openstack { zone az1 }
management ctl { hostedOn dc-east  manages dc-east  nodes 6  hosts 3 }`,
    passes: `region dc-east provider openstack { zone az1 }
region mgmt provider vsphere { zone rack1 }
management ctl { hostedOn mgmt  manages dc-east  nodes 6  hosts 3 }`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const m of model.managements) {
      const host = m.hostedOn;
      if (!host) continue;
      const managed = managedRegions(model, m);
      const loc = m.props.hostedOn ?? m.nameLoc;
      if (host.region && managed.includes(host.region)) {
        report({
          message: `management ${m.name} is hosted on ${host.region.name}, an OpenStack region it manages${m.manages.length ? '' : ' (without `manages`, it manages every OpenStack region)'}: when ${host.region.name} is down its own control plane cannot be started or repaired; host it on a separate management cluster`,
          loc,
        });
      } else if (!host.region && host.platform === 'openstack') {
        report({
          severity: 'info',
          message: `management ${m.name} is hosted on an OpenStack that is not named: name its region (\`hostedOn <region>\`) so topo can check it is not ${managed.length ? managed.map((r) => r.name).join(', ') : 'a cloud it manages'}`,
          loc,
        });
      }
    }
  },
});

/** The regions a management plane declares, else every OpenStack region of the topology. */
function managedRegions(model: TopoModel, m: Management): Region[] {
  return m.manages.length ? m.manages : model.regions.filter((r) => r.provider === 'openstack');
}
