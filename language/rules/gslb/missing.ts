import { defineRule } from '../types.js';

export const missing = defineRule({
  id: 'gslb/missing',
  title: 'Multi-site app without a GSLB',
  severity: 'warning',
  description: 'Flags an app whose clusters sit in more than one site (region) and that names no `gslb`.',
  rationale:
    'Running an app in several datacenters only survives the loss of one of them if something moves its URL to the sites that are left. That is the GSLB (GTM): it answers DNS for one wide IP per app, with the LTM VIP of each site as its backends, and health-checks them so that a lost site drops out of the answers (seed 004). Without it clients keep resolving to the lost site.',
  sources: ['federation-split'],
  examples: {
    fires: `region east { zone az1 }\nregion west { zone az1 }\ncluster ocp-east { workers { perZone 2  zone east.az1 } }\ncluster ocp-west { workers { perZone 2  zone west.az1 } }\napp shop {\n  clusters ocp-east ocp-west  replicas 4\n}`,
    passes: `region east { zone az1 }\nregion west { zone az1 }\ncluster ocp-east { workers { perZone 2  zone east.az1 } }\ncluster ocp-west { workers { perZone 2  zone west.az1 } }\ngslb gtm { provider powerdns }\napp shop {\n  clusters ocp-east ocp-west  replicas 4  gslb gtm\n}`,
  },
  checkApp(app, { report }) {
    if (app.gslb || app.regions.length < 2) return;
    const sites = app.regions.map((r) => r.name).join(', ');
    report({
      message: `app ${app.name} is served from ${app.regions.length} sites (${sites}) without a gslb: nothing moves its URL to the sites left when one is lost`,
      loc: app.props.clusters ?? app.nameLoc,
    });
  },
});
