/**
 * firewall.tf: FWaaS v2 of a router (what HEAT cannot create): its rules, one ordered policy for
 * both directions, and the firewall group on the router's ports.
 */
import type { FirewallRule, Router } from '../../model/types.js';
import { attrs, type Expr } from '../hcl.js';
import type { Scope } from '../openstack.js';
import { ref, T, type TerraformConfig } from './config.js';

/** A router's firewall: its rules, one policy, and the firewall group on its ports (none without rules). */
export function addFirewall(cfg: TerraformConfig, r: Router, scope: Scope): void {
  if (!r.firewall || r.firewall === 'off' || !r.firewall.rules.length) return;
  const rules: Expr[] = [];
  r.firewall.rules.forEach((fr, i) => {
    const rule = firewallRule(cfg, r, fr, i, scope);
    if (rule) rules.push(rule);
  });
  const policy = cfg.name(T.fwPolicy, r.name, r.name);
  cfg.add(
    'firewall',
    cfg.resource(
      T.fwPolicy,
      policy,
      attrs([
        ['name', r.name],
        ['description', `Firewall rules of router ${r.name}, in order`],
        ['rules', rules],
      ]),
      scope,
      {
        comments: [
          `FWaaS v2 of router ${r.name}: one ordered policy for both directions (the rules name their sources and destinations).`,
        ],
      },
    ),
    [r],
  );
  const ports = cfg.routerPorts.get(r) ?? [];
  if (!ports.length)
    cfg.report(
      'warning',
      'firewall-ports',
      'has firewall rules but no interfaces: the firewall group applies to no port',
      r,
    );
  cfg.add(
    'firewall',
    cfg.resource(
      T.fwGroup,
      cfg.name(T.fwGroup, r.name, r.name),
      attrs([
        ['name', r.name],
        ['ingress_firewall_policy_id', ref(T.fwPolicy, policy, 'id')],
        ['egress_firewall_policy_id', ref(T.fwPolicy, policy, 'id')],
        ['ports', ports.length ? ports : undefined],
      ]),
      scope,
      { comments: [`Applied to the router's ports on its subnets.`] },
    ),
    [r],
  );
}

/** One FWaaS rule (addresses only: a rule naming a security group is left out, with a warning); its id. */
function firewallRule(cfg: TerraformConfig, r: Router, fr: FirewallRule, i: number, scope: Scope): Expr | undefined {
  const side = (e: FirewallRule['from']): string | undefined | null => {
    if (!e || e.any) return undefined;
    if (e.group) return null;
    return e.cidr ?? (e.ip ? `${e.ip}/32` : undefined);
  };
  const src = side(fr.from);
  const dst = side(fr.to);
  if (src === null || dst === null) {
    cfg.report(
      'warning',
      'firewall-group',
      `firewall rule ${i + 1} names a security group: FWaaS rules take addresses only; rule left out`,
      r,
    );
    return undefined;
  }
  const port =
    fr.portFrom === undefined
      ? undefined
      : fr.portTo !== undefined && fr.portTo !== fr.portFrom
        ? `${fr.portFrom}:${fr.portTo}`
        : String(fr.portFrom);
  const name = cfg.name(T.fwRule, `${r.name}|${i}`, `${r.name}_${i + 1}`);
  const describe = [
    fr.action,
    fr.protocol,
    fr.portFrom === undefined ? '' : port,
    fr.from ? `from ${src ?? 'anywhere'}` : '',
    fr.to ? `to ${dst ?? 'anywhere'}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  cfg.add(
    'firewall',
    cfg.resource(
      T.fwRule,
      name,
      attrs([
        ['name', `${r.name}-${i + 1}`],
        ['description', describe],
        ['action', fr.action],
        ['protocol', fr.protocol],
        ['ip_version', 4],
        ['source_ip_address', src],
        ['destination_ip_address', dst],
        ['destination_port', fr.protocol === 'tcp' || fr.protocol === 'udp' ? port : undefined],
      ]),
      scope,
    ),
    [r],
  );
  return ref(T.fwRule, name, 'id');
}
