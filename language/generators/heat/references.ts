/**
 * How a template refers to things: to its own resources (`get_resource`), or to what another
 * stack creates through a parameter whose default is the name that stack gives it; external
 * networks; the tags of resources.
 */
import type { Network, SecurityGroup, Servers } from '../../model/types.js';
import { flowSeq, fn, getParam, getResource, ymap, type YSeq, type YValue } from '../hot.js';
import { snake } from '../openstack.js';
import { openstackNames } from '../types.js';
import type { HotTemplate } from './template.js';

/** The subnet of a network: this template's resource, or a parameter naming another stack's. */
export function subnetRef(tpl: HotTemplate, n: Network): YValue {
  if (tpl.inScope(n)) return getResource(tpl.subnetId(n));
  const other = tpl.otherStack(n);
  if (other) tpl.after.add(other);
  const name = tpl.param({
    name: `${snake(n.name)}_subnet`,
    type: 'string',
    description: `Subnet ${openstackNames.subnet(n)} of network ${n.name}${n.project ? ` (project ${n.project.name})` : ''}${other ? `, created by ${other}` : ''}; it must be visible to this project (RBAC access_as_shared, or create this stack as an administrator).`,
    default: openstackNames.subnet(n),
    constraints: [ymap({ custom_constraint: 'neutron.subnet' })],
  });
  return getParam(name);
}

/** A network: this template's resource, or a parameter naming another stack's. */
export function networkRef(tpl: HotTemplate, n: Network): YValue {
  if (tpl.inScope(n)) return getResource(tpl.netId(n));
  const other = tpl.otherStack(n);
  if (other) tpl.after.add(other);
  return getParam(
    tpl.param({
      name: `${snake(n.name)}_network`,
      type: 'string',
      description: `Network ${openstackNames.network(n)}${n.project ? ` (project ${n.project.name})` : ''}${other ? `, created by ${other}` : ''}; it must be visible to this project.`,
      default: openstackNames.network(n),
      constraints: [ymap({ custom_constraint: 'neutron.network' })],
    }),
  );
}

/** A security group: this template's resource, or a parameter (its ID when a rule names it: Heat looks rule groups up by ID only). */
export function sgRef(tpl: HotTemplate, g: SecurityGroup, forRule: boolean): YValue {
  if (tpl.inScope(g)) return getResource(tpl.sgId(g));
  const other = tpl.otherStack(g);
  if (other) tpl.after.add(other);
  if (forRule) {
    // A rule's remote group must be an ID (Heat does not look rule groups up by name).
    return getParam(
      tpl.param({
        name: `${snake(g.name)}_security_group_id`,
        type: 'string',
        description: `ID of security group ${g.name}${g.project ? ` of project ${g.project.name}` : ''}${other ? ` (created by ${other})` : ''}.`,
        constraints: [ymap({ custom_constraint: 'neutron.security_group' })],
      }),
    );
  }
  return getParam(
    tpl.param({
      name: `${snake(g.name)}_security_group`,
      type: 'string',
      description: `Security group ${g.name}${g.project ? ` of project ${g.project.name}` : ''}${other ? ` (created by ${other})` : ''}.`,
      default: g.name,
      constraints: [ymap({ custom_constraint: 'neutron.security_group' })],
    }),
  );
}

/** The parameter naming an external network (`internet`: the cloud's own). */
export function externalParam(tpl: HotTemplate, external: string): string {
  const ref = tpl.externals.get(external) ?? {
    external,
    param: 'external_network',
    default: external === 'internet' ? undefined : external,
  };
  return tpl.param({
    name: ref.param,
    type: 'string',
    description:
      external === 'internet'
        ? "Name or ID of the cloud's external (internet) network."
        : `Name or ID of the external network ${external}.`,
    default: ref.default,
    constraints: [ymap({ custom_constraint: 'neutron.network' })],
  });
}

/** Nova server tags (at most 60 characters each): topology, environment, group, role. */
export function serverTags(tpl: HotTemplate, s: Servers): YSeq {
  const fixed = [`topology=${tpl.model.name}`, `group=${s.name}`, ...(s.role ? [`role=${s.role}`] : [])].filter(
    (t) => t.length <= 60 && !/[,/]/.test(t),
  );
  return flowSeq(
    fixed[0] ?? 'topo',
    fn('list_join', flowSeq('=', flowSeq('environment', getParam(tpl.envParam)))),
    ...fixed.slice(1),
  );
}

/** Tags of the template's networks and subnets: topology and environment. */
export function tags(tpl: HotTemplate): YSeq {
  return flowSeq(
    `topology=${tpl.model.name}`,
    fn('list_join', flowSeq('=', flowSeq('environment', getParam(tpl.envParam)))),
  );
}
