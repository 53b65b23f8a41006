import { setProps } from '../common/edits.js';
import { defineRule } from '../types.js';
import { unique } from '../../model/lists.js';
import { zoneIds } from '../common/attachments.js';

export const routerSpof = defineRule({
  id: 'net/router-spof',
  title: 'Router serving several zones is neither HA nor distributed',
  severity: 'warning',
  description:
    'Reports a router that serves two or more zones (its own zones and those of the networks it is the gateway or an interface of) without `ha` (VRRP) or `distributed` (DVR).',
  rationale:
    "A Neutron router that is neither HA nor distributed is one namespace on one L3 agent, in one zone: when that agent's node or zone fails, every network behind the router loses its routing, in every zone it serves. An HA router keeps a standby instance on other L3 agents (keepalived VRRP) and fails over; a distributed router routes east-west and floating-IP traffic on each compute node (its default SNAT still runs on one node unless the router is also HA).",
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
  reads: 'infrastructure',
  check({ model, report }) {
    for (const router of model.routers) {
      if (router.ha || router.distributed) continue;
      const served = unique([...router.zones, ...router.interfaces.flatMap((n) => n.zones)]);
      if (served.length < 2) continue;
      const through = router.interfaces.length
        ? ` (${router.zones.length ? 'its zones and ' : ''}network${router.interfaces.length === 1 ? '' : 's'} ${router.interfaces.map((n) => n.name).join(', ')})`
        : '';
      const edits = setProps(router, [{ text: 'ha' }]);
      // The only gateway of a stretched L2 network is l2/gateway-spof's finding there too: say that
      // the two are one problem with one fix, and point at the network.
      const stretched = model.networks.filter(
        (n) =>
          n.netKind === 'stretched-l2' && n.gateways.length === 1 && n.gateways[0] === router && n.zones.length > 1,
      );
      const same = stretched.length
        ? `; it is also the only gateway of stretched network${stretched.length === 1 ? '' : 's'} ${stretched.map((n) => n.name).join(', ')} (l2/gateway-spof): one problem, and making it ha across those zones fixes both`
        : '';
      report({
        message: `router ${router.name} serves ${served.length} zones, ${zoneIds(served)}${through}, but is neither ha nor distributed: one L3 agent routes for all of them, so losing its node or zone cuts them all off${same}`,
        loc: router.nameLoc,
        related: stretched.map((n) => ({
          loc: n.nameLoc,
          message: `${router.name} is the only gateway of stretched network ${n.name}`,
        })),
        fixes: edits ? [{ title: `Make ${router.name} an HA router (VRRP)`, edits, preferred: true }] : [],
      });
    }
  },
});
