import type { Loc, Network, Project } from '../../model/types.js';
import { setProps } from '../common/edits.js';
import { defineRule, type Fix } from '../types.js';

const WHY = "by design shared-services subnets have neither SNAT nor DNAT; reach outside through the DMZ's proxy";

export const sharedNat = defineRule({
  id: 'security/shared-nat',
  title: 'Shared-services network with SNAT or DNAT',
  severity: 'warning',
  description:
    "Reports NAT on a shared-services project: `nat snat`/`dnat` on the project or on one of its networks, a router with an external gateway that source-NATs one of its networks (Neutron's default), and servers with floating IPs (DNAT) on one of its networks.",
  rationale:
    "In the landing-zone pattern the shared-services project (mail, file shares, Git, ...) is reachable only from the other projects: its subnets have no SNAT and no DNAT, so nothing in it talks to the internet or is reachable from it except through the DMZ's proxy and firewall. Linking it to the outside directly, through a router's SNAT or floating IPs, breaks that model and exposes the services every department depends on.",
  sources: ['landing-zone'],
  fix: 'Set `nat none` on the project or network; set `snat off` on the router.',
  examples: {
    fires: `project shared { role shared-services  nat snat }`,
    passes: `project shared { role shared-services  nat none }`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    const natModes = (nat: string[]) => nat.filter((n) => n === 'snat' || n === 'dnat');
    const natNone = (at: Loc | undefined, what: string): Fix[] =>
      at
        ? [
            {
              title: `Set nat none on ${what}`,
              edits: [{ uri: at.uri, range: at.range, newText: 'nat none' }],
              preferred: true,
            },
          ]
        : [];
    for (const p of model.projects) {
      if (!isShared(p) || !natModes(p.nat).length) continue;
      report({
        message: `project ${p.name} is shared-services but declares nat ${natModes(p.nat).join(' ')}: ${WHY}`,
        loc: p.props.nat ?? p.nameLoc,
        fixes: natNone(p.props.nat, `project ${p.name}`),
      });
    }
    for (const n of model.networks) {
      if (!isShared(n.project) || !natModes(n.nat).length) continue;
      report({
        message: `network ${n.name} of shared-services project ${n.project!.name} declares nat ${natModes(n.nat).join(' ')}: ${WHY}`,
        loc: n.props.nat ?? n.nameLoc,
        fixes: natNone(n.props.nat, `network ${n.name}`),
      });
    }
    for (const r of model.routers) {
      const nets = r.interfaces.filter((n) => isShared(n.project));
      if (!r.external || r.snat === false || !nets.length) continue;
      const edits = setProps(r, [{ prop: 'snat', text: 'snat off' }]);
      report({
        message: `router ${r.name} source-NATs shared-services ${networks(nets)} to ${r.external}${r.snat === undefined ? ' (snat is on by default with an external gateway)' : ''}: ${WHY}`,
        loc: r.props.snat ?? r.props.external ?? r.nameLoc,
        fixes: edits ? [{ title: `Set snat off on router ${r.name}`, edits, preferred: true }] : [],
      });
    }
    for (const s of model.servers) {
      const nets = s.networks.filter((n) => isShared(n.project));
      if (!s.floatingIps || !nets.length) continue;
      report({
        message: `servers ${s.name} have floating IPs (DNAT) on shared-services ${networks(nets)}: ${WHY}`,
        loc: s.props.floatingIps ?? s.nameLoc,
      });
    }
  },
});

function isShared(p: Project | undefined): boolean {
  return p?.role === 'shared-services';
}

function networks(nets: Network[]): string {
  return `network${nets.length === 1 ? '' : 's'} ${nets.map((n) => n.name).join(', ')}`;
}
