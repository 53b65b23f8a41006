import { setProps } from '../shared/edits.js';
import { defineRule } from '../types.js';
import { unique } from '../../model/lists.js';
import { zoneIds } from '../shared/attachments.js';

export const routerSpof = defineRule({
  id: 'net/router-spof',
  title: 'Router serving several zones is neither HA nor distributed',
  severity: 'warning',
  description:
    'Reports a router that serves two or more zones (its own zones and those of the networks it is the gateway or an interface of) without `ha` (VRRP) or `distributed` (DVR).',
  rationale:
    'A Neutron router that is neither HA nor distributed is one namespace on one L3 agent, in one zone: when that agent\'s node or zone fails, every network behind the router loses its routing, in every zone it serves. An HA router keeps a standby instance on other L3 agents (keepalived VRRP) and fails over; a distributed router routes east-west and floating-IP traffic on each compute node (its default SNAT still runs on one node unless the router is also HA).',
  sources: ['neutron-router-ha'],
  fix: 'Make the router HA: add `ha`.',
  examples: {
    fires: `region dc provider openstack { zone az1 zone az2 }
router r1 { zone dc.az1 }
network n1 { kind overlay  zones dc.az1 dc.az2  gateway r1 }`,
    passes: `region dc provider openstack { zone az1 zone az2 }
router r1 { ha  zones dc.az1 dc.az2 }
network n1 { kind overlay  zones dc.az1 dc.az2  gateway r1 }`,
  },
  check({ model, report }) {
    for (const router of model.routers) {
      if (router.ha || router.distributed) continue;
      const served = unique([...router.zones, ...router.interfaces.flatMap((n) => n.zones)]);
      if (served.length < 2) continue;
      const through = router.interfaces.length ? ` (${router.zones.length ? 'its zones and ' : ''}network${router.interfaces.length === 1 ? '' : 's'} ${router.interfaces.map((n) => n.name).join(', ')})` : '';
      const edits = setProps(router, [{ text: 'ha' }]);
      report({
        message: `router ${router.name} serves ${served.length} zones, ${zoneIds(served)}${through}, but is neither ha nor distributed: one L3 agent routes for all of them, so losing its node or zone cuts them all off`,
        loc: router.nameLoc,
        fixes: edits ? [{ title: `Make ${router.name} an HA router (VRRP)`, edits, preferred: true }] : [],
      });
    }
  },
});
