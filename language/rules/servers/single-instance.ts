import type { Servers, TopoModel, Zone } from '../../model/types.js';
import { serversRegion } from '../../model/unplaced.js';
import { setProps, type PropText } from '../common/edits.js';
import { defineRule, type Fix } from '../types.js';

/** Roles whose loss stops a service: state (database, nfs) or the path traffic takes (haproxy, vpn, dns, proxy). */
export const CRITICAL_ROLES = ['database', 'haproxy', 'nfs', 'vpn', 'dns', 'proxy'] as const;

/** The role a VM group plays: declared, else `haproxy` when it carries a load balancer (`via`). */
function roleOf(model: TopoModel, s: Servers): string | undefined {
  if (s.role) return s.role;
  return model.loadBalancers.some((l) => l.via === s) ? 'haproxy' : undefined;
}

export const singleInstance = defineRule({
  id: 'servers/single-instance',
  title: 'Stateful or load-balancing VMs without redundancy',
  severity: 'warning',
  description:
    'For VM groups of role database, haproxy, nfs, vpn, dns or proxy (or that carry a load balancer with `via`), groups of one role in one project count together (seed 000 runs its proxies as two one-VM groups, one per AZ). Fires when the role has one instance in the project, when all its instances sit in one zone of a region that has several, and when a group of two or more has no `antiAffinity` (its VMs may share a compute host).',
  rationale:
    'These VMs hold data or carry every request: one instance is a single point of failure for the service, several in one zone fall with that zone, several without an anti-affinity server group may run on one hypervisor and fall with it. Seed 001 asks for "at least two of every component"; seed 003\'s HAProxy VMs run one per AZ with hard anti-affinity.',
  sources: ['redundancy', 'server-group-policy'],
  fix: "One instance: `count 2` over two zones of its region, with `antiAffinity`. All in one zone: the group's instances spread over that many zones of the region. No anti-affinity: add `antiAffinity`.",
  examples: {
    fires: `region dc provider openstack { zone az1 zone az2  rtt az1 az2 1ms }\nservers db { role database  count 1  zone dc.az1 }`,
    passes: `region dc provider openstack { zone az1 zone az2  rtt az1 az2 1ms }\nservers db { role database  count 2  zones dc.az1 dc.az2  antiAffinity }`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    const services = new Map<string, Servers[]>();
    for (const s of model.servers) {
      const role = roleOf(model, s);
      if (!role || !(CRITICAL_ROLES as readonly string[]).includes(role)) continue;
      const key = `${s.project?.name ?? ''}|${role}`;
      services.set(key, [...(services.get(key) ?? []), s]);
    }
    for (const [key, groups] of services) {
      const role = key.slice(key.indexOf('|') + 1);
      const project = groups[0]!.project;
      const of = project ? ` of project ${project.name}` : '';
      const total = groups.reduce((n, s) => n + s.placement.total, 0);
      const names = groups.map((s) => s.name).join(', ');
      const first = groups.find((s) => s.placement.total > 0) ?? groups[0]!;
      if (total === 1) {
        report({
          message: `servers ${first.name} is the only ${role} VM${of}: its host's or its zone's failure stops the ${role} service; run at least two, in two zones, on different hosts`,
          loc: first.props.count ?? first.nameLoc,
          fixes: [pairFix(model, first)].filter((f): f is Fix => !!f),
        });
        continue;
      }
      const unplaced = groups.some((s) => s.placement.unplaced > 0); // quorum/unplaced reports those
      const zones = [
        ...new Set(groups.flatMap((s) => [...s.placement.perZone].filter(([, n]) => n > 0).map(([z]) => z))),
      ];
      const region = serversRegion(model, first);
      if (!unplaced && zones.length === 1 && region && region.zones.length > 1) {
        const spread = groups.length === 1 ? spreadFix(first, region.zones) : undefined;
        report({
          message: `all ${total} ${role} VMs${of} (servers ${names}) are in ${zones[0]!.id}: losing that zone stops the ${role} service although region ${region.name} has ${region.zones.length} zones`,
          loc: first.props.zones ?? first.nameLoc,
          fixes: spread ? [spread] : [],
        });
      }
      for (const s of groups) {
        if (s.placement.total < 2 || s.antiAffinity) continue;
        const edits = setProps(s, [{ text: 'antiAffinity' }]);
        report({
          message: `servers ${s.name} (${s.placement.total} ${role} VMs) have no antiAffinity: Nova may run them on one compute host, whose failure takes them all`,
          loc: s.nameLoc,
          fixes: edits
            ? [{ title: `Keep the VMs of ${s.name} on different hosts (antiAffinity)`, edits, preferred: true }]
            : [],
        });
      }
    }
  },
});

/** `count 2` over two zones of its region (its own zone first), with anti-affinity. */
function pairFix(model: TopoModel, s: Servers): Fix | undefined {
  const region = serversRegion(model, s);
  const own = [...s.placement.perZone.keys()];
  const zones: Zone[] = region ? [...new Set([...own, ...region.zones])].slice(0, 2) : [];
  const items: PropText[] = [{ prop: 'count', text: 'count 2' }];
  if (zones.length === 2) items.push({ prop: 'zones', text: `zones ${zones.map((z) => z.id).join(' ')}` });
  if (!s.antiAffinity) items.push({ text: 'antiAffinity' });
  const edits = setProps(s, items);
  const where = zones.length === 2 ? ` in ${zones.map((z) => z.id).join(' and ')}` : '';
  return edits && { title: `Run 2 VMs of ${s.name}${where}, on different hosts`, edits, preferred: true };
}

/** The group's instances over as many zones of the region (explicit counts become one a zone, round-robin). */
function spreadFix(s: Servers, regionZones: Zone[]): Fix | undefined {
  const n = s.placement.total;
  const zones = [...new Set([...s.placement.perZone.keys(), ...regionZones])].slice(0, Math.min(n, regionZones.length));
  const items: PropText[] = [{ prop: 'zones', text: `zones ${zones.map((z) => z.id).join(' ')}` }];
  if (s.placement.explicit && !s.props.count) items.push({ prop: 'count', text: `count ${n}` });
  const edits = setProps(s, items);
  return (
    edits && {
      title: `Spread the ${n} VMs of ${s.name} over ${zones.map((z) => z.id).join(', ')}`,
      edits,
      preferred: true,
    }
  );
}
