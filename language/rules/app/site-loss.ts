import type { App, Loc, TopoModel } from '../../model/types.js';
import { setProps } from '../common/edits.js';
import { defineRule, type AppOutage, type Fix } from '../types.js';

export const siteLoss = defineRule({
  id: 'app/site-loss',
  title: 'An app is left with no replica, or with replicas nothing can heal, when one zone or site fails',
  severity: 'error',
  description:
    'Runs the failure analysis for every single zone and, when the topology has more than one site, every site. An error when an app is left with no replica served: every cluster holding its replicas loses quorum or its workers, is cut off, or no GSLB backend in front of it remains. A warning when replicas keep serving only from clusters that lost their control plane: they run, but nothing heals, scales or reschedules them until quorum returns. Without `spread zones` a cluster that loses its control plane is assumed to keep none of the replicas it ran in the failed zone, and may have run all of them there.',
  rationale:
    'Active/active across zones and datacenters exists so that one failure leaves the application up (seed 004: disaster avoidance). A cluster without an etcd majority (floor(n/2)+1) accepts no writes: its kubelets keep running the pods they have and its Services keep routing to them, but a failed pod is not replaced, nothing scales and nothing is rescheduled off the failed zone. Which pods survive depends on where they ran, and Kubernetes spreads replicas over zones only as a preference unless the Deployment says otherwise (maxSkew 5 per zone, ScheduleAnyway): all of them may sit in the zone that fails.',
  sources: ['federation-split', 'etcd-quorum', 'control-plane-loss', 'kubernetes-spread'],
  fix: 'Where an even zone spread would keep replicas serving: declare `spread zones` on the app (the apps target then writes a zone topology spread constraint, maxSkew 1, that the scheduler enforces).',
  examples: {
    fires: `region dc { zone az1 zone az2 zone az3 }\ncluster ocp {\n  controlPlane { zones dc.az1: 2  dc.az2: 1 }\n  workers { perZone 2  zones dc.az1 dc.az2 dc.az3 }\n}\napp shop { clusters ocp  replicas 6 }`,
    passes: `region dc { zone az1 zone az2 zone az3 }\ncluster ocp {\n  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3 }\n  workers { perZone 2  zones dc.az1 dc.az2 dc.az3 }\n}\napp shop { clusters ocp  replicas 6  spread zones }`,
  },
  checkApp(app, { model, report, survivability }) {
    if (app.clusters.length === 0 || app.replicas < 1) return;
    const s = survivability().app(app);
    if (!s) return;
    // A zone that is its region's only zone fails like the site: name the site then.
    const manyZones = (b: { domain: { id: string } }) =>
      (model.zoneById.get(b.domain.id)?.region.zones.length ?? 0) > 1;
    const zoneBreaks = s.zoneBreaks.filter(manyZones);
    const breaks = zoneBreaks.length ? zoneBreaks : s.multiSite ? s.siteBreaks : [];
    const first = breaks[0];
    const loc = app.props.clusters ?? app.nameLoc;
    if (first) {
      const spread = app.spread ? undefined : spreadFix(app, first);
      report({
        message: `app ${app.name} ${verb(first)} if ${first.domain.id} fails: ${first.reason}${also(breaks)}`,
        loc,
        related: related(model, app, first.domain, `0 of ${first.replicas} replicas served`),
        ...(spread ? { fixes: [spread] } : {}),
      });
      return;
    }
    const zoneFreezes = s.zoneFreezes.filter(manyZones);
    const freezes = zoneFreezes.length ? zoneFreezes : s.multiSite ? s.siteFreezes : [];
    const frozen = freezes[0];
    if (!frozen) return;
    report({
      severity: 'warning',
      message: `app ${app.name} keeps serving ${frozen.left} of ${frozen.replicas} replicas if ${frozen.domain.id} fails, but nothing can heal or scale it: ${frozen.reason}${also(freezes)}`,
      loc,
      related: related(
        model,
        app,
        frozen.domain,
        `${frozen.left} of ${frozen.replicas} replicas served, none replaced or scaled`,
      ),
    });
  },
});

/** `; also if a, b or c fails` for the failures after the first. */
function also(list: readonly { domain: { id: string } }[]): string {
  const others = list.slice(1).map((b) => b.domain.id);
  if (!others.length) return '';
  return `; also if ${others.length > 3 ? `${others.slice(0, 3).join(', ')} or ${others.length - 3} more` : others.join(' or ')} fails`;
}

/** `has no replica left` when every replica is gone, `has no replica reachable` when some still run. */
function verb(b: AppOutage): string {
  return b.running === 0 ? 'has no replica left' : `has no replica reachable (${b.running} of ${b.replicas} still run)`;
}

/** Declares `spread zones`, where the analysis says an even spread would keep replicas serving. */
function spreadFix(app: App, b: AppOutage): Fix | undefined {
  if (!b.ifSpread) return undefined;
  const edits = setProps(app, [{ prop: 'spread', text: 'spread zones' }]);
  if (!edits) return undefined;
  return {
    title: `Declare spread zones: replicas spread evenly over zones (${b.ifSpread} of ${b.replicas} would keep serving if ${b.domain.id} fails)`,
    edits,
  };
}

function related(
  model: TopoModel,
  app: App,
  domain: { kind: string; id: string },
  outcome: string,
): { loc: Loc; message: string }[] {
  const out: { loc: Loc; message: string }[] = [];
  const d = domain.kind === 'zone' ? model.zoneById.get(domain.id) : model.regions.find((r) => r.name === domain.id);
  if (d) out.push({ loc: d.nameLoc, message: `${domain.id}: its failure leaves ${app.name} with ${outcome}` });
  for (const c of app.clusters) {
    if ((app.split.get(c) ?? 0) > 0)
      out.push({
        loc: c.nameLoc,
        message: `${c.name} holds ${app.split.get(c)} of ${app.replicas} replicas of ${app.name}`,
      });
  }
  return out;
}
