/**
 * Octavia load balancers with their listeners, pools, members and health monitors; for HAProxy
 * load balancers on servers, the port that reserves their VIP.
 */
import type { LoadBalancer } from '../../model/types.js';
import { getAttr, getParam, getResource, seq, ymap } from '../hot.js';
import {
  expandPlacement,
  OCTAVIA_DEFAULT_FALL,
  octaviaListener,
  octaviaLoadBalancer,
  octaviaMemberNetwork,
  octaviaMonitor,
  snake,
  vipPortNetwork,
} from '../openstack.js';
import { openstackNames } from '../types.js';
import { networkRef, subnetRef } from './references.js';
import type { HotTemplate } from './template.js';

/** An Octavia load balancer: per `listen` line a listener and a pool with its members and health monitor. */
export function addLoadBalancer(tpl: HotTemplate, lb: LoadBalancer): void {
  tpl.source(lb);
  const octavia = octaviaLoadBalancer(tpl.model, lb, tpl.report);
  if (!octavia) return;
  const { vip, algorithm } = octavia;
  const id = tpl.lbId(lb);
  tpl.addResource(
    id,
    'OS::Octavia::LoadBalancer',
    ymap({ name: lb.name, vip_subnet: subnetRef(tpl, vip), vip_address: lb.vip }),
    { comments: octavia.comments },
  );
  tpl.outputs.push({
    key: `${snake(lb.name)}_vip_address`,
    value: ymap({ description: `VIP of load balancer ${lb.name}`, value: getAttr(id, 'vip_address') }),
  });
  for (const l of lb.listeners) {
    const m = octaviaListener(lb, l, tpl.report);
    const base = `${lb.name}-${l.port}`;
    const lid = tpl.id('listener', base, 'listener');
    const tlsRef = m.needsCertificate
      ? getParam(
          tpl.param({
            name: `${snake(lb.name)}_tls_container_ref`,
            type: 'string',
            description: `Barbican container (URI) with the certificate and key that load balancer ${lb.name} terminates TLS with.`,
          }),
        )
      : undefined;
    tpl.addResource(
      lid,
      'OS::Octavia::Listener',
      ymap({
        name: base,
        loadbalancer: getResource(id),
        protocol: m.listener,
        protocol_port: l.port,
        default_tls_container_ref: tlsRef,
      }),
      { comments: [`listen ${l.protocol} ${l.port}${l.tls ? ` tls ${l.tls}` : ''}`] },
    );
    const pid = tpl.id('pool', base, 'pool');
    tpl.addResource(
      pid,
      'OS::Octavia::Pool',
      ymap({
        name: base,
        listener: getResource(lid),
        protocol: m.pool,
        lb_algorithm: algorithm,
        tls_enabled: m.poolTls ? true : undefined,
      }),
    );
    for (const member of lb.members) {
      if (member.kind === 'cluster') {
        tpl.resources[tpl.resources.length - 1]!.comments = [
          ...(tpl.resources[tpl.resources.length - 1]!.comments ?? []),
          `Members: the nodes of cluster ${member.name}, which its installer creates; add them to this pool after installation.`,
        ];
        continue;
      }
      if (!tpl.inScope(member)) {
        tpl.report(
          'warning',
          'lb-member',
          `members ${member.name} are created by another stack (${tpl.otherStack(member) ?? 'none'}): add them to pool ${base} by hand`,
          lb,
        );
        continue;
      }
      const net = octaviaMemberNetwork(tpl.model, lb, member, vip, tpl.report);
      if (!net) continue;
      expandPlacement(member.placement).forEach((_, i) => {
        tpl.addResource(
          tpl.id('member', `${base}-${member.name}-${i}`, 'member'),
          'OS::Octavia::PoolMember',
          ymap({
            pool: getResource(pid),
            address: getAttr(tpl.serverId(member, i), 'networks', openstackNames.network(net), 0),
            protocol_port: l.port,
            subnet: subnetRef(tpl, net),
          }),
        );
      });
    }
    if (lb.health) {
      const t = octaviaMonitor(lb, lb.health, tpl.report);
      const mc: string[] = [
        `health "${lb.health.path}"${m.monitor === 'TCP' ? ': a TCP listener is checked with a TCP connect (the path is not used)' : ''}`,
      ];
      if (t.maxRetriesDown !== undefined && t.maxRetriesDown !== OCTAVIA_DEFAULT_FALL) {
        mc.push(
          `fall ${t.maxRetriesDown}: Heat's OS::Octavia::HealthMonitor has no max_retries_down (Heat 19/Zed), so Octavia's default of ${OCTAVIA_DEFAULT_FALL} applies. After creating the stack: openstack loadbalancer healthmonitor set --max-retries-down ${t.maxRetriesDown} <monitor> (the Terraform output sets it).`,
        );
      }
      tpl.addResource(
        tpl.id('monitor', base, 'monitor'),
        'OS::Octavia::HealthMonitor',
        ymap({
          pool: getResource(pid),
          type: m.monitor,
          delay: t.delay,
          timeout: t.timeout,
          max_retries: t.maxRetries,
          url_path: m.monitor === 'TCP' ? undefined : lb.health.path,
        }),
        { comments: mc },
      );
    }
  }
}

/**
 * A load balancer that is not Octavia: HAProxy on servers gets a port that reserves its VIP (the
 * servers hold it with keepalived); either kind is said in the comment above the resources.
 */
export function addOtherLoadBalancer(tpl: HotTemplate, lb: LoadBalancer): void {
  tpl.source(lb);
  const net = vipPortNetwork(lb);
  if (net) {
    tpl.addResource(
      tpl.id('vip', lb.name, 'vip_port'),
      'OS::Neutron::Port',
      ymap({
        name: `${lb.name}-vip`,
        network: networkRef(tpl, net),
        fixed_ips: seq(ymap({ subnet: subnetRef(tpl, net), ip_address: lb.vip })),
      }),
      {
        comments: [
          `loadBalancer ${lb.name}: reserves its VIP ${lb.vip} on ${net.name} so that Neutron gives it to no one else; ${lb.via?.name ?? 'its servers'} hold it with keepalived.`,
        ],
      },
    );
  }
  tpl.topComments.push(
    lb.provider === 'haproxy'
      ? `loadBalancer ${lb.name}: HAProxy on servers ${lb.via?.name ?? '(via not set)'}, configured inside those VMs; not an OpenStack resource.`
      : `loadBalancer ${lb.name} (${lb.provider}): outside OpenStack; configured on the appliance.`,
  );
}
