/**
 * Servers: one Nova server per machine (zones round-robin as the model places them), their server
 * group (anti-affinity), ports of their own when they hold keepalived VIPs (allowed address pairs)
 * or have fixed addresses (fixed IPs), the cloud-init user_data of HAProxy VMs, floating IPs and
 * data volumes.
 */
import type { Servers } from '../../model/types.js';
import { flowSeq, getAttr, getParam, getResource, seq, YLiteral, ymap, type YValue } from '../hot.js';
import {
  expandPlacement,
  floatingExternal,
  hasSubnet,
  openstackProblems,
  ownPorts,
  secretHint,
  snake,
  volumeSize,
} from '../openstack.js';
import { openstackNames } from '../types.js';
import { externalParam, networkRef, serverTags, sgRef, subnetRef } from './references.js';
import type { HotTemplate } from './template.js';

/** A server group's machines, each with its ports, floating IP and data volume, and their server group. */
export function addServers(tpl: HotTemplate, s: Servers): void {
  tpl.source(s);
  const zones = expandPlacement(s.placement);
  const baseComments = [
    `servers ${s.name}${s.role ? ` (${s.role})` : ''}: ${zones.length} machine${zones.length === 1 ? '' : 's'}${
      s.placement.perZone.size ? `, ${[...s.placement.perZone].map(([z, n]) => `${n} in ${z.name}`).join(', ')}` : ''
    }`,
  ];
  let groupId: string | undefined;
  if (s.antiAffinity) {
    groupId = tpl.id('group', s.name, 'group');
    tpl.addResource(
      groupId,
      'OS::Nova::ServerGroup',
      ymap({ name: s.name, policies: flowSeq(s.antiAffinity === 'soft' ? 'soft-anti-affinity' : 'anti-affinity') }),
      {
        comments: [
          ...baseComments,
          s.antiAffinity === 'soft'
            ? 'Soft anti-affinity: on different hosts when the scheduler can.'
            : 'Anti-affinity: never two of them on one host.',
        ],
      },
    );
  }
  const flavor: YValue =
    s.flavor ??
    getParam(
      tpl.param({
        name: `${snake(s.name)}_flavor`,
        type: 'string',
        description: `Flavor of servers ${s.name} (the topology names none).`,
        constraints: [ymap({ custom_constraint: 'nova.flavor' })],
      }),
    );
  const image: YValue =
    s.image ??
    getParam(
      tpl.param({
        name: `${snake(s.name)}_image`,
        type: 'string',
        description: `Image of servers ${s.name} (the topology names none).`,
        constraints: [ymap({ custom_constraint: 'glance.image' })],
      }),
    );
  const password = s.password
    ? getParam(
        tpl.param({
          name: `${snake(s.name)}_admin_pass`,
          type: 'string',
          description: `Administrator password of servers ${s.name}${secretHint(s.password)}.`,
          hidden: true,
        }),
      )
    : undefined;
  if (!s.networks.length) tpl.report(...openstackProblems.serverWithoutNetwork(), s);
  const fipExternal = s.floatingIps ? floatingExternal(s) : undefined;
  const size = volumeSize(s);
  const addresses: YValue[] = [];
  zones.forEach((zone, i) => {
    const id = tpl.serverId(s, i);
    let fipId: string | undefined;
    if (fipExternal) {
      fipId = tpl.id('fip', `${s.name}-${i}`, 'floating_ip');
      tpl.addResource(
        fipId,
        'OS::Neutron::FloatingIP',
        ymap({ floating_network: getParam(externalParam(tpl, fipExternal)) }),
      );
    }
    const pairs = tpl.plan.vipPairs.get(s);
    const fixed = tpl.plan.fixedAddresses.get(s);
    const own = ownPorts(tpl.plan, s);
    const networks = s.networks.map((n, k) => {
      const vips = pairs?.get(n);
      const fip = k === 0 && fipId ? getResource(fipId) : undefined;
      // A network without a cidr has no subnet to name: the port goes on the network.
      if (!own)
        return hasSubnet(tpl.model, n)
          ? ymap({ subnet: subnetRef(tpl, n), floating_ip: fip })
          : ymap({ network: networkRef(tpl, n), floating_ip: fip });
      // Ports of our own: they carry the server's fixed address (`addresses`, first network) and the
      // VIPs it may hold (keepalived) as allowed address pairs: port security drops traffic from
      // any other address. Then its security groups too (Nova applies them only to ports it creates).
      const address = k === 0 ? fixed?.[i] : undefined;
      const pid = tpl.id('port', `${s.name}-${i}-${n.name}`, 'port');
      const comments = [
        ...(address ? [`${s.name}-${i}: fixed address ${address} (addresses of servers ${s.name}).`] : []),
        ...(vips
          ? [
              `${s.name}-${i} may hold ${vips.join(', ')} (keepalived VIP${vips.length > 1 ? 's' : ''} of ${s.name}): allowed address pair${vips.length > 1 ? 's' : ''} on its port.`,
            ]
          : []),
      ];
      tpl.addResource(
        pid,
        'OS::Neutron::Port',
        ymap({
          name: `${s.name}-${i}-${n.name}`,
          network: networkRef(tpl, n),
          fixed_ips: hasSubnet(tpl.model, n)
            ? seq(ymap({ subnet: subnetRef(tpl, n), ip_address: address }))
            : undefined,
          security_groups: s.securityGroups.length
            ? flowSeq(...s.securityGroups.map((g) => sgRef(tpl, g, false)))
            : undefined,
          allowed_address_pairs: vips ? seq(...vips.map((v) => ymap({ ip_address: v }))) : undefined,
        }),
        { comments: comments.length ? comments : undefined },
      );
      return ymap({ port: getResource(pid), floating_ip: fip });
    });
    const userData = tpl.plan.userData.get(s)?.[i];
    const props = ymap({
      name: `${s.name}-${i}`,
      flavor,
      image,
      key_name: s.keyPair,
      availability_zone: zone?.name,
      networks: networks.length ? seq(...networks) : undefined,
      security_groups:
        s.securityGroups.length && !own ? flowSeq(...s.securityGroups.map((g) => sgRef(tpl, g, false))) : undefined,
      scheduler_hints: groupId ? ymap({ group: getResource(groupId) }) : undefined,
      admin_pass: password,
      tags: serverTags(tpl, s),
      // RAW: Nova gets the cloud-config unchanged (the default, HEAT_CFNTOOLS, would wrap it in a
      // multipart message with heat-cfntools' own boot scripts).
      user_data_format: userData ? 'RAW' : undefined,
      user_data: userData ? new YLiteral(userData) : undefined,
    });
    const comments = [
      ...(i === 0 && !groupId ? baseComments : []),
      ...(userData
        ? [
            `user_data: haproxy.cfg and keepalived.conf of ${s.name}-${i}, installed and started at first boot (the haproxy target writes the same files for review).`,
          ]
        : []),
    ];
    tpl.addResource(id, 'OS::Nova::Server', props, { comments: comments.length ? comments : undefined });
    if (s.networks[0]) addresses.push(getAttr(id, 'networks', openstackNames.network(s.networks[0]), 0));
    if (size) {
      const vid = tpl.id('volume', `${s.name}-${i}`, 'volume');
      tpl.addResource(
        vid,
        'OS::Cinder::Volume',
        ymap({ name: `${s.name}-${i}-data`, size, availability_zone: zone?.name }),
        {
          comments: i === 0 ? [`Data volume of ${size} GiB per server, in the server's zone.`] : undefined,
        },
      );
      tpl.addResource(
        tpl.id('attach', `${s.name}-${i}`, 'volume_attachment'),
        'OS::Cinder::VolumeAttachment',
        ymap({ instance_uuid: getResource(id), volume_id: getResource(vid) }),
      );
    }
  });
  if (addresses.length) {
    tpl.outputs.push({
      key: `${snake(s.name)}_addresses`,
      value: ymap({
        description: `Addresses of servers ${s.name} on ${s.networks[0]!.name}`,
        value: seq(...addresses),
      }),
    });
  }
}
