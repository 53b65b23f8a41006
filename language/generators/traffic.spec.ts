import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { load } from '../../test/support/index.js';
import { validateGslb } from '../../test/validators/k8gb.js';
import { vrrpIds } from '../model/vrrp.js';
import { generate } from './index.js';

const SITES = `region fra provider openstack { zone az1 zone az2 }
region mad provider openstack { zone az1 zone az2 }
cluster ocp-fra { distribution kubernetes  controlPlane { replicas 3  zones fra.az1 fra.az2 fra.az1 } }
cluster ocp-mad { distribution kubernetes  controlPlane { replicas 3  zones mad.az1 mad.az2 mad.az1 } }
loadBalancer ltm-fra { provider f5  zones fra.az1 fra.az2  vip 198.51.100.80  listen https 443 tls reencrypt  members ocp-fra }
loadBalancer ltm-mad { provider f5  zones mad.az1 mad.az2  vip 203.0.113.80  listen https 443 tls reencrypt  members ocp-mad }
`;

const HAPROXY = `region dc provider openstack { zone az1 zone az2 }
network lbnet { cidr 10.0.0.0/24  zones dc.az1 dc.az2 }
servers lb { role haproxy  count 2  zones dc.az1 dc.az2  network lbnet  addresses 10.0.0.2 10.0.0.3 }
servers web { count 2  zones dc.az1 dc.az2  network lbnet  addresses 10.0.0.10 10.0.0.11 }
`;

/** Model problems and generation problems of one code, and the files of one target. */
async function run(text: string, target: 'powerdns' | 'k8gb' | 'haproxy') {
  const { model, diagnostics } = await load(text);
  const result = generate(model, { targets: [target] });
  return { model, diagnostics, ...result };
}

describe('one check path: what a traffic generator refuses, validation reports first', () => {
  const cases: { name: string; target: 'powerdns' | 'k8gb' | 'haproxy'; text: string; code: string }[] = [
    {
      name: 'a url that names no DNS host',
      target: 'powerdns',
      code: 'powerdns/url',
      text: `${SITES}gslb gtm { provider powerdns  backends ltm-fra ltm-mad }\napp shop { clusters ocp-fra ocp-mad  url "shop example"  gslb gtm }`,
    },
    {
      name: 'a backend without a VIP',
      target: 'powerdns',
      code: 'powerdns/backend-vip',
      text: `${SITES}loadBalancer ltm-x { provider f5  zones mad.az1  listen https 443 }\ngslb gtm { provider powerdns  backends ltm-fra ltm-x }\napp shop { clusters ocp-fra ocp-mad  url "shop.example.com"  gslb gtm }`,
    },
    {
      name: 'ordered failover over TCP-only backends',
      target: 'powerdns',
      code: 'powerdns/failover-check',
      text: `${SITES.replaceAll('listen https 443 tls reencrypt', 'listen tcp 5432')}gslb gtm { provider powerdns  backends ltm-fra ltm-mad  policy failover  health "/" }\napp db { clusters ocp-fra ocp-mad  url "db.example.com"  gslb gtm }`,
    },
    {
      name: 'k8gb failover whose first backend is in no site',
      target: 'k8gb',
      code: 'k8gb/geo-tag',
      text: `${SITES}loadBalancer ltm-x { provider f5 }\ngslb gtm { provider k8gb  backends ltm-x ltm-fra  policy failover }\napp shop { clusters ocp-fra ocp-mad  url "shop.example.com"  gslb gtm }`,
    },
    {
      name: 'an HAProxy member without fixed addresses',
      target: 'haproxy',
      code: 'haproxy/backend-addresses',
      text: `${HAPROXY}servers app2 { count 1  zones dc.az1  network lbnet }\nloadBalancer web-lb { provider haproxy  via lb  vip 10.0.0.5  listen http 80  members app2 }`,
    },
    {
      name: 'TLS termination on HAProxy',
      target: 'haproxy',
      code: 'haproxy/tls',
      text: `${HAPROXY}loadBalancer web-lb { provider haproxy  via lb  vip 10.0.0.5  listen https 443 tls terminate  members web }`,
    },
    {
      name: 'two load balancers on one VIP and port',
      target: 'haproxy',
      code: 'haproxy/port-clash',
      text: `${HAPROXY}loadBalancer a-lb { provider haproxy  via lb  vip 10.0.0.5  listen tcp 443  members web }\nloadBalancer b-lb { provider haproxy  via lb  vip 10.0.0.5  listen tcp 443  members web }`,
    },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.code} is an error diagnostic, and nothing is generated for it`, async () => {
      const r = await run(c.text, c.target);
      expect(r.diagnostics.filter((d) => d.code === c.code && d.severity === 1).length).toBeGreaterThan(0);
      expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.code)).toContain(c.code);
      if (c.target !== 'haproxy') expect(r.files).toEqual([]);
      else
        expect(r.files.filter((f) => f.content.includes(c.code.includes('clash') ? 'b-lb-443' : 'web-lb'))).toEqual([]);
    });
  }

  it('an app behind a gslb without a url, or a gslb without backends, has no wide IP yet: a warning, and the rest still generates', async () => {
    const r = await run(
      `${SITES}gslb gtm { provider powerdns  backends ltm-fra ltm-mad }\ngslb empty { provider powerdns }
app shop { clusters ocp-fra ocp-mad  gslb gtm }\napp cart { clusters ocp-fra ocp-mad  url "cart.example.com"  gslb gtm }\napp box { clusters ocp-fra  url "box.example.com"  gslb empty }`,
      'powerdns',
    );
    expect(
      r.diagnostics.filter((d) => String(d.code).startsWith('powerdns/')).map((d) => [d.code, d.severity]),
    ).toEqual([
      ['powerdns/url', 2],
      ['powerdns/backends', 2],
    ]);
    expect(r.problems.map((p) => [p.code, p.severity])).toEqual([
      ['powerdns/url', 'warning'],
      ['powerdns/backends', 'warning'],
    ]);
    expect(r.files.map((f) => f.path)).toEqual([
      'powerdns/gtm/named.conf',
      'powerdns/gtm/pdns.conf',
      'powerdns/gtm/zones/cart.example.com.zone',
    ]);
  });

  it("addresses outside the first network's cidr are a model/addresses error (Neutron would refuse them as fixed IPs); HEAT and Terraform never pin them", async () => {
    const { model, diagnostics } = await load(
      `${HAPROXY.replace('addresses 10.0.0.2 10.0.0.3', 'addresses 10.0.0.2 10.1.0.3')}loadBalancer web-lb { provider haproxy  via lb  vip 10.0.0.5  listen http 80  members web }`,
    );
    const found = diagnostics.filter((d) => d.code === 'model/addresses');
    expect(found.map((d) => [d.severity, d.message])).toEqual([
      [
        1,
        'servers lb: 10.1.0.3 is not in 10.0.0.0/24 of network lbnet, where the machines get their fixed addresses (Neutron refuses a fixed IP outside the subnet): give addresses inside it',
      ],
    ]);
    // An error blocks `topo generate` and generate-on-save; called anyway, the generators leave such a group's ports to DHCP.
    const files = generate(model, { targets: ['heat', 'terraform'] }).files;
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(f.content, f.path).not.toMatch(/ip_address: 10\.(0\.0\.2|1\.0\.3)\b|"10\.1\.0\.3"/);
  });

  it('addresses must be one per machine (model/addresses), and a topology without problems generates without refusal', async () => {
    const bad = await run(
      `${HAPROXY.replace('addresses 10.0.0.10 10.0.0.11', 'addresses 10.0.0.10')}loadBalancer web-lb { provider haproxy  via lb  vip 10.0.0.5  listen http 80  members web }`,
      'haproxy',
    );
    expect(bad.diagnostics.map((d) => d.code)).toContain('model/addresses');
    const good = await run(
      `${HAPROXY}loadBalancer web-lb { provider haproxy  via lb  vip 10.0.0.5  listen http 80  members web  health "/healthz" every 1s fall 2 rise 3 }`,
      'haproxy',
    );
    expect(good.diagnostics.filter((d) => d.severity === 1)).toEqual([]);
    expect(good.problems).toEqual([]);
    expect(good.files.map((f) => f.path)).toEqual([
      'haproxy/lb/haproxy.cfg',
      'haproxy/lb/lb-0/cloud-init.yaml',
      'haproxy/lb/lb-0/keepalived.conf',
      'haproxy/lb/lb-1/cloud-init.yaml',
      'haproxy/lb/lb-1/keepalived.conf',
    ]);
    const cfg = good.files[0]!.content;
    expect(cfg).toContain('    bind 10.0.0.5:80\n');
    expect(cfg).toContain(
      '    default-server check inter 1s fall 2 rise 3\n    server web-0 10.0.0.10:80\n    server web-1 10.0.0.11:80\n',
    );
    expect(cfg).toContain('http-check send meth GET uri /healthz');
  });
});

describe('PowerDNS wide IPs', () => {
  it('failover is one address group per backend in order; round-robin one group answering all', async () => {
    const r = await run(
      `${SITES}gslb gtm { provider powerdns  backends ltm-mad ltm-fra  policy failover  health "/ready" every 4s fall 2 timeout 3s }
gslb rr { provider powerdns  backends ltm-fra ltm-mad }
app shop { clusters ocp-fra ocp-mad  url "https://shop.example.com/"  gslb gtm }
app cart { clusters ocp-fra ocp-mad  url "cart.example.com"  gslb rr  health "/api/health" every 10s fall 3 timeout 5s }`,
      'powerdns',
    );
    expect(r.problems).toEqual([]);
    const zone = (name: string): string => r.files.find((f) => f.path.endsWith(`/${name}.zone`))!.content;
    expect(zone('shop.example.com')).toContain(
      `@ 4 IN LUA A "ifurlup('https://shop.example.com/ready', {{'203.0.113.80'}, {'198.51.100.80'}}, {selector='random', backupSelector='random', interval='4', minimumFailures='2', timeout='3'})"`,
    );
    expect(zone('cart.example.com')).toContain(
      `ifurlup('https://cart.example.com/api/health', {{'198.51.100.80', '203.0.113.80'}}, {selector='all', backupSelector='all', interval='10', minimumFailures='3', timeout='5'})`,
    );
    const conf = r.files.find((f) => f.path === 'powerdns/gtm/pdns.conf')!.content;
    expect(conf).toMatch(/^enable-lua-records=yes$/m);
    expect(conf).toMatch(/^lua-health-checks-interval=4$/m);
    expect(r.files.find((f) => f.path === 'powerdns/rr/named.conf')!.content).toContain(
      'zone "cart.example.com" { type master; file "cart.example.com.zone"; };',
    );
  });
});

describe('k8gb Gslb resources', () => {
  it("failover names the first backend's site as primary geo tag, round-robin has none; both pass k8gb's CRD", async () => {
    const r = await run(
      `${SITES}gslb gtm { provider k8gb  backends ltm-mad ltm-fra  policy failover  health "/ready" every 10s fall 3 }
gslb rr { provider k8gb  backends ltm-fra ltm-mad  policy weighted }
app shop { clusters ocp-fra ocp-mad  url "shop.example.com"  gslb gtm }
app cart { clusters ocp-fra ocp-mad  url "cart.example.com"  gslb rr }`,
      'k8gb',
    );
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => f.path)).toEqual(['k8gb/cart.yaml', 'k8gb/shop.yaml']);
    for (const f of r.files) expect(validateGslb(f.content).errors, f.path).toEqual([]);
    const shop = parse(r.files[1]!.content);
    expect(shop.spec.strategy).toEqual({ type: 'failover', primaryGeoTag: 'mad', dnsTtlSeconds: 10 });
    expect(shop.spec.ingress.rules[0].host).toBe('shop.example.com');
    expect(parse(r.files[0]!.content).spec.strategy).toEqual({
      type: 'roundRobin',
      dnsTtlSeconds: 30,
      weight: { fra: 50, mad: 50 },
    });
    // The validator is not a rubber stamp.
    expect(validateGslb(r.files[1]!.content.replace('primaryGeoTag', 'primaryGeotag')).valid).toBe(false);
  });
});

describe('keepalived instances in the model', () => {
  it('each HAProxy VIP gets a VRRP id no OpenShift cluster and no other instance uses on its network; unicast with fixed addresses', async () => {
    const text = `${HAPROXY}cluster ocp { install ipi  controlPlane { network lbnet  zones dc.az1 dc.az2 dc.az1 }  api vip 10.0.0.50  ingress vip 10.0.0.51 }
servers solo { count 2  zones dc.az1 dc.az2  network lbnet }
loadBalancer a-lb { provider haproxy  via lb  vip 10.0.0.5  listen tcp 443  members web }
loadBalancer b-lb { provider haproxy  via lb  vip 10.0.0.6  listen tcp 80  members web }
loadBalancer c-lb { provider haproxy  via solo  vip 10.0.0.7  listen tcp 8080  members web }`;
    const { model } = await load(text);
    const ids = vrrpIds('ocp');
    expect(model.keepalived.map((k) => [k.loadBalancer.name, k.segment?.name, k.mode])).toEqual([
      ['a-lb', 'lbnet', 'unicast'],
      ['b-lb', 'lbnet', 'unicast'],
      ['c-lb', 'lbnet', 'multicast'],
    ]);
    const vrids = model.keepalived.map((k) => k.vrid);
    expect(new Set(vrids).size).toBe(3);
    for (const v of vrids) expect([ids.api, ids.ingress]).not.toContain(v);
    expect(model.keepalived[0]!.peers).toEqual(['10.0.0.2', '10.0.0.3']);
    // A cluster whose id is the one a-lb would prefer pushes a-lb to another id.
    const preferred = model.keepalived[0]!.vrid;
    const clash = Array.from({ length: 400 }, (_, i) => `c${i}`).find(
      (n) => vrrpIds(n).api === preferred || vrrpIds(n).ingress === preferred,
    )!;
    const again = await load(text.replace('cluster ocp {', `cluster ${clash} {`));
    expect(again.model.keepalived[0]!.vrid).not.toBe(preferred);
    expect([vrrpIds(clash).api, vrrpIds(clash).ingress]).not.toContain(again.model.keepalived[0]!.vrid);
  });
});

describe('topo simulate names the record that moves', () => {
  it('for each wide IP of a lost site: the PowerDNS zone file and after how long (interval × fall)', async () => {
    const { renderDetail } = await import('../analysis/report.js');
    const { analyse, findDomain } = await import('../analysis/failure.js');
    const { model } =
      await load(`${SITES}gslb gtm { provider powerdns  backends ltm-fra ltm-mad  policy failover  health "/ready" every 4s fall 2 }
gslb k { provider k8gb  backends ltm-fra ltm-mad }
app shop { clusters ocp-fra ocp-mad  replicas 4  url "shop.example.com"  gslb gtm }
app cart { clusters ocp-fra ocp-mad  replicas 4  url "cart.example.com"  gslb k }`);
    const impact = analyse(model, findDomain(model, 'fra')!);
    expect(impact.gslbNames.map((g) => [g.name, g.record])).toEqual([
      ['shop.example.com', { record: 'powerdns/gtm/zones/shop.example.com.zone (shop.example.com. LUA A)', ms: 8000 }],
      ['cart.example.com', { record: 'k8gb/cart.yaml (Gslb cart.example.com)' }],
    ]);
    const text = renderDetail(model, impact).replace(/\s+/g, ' ');
    expect(text).toContain(
      'record that moves: powerdns/gtm/zones/shop.example.com.zone (shop.example.com. LUA A), answers ltm-mad only after about 8 s',
    );
    // The record named is the file `topo generate` writes.
    const { files } = generate(model, { targets: ['powerdns', 'k8gb'] });
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['powerdns/gtm/zones/shop.example.com.zone', 'k8gb/cart.yaml']),
    );
  });
});
