/** A network (provider segments for VLAN/flat networks) and its IPv4 subnet. */
import type { Network } from '../../model/types.js';
import { flowSeq, getResource, seq, ymap, YMap, type YValue } from '../hot.js';
import { allocationPools, openstackProblems, snake, zoneNames } from '../openstack.js';
import { openstackNames } from '../types.js';
import { cidrValue } from './parameters.js';
import { tags } from './references.js';
import type { HotTemplate } from './template.js';

/** A network and its subnet (none without a cidr), with their ids as outputs. */
export function addNetwork(tpl: HotTemplate, n: Network): void {
  tpl.source(n);
  const valueSpecs: [string, YValue][] = [];
  if (n.physnet !== undefined || n.vlan !== undefined) {
    valueSpecs.push(['provider:network_type', n.vlan !== undefined ? 'vlan' : 'flat']);
    if (n.physnet !== undefined) valueSpecs.push(['provider:physical_network', n.physnet]);
    if (n.vlan !== undefined) valueSpecs.push(['provider:segmentation_id', n.vlan]);
  }
  if (n.mtu !== undefined) valueSpecs.push(['mtu', n.mtu]);
  const notes: string[] = [];
  if (n.physnet !== undefined || n.vlan !== undefined)
    notes.push(`Provider network (${n.netKind ?? 'VLAN'}): creating it needs the admin role.`);
  tpl.addResource(
    tpl.netId(n),
    'OS::Neutron::Net',
    ymap({
      name: openstackNames.network(n),
      availability_zone_hints: n.zones.length ? flowSeq(...zoneNames(n.zones)) : undefined,
      value_specs: valueSpecs.length ? new YMap(valueSpecs.map(([key, value]) => ({ key, value }))) : undefined,
      tags: tags(tpl),
    }),
    {
      comments: [
        `network ${n.name}${n.netKind ? ` (${n.netKind})` : ''}${n.zones.length ? ` in ${zoneNames(n.zones).join(', ')}` : ''}`,
        ...notes,
      ],
    },
  );
  const cidr = cidrValue(tpl, n);
  if (!cidr) {
    tpl.report(...openstackProblems.networkWithoutCidr(), n);
    return;
  }
  const pools = allocationPools(tpl.plan, n, tpl.report);
  tpl.addResource(
    tpl.subnetId(n),
    'OS::Neutron::Subnet',
    new YMap([
      { key: 'name', value: openstackNames.subnet(n) },
      { key: 'network', value: getResource(tpl.netId(n)) },
      { key: 'cidr', value: cidr.value, comments: cidr.comments },
      { key: 'ip_version', value: 4 },
      ...(pools
        ? [
            {
              key: 'allocation_pools',
              value: seq(
                ...pools.pools.map(
                  (p) =>
                    new YMap(
                      [
                        { key: 'start', value: p.start },
                        { key: 'end', value: p.end },
                      ],
                      true,
                    ),
                ),
              ),
              comments: pools.comments,
            },
          ]
        : []),
      ...(n.dns.length ? [{ key: 'dns_nameservers', value: flowSeq(...n.dns) }] : []),
      { key: 'tags', value: tags(tpl) },
    ]),
  );
  tpl.outputs.push({
    key: `${snake(n.name)}_network_id`,
    value: ymap({ description: `ID of network ${openstackNames.network(n)}`, value: getResource(tpl.netId(n)) }),
  });
  tpl.outputs.push({
    key: `${snake(n.name)}_subnet_id`,
    value: ymap({ description: `ID of subnet ${openstackNames.subnet(n)}`, value: getResource(tpl.subnetId(n)) }),
  });
}
