/**
 * PowerDNS generator: for every `gslb … provider powerdns`, a PowerDNS Authoritative Server that
 * answers each wide IP (the url of every app behind it) with a LUA record, on the bind backend.
 *
 *   powerdns/<gslb>/pdns.conf                 the server's settings (LUA records on, check interval)
 *   powerdns/<gslb>/named.conf                the zones, for the bind backend
 *   powerdns/<gslb>/zones/<wide IP>.zone      one zone per wide IP, its LUA A record at the apex
 *
 * The LUA record (PowerDNS docs/lua-records/functions.rst, ifurlup and ifportup; repository
 * PowerDNS/pdns, tag auth-5.0.0, commit 0490864e4b1d364d36fbc96cfa916c3443415db2):
 * - `ifurlup(url, {{group 1}, {group 2}, ...}, options)` checks `url` on every address and answers
 *   from the first group with an address up: `failover` is one group per backend in the gslb's
 *   order; `round-robin`, `geo` and `weighted` are one group of all backends;
 * - `ifportup(port, {addresses}, options)` when the backends listen on TCP only (no groups);
 * - options: `selector` (which of the addresses up: round-robin `all`, geo `pickclosest`,
 *   weighted and failover `random`), `backupSelector` (the same, when every address is down),
 *   `interval` (seconds between checks) and `minimumFailures` (the model's `fall`), `timeout`.
 * - `interval` and `minimumFailures` are read by PowerDNS 5.0 and later (pdns commit 7219311873,
 *   "Implement optional interval and minimumFailure options in if*up"). PowerDNS 4.x ignores
 *   them: there a single failed check takes an address out, and every check runs each
 *   `lua-health-checks-interval` seconds, which pdns.conf sets to the shortest interval here.
 *
 * Each wide IP is its own zone so that the parent zone delegates exactly those names to the GTM
 * (`shop.example.com. NS <gtm>`), and the GTM answers for nothing else.
 */
import type { Gslb, TopoModel } from '../model/types.js';
import { planWideIps, type WideIp } from '../model/traffic.js';
import { header, reportProblem, type GeneratedFile, type GeneratorOptions } from './types.js';

/** Where the files go on the GTM (pdns.conf and named.conf name these paths). */
export function pdnsDir(gslb: Pick<Gslb, 'name'>): string {
  return `/etc/powerdns/topo/${gslb.name}`;
}

const SELECTOR: Record<WideIp['policy'], string> = {
  failover: 'random',
  'round-robin': 'all',
  geo: 'pickclosest',
  weighted: 'random',
};

/** The Lua of a wide IP's record: `ifurlup(...)` or `ifportup(...)`, single-quoted strings only. */
export function luaRecord(w: WideIp): string {
  const selector = SELECTOR[w.policy];
  const opts = `{selector='${selector}', backupSelector='${selector}', interval='${w.intervalS}', minimumFailures='${w.fall}', timeout='${w.timeoutS}'}`;
  const vips = w.backends.map((b) => `'${b.vip}'`);
  const check = w.check!;
  if (check.kind === 'port') return `ifportup(${check.port}, {${vips.join(', ')}}, ${opts})`;
  const port =
    (check.scheme === 'https' && check.port === 443) || (check.scheme === 'http' && check.port === 80)
      ? ''
      : `:${check.port}`;
  const url = `${check.scheme}://${w.name}${port}${check.path}`;
  const groups = w.policy === 'failover' ? vips.map((v) => `{${v}}`).join(', ') : `{${vips.join(', ')}}`;
  return `ifurlup('${url}', {${groups}}, ${opts})`;
}

/** A zone-file character string for `text`, cut into quoted pieces of at most 255 bytes (RFC 1035 §3.3); PowerDNS joins them with a space. */
function quoted(text: string): string {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > 250) {
    const cut = rest.lastIndexOf(' ', 250);
    const at = cut > 0 ? cut : 250;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ /, '');
  }
  parts.push(rest);
  return parts.map((p) => `"${p}"`).join(' ');
}

function policyText(w: WideIp): string {
  const names = w.backends.map((b) => `${b.lb.name} (${b.vip})`);
  switch (w.policy) {
    case 'failover':
      return `failover, in order: ${names.join(', then ')}`;
    case 'geo':
      return `geo: the closest to the client of ${names.join(', ')} (needs the geoip backend's database; without it a random one)`;
    case 'weighted':
      return `weighted, equal weights (the model declares none): one of ${names.join(', ')} at random`;
    default:
      return `round-robin: every backend up, ${names.join(', ')}`;
  }
}

function checkText(w: WideIp): string {
  const c = w.check!;
  const what =
    c.kind === 'port'
      ? `a TCP connection to port ${c.port}`
      : `${c.scheme.toUpperCase()} GET ${c.path} on port ${c.port} (status 200)`;
  return `${what} on each VIP every ${w.intervalS} s, timeout ${w.timeoutS} s; down after ${w.fall} failed check${w.fall === 1 ? '' : 's'} in a row (PowerDNS 5.0+), up after one success`;
}

function nameservers(w: WideIp): string[] {
  if (w.gslb.nameservers.length) return w.gslb.nameservers.map((n) => n.replace(/\.?$/, '.'));
  const parent = w.name.includes('.') ? w.name.slice(w.name.indexOf('.') + 1) : w.name;
  return [`${w.gslb.name}.${parent}.`];
}

function zoneFile(model: TopoModel, w: WideIp, options: GeneratorOptions): string {
  const ns = nameservers(w);
  const ttl = w.intervalS;
  const sources = [w.app.loc.uri, w.gslb.loc.uri, ...w.backends.map((b) => b.lb.loc.uri)];
  const lines = [
    header(';', model, sources, options, [
      '',
      `Wide IP ${w.name} of app ${w.app.name}, answered by gslb ${w.gslb.name} (PowerDNS LUA record).`,
      `Policy: ${policyText(w)}.`,
      `Check: ${checkText(w)}.`,
      `Delegation: the parent zone's NS records for ${w.name} name ${ns.join(' ')}${w.gslb.nameservers.length ? '' : " (no `nameservers` declared: the gslb's name in the parent domain)"}`,
      'Record syntax: PowerDNS docs/lua-records/functions.rst (ifurlup, ifportup).',
    ]).trimEnd(),
    `$ORIGIN ${w.name}.`,
    `$TTL ${ttl}`,
    `@ IN SOA ${ns[0]} hostmaster.${w.name}. 1 3600 600 604800 ${ttl}`,
    ...ns.map((n) => `@ IN NS ${n}`),
    `@ ${ttl} IN LUA A ${quoted(luaRecord(w))}`,
  ];
  return lines.join('\n') + '\n';
}

function pdnsConf(model: TopoModel, gslb: Gslb, wides: WideIp[], options: GeneratorOptions): string {
  const interval = Math.min(...wides.map((w) => w.intervalS));
  const dir = pdnsDir(gslb);
  return (
    header('#', model, [gslb.loc.uri, ...wides.map((w) => w.app.loc.uri)], options, [
      '',
      `PowerDNS Authoritative Server for gslb ${gslb.name}: its wide IPs ${wides.map((w) => w.name).join(', ')}.`,
      `Install: copy this folder to ${dir} and run \`pdns_server --config-dir=${dir}\``,
      "(or make this file the server's pdns.conf). Needs the bind backend (Debian: pdns-backend-bind).",
    ]) +
    [
      '',
      'launch=bind',
      `bind-config=${dir}/named.conf`,
      '',
      '# The wide IPs are LUA records (PowerDNS docs/lua-records/index.rst: "set enable-lua-records").',
      'enable-lua-records=yes',
      '',
      "# Seconds between health checks. PowerDNS 5.0+ reads each record's own `interval`; 4.x checks",
      '# every record at this interval and takes an address out after one failed check.',
      `lua-health-checks-interval=${interval}`,
      '',
    ].join('\n')
  );
}

function namedConf(model: TopoModel, gslb: Gslb, wides: WideIp[], options: GeneratorOptions): string {
  const dir = pdnsDir(gslb);
  return (
    header('#', model, [gslb.loc.uri], options, [
      '',
      `Zones of gslb ${gslb.name} for PowerDNS's bind backend (zone files in ${dir}/zones).`,
    ]) +
    [
      '',
      'options {',
      `  directory "${dir}/zones";`,
      '};',
      '',
      ...wides.map((w) => `zone "${w.name}" { type master; file "${w.name}.zone"; };`),
      '',
    ].join('\n')
  );
}

export function generatePowerDns(model: TopoModel, options: GeneratorOptions = {}): GeneratedFile[] {
  const { wideIps, problems } = planWideIps(model, 'powerdns');
  for (const p of problems)
    reportProblem(options, { severity: p.severity, target: 'powerdns', code: p.code, message: p.message, loc: p.loc });
  const files: GeneratedFile[] = [];
  const byGslb = new Map<Gslb, WideIp[]>();
  for (const w of wideIps) byGslb.set(w.gslb, [...(byGslb.get(w.gslb) ?? []), w]);
  for (const [gslb, list] of byGslb) {
    const seen = new Map<string, WideIp>();
    const wides: WideIp[] = [];
    for (const w of list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const first = seen.get(w.name);
      if (first) {
        reportProblem(options, {
          severity: 'warning',
          target: 'powerdns',
          code: 'powerdns/same-name',
          message: `apps ${first.app.name} and ${w.app.name} share the wide IP ${w.name}: it is answered for ${first.app.name}`,
          element: `app ${w.app.name}`,
          loc: w.app.props.url ?? w.app.nameLoc,
        });
        continue;
      }
      seen.set(w.name, w);
      wides.push(w);
    }
    const base = `powerdns/${gslb.name}`;
    files.push({ path: `${base}/pdns.conf`, content: pdnsConf(model, gslb, wides, options), target: 'powerdns' });
    files.push({ path: `${base}/named.conf`, content: namedConf(model, gslb, wides, options), target: 'powerdns' });
    for (const w of wides)
      files.push({ path: `${base}/zones/${w.name}.zone`, content: zoneFile(model, w, options), target: 'powerdns' });
  }
  return files;
}
