/**
 * compute.tf: servers (one `count`ed instance resource per group, zones round-robin as the model
 * places them), their server groups (anti-affinity), ports of their own when they hold keepalived
 * VIPs (allowed address pairs) or have fixed addresses (fixed IPs), the cloud-init user_data of
 * HAProxy VMs (files beside the configuration, `cloud-init/<vm>.yaml`, read with `file()`),
 * floating IPs and data volumes.
 */
import type { Network, Servers } from '../../model/types.js';
import { attr, attrs, block, expr, quote, sections, tmpl, type HclValue } from '../hcl.js';
import {
  expandPlacement,
  floatingExternal,
  hasSubnet,
  openstackProblems,
  ownPorts,
  secretHint,
  snake,
  volumeSize,
  type Scope,
} from '../openstack.js';
import { ref, T, type TerraformConfig } from './config.js';

/** A server group's instances (`count`), with their server group, ports, floating IPs and data volumes. */
export function addServers(cfg: TerraformConfig, s: Servers, scope: Scope): void {
  const zones = expandPlacement(s.placement);
  const count = zones.length;
  if (!count) return;
  const name = cfg.serversName(s);
  const index = expr('count.index');
  const zoneNamesList = zones.map((z) => z?.name);
  const azValue: HclValue | undefined = zoneNamesList.every((z) => z === undefined)
    ? undefined
    : new Set(zoneNamesList).size === 1
      ? zoneNamesList[0]
      : zoneNamesList.some((z) => z === undefined)
        ? undefined
        : expr(`element(${listText(zoneNamesList as string[])}, count.index)`);
  const summary = `servers ${s.name}${s.role ? ` (${s.role})` : ''}: ${count} machine${count === 1 ? '' : 's'}${
    s.placement.perZone.size ? `, ${[...s.placement.perZone].map(([z, n]) => `${n} in ${z.name}`).join(', ')}` : ''
  }`;

  let group: string | undefined;
  if (s.antiAffinity) {
    group = cfg.name(T.group, s.name, s.name);
    cfg.add(
      'compute',
      cfg.resource(
        T.group,
        group,
        attrs([
          ['name', s.name],
          ['policies', [s.antiAffinity === 'soft' ? 'soft-anti-affinity' : 'anti-affinity']],
        ]),
        scope,
        {
          comments: [
            summary,
            s.antiAffinity === 'soft'
              ? 'Soft anti-affinity: on different hosts when the scheduler can.'
              : 'Anti-affinity: never two of them on one host.',
          ],
        },
      ),
      [s],
    );
  }

  const flavor =
    s.flavor ??
    cfg.variable({
      name: `${snake(s.name)}_flavor`,
      type: 'string',
      description: `Flavor of servers ${s.name} (the topology names none).`,
    });
  const image =
    s.image ??
    cfg.variable({
      name: `${snake(s.name)}_image`,
      type: 'string',
      description: `Image of servers ${s.name} (the topology names none).`,
    });
  const password = s.password
    ? cfg.variable({
        name: `${snake(s.name)}_admin_pass`,
        type: 'string',
        description: `Administrator password of servers ${s.name}${secretHint(s.password)}.`,
        sensitive: true,
      })
    : undefined;
  if (!s.networks.length) cfg.report(...openstackProblems.serverWithoutNetwork(), s);

  // Ports of our own when the servers hold VIPs (keepalived) or have fixed addresses: the fixed
  // address of each machine on the first network, the VIPs as allowed address pairs (port
  // security drops traffic from any other address), and the servers' security groups.
  const pairs = cfg.plan.vipPairs.get(s);
  const fixed = cfg.plan.fixedAddresses.get(s);
  const own = ownPorts(cfg.plan, s);
  const portNames = new Map<Network, string>();
  if (own) {
    s.networks.forEach((n, k) => {
      const net = cfg.netName(n);
      const vips = pairs?.get(n);
      const address =
        k === 0 && fixed
          ? fixed.length === 1
            ? fixed[0]
            : expr(`element(${listText(fixed)}, count.index)`)
          : undefined;
      const pname = cfg.name(T.port, `servers|${s.name}|${n.name}`, `${s.name}_${n.name}`);
      portNames.set(n, pname);
      const comments = [
        ...(address ? [`Fixed addresses of servers ${s.name}, one per machine: ${fixed!.join(', ')}.`] : []),
        ...(vips
          ? [
              `${s.name} may hold ${vips.join(', ')} (keepalived VIP${vips.length > 1 ? 's' : ''}): allowed address pair${vips.length > 1 ? 's' : ''} on their ports.`,
            ]
          : []),
      ];
      cfg.add(
        'compute',
        cfg.resource(
          T.port,
          pname,
          sections(
            attrs([
              ['name', tmpl(`${s.name}-`, index, `-${n.name}`)],
              ['network_id', ref(T.net, net, 'id')],
              [
                'security_group_ids',
                s.securityGroups.length ? s.securityGroups.map((g) => ref(T.sg, cfg.sgOf(g, scope), 'id')) : undefined,
              ],
            ]),
            hasSubnet(cfg.model, n)
              ? [
                  block(
                    'fixed_ip',
                    [],
                    attrs([
                      ['subnet_id', ref(T.subnet, net, 'id')],
                      ['ip_address', address],
                    ]),
                  ),
                ]
              : [],
            (vips ?? []).map((v) => block('allowed_address_pairs', [], [attr('ip_address', v)])),
          ),
          scope,
          { count, comments: comments.length ? comments : undefined },
        ),
        [s],
      );
    });
  }

  // HAProxy VMs: each machine's cloud-config (haproxy.cfg, keepalived.conf), written beside the
  // configuration and passed unchanged to Nova.
  const userData = cfg.plan.userData.get(s);
  if (userData)
    userData.forEach((content, i) => cfg.extraFiles.push({ path: `cloud-init/${s.name}-${i}.yaml`, content }));

  const networks = s.networks.map((n) => {
    const pname = portNames.get(n);
    return block(
      'network',
      [],
      [
        pname
          ? attr('port', expr(`${T.port}.${pname}[count.index].id`))
          : attr('uuid', ref(T.net, cfg.netName(n), 'id')),
      ],
    );
  });
  const dependsOn = own
    ? []
    : s.networks
        .filter((n) => cfg.plan.scopeOf.has(n) && (n.cidr !== undefined || n.cidrExpr))
        .map((n) => `${T.subnet}.${cfg.netName(n)}`);
  cfg.add(
    'compute',
    cfg.resource(
      T.instance,
      name,
      sections(
        attrs([
          ['name', tmpl(`${s.name}-`, index)],
          ['flavor_name', flavor],
          ['image_name', image],
          ['key_pair', s.keyPair],
          ['availability_zone', azValue],
          [
            'security_groups',
            s.securityGroups.length && !own
              ? s.securityGroups.map((g) => ref(T.sg, cfg.sgOf(g, scope), 'name'))
              : undefined,
          ],
          ['admin_pass', password],
          [
            'user_data',
            userData ? expr(`file("\${path.module}/cloud-init/${s.name}-\${count.index}.yaml")`) : undefined,
          ],
          [
            'tags',
            [
              `topology=${cfg.model.name}`,
              tmpl('environment=', expr(`var.${cfg.envVar}`)),
              `group=${s.name}`,
              ...(s.role ? [`role=${s.role}`] : []),
            ],
          ],
        ]),
        networks,
        group ? [block('scheduler_hints', [], [attr('group', ref(T.group, group, 'id'))])] : [],
      ),
      scope,
      { count, comments: group ? undefined : [summary], dependsOn },
    ),
    [s],
  );
  if (s.networks[0]) {
    cfg.output(
      `${snake(s.name)}_addresses`,
      `Addresses of servers ${s.name} on ${s.networks[0].name}`,
      expr(`${T.instance}.${name}[*].network[0].fixed_ip_v4`),
    );
  }

  if (s.floatingIps) {
    const ext = floatingExternal(s);
    const e = cfg.externals.get(ext)!;
    const pool = cfg.variable({
      name: e.param,
      type: 'string',
      description:
        ext === 'internet'
          ? "Name of the cloud's external (internet) network."
          : `Name of the external network ${ext}.`,
      default: e.default,
    });
    const fip = cfg.name(T.fip, s.name, s.name);
    cfg.add(
      'compute',
      cfg.resource(T.fip, fip, attrs([['pool', pool]]), scope, {
        count,
        comments: [`Floating IPs of servers ${s.name}.`],
      }),
      [s],
    );
    const first = s.networks[0];
    const port =
      first && portNames.get(first)
        ? expr(`${T.port}.${portNames.get(first)}[count.index].id`)
        : expr(`${T.instance}.${name}[count.index].network[0].port`);
    cfg.add(
      'compute',
      cfg.resource(
        T.fipAssoc,
        cfg.name(T.fipAssoc, s.name, s.name),
        attrs([
          ['floating_ip', expr(`${T.fip}.${fip}[count.index].address`)],
          ['port_id', port],
        ]),
        scope,
        { count },
      ),
      [s],
    );
  }

  const size = volumeSize(s);
  if (size) {
    const vol = cfg.name(T.volume, s.name, `${s.name}_data`);
    cfg.add(
      'compute',
      cfg.resource(
        T.volume,
        vol,
        attrs([
          ['name', tmpl(`${s.name}-`, index, '-data')],
          ['size', size],
          ['availability_zone', azValue],
        ]),
        scope,
        { count, comments: [`Data volume of ${size} GiB per server of ${s.name}, in the server's zone.`] },
      ),
      [s],
    );
    cfg.add(
      'compute',
      cfg.resource(
        T.attach,
        cfg.name(T.attach, s.name, `${s.name}_data`),
        attrs([
          ['instance_id', expr(`${T.instance}.${name}[count.index].id`)],
          ['volume_id', expr(`${T.volume}.${vol}[count.index].id`)],
        ]),
        scope,
        { count },
      ),
      [s],
    );
  }
}

/** An HCL list literal of strings. */
function listText(items: readonly string[]): string {
  return `[${items.map(quote).join(', ')}]`;
}
