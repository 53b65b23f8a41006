import type { Network, Router, Zone } from '../../model/types.js';
import { unique } from '../../model/lists.js';
import { attachedTo, zoneIds, type Attached } from '../common/attachments.js';
import { setProps } from '../common/edits.js';
import { defineRule, type Fix } from '../types.js';

export const gatewaySpof = defineRule({
  id: 'l2/gateway-spof',
  title: 'Stretched L2 network with its gateways in one zone',
  severity: 'error',
  description:
    'For every stretched-l2 network spanning two or more zones with machines on it, checks that losing any one zone leaves it a gateway: an `ha` router whose zones span two zones, or gateways in different zones. A gateway that declares no zone is reported as unknown (info), a network without a declared gateway too.',
  rationale:
    'Machines on a stretched L2 network reach every other network through its gateway. When all the gateways live in one zone, losing that zone cuts the machines in the surviving zones off as well: a control plane that would keep its etcd quorum still loses its API clients, its image registry and its peers on other networks. A router that is not `ha` runs on one L3 agent in one of its zones, so it only counts for one zone.',
  sources: ['stretched-l2-gateway', 'neutron-router-ha'],
  fix: "Make the gateway an HA router across the network's zones: add `ha` and set its `zones` to the zones the network spans.",
  examples: {
    fires: `region dc provider openstack { zone az1 zone az2 zone az3 }
router edge1 { zone dc.az1 }
network ctrl { kind stretched-l2  zones dc.az1 dc.az2 dc.az3  gateway edge1 }
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl }
}`,
    passes: `region dc provider openstack { zone az1 zone az2 zone az3 }
router edge1 { ha  zones dc.az1 dc.az2 dc.az3 }
network ctrl { kind stretched-l2  zones dc.az1 dc.az2 dc.az3  gateway edge1 }
cluster ocp {
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl }
}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const net of model.networks) {
      if (net.netKind !== 'stretched-l2') continue;
      const attached = attachedTo(model, net);
      const span = unique([...net.zones, ...attached.flatMap((a) => a.zones)]);
      if (span.length < 2 || !attached.length) continue;
      const head = `stretched network ${net.name} spans ${zoneIds(span)}`;
      const loc = net.props.gateways ?? net.nameLoc;
      if (!net.gateways.length) {
        report({
          severity: 'info',
          message: `${head} but declares no gateway: topo cannot check that ${names(attached)} keep${attached.length === 1 ? 's' : ''} a gateway when a zone fails; name the router that routes it with \`gateway\` (a physical one too)`,
          loc,
        });
        continue;
      }
      const related = net.gateways.map((g) => ({
        loc: g.nameLoc,
        message: `gateway ${g.name} of ${net.name}: ${placement(g)}`,
      }));
      const fixes = net.gateways.flatMap((g, i) => makeHa(g, span, i === 0));
      // For each zone that may fail: does the network keep a gateway, and who outside that zone would lose it?
      const failing = unique([...span, ...net.gateways.flatMap((g) => g.zones)]).map((zone) => ({
        zone,
        keeps: keepsGateway(net, zone),
        cut: attached.filter((a) => a.zones.some((z) => z !== zone)),
      }));
      const lost = failing.filter((f) => f.keeps === false && f.cut.length);
      if (lost.length) {
        const cut = unique(lost.flatMap((f) => f.cut));
        // One non-HA router as the only gateway is net/router-spof's finding too: one problem.
        const only = net.gateways.length === 1 ? net.gateways[0]! : undefined;
        const same =
          only && !only.ha && !only.distributed
            ? ` (router ${only.name} is also the net/router-spof finding: one problem, one fix)`
            : '';
        report({
          message: `${head} but ${gatewaysText(net.gateways)}: if ${lost.map((f) => f.zone.id).join(' or ')} fails, ${names(cut)} ${cut.length === 1 ? 'loses its' : 'lose their'} gateway${same}`,
          loc,
          related,
          fixes,
        });
        continue;
      }
      const unknown = net.gateways.filter((g) => !g.zones.length);
      if (failing.some((f) => f.keeps === undefined && f.cut.length)) {
        report({
          severity: 'info',
          message: `${head} but its gateway${unknown.length === 1 ? '' : 's'} ${unknown.map((g) => g.name).join(', ')} declare${unknown.length === 1 ? 's' : ''} no zone: topo cannot tell whether ${names(attached)} keep${attached.length === 1 ? 's' : ''} a gateway when a zone fails`,
          loc,
          related,
          fixes,
        });
      }
    }
  },
});

/** Whether a router still routes after `lost` fails; undefined when its zone is unknown. */
function survives(router: Router, lost: Zone): boolean | undefined {
  if (!router.zones.length) return undefined;
  // An HA router has instances in each of its zones; any other runs in one of them, maybe `lost`.
  return router.ha ? router.zones.some((z) => z !== lost) : !router.zones.includes(lost);
}

function keepsGateway(net: Network, lost: Zone): boolean | undefined {
  const each = net.gateways.map((g) => survives(g, lost));
  if (each.includes(true)) return true;
  return each.includes(undefined) ? undefined : false;
}

function placement(router: Router): string {
  if (!router.zones.length) return 'declares no zone';
  if (router.zones.length === 1) return `is in ${router.zones[0]!.id}`;
  return router.ha ? `is HA across ${zoneIds(router.zones)}` : `is not ha and runs in one of ${zoneIds(router.zones)}`;
}

function gatewaysText(gateways: Router[]): string {
  if (gateways.length === 1) return `its only gateway ${gateways[0]!.name} ${placement(gateways[0]!)}`;
  const zones = unique(gateways.flatMap((g) => g.zones));
  if (zones.length === 1 && gateways.every((g) => g.zones.length === 1))
    return `its gateways ${gateways.map((g) => g.name).join(', ')} are all in ${zones[0]!.id}`;
  return `its gateways ${gateways.map((g) => `${g.name} ${placement(g)}`).join(', ')}`;
}

function names(attached: Attached[]): string {
  return attached.map((a) => a.what).join(', ');
}

/** `ha` plus `zones` covering the router's zones and the network's. */
function makeHa(router: Router, span: Zone[], preferred: boolean): Fix[] {
  const zones = unique([...router.zones, ...span]);
  const edits = setProps(router, [
    ...(router.ha ? [] : [{ text: 'ha' }]),
    { prop: 'zones', text: `zones ${zones.map((z) => z.id).join(' ')}` },
  ]);
  if (!edits) return [];
  return [{ title: `Make ${router.name} an HA router across ${zoneIds(zones)}`, edits, preferred }];
}
