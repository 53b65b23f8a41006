/**
 * routers.tf: routers (L3 HA through `value_specs`, the provider has no `ha` argument), their
 * interfaces (the gateway router on the subnet's gateway address, any other router through a port
 * of its own), static routes, and the data sources of the external networks they use.
 */
import type { Router } from '../../model/types.js';
import { attr, attrs, block, expr, obj, sections, type BodyItem, type Expr } from '../hcl.js';
import { attachmentOf, openstackProblems, snake, zoneNames, type Scope } from '../openstack.js';
import { ref, T, type TerraformConfig } from './config.js';

/** A router, its interfaces (and ports) on its networks' subnets, and its static routes. */
export function addRouter(cfg: TerraformConfig, r: Router, scope: Scope): void {
  const name = cfg.routerName(r);
  const comments = [`router ${r.name}${r.zones.length ? ` in ${zoneNames(r.zones).join(', ')}` : ''}`];
  const body: BodyItem[] = attrs([
    ['name', r.name],
    ['distributed', r.distributed ? true : undefined],
    ['availability_zone_hints', r.zones.length ? zoneNames(r.zones) : undefined],
    ['external_network_id', r.external ? expr(`${externalNetwork(cfg, scope, r.external).text}.id`) : undefined],
    ['enable_snat', r.external ? r.snat : undefined],
    ['tags', cfg.tags()],
  ]);
  if (r.ha) {
    body.push(
      attr('value_specs', obj([['ha', 'true']]), [
        "L3 HA (VRRP): the provider has no `ha` argument; value_specs passes Neutron's `ha` attribute.",
        "ha and distributed need the admin role under Neutron's default policy.",
      ]),
    );
  }
  if (r.snat !== undefined && !r.external) cfg.report(...openstackProblems.snatWithoutExternal(r), r);
  cfg.add('routers', cfg.resource(T.router, name, body, scope, { comments }), [r]);
  cfg.output(`${snake(r.name)}_router_id`, `ID of router ${r.name}`, ref(T.router, name, 'id'));

  const ifaces: string[] = [];
  const ports: Expr[] = [];
  for (const n of r.interfaces) {
    if (n.cidr === undefined && n.cidrExpr === undefined) continue;
    const netScope = cfg.plan.scopeOf.get(n);
    if (!netScope) continue;
    const net = cfg.netName(n);
    const a = attachmentOf(cfg.plan, r, n);
    const iname = cfg.name(T.iface, `${r.name}|${n.name}`, `${r.name}_${n.name}`);
    ifaces.push(`${T.iface}.${iname}`);
    const crossProject = netScope.project !== scope.project;
    const note = crossProject
      ? [
          `${n.name} belongs to project ${netScope.project?.name ?? '(default)'}: its subnet must be visible to ${scope.project?.name ?? 'the default project'} (RBAC access_as_shared) or apply as an administrator.`,
        ]
      : undefined;
    if (a.gateway) {
      cfg.add(
        'routers',
        cfg.resource(
          T.iface,
          iname,
          attrs([
            ['router_id', ref(T.router, name, 'id')],
            ['subnet_id', ref(T.subnet, net, 'id')],
          ]),
          scope,
          { comments: note },
        ),
        [r, n],
      );
      ports.push(ref(T.iface, iname, 'port_id'));
      continue;
    }
    const pname = cfg.name(T.port, `router|${r.name}|${n.name}`, `${r.name}_${n.name}`);
    cfg.add(
      'routers',
      cfg.resource(
        T.port,
        pname,
        sections(
          attrs([
            ['name', `${r.name}-${n.name}`],
            ['network_id', ref(T.net, net, 'id')],
          ]),
          [
            block(
              'fixed_ip',
              [],
              attrs([
                ['subnet_id', ref(T.subnet, net, 'id')],
                ['ip_address', a.ip],
              ]),
            ),
          ],
        ),
        scope,
        {
          comments: [
            `${r.name} is not the gateway of ${n.name} (${n.gateways[0]?.name ?? 'another router'} is): it joins the subnet through a port of its own${a.ip ? `, ${a.ip}, the next hop of the static routes on ${n.name}` : ''}.`,
            ...(note ?? []),
          ],
        },
      ),
      [r, n],
    );
    cfg.add(
      'routers',
      cfg.resource(
        T.iface,
        iname,
        attrs([
          ['router_id', ref(T.router, name, 'id')],
          ['port_id', ref(T.port, pname, 'id')],
        ]),
        scope,
      ),
      [r],
    );
    ports.push(ref(T.port, pname, 'id'));
  }
  cfg.routerPorts.set(r, ports);
  r.routes.forEach((x, i) => {
    cfg.add(
      'routers',
      cfg.resource(
        T.route,
        cfg.name(T.route, `${r.name}|${i}`, `${r.name}_${x.destination.replace(/[./]/g, '_')}`),
        attrs([
          ['router_id', ref(T.router, name, 'id')],
          ['destination_cidr', x.destination],
          ['next_hop', x.nexthop],
        ]),
        scope,
        {
          comments: i === 0 ? [`Static routes of ${r.name}: the next hops are on its attached subnets.`] : undefined,
          dependsOn: ifaces,
        },
      ),
      [r],
    );
  });
}

/** The data source of an external network for a scope's provider (declared once), with its variable. */
function externalNetwork(cfg: TerraformConfig, scope: Scope, external: string): Expr {
  const e = cfg.externals.get(external)!;
  const v = cfg.variable({
    name: e.param,
    type: 'string',
    description:
      external === 'internet'
        ? "Name of the cloud's external (internet) network."
        : `Name of the external network ${external}.`,
    default: e.default,
  });
  const provider = cfg.provider(scope);
  const key = `${e.param}|${provider?.text ?? ''}`;
  let name = cfg.externalData.get(key);
  if (!name) {
    name = cfg.name(
      'data.network',
      key,
      provider ? `${e.param}_${provider.text.replace(/^openstack\./, '')}` : e.param,
    );
    cfg.externalData.set(key, name);
    cfg.add(
      'routers',
      block(
        'data',
        [T.net, name],
        sections(attrs([['provider', provider]]), [attr('name', v), attr('external', true)]),
      ),
    );
  }
  return expr(`data.${T.net}.${name}`);
}
