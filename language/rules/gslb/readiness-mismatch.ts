import { setProps } from '../common/edits.js';
import { defineRule } from '../types.js';

export const readinessMismatch = defineRule({
  id: 'gslb/readiness-mismatch',
  title: "App's readiness path differs from its GSLB health check",
  severity: 'warning',
  description:
    "For an app behind a gslb, compares its `readiness` path with the path its wide IP is checked on (the app's `health`, else the gslb's). Flags a different path, and a missing readiness.",
  rationale:
    "The pods' readiness check should use the endpoint the GTM checks (seed 004): a pod that fails it is then taken out of the routable pool at once, so neither clients nor the GTM's next check land on it. With another path, or no readiness at all, a dying pod keeps receiving requests, and GTM checks that land on it count towards declaring the whole site down.",
  sources: ['health-checks'],
  fix: "Set the app's `readiness` to the path its GSLB checks.",
  examples: {
    fires: `gslb gtm { provider powerdns }\napp shop {\n  gslb gtm\n  health "/healthz" fall 3\n  readiness "/ready"\n}`,
    passes: `gslb gtm { provider powerdns }\napp shop {\n  gslb gtm\n  health "/healthz" fall 3\n  readiness "/healthz"\n}`,
  },
  checkApp(app, { report }) {
    const check = app.gslb && (app.health ?? app.gslb.health);
    if (!check || app.readiness === check.path) return;
    const origin = app.health ? 'app health' : `gslb ${app.gslb!.name} health`;
    const what =
      app.readiness === undefined
        ? `app ${app.name} has no readiness check but its GSLB checks "${check.path}" (${origin})`
        : `app ${app.name}: readiness "${app.readiness}" differs from the GSLB health check "${check.path}" (${origin})`;
    const edits = setProps(app, [{ prop: 'readiness', text: `readiness ${JSON.stringify(check.path)}` }]);
    report({
      message: `${what}: a pod failing "${check.path}" stays in the routable pool`,
      loc: app.props.readiness ?? app.props.health ?? app.props.gslb ?? app.nameLoc,
      fixes: edits ? [{ title: `Use "${check.path}" for readiness`, edits, preferred: true }] : [],
    });
  },
});
