/**
 * security.tf: security groups and their rules, one resource per rule (egress rules replace the
 * default allow-all egress ones).
 */
import type { SecurityGroup } from '../../model/types.js';
import { attrs } from '../hcl.js';
import { neutronRule, openstackProblems, type Scope } from '../openstack.js';
import { ref, T, type TerraformConfig } from './config.js';

/** A security group and its rules (a rule naming an unknown group is left out, with a warning). */
export function addSecurityGroup(cfg: TerraformConfig, g: SecurityGroup, scope: Scope): void {
  const name = cfg.sgName(g, scope);
  const hasEgress = g.rules.some((r) => r.direction === 'egress');
  cfg.add(
    'security',
    cfg.resource(
      T.sg,
      name,
      attrs([
        ['name', g.name],
        ['description', `Security group ${g.name} of topology ${cfg.model.name}`],
        ['delete_default_rules', hasEgress ? true : undefined],
        ['tags', cfg.tags()],
      ]),
      scope,
      {
        comments: [
          `security group ${g.name}${hasEgress ? ': its egress rules replace the default allow-all egress rules' : ''}`,
        ],
      },
    ),
    [g],
  );
  const seen = new Map<string, number>();
  for (const r of g.rules) {
    const nr = neutronRule(r, g, cfg.model);
    if (r.peer?.group && !nr.self && !nr.remoteGroup) {
      cfg.report(...openstackProblems.unknownGroup(r), g);
      continue;
    }
    const peer = nr.self
      ? g.name
      : nr.remoteGroup
        ? nr.remoteGroup.name
        : nr.remoteIpPrefix
          ? nr.remoteIpPrefix === '0.0.0.0/0'
            ? 'any'
            : nr.remoteIpPrefix
          : 'any';
    const ports =
      nr.portMin === undefined ? '' : nr.portMin === nr.portMax ? `_${nr.portMin}` : `_${nr.portMin}_${nr.portMax}`;
    let base = `${name}_${r.direction}_${nr.protocol ?? 'any'}${ports}_${peer.replace(/[./]/g, '_')}`;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    if (k) base = `${base}_${k + 1}`;
    if (nr.remoteGroup && cfg.plan.scopeOf.get(nr.remoteGroup)?.project !== scope.project) {
      cfg.report(
        'warning',
        'sg-project',
        `rule ${r.direction} ... group ${nr.remoteGroup.name}: that group belongs to another project; Neutron accepts it only for an administrator`,
        g,
      );
    }
    cfg.add(
      'security',
      cfg.resource(
        T.rule,
        cfg.name(T.rule, `${name}|${base}`, base),
        attrs([
          ['security_group_id', ref(T.sg, name, 'id')],
          ['direction', nr.direction],
          ['ethertype', 'IPv4'],
          ['protocol', nr.protocol],
          ['port_range_min', nr.portMin],
          ['port_range_max', nr.portMax],
          ['remote_ip_prefix', nr.remoteIpPrefix],
          [
            'remote_group_id',
            nr.self
              ? ref(T.sg, name, 'id')
              : nr.remoteGroup
                ? ref(T.sg, cfg.sgOf(nr.remoteGroup, scope), 'id')
                : undefined,
          ],
        ]),
        scope,
      ),
      [g],
    );
  }
}
