/**
 * networks.tf: a Neutron network per `network` block (provider segments for VLAN/flat networks)
 * and its IPv4 subnet, whose CIDR is Terraform's own `cidrsubnet` over the topology's variable
 * when the model computes it from a parameter.
 */
import type { Network } from '../../model/types.js';
import { attrs, block, expr, sections, type HclValue } from '../hcl.js';
import { allocationPools, openstackProblems, snake, zoneNames, type Scope } from '../openstack.js';
import { openstackNames } from '../types.js';
import { ref, T, type TerraformConfig } from './config.js';

/** A network and its subnet (none without a cidr), with their ids as outputs. */
export function addNetwork(cfg: TerraformConfig, n: Network, scope: Scope): void {
  const name = cfg.netName(n);
  const provider = n.physnet !== undefined || n.vlan !== undefined;
  const segments = provider
    ? [
        block(
          'segments',
          [],
          attrs([
            ['network_type', n.vlan !== undefined ? 'vlan' : 'flat'],
            ['physical_network', n.physnet],
            ['segmentation_id', n.vlan],
          ]),
        ),
      ]
    : [];
  const comments = [
    `network ${n.name}${n.netKind ? ` (${n.netKind})` : ''}${n.zones.length ? ` in ${zoneNames(n.zones).join(', ')}` : ''}`,
  ];
  if (provider) comments.push('A provider network: creating it needs the admin role.');
  cfg.add(
    'networks',
    cfg.resource(
      T.net,
      name,
      sections(
        attrs([
          ['name', openstackNames.network(n)],
          ['availability_zone_hints', n.zones.length ? zoneNames(n.zones) : undefined],
          ['mtu', n.mtu],
          ['tags', cfg.tags()],
        ]),
        segments,
      ),
      scope,
      { comments },
    ),
    [n],
  );
  const cidr = subnetCidr(cfg, n);
  if (cidr === undefined) {
    cfg.report(...openstackProblems.networkWithoutCidr(), n);
    return;
  }
  const pools = allocationPools(cfg.plan, n, cfg.report);
  cfg.add(
    'networks',
    cfg.resource(
      T.subnet,
      name,
      sections(
        attrs([
          ['name', openstackNames.subnet(n)],
          ['network_id', ref(T.net, name, 'id')],
          ['cidr', cidr],
          ['ip_version', 4],
          ['dns_nameservers', n.dns.length ? n.dns : undefined],
          ['tags', cfg.tags()],
        ]),
        (pools?.pools ?? []).map((p, i) =>
          block(
            'allocation_pool',
            [],
            attrs([
              ['start', p.start],
              ['end', p.end],
            ]),
            i === 0 ? pools?.comments : undefined,
          ),
        ),
      ),
      scope,
    ),
    [n],
  );
  cfg.output(`${snake(n.name)}_network_id`, `ID of network ${openstackNames.network(n)}`, ref(T.net, name, 'id'));
  cfg.output(`${snake(n.name)}_subnet_id`, `ID of subnet ${openstackNames.subnet(n)}`, ref(T.subnet, name, 'id'));
}

/** The CIDR of a network's subnet: a literal, a variable, or `cidrsubnet` over one. */
function subnetCidr(cfg: TerraformConfig, n: Network): HclValue | undefined {
  const e = n.cidrExpr;
  if (e?.param && cfg.model.params.has(e.param)) {
    cfg.usedParams.add(e.param);
    const v = `var.${snake(e.param)}`;
    if (e.newbits === undefined || e.netnum === undefined) return expr(v);
    return expr(`cidrsubnet(${v}, ${e.newbits}, ${e.netnum})`);
  }
  return n.cidr;
}
