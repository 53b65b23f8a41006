import { defineRule } from '../types.js';

export const singleBackend = defineRule({
  id: 'gslb/single-backend',
  title: 'Wide IP with one backend',
  severity: 'warning',
  description:
    'Flags a gslb with exactly one backend (LTM), and an app behind a gslb whose clusters all sit in one site: in both cases its wide IP has a single site to answer with.',
  rationale:
    'A GSLB adds availability only by failing a wide IP over from one backend to another; every wide IP should have the LTM VIP of each datacenter as its backends (seed 004). With one backend, or an app that runs in one site only, the loss of that site still takes the app down and the GSLB has nowhere to send its clients.',
  sources: ['federation-split'],
  examples: {
    fires: `loadBalancer ltm-east { provider haproxy }\ngslb gtm {\n  provider powerdns\n  backends ltm-east\n}`,
    passes: `loadBalancer ltm-east { provider haproxy }\nloadBalancer ltm-west { provider haproxy }\ngslb gtm {\n  provider powerdns\n  backends ltm-east ltm-west\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const gslb of model.gslbs) {
      if (gslb.backends.length !== 1) continue;
      report({
        message: `gslb ${gslb.name} has 1 backend (${gslb.backends[0]!.name}): its wide IPs have no other site to fail over to`,
        loc: gslb.props.backends ?? gslb.nameLoc,
      });
    }
  },
  checkApp(app, { report }) {
    if (!app.gslb || app.regions.length !== 1) return;
    report({
      message: `app ${app.name} is behind gslb ${app.gslb.name} but all its clusters sit in ${app.regions[0]!.name}: its wide IP has no other site to fail over to`,
      loc: app.props.gslb ?? app.nameLoc,
    });
  },
});
