import { unique } from '../../model/lists.js';
import type { Project } from '../../model/types.js';
import { defineRule } from '../types.js';

export const bypassDmz = defineRule({
  id: 'security/bypass-dmz',
  title: 'Non-DMZ project routed straight to the internet',
  severity: 'warning',
  description:
    'In a topology with a DMZ project, reports every router with `external internet` that belongs to, or has an interface on a network of, a project other than the DMZ.',
  rationale:
    'In the landing-zone pattern only the DMZ project routes to and from the internet, through its firewall (FWaaS at the internet boundary) and a proxy for outbound access; the shared-services and department projects reach the internet through it. A router that gives another project its own internet gateway bypasses the firewall, the proxy and their logs.',
  sources: ['landing-zone'],
  examples: {
    fires: `project dmz { role dmz }
project dept-a { role department }
network apps in dept-a { kind overlay  cidr 10.0.0.0/24  gateway inet }
router inet in dept-a { external internet }`,
    passes: `project dmz { role dmz }
project dept-a { role department }
network edge in dmz { kind overlay  cidr 10.0.9.0/24  gateway inet }
router inet in dmz { external internet }`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    const dmz = model.projects.filter((p) => p.role === 'dmz');
    if (!dmz.length) return; // no DMZ in this topology: nothing to bypass
    for (const r of model.routers) {
      if (r.external !== 'internet') continue;
      const projects = unique([r.project, ...r.interfaces.map((n) => n.project)]).filter(
        (p): p is Project => p !== undefined && p.role !== 'dmz',
      );
      if (!projects.length) continue;
      report({
        message: `router ${r.name} routes ${projects.length === 1 ? 'project' : 'projects'} ${projects.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join(', ')} straight to the internet, bypassing the DMZ project ${dmz.map((p) => p.name).join(', ')} and its firewall and proxy`,
        loc: r.props.external ?? r.nameLoc,
        related: projects.map((p) => ({ loc: p.nameLoc, message: `${p.name} is not a DMZ project` })),
      });
    }
  },
});
