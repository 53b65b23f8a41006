import type { App, Loc, TopoModel } from '../../model/types.js';
import { defineRule, type AppOutage } from '../types.js';

export const siteLoss = defineRule({
  id: 'app/site-loss',
  title: 'An app is left with no replica when one zone or site fails',
  severity: 'error',
  description:
    'Runs the failure analysis for every single zone and, when the topology has more than one site, every site: fires when an app is left with no replica served, because every cluster holding its replicas loses quorum or its workers, is cut off, or no GSLB backend in front of it remains.',
  rationale:
    'Active/active across zones and datacenters exists so that one failure leaves the application up (seed 004: disaster avoidance). A cluster without an etcd majority (floor(n/2)+1) accepts no writes and reschedules nothing; an app whose replicas all run in such clusters, or behind load balancers that die with the same failure, is down until the zone or site returns.',
  sources: ['federation-split', 'etcd-quorum', 'control-plane-loss', 'kubernetes-spread'],
  examples: {
    fires: `site dc-east { zone az1 zone az2 zone az3 }\nsite dc-west { zone az1 zone az2 zone az3 }\ncluster ocp-east {\n  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3 }\n  workers { perZone 2 }\n}\napp shop { clusters ocp-east  replicas 6 }`,
    passes: `site dc-east { zone az1 zone az2 zone az3 }\nsite dc-west { zone az1 zone az2 zone az3 }\ncluster ocp-east {\n  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3 }\n  workers { perZone 2 }\n}\ncluster ocp-west {\n  controlPlane { replicas 3  zones dc-west.az1 dc-west.az2 dc-west.az3 }\n  workers { perZone 2 }\n}\napp shop { clusters ocp-east ocp-west  replicas 6 }`,
  },
  check({ model, report, survivability }) {
    const summaries = survivability().apps;
    for (const app of model.apps) {
      if (app.clusters.length === 0 || app.replicas < 1) continue;
      const s = summaries.get(app.name);
      if (!s) continue;
      // A zone that is its region's only zone fails like the site: name the site then.
      const zoneBreaks = s.zoneBreaks.filter((b) => (model.zoneById.get(b.domain.id)?.region.zones.length ?? 0) > 1);
      const breaks = zoneBreaks.length ? zoneBreaks : s.multiSite ? s.siteBreaks : [];
      const first = breaks[0];
      if (!first) continue;
      const others = breaks.slice(1).map((b) => b.domain.id);
      const also = others.length
        ? `; also if ${others.length > 3 ? `${others.slice(0, 3).join(', ')} or ${others.length - 3} more` : others.join(' or ')} fails`
        : '';
      report({
        message: `app ${app.name} ${verb(first)} if ${first.domain.id} fails: ${first.reason}${also}`,
        loc: app.props.clusters ?? app.nameLoc,
        related: related(model, app, first),
      });
    }
  },
});

/** `has no replica left` when every replica is gone, `has no replica reachable` when some still run. */
function verb(b: AppOutage): string {
  return b.running === 0 ? 'has no replica left' : `has no replica reachable (${b.running} of ${b.replicas} still run)`;
}

function related(model: TopoModel, app: App, b: AppOutage): { loc: Loc; message: string }[] {
  const out: { loc: Loc; message: string }[] = [];
  const d =
    b.domain.kind === 'zone' ? model.zoneById.get(b.domain.id) : model.regions.find((r) => r.name === b.domain.id);
  if (d)
    out.push({
      loc: d.nameLoc,
      message: `${b.domain.id}: its failure leaves ${app.name} with 0 of ${b.replicas} replicas served`,
    });
  for (const c of app.clusters) {
    if ((app.split.get(c) ?? 0) > 0)
      out.push({
        loc: c.nameLoc,
        message: `${c.name} holds ${app.split.get(c)} of ${app.replicas} replicas of ${app.name}`,
      });
  }
  return out;
}
