/**
 * loadbalancers.tf: Octavia load balancers with their listeners, pools, members and health
 * monitors (max_retries_down is here, HEAT cannot set it); for HAProxy load balancers on servers,
 * the port that reserves their VIP.
 */
import type { LoadBalancer } from '../../model/types.js';
import { attrs, block, expr, sections } from '../hcl.js';
import {
  expandPlacement,
  OCTAVIA_DEFAULT_FALL,
  octaviaListener,
  octaviaLoadBalancer,
  octaviaMemberNetwork,
  octaviaMonitor,
  snake,
  vipPortNetwork,
  type Scope,
} from '../openstack.js';
import { ref, T, type TerraformConfig } from './config.js';

/** An Octavia load balancer: per `listen` line a listener and a pool with its members and health monitor. */
export function addLoadBalancer(cfg: TerraformConfig, lb: LoadBalancer, scope: Scope): void {
  const octavia = octaviaLoadBalancer(cfg.model, lb, cfg.report, (n) => cfg.plan.scopeOf.has(n));
  if (!octavia) return;
  const { vip, algorithm } = octavia;
  const name = cfg.lbName(lb);
  const vipNet = cfg.netName(vip);
  cfg.add(
    'loadbalancers',
    cfg.resource(
      T.lb,
      name,
      attrs([
        ['name', lb.name],
        ['vip_subnet_id', ref(T.subnet, vipNet, 'id')],
        ['vip_address', lb.vip],
      ]),
      scope,
      { comments: octavia.comments },
    ),
    [lb],
  );
  cfg.output(`${snake(lb.name)}_vip_address`, `VIP of load balancer ${lb.name}`, ref(T.lb, name, 'vip_address'));
  for (const l of lb.listeners) {
    const m = octaviaListener(lb, l, cfg.report);
    const base = `${lb.name}-${l.port}`;
    const listener = cfg.name(T.listener, base, `${lb.name}_${l.port}`);
    const tls = m.needsCertificate
      ? cfg.variable({
          name: `${snake(lb.name)}_tls_container_ref`,
          type: 'string',
          description: `Barbican container (URI) with the certificate and key that load balancer ${lb.name} terminates TLS with.`,
        })
      : undefined;
    cfg.add(
      'loadbalancers',
      cfg.resource(
        T.listener,
        listener,
        attrs([
          ['name', base],
          ['protocol', m.listener],
          ['protocol_port', l.port],
          ['loadbalancer_id', ref(T.lb, name, 'id')],
          ['default_tls_container_ref', tls],
        ]),
        scope,
        { comments: [`listen ${l.protocol} ${l.port}${l.tls ? ` tls ${l.tls}` : ''}`] },
      ),
      [lb],
    );
    const pool = cfg.name(T.pool, base, `${lb.name}_${l.port}`);
    const clusterMembers = lb.members.filter((x) => x.kind === 'cluster');
    cfg.add(
      'loadbalancers',
      cfg.resource(
        T.pool,
        pool,
        attrs([
          ['name', base],
          ['protocol', m.pool],
          ['lb_method', algorithm],
          ['listener_id', ref(T.listener, listener, 'id')],
          ['tls_enabled', m.poolTls ? true : undefined],
        ]),
        scope,
        {
          comments: clusterMembers.length
            ? [
                `Members: the nodes of cluster ${clusterMembers.map((c) => c.name).join(', ')}, which its installer creates; add them to this pool after installation.`,
              ]
            : undefined,
        },
      ),
      [lb],
    );
    for (const member of lb.members) {
      if (member.kind !== 'servers') continue;
      if (!cfg.plan.scopeOf.has(member)) continue;
      const net = octaviaMemberNetwork(cfg.model, lb, member, vip, cfg.report);
      if (!net) continue;
      const idx = member.networks.indexOf(net);
      const count = expandPlacement(member.placement).length;
      if (!count) continue;
      cfg.add(
        'loadbalancers',
        cfg.resource(
          T.member,
          cfg.name(T.member, `${base}|${member.name}`, `${lb.name}_${l.port}_${member.name}`),
          attrs([
            ['pool_id', ref(T.pool, pool, 'id')],
            ['address', expr(`${T.instance}.${cfg.serversName(member)}[count.index].network[${idx}].fixed_ip_v4`)],
            ['protocol_port', l.port],
            ['subnet_id', ref(T.subnet, cfg.netName(net), 'id')],
          ]),
          scope,
          { count, comments: [`Members: servers ${member.name}.`] },
        ),
        [lb, member],
      );
    }
    if (lb.health) {
      const t = octaviaMonitor(lb, lb.health, cfg.report);
      const hc = lb.health;
      cfg.add(
        'loadbalancers',
        cfg.resource(
          T.monitor,
          cfg.name(T.monitor, base, `${lb.name}_${l.port}`),
          attrs([
            ['pool_id', ref(T.pool, pool, 'id')],
            ['type', m.monitor],
            ['delay', t.delay],
            ['timeout', t.timeout],
            ['max_retries', t.maxRetries],
            ['max_retries_down', t.maxRetriesDown],
            ['url_path', m.monitor === 'TCP' ? undefined : hc.path],
          ]),
          scope,
          {
            comments: [
              `health "${hc.path}": rise ${t.maxRetries} (max_retries), fall ${t.maxRetriesDown ?? `${OCTAVIA_DEFAULT_FALL}, Octavia's default`} (max_retries_down)${m.monitor === 'TCP' ? '; a TCP listener is checked with a TCP connect (the path is not used)' : ''}`,
            ],
          },
        ),
        [lb],
      );
    }
  }
}

/** HAProxy load balancers on servers: their VIPs are reserved ports (the servers hold them). */
export function addVipPort(cfg: TerraformConfig, lb: LoadBalancer, scope: Scope): void {
  const net = vipPortNetwork(lb);
  if (!net || !cfg.plan.scopeOf.has(net)) return;
  const netName = cfg.netName(net);
  cfg.add(
    'loadbalancers',
    cfg.resource(
      T.port,
      cfg.name(T.port, `vip|${lb.name}`, `${lb.name}_vip`),
      sections(
        attrs([
          ['name', `${lb.name}-vip`],
          ['network_id', ref(T.net, netName, 'id')],
        ]),
        [
          block(
            'fixed_ip',
            [],
            attrs([
              ['subnet_id', ref(T.subnet, netName, 'id')],
              ['ip_address', lb.vip],
            ]),
          ),
        ],
      ),
      scope,
      {
        comments: [
          `loadBalancer ${lb.name} (${lb.provider}): reserves its VIP ${lb.vip} on ${net.name}; ${lb.via?.name ?? 'its servers'} hold it with keepalived.`,
        ],
      },
    ),
    [lb],
  );
}
