/**
 * Security groups: rules inline, except those that would close a dependency cycle between groups
 * of the template, which become separate rule resources.
 */
import type { SecurityGroup, SecurityRule } from '../../model/types.js';
import { getResource, seq, ymap, YMap, type YValue } from '../hot.js';
import { neutronRule, openstackProblems, type NeutronRule } from '../openstack.js';
import { sgRef } from './references.js';
import type { HotTemplate } from './template.js';

/** The scope's security groups and their rules (a rule naming an unknown group is left out, with a warning). */
export function addSecurityGroups(tpl: HotTemplate): void {
  const groups = tpl.scope.securityGroups;
  // Rules that refer to another group of this template go inline (get_resource) unless that
  // would close a dependency cycle; those become OS::Neutron::SecurityGroupRule resources.
  // Egress references are kept inline first: Heat removes a group's default egress rules only
  // when the group's inline rules contain an egress rule.
  const edges = new Map<SecurityGroup, Set<SecurityGroup>>();
  const reaches = (from: SecurityGroup, to: SecurityGroup): boolean => {
    const seen = new Set<SecurityGroup>();
    const stack = [from];
    while (stack.length) {
      const g = stack.pop()!;
      if (g === to) return true;
      if (seen.has(g)) continue;
      seen.add(g);
      stack.push(...(edges.get(g) ?? []));
    }
    return false;
  };
  const separate = new Set<SecurityRule>();
  const candidates: { g: SecurityGroup; r: SecurityRule; target: SecurityGroup }[] = [];
  for (const g of groups) {
    for (const r of g.rules) {
      const nr = neutronRule(r, g, tpl.model);
      if (nr.remoteGroup && groups.includes(nr.remoteGroup) && tpl.inScope(nr.remoteGroup))
        candidates.push({ g, r, target: nr.remoteGroup });
    }
  }
  candidates.sort((a, b) => (a.r.direction === b.r.direction ? 0 : a.r.direction === 'egress' ? -1 : 1));
  for (const c of candidates) {
    if (reaches(c.target, c.g)) separate.add(c.r);
    else {
      if (!edges.has(c.g)) edges.set(c.g, new Set());
      edges.get(c.g)!.add(c.target);
    }
  }

  for (const g of groups) {
    tpl.source(g);
    const id = tpl.sgId(g);
    const rules: YValue[] = [];
    const extra: { r: SecurityRule; nr: NeutronRule }[] = [];
    for (const r of g.rules) {
      const nr = neutronRule(r, g, tpl.model);
      if (r.peer?.group && !nr.self && !nr.remoteGroup) {
        tpl.report(...openstackProblems.unknownGroup(r), g);
        continue;
      }
      if (separate.has(r)) {
        extra.push({ r, nr });
        continue;
      }
      rules.push(inlineRule(tpl, nr));
    }
    if (
      g.rules.some((r) => r.direction === 'egress') &&
      !rules.some((x) => x instanceof YMap && x.entries.some((e) => e.key === 'direction' && e.value === 'egress'))
    ) {
      tpl.report(
        'warning',
        'sg-egress',
        'all its egress rules refer to groups in a cycle: Heat keeps the default allow-all egress rules of this group',
        g,
      );
    }
    tpl.addResource(
      id,
      'OS::Neutron::SecurityGroup',
      ymap({
        name: g.name,
        description: `Security group ${g.name} of topology ${tpl.model.name}`,
        rules: rules.length ? seq(...rules) : undefined,
      }),
      { comments: [`security group ${g.name}`] },
    );
    extra.forEach(({ r, nr }, i) => {
      tpl.addResource(
        tpl.id('sgrule', `${g.name}-${r.direction}-${i + 1}`, 'rule'),
        'OS::Neutron::SecurityGroupRule',
        ymap({
          security_group: getResource(id),
          direction: nr.direction,
          ethertype: 'IPv4',
          protocol: nr.protocol,
          port_range_min: nr.portMin,
          port_range_max: nr.portMax,
          remote_group: nr.remoteGroup ? sgRef(tpl, nr.remoteGroup, false) : undefined,
        }),
        {
          comments: [
            `A separate rule: ${g.name} and ${nr.remoteGroup?.name} refer to each other (inline rules would be a dependency cycle).`,
          ],
        },
      );
    });
  }
}

/** A rule inside its group's `rules` property. */
function inlineRule(tpl: HotTemplate, nr: NeutronRule): YMap {
  const e: [string, YValue | undefined][] = [
    ['direction', nr.direction],
    ['ethertype', 'IPv4'],
    ['protocol', nr.protocol],
    ['port_range_min', nr.portMin],
    ['port_range_max', nr.portMax],
  ];
  if (nr.self) e.push(['remote_mode', 'remote_group_id']);
  else if (nr.remoteGroup)
    e.push(['remote_mode', 'remote_group_id'], ['remote_group_id', sgRef(tpl, nr.remoteGroup, true)]);
  else if (nr.remoteIpPrefix) e.push(['remote_ip_prefix', nr.remoteIpPrefix]);
  return ymap(Object.fromEntries(e));
}
