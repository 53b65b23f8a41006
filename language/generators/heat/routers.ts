/**
 * Routers: L3 HA or distributed (Heat refuses both together), the external gateway, interfaces
 * (the gateway router on the subnet's gateway address, any other router through a port of its
 * own), static routes; FWaaS v2, which Heat cannot create, is pointed at terraform/firewall.tf.
 */
import type { Router } from '../../model/types.js';
import { flowSeq, getParam, getResource, seq, ymap, YMap, type YEntry } from '../hot.js';
import { attachmentOf, hasSubnet, openstackProblems, snake, zoneNames } from '../openstack.js';
import { externalParam, networkRef, subnetRef, tags } from './references.js';
import type { HotTemplate } from './template.js';

/** A router, its interfaces (and ports) on its networks' subnets, and its static routes. */
export function addRouter(tpl: HotTemplate, r: Router): void {
  tpl.source(r);
  const comments = [`router ${r.name}${r.zones.length ? ` in ${zoneNames(r.zones).join(', ')}` : ''}`];
  const props: YEntry[] = [{ key: 'name', value: r.name }];
  if (r.ha && r.distributed) {
    comments.push(
      'ha + distributed: Heat refuses both properties together. The router is distributed (DVR); its centralised SNAT part is HA when neutron.conf sets l3_ha = True.',
    );
    props.push({ key: 'distributed', value: true });
  } else {
    if (r.ha) props.push({ key: 'ha', value: true });
    if (r.distributed) props.push({ key: 'distributed', value: true });
  }
  if (r.ha || r.distributed) comments.push("ha / distributed need the admin role under Neutron's default policy.");
  if (r.zones.length) props.push({ key: 'availability_zone_hints', value: flowSeq(...zoneNames(r.zones)) });
  if (r.external) {
    const gw: YEntry[] = [{ key: 'network', value: getParam(externalParam(tpl, r.external)) }];
    if (r.snat !== undefined) gw.push({ key: 'enable_snat', value: r.snat });
    props.push({ key: 'external_gateway_info', value: new YMap(gw) });
  } else if (r.snat !== undefined) {
    tpl.report(...openstackProblems.snatWithoutExternal(r), r);
  }
  props.push({ key: 'tags', value: tags(tpl) });
  if (r.firewall && r.firewall !== 'off' && r.firewall.rules.length) {
    comments.push(
      `Firewall (${r.firewall.rules.length} rules): Heat cannot create FWaaS v2 (its OS::Neutron::Firewall* resources need FWaaS v1, removed from Neutron in Stein). The firewall group, policy and rules of this router are in the Terraform output: terraform/firewall.tf.`,
    );
  }
  const id = tpl.routerId(r);
  tpl.addResource(id, 'OS::Neutron::Router', new YMap(props), { comments });
  const interfaces: string[] = [];
  for (const n of r.interfaces) {
    if (!hasSubnet(tpl.model, n)) continue; // no subnet to attach
    const a = attachmentOf(tpl.plan, r, n);
    const iid = tpl.id('interface', `${r.name}-${n.name}`, 'interface');
    interfaces.push(iid);
    if (a.gateway) {
      tpl.addResource(
        iid,
        'OS::Neutron::RouterInterface',
        ymap({ router: getResource(id), subnet: subnetRef(tpl, n) }),
      );
      continue;
    }
    const pid = tpl.id('port', `${r.name}-${n.name}`, 'port');
    tpl.addResource(
      pid,
      'OS::Neutron::Port',
      ymap({
        name: `${r.name}-${n.name}`,
        network: networkRef(tpl, n),
        fixed_ips: seq(ymap({ subnet: subnetRef(tpl, n), ip_address: a.ip })),
      }),
      {
        comments: [
          `${r.name} is not the gateway of ${n.name} (${n.gateways[0]?.name ?? 'another router'} is): it joins the subnet through a port of its own${a.ip ? `, ${a.ip}, the next hop of the static routes on ${n.name}` : ''}.`,
        ],
      },
    );
    tpl.addResource(iid, 'OS::Neutron::RouterInterface', ymap({ router: getResource(id), port: getResource(pid) }));
  }
  if (r.routes.length) {
    tpl.addResource(
      tpl.id('routes', r.name, 'routes'),
      'OS::Neutron::ExtraRouteSet',
      ymap({
        router: getResource(id),
        routes: seq(...r.routes.map((x) => ymap({ destination: x.destination, nexthop: x.nexthop }))),
      }),
      {
        comments: ['Static routes (needs the extraroute-atomic extension); the next hops are on the attached subnets.'],
        dependsOn: interfaces,
      },
    );
  }
  tpl.outputs.push({
    key: `${snake(r.name)}_router_id`,
    value: ymap({ description: `ID of router ${r.name}`, value: getResource(id) }),
  });
}
