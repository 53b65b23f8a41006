import type { Gslb, HealthCheck } from '../../model/types.js';
import { defineRule, type Fix, type RuleContext } from '../types.js';

/** What the fix sets: HAProxy's default `fall`, and Octavia's default `max_retries_down` (docs/sources.md#health-checks). */
const SAFE_FALL = 3;

/**
 * Providers whose check, when `fall` is unset, declares a backend down after one failure. PowerDNS:
 * ifurlup/ifportup's `minimumFailures` option defaults to 1. F5 BIG-IP DNS monitors count time
 * (a timeout spanning several intervals), not failures, and k8gb follows the pods' readiness in
 * each cluster: neither is a one-failure check by default, so an unset `fall` is trusted there.
 */
const ONE_FAILURE_BY_DEFAULT: Partial<Record<NonNullable<Gslb['provider']>, string>> = {
  powerdns: "PowerDNS's minimumFailures defaults to 1",
};

export const singleCheck = defineRule({
  id: 'gslb/single-check',
  title: 'GSLB health check fails a site after one failure',
  severity: 'warning',
  description:
    "Flags a GSLB health check (a gslb's own `health`, or the `health` of an app behind a gslb, which is that app's wide-IP check) that declares a backend down after one failed check: `fall 1`, or `fall` unset on a provider whose default is one failure (PowerDNS).",
  rationale:
    "A wide IP's check lands on one pod behind the site's LTM and router. Pods die now and then, but the same check landing on a dying pod twice in a row is very unlikely, so only repeated failures say the app is down in that site (seed 004). With `fall 1` one unlucky check takes a whole site out of DNS, and every client of that site fails over with it. HAProxy and Octavia default to 3 consecutive failures; PowerDNS's LUA-record checks (ifurlup, ifportup) default to 1 (`minimumFailures`). F5 BIG-IP DNS monitors mark a resource down after a timeout that spans several intervals and k8gb follows pod readiness, so an unset `fall` is not flagged for them, nor when the gslb names no provider.",
  sources: ['health-checks'],
  fix: `Set \`fall ${SAFE_FALL}\` (down after ${SAFE_FALL} failed checks in a row, the HAProxy and Octavia default).`,
  examples: {
    fires: `gslb gtm {\n  provider powerdns\n  health "/healthz" every 5s fall 1\n}`,
    passes: `gslb gtm {\n  provider powerdns\n  health "/healthz" every 5s fall 3\n}`,
  },
  reads: 'infrastructure',
  check({ model, report }) {
    for (const gslb of model.gslbs) if (gslb.health) inspect(report, `gslb ${gslb.name}`, gslb.health, gslb.provider);
  },
  checkApp(app, { report }) {
    if (app.gslb && app.health)
      inspect(report, `app ${app.name} (gslb ${app.gslb.name})`, app.health, app.gslb.provider);
  },
});

/** Reports a health check that declares a site down after one failed check. */
function inspect(report: RuleContext['report'], who: string, health: HealthCheck, provider: Gslb['provider']): void {
  const providerDefault = health.fall === undefined && provider ? ONE_FAILURE_BY_DEFAULT[provider] : undefined;
  if (health.fall === undefined ? !providerDefault : health.fall > 1) return;
  const fall = health.fall ?? 1;
  const detail = providerDefault ? `fall unset: ${providerDefault}` : `fall ${fall}`;
  report({
    message: `${who}: health check "${health.path}" declares a site down after ${fall} failed check${fall === 1 ? '' : 's'} (${detail}); one dying pod answering it takes the whole site out of DNS`,
    loc: health.props.fall ?? health.loc,
    fixes: [setFall(health)],
  });
}

function setFall(health: HealthCheck): Fix {
  const at = health.props.fall;
  const end = health.loc.range.end;
  const edit = at
    ? { uri: at.uri, range: at.range, newText: `fall ${SAFE_FALL}` }
    : { uri: health.loc.uri, range: { start: end, end }, newText: ` fall ${SAFE_FALL}` };
  return {
    title: `Set fall ${SAFE_FALL}: down after ${SAFE_FALL} failed checks in a row`,
    edits: [edit],
    preferred: true,
  };
}
