import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exhaustedSubnet, load, pinnedPools, pinnedSubnet } from '../../test/support/index.js';
import { validateHot, type HotResult } from '../../test/validators/heat.js';
import { generateHeat } from './heat.js';
import { generate } from './index.js';
import { fn, getParam, renderYaml, seq, YLiteral, ymap, YMap } from './hot.js';
import { alignedCidr, expandPlacement, monitorTiming, octaviaMapping } from './openstack.js';
import { GENERATED_MARKER, type GeneratedFile, type GenerationProblem } from './types.js';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

const REGION = `region east provider openstack {
  zone az1  zone az2  zone az3
  rtt az1 az2 1.0ms  rtt az2 az3 1.0ms  rtt az1 az3 1.2ms
}
`;

/** Three AZs: an HA router, a web tier spread over the zones with anti-affinity, an Octavia LB. */
const SHOP = `topology shop
param env = "prod"
param subnet = 10.50.0.0/16
param web-count = 3
${REGION}
router edge { zones east.az1 east.az2 east.az3  ha  external "public"  snat on }
network web-net { kind overlay  cidr cidrsubnet($subnet, 8, 1)  zones east.az1 east.az2 east.az3  gateway edge  dns 10.0.0.53 10.0.1.53  mtu 1442 }
network db-net  { kind overlay  cidr cidrsubnet($subnet, 8, 2)  zones east.az1 east.az2 east.az3  gateway edge }
securityGroup web-sg { ingress tcp 443 from group lb-sg  ingress tcp 22 from 10.250.0.0/16  egress any to anywhere }
securityGroup lb-sg  { ingress tcp 443 from anywhere  egress tcp 443 to group web-sg }
securityGroup db-sg  { ingress tcp 5432 from group web-sg  ingress tcp 5432 from group db-sg  egress any to anywhere }
secret db-pass env DB_PASSWORD
servers web {
  role app  count $web-count  zones east.az1 east.az2 east.az3  antiAffinity
  flavor "m1.medium"  image "rhel-9.4"  network web-net  securityGroups web-sg  keyPair "ops"
}
servers db {
  role database  zones east.az1: 1 east.az2: 2  antiAffinity soft
  flavor "m1.large"  image "rhel-9.4"  network db-net  securityGroups db-sg  volume 200GiB  password db-pass
}
loadBalancer web-lb {
  provider octavia  zones east.az1 east.az2 east.az3  network web-net  vip 10.50.1.10
  listen https 443 tls terminate
  listen http 80
  members web
  health "/healthz" every 5s fall 2 rise 3 timeout 2s
  algorithm least-connections
}
`;

/** Seed 000 in small: projects, a router of one project on another project's subnet, routes, FWaaS. */
const LANDING = `topology lz
region uk provider k5 { zone a  zone b }
project dmz { role dmz }
project shared { role shared-services  nat none }
network dmz-a in dmz { zone uk.a  cidr 10.10.0.0/24  gateway edge-a }
network shared-a in shared { zone uk.a  cidr 10.20.0.0/24  gateway core-a  nat none }
router core-a in dmz { zone uk.a  interfaces dmz-a }
router edge-a in dmz {
  zone uk.a  external internet  snat on  interfaces dmz-a
  routes 10.20.0.0/16 via 10.10.0.254
  firewall { allow tcp 443 from anywhere to 10.10.0.0/24  deny any from anywhere to anywhere }
}
securityGroup proxy-sg in dmz { ingress tcp 3128 from 10.20.0.0/16  egress tcp 443 to anywhere }
securityGroup git-sg in shared { ingress tcp 443 from 10.10.0.0/16 }
servers proxy in dmz { role proxy  count 2  zones uk.a uk.b  flavor "S-2"  image "ubuntu"  network dmz-a  securityGroups proxy-sg  floatingIps }
servers git in shared { role app  count 1  zone uk.a  flavor "M-4"  image "ubuntu"  network shared-a  securityGroups git-sg }
connector shared-link { networks shared-a dmz-a }
`;

interface Run {
  files: GeneratedFile[];
  problems: GenerationProblem[];
}

async function heat(text: string | Record<string, string>, params?: Record<string, string>): Promise<Run> {
  const { model } = await load(text, { params });
  const problems: GenerationProblem[] = [];
  const files = generateHeat(model, { report: (p) => problems.push(p) });
  return { files, problems };
}

const yaml = (content: string) => parse(content, { version: '1.1' }) as Record<string, any>;
const resources = (f: GeneratedFile) =>
  yaml(f.content).resources as Record<string, { type: string; properties: Record<string, any>; depends_on?: unknown }>;
/** The text with wrapped comment lines joined again. */
const comments = (f: GeneratedFile) => f.content.replace(/\n *# /g, ' ');
const ofType = (f: GeneratedFile, type: string) => Object.entries(resources(f)).filter(([, r]) => r.type === type);

/** Every example folder (one folder = one topology), as load() input. */
function exampleTopologies(): [string, Record<string, string>][] {
  if (!existsSync(EXAMPLES)) return [];
  return readdirSync(EXAMPLES)
    .filter((d) => statSync(join(EXAMPLES, d)).isDirectory())
    .sort()
    .map((d) => {
      const files: Record<string, string> = {};
      for (const f of readdirSync(join(EXAMPLES, d))
        .filter((x) => x.endsWith('.topo'))
        .sort())
        files[`/examples/${d}/${f}`] = readFileSync(join(EXAMPLES, d, f), 'utf8');
      return [d, files] as [string, Record<string, string>];
    })
    .filter(([, files]) => Object.keys(files).length > 0);
}

// ------------------------------------------------------------------------------------------------

describe('HOT writer (PyYAML reads templates: YAML 1.1)', () => {
  it('writes text as a literal block that reads back exactly: final line breaks, leading spaces, and text a block cannot hold quoted', () => {
    const texts = [
      '#cloud-config\nruncmd:\n  - [true]\n',
      'no final break',
      'two breaks\n\n',
      '  indented first\nthen not\n',
      '\n\n  after empty lines\n',
      'tab\there\n',
      'spaces only line\n   \nend\n',
      'bell \u0007\n',
      '',
    ];
    for (const text of texts) {
      const out = renderYaml(ymap({ k: ymap({ user_data: new YLiteral(text) }) }));
      expect(yaml(out).k.user_data, JSON.stringify(text)).toBe(text);
    }
    expect(renderYaml(ymap({ u: new YLiteral('a\nb\n') }))).toBe('u: |\n  a\n  b\n');
    expect(renderYaml(ymap({ u: new YLiteral('a') }))).toBe('u: |-\n  a\n');
    expect(renderYaml(ymap({ u: new YLiteral(' a\n') }))).toBe('u: |2\n   a\n');
  });

  it('quotes what YAML 1.1 would read as something else, and nothing more', () => {
    const text = renderYaml(
      ymap({
        a: 'on',
        b: 'yes',
        c: '1.5',
        d: '0755',
        e: '2018-08-31',
        f: 'OS::Neutron::Net',
        g: "it's",
        h: '10.0.0.0/24',
        i: 'Ubuntu Server 22.04 LTS',
        j: 'a: b',
        k: '#x',
        l: '.',
        m: 'x\ny',
        n: '',
        o: 'null',
      }),
    );
    expect(text).toContain(
      "a: 'on'\nb: 'yes'\nc: '1.5'\nd: '0755'\ne: '2018-08-31'\nf: OS::Neutron::Net\ng: it's\nh: 10.0.0.0/24\n",
    );
    expect(text).toContain('i: Ubuntu Server 22.04 LTS\n');
    const back = yaml(text);
    expect(back).toEqual({
      a: 'on',
      b: 'yes',
      c: '1.5',
      d: '0755',
      e: '2018-08-31',
      f: 'OS::Neutron::Net',
      g: "it's",
      h: '10.0.0.0/24',
      i: 'Ubuntu Server 22.04 LTS',
      j: 'a: b',
      k: '#x',
      l: '.',
      m: 'x\ny',
      n: '',
      o: 'null',
    });
  });

  it('writes intrinsic functions in flow style, and falls back to block style when they hold a block', () => {
    const text = renderYaml(
      ymap({
        flow: fn('get_attr', seq('web_0', 'networks', 'web-net', 0)),
        param: getParam('subnet'),
        block: fn(
          'str_replace',
          ymap({
            template: '$octet1.1.0/24',
            params: ymap({ $octet1: fn('str_split', seq('.', getParam('subnet'), 0)) }),
          }),
        ),
      }),
    );
    expect(text).toContain('param: {get_param: subnet}\n');
    expect(text).toContain('block:\n  str_replace:\n    template: $octet1.1.0/24\n    params:\n      $octet1:\n');
    expect(yaml(text).block.str_replace.params.$octet1.str_split).toEqual(['.', { get_param: 'subnet' }, 0]);
  });

  it('writes a sequence of maps with the first key on the dash line', () => {
    const text = renderYaml(
      ymap({ rules: seq(ymap({ direction: 'ingress', protocol: 'tcp' }), ymap({ direction: 'egress' })) }),
    );
    expect(text).toBe('rules:\n  - direction: ingress\n    protocol: tcp\n  - direction: egress\n');
    expect(new YMap([]).entries).toEqual([]);
  });
});

describe('shared OpenStack mapping', () => {
  it('cidrsubnet by octets when prefix and result are octet-aligned', () => {
    expect(alignedCidr('10.40.0.0/16', 8, 10)).toEqual({ fromParam: 2, rest: ['10', '0/24'], prefixLength: 16 });
    expect(alignedCidr('10.0.0.0/8', 16, 258)).toEqual({ fromParam: 1, rest: ['1', '2', '0/24'], prefixLength: 8 });
    expect(alignedCidr('10.40.0.0/16', 4, 1)).toBeUndefined(); // /20: not an octet boundary
    expect(alignedCidr('10.40.0.0/20', 4, 1)).toBeUndefined();
  });

  it('expands placements round-robin over the zones with room left', async () => {
    const { model } = await load(
      `${REGION}\nservers s { count 5  zones east.az1 east.az2 east.az3 }\nservers t { zones east.az1: 2 east.az2: 1 }\nservers u { count 2 }`,
    );
    const names = (s: string) =>
      expandPlacement(model.servers.find((x) => x.name === s)!.placement).map((z) => z?.name);
    expect(names('s')).toEqual(['az1', 'az2', 'az3', 'az1', 'az2']);
    expect(names('t')).toEqual(['az1', 'az2', 'az1']);
    expect(names('u')).toEqual([undefined, undefined]);
  });

  it('maps listeners and health checks to Octavia', () => {
    expect(octaviaMapping({ protocol: 'https', port: 443, tls: 'terminate' })).toMatchObject({
      listener: 'TERMINATED_HTTPS',
      pool: 'HTTP',
      monitor: 'HTTP',
      needsCertificate: true,
    });
    expect(octaviaMapping({ protocol: 'https', port: 443, tls: 'reencrypt' })).toMatchObject({
      listener: 'TERMINATED_HTTPS',
      pool: 'HTTP',
      poolTls: true,
      monitor: 'HTTPS',
    });
    expect(octaviaMapping({ protocol: 'https', port: 443, tls: 'passthrough' })).toMatchObject({
      listener: 'HTTPS',
      pool: 'HTTPS',
      monitor: 'HTTPS',
    });
    expect(octaviaMapping({ protocol: 'tcp', port: 6443 })).toMatchObject({
      listener: 'TCP',
      pool: 'TCP',
      monitor: 'TCP',
    });
    expect(octaviaMapping({ protocol: 'tcp', port: 443, tls: 'passthrough' })).toMatchObject({
      listener: 'TCP',
      monitor: 'HTTPS',
    });
    const loc = { uri: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    expect(monitorTiming({ path: '/', intervalMs: 5000, timeoutMs: 2000, rise: 3, fall: 2, loc, props: {} })).toEqual({
      delay: 5,
      timeout: 2,
      maxRetries: 3,
      maxRetriesDown: 2,
      notes: [],
    });
    const odd = monitorTiming({ path: '/', intervalMs: 1500, timeoutMs: 4000, rise: 12, loc, props: {} });
    expect(odd).toMatchObject({ delay: 2, timeout: 2, maxRetries: 10, maxRetriesDown: undefined });
    expect(odd.notes).toHaveLength(3);
  });
});

describe('HEAT generator', () => {
  // Every template of this suite, validated by Heat's engine in one process (importing Heat takes
  // a second or two; a template a few milliseconds).
  const toValidate: { name: string; content: string }[] = [];
  let results: Map<string, HotResult>;
  let shop: Run;
  let landing: Run;
  let examples: [string, Run][];

  beforeAll(async () => {
    shop = await heat({ 'main.topo': SHOP });
    landing = await heat({ 'lz.topo': LANDING });
    examples = [];
    for (const [name, files] of exampleTopologies()) examples.push([name, await heat(files)]);
    const extra = await Promise.all([
      heat(
        `${REGION}\nrouter dvr { zones east.az1 east.az2  ha  distributed  external "public" }\nnetwork n { cidr 10.1.0.0/24  zones east.az1 east.az2  gateway dvr }`,
      ),
      heat(
        `${REGION}\nparam subnet = 10.40.0.0/20\nnetwork n { cidr cidrsubnet($subnet, 4, 3) }\nnetwork m { cidr $subnet }`,
      ),
      heat(
        `${REGION}\nnetwork rpn { kind routed-provider  zone east.az1  cidr 10.0.1.0/24  vlan 101  physnet "leaf-az1"  mtu 9000 }`,
      ),
      heat(`${REGION}\nnetwork n { cidr 10.9.0.0/24 }\nservers vm { count 2  network n  password "hunter2-literal" }`),
      heat(
        `${REGION}\nnetwork net { cidr 10.0.0.0/16  zones east.az1 east.az2 east.az3 }\nservers lb { role haproxy  count 2  zones east.az1 east.az2  network net  floatingIps }\nloadBalancer api { provider haproxy  via lb  vip 10.0.0.5  listen tcp 6443 }`,
      ),
    ]);
    const all: [string, Run][] = [
      ['shop', shop],
      ['landing', landing],
      ...examples,
      ...extra.map((r, i) => [`extra-${i}`, r] as [string, Run]),
    ];
    for (const [name, run] of all)
      for (const f of run.files) toValidate.push({ name: `${name}/${f.path}`, content: f.content });
    const started = Date.now();
    const out = await validateHot(toValidate);
    console.info(
      `heat: ${toValidate.length} generated templates validated by Heat's engine in ${Date.now() - started} ms`,
    );
    results = new Map(out.map((r) => [r.file, r]));
  }, 180_000);

  it("every generated template is valid for Heat's engine", () => {
    expect(toValidate.length).toBeGreaterThan(8);
    const invalid = [...results.values()].filter((r) => !r.valid).map((r) => `${r.file}: ${r.error}`);
    expect(invalid).toEqual([]);
  });

  it('every example generates without errors, and each template starts with the generated-by header', () => {
    for (const [name, run] of examples) {
      expect(
        run.problems.filter((p) => p.severity === 'error'),
        name,
      ).toEqual([]);
      for (const f of run.files) {
        expect(f.target).toBe('heat');
        expect(f.path).toMatch(/^heat\/([A-Za-z0-9._-]+\/)?[A-Za-z0-9._-]+\.yaml$/);
        expect(f.content.startsWith(`# ${GENERATED_MARKER} from `), f.path).toBe(true);
        expect(f.content).toMatch(/\nheat_template_version: 2018-08-31\n/);
      }
    }
  });

  it('is deterministic: same model, same bytes (also with the files given in another order)', async () => {
    const again = await heat({ 'main.topo': SHOP });
    expect(again.files).toEqual(shop.files);
    const [name, files] = exampleTopologies().find(([, f]) => Object.keys(f).length > 1) ?? [];
    if (name && files) {
      const reversed = Object.fromEntries(Object.entries(files).reverse());
      const a = examples.find(([n]) => n === name)![1].files;
      expect((await heat(reversed)).files).toEqual(a);
    }
  });

  it('3 AZs: parameters for the environment, the subnet and every topology param', () => {
    expect(shop.files.map((f) => f.path)).toEqual(['heat/shop.yaml']);
    const doc = yaml(shop.files[0]!.content);
    expect(Object.keys(doc.parameters)).toEqual([
      'env',
      'subnet',
      'web-count',
      'external_network',
      'db_admin_pass',
      'web_lb_tls_container_ref',
    ]);
    expect(doc.parameters.env).toMatchObject({ type: 'string', default: 'prod' });
    expect(doc.parameters['web-count']).toMatchObject({ type: 'number', default: 3 });
    // HOT cannot loop over a count: the servers are unrolled, and the parameter says so
    expect(doc.parameters['web-count'].description).toContain('topo generate --set web-count=');
    expect(doc.parameters.subnet.description).not.toContain('--set');
    expect(doc.parameters.subnet.constraints).toEqual([
      { custom_constraint: 'net_cidr' },
      expect.objectContaining({ allowed_pattern: expect.stringMatching(/\\\.0\\\.0\/16\$$/) }),
    ]);
    expect(doc.parameters.external_network).toMatchObject({ default: 'public' });
    // the secret: a hidden parameter without default
    expect(doc.parameters.db_admin_pass).toEqual({
      type: 'string',
      description: expect.stringContaining('DB_PASSWORD'),
      hidden: true,
    });
    expect(doc.parameters.web_lb_tls_container_ref.default).toBeUndefined();
  });

  it('3 AZs: networks with zone hints, subnets carved from $subnet in Heat, an HA router with its gateway', () => {
    const f = shop.files[0]!;
    const r = resources(f);
    expect(r.web_net).toEqual({
      type: 'OS::Neutron::Net',
      properties: {
        name: 'web-net',
        availability_zone_hints: ['az1', 'az2', 'az3'],
        value_specs: { mtu: 1442 },
        tags: ['topology=shop', { list_join: ['=', ['environment', { get_param: 'env' }]] }],
      },
    });
    expect(r.web_net_subnet!.properties).toMatchObject({
      name: 'web-net-subnet',
      network: { get_resource: 'web_net' },
      ip_version: 4,
      dns_nameservers: ['10.0.0.53', '10.0.1.53'],
      cidr: {
        str_replace: {
          template: '$octet1.$octet2.1.0/24',
          params: {
            $octet1: { str_split: ['.', { get_param: 'subnet' }, 0] },
            $octet2: { str_split: ['.', { get_param: 'subnet' }, 1] },
          },
        },
      },
    });
    expect(f.content).toContain('# cidrsubnet($subnet, 8, 1): 10.50.1.0/24 for subnet = 10.50.0.0/16');
    expect(r.edge_router!.properties).toMatchObject({
      name: 'edge',
      ha: true,
      availability_zone_hints: ['az1', 'az2', 'az3'],
      external_gateway_info: { network: { get_param: 'external_network' }, enable_snat: true },
    });
    expect(r.edge_router!.properties.distributed).toBeUndefined();
    expect(ofType(f, 'OS::Neutron::RouterInterface').map(([, x]) => x.properties)).toEqual([
      { router: { get_resource: 'edge_router' }, subnet: { get_resource: 'web_net_subnet' } },
      { router: { get_resource: 'edge_router' }, subnet: { get_resource: 'db_net_subnet' } },
    ]);
  });

  it('3 AZs: one server per machine in its zone, in its server group, with its security group', () => {
    const f = shop.files[0]!;
    const r = resources(f);
    expect(r.web_group).toEqual({
      type: 'OS::Nova::ServerGroup',
      properties: { name: 'web', policies: ['anti-affinity'] },
    });
    expect(r.db_group!.properties.policies).toEqual(['soft-anti-affinity']);
    const web = ofType(f, 'OS::Nova::Server').filter(([, x]) => x.properties.name.startsWith('web-'));
    expect(web.map(([id, x]) => [id, x.properties.name, x.properties.availability_zone])).toEqual([
      ['web_0', 'web-0', 'az1'],
      ['web_1', 'web-1', 'az2'],
      ['web_2', 'web-2', 'az3'],
    ]);
    expect(web[0]![1].properties).toMatchObject({
      flavor: 'm1.medium',
      image: 'rhel-9.4',
      key_name: 'ops',
      networks: [{ subnet: { get_resource: 'web_net_subnet' } }],
      security_groups: [{ get_resource: 'web_sg' }],
      scheduler_hints: { group: { get_resource: 'web_group' } },
    });
    // db: az1: 1, az2: 2 → az1, az2, az2; a password parameter and a data volume per server in its zone
    const db = ofType(f, 'OS::Nova::Server').filter(([, x]) => x.properties.name.startsWith('db-'));
    expect(db.map(([, x]) => x.properties.availability_zone)).toEqual(['az1', 'az2', 'az2']);
    expect(db[0]![1].properties.admin_pass).toEqual({ get_param: 'db_admin_pass' });
    expect(ofType(f, 'OS::Cinder::Volume').map(([, x]) => [x.properties.size, x.properties.availability_zone])).toEqual(
      [
        [200, 'az1'],
        [200, 'az2'],
        [200, 'az2'],
      ],
    );
    expect(ofType(f, 'OS::Cinder::VolumeAttachment')).toHaveLength(3);
  });

  it('3 AZs: security groups inline, a rule that would close a dependency cycle as its own resource', () => {
    const f = shop.files[0]!;
    const r = resources(f);
    // lb-sg → web-sg (egress, inline: keeps Heat from leaving the default egress rules) ...
    expect(r.lb_sg!.properties.rules).toContainEqual({
      direction: 'egress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      port_range_min: 443,
      port_range_max: 443,
      remote_mode: 'remote_group_id',
      remote_group_id: { get_resource: 'web_sg' },
    });
    // ... so web-sg → lb-sg (ingress) is a separate rule
    const separate = ofType(f, 'OS::Neutron::SecurityGroupRule');
    expect(separate.map(([, x]) => x.properties)).toEqual([
      {
        security_group: { get_resource: 'web_sg' },
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 443,
        port_range_max: 443,
        remote_group: { get_resource: 'lb_sg' },
      },
    ]);
    // a group that refers to itself, and one to an acyclic other group, stay inline
    expect(r.db_sg!.properties.rules).toEqual([
      {
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 5432,
        port_range_max: 5432,
        remote_mode: 'remote_group_id',
        remote_group_id: { get_resource: 'web_sg' },
      },
      {
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 5432,
        port_range_max: 5432,
        remote_mode: 'remote_group_id',
      },
      { direction: 'egress', ethertype: 'IPv4', remote_ip_prefix: '0.0.0.0/0' },
    ]);
  });

  it('3 AZs: Octavia load balancer, listener/pool/members per listen line, monitor from the health check', () => {
    const f = shop.files[0]!;
    const r = resources(f);
    expect(r.web_lb).toEqual({
      type: 'OS::Octavia::LoadBalancer',
      properties: { name: 'web-lb', vip_subnet: { get_resource: 'web_net_subnet' }, vip_address: '10.50.1.10' },
    });
    expect(r.web_lb_443_listener!.properties).toEqual({
      name: 'web-lb-443',
      loadbalancer: { get_resource: 'web_lb' },
      protocol: 'TERMINATED_HTTPS',
      protocol_port: 443,
      default_tls_container_ref: { get_param: 'web_lb_tls_container_ref' },
    });
    expect(r.web_lb_443_pool!.properties).toEqual({
      name: 'web-lb-443',
      listener: { get_resource: 'web_lb_443_listener' },
      protocol: 'HTTP',
      lb_algorithm: 'LEAST_CONNECTIONS',
    });
    expect(r.web_lb_80_listener!.properties.protocol).toBe('HTTP');
    const members = ofType(f, 'OS::Octavia::PoolMember');
    expect(members).toHaveLength(6); // 3 servers × 2 listeners
    expect(members[0]![1].properties).toEqual({
      pool: { get_resource: 'web_lb_443_pool' },
      address: { get_attr: ['web_0', 'networks', 'web-net', 0] },
      protocol_port: 443,
      subnet: { get_resource: 'web_net_subnet' },
    });
    expect(r.web_lb_443_monitor!.properties).toEqual({
      pool: { get_resource: 'web_lb_443_pool' },
      type: 'HTTP',
      delay: 5,
      timeout: 2,
      max_retries: 3,
      url_path: '/healthz',
    });
    // fall 2 cannot be said in Heat 19: the template says so
    expect(comments(f)).toContain(
      "fall 2: Heat's OS::Octavia::HealthMonitor has no max_retries_down (Heat 19/Zed), so Octavia's default of 3 applies.",
    );
    expect(yaml(f.content).outputs.web_lb_vip_address).toEqual({
      description: 'VIP of load balancer web-lb',
      value: { get_attr: ['web_lb', 'vip_address'] },
    });
  });

  it("one template per project; another project's subnet is a parameter, and the order is said", () => {
    expect(landing.files.map((f) => f.path)).toEqual(['heat/dmz.yaml', 'heat/shared.yaml']);
    const dmz = landing.files[0]!;
    const doc = yaml(dmz.content);
    expect(doc.description).toContain('Create after shared.yaml');
    expect(doc.parameters.shared_a_subnet).toMatchObject({
      default: 'shared-a-subnet',
      constraints: [{ custom_constraint: 'neutron.subnet' }],
    });
    // external internet: the cloud's external network has no name we know
    expect(doc.parameters.external_network.default).toBeUndefined();
    const r = resources(dmz);
    expect(r.core_a_shared_a_interface!.properties).toEqual({
      router: { get_resource: 'core_a_router' },
      subnet: { get_param: 'shared_a_subnet' },
    });
    // core-a is on dmz-a next to its gateway edge-a: a port of its own, at the routes' next hop
    expect(r.core_a_dmz_a_port!.properties).toEqual({
      name: 'core-a-dmz-a',
      network: { get_resource: 'dmz_a_net' },
      fixed_ips: [{ subnet: { get_resource: 'dmz_a_subnet' }, ip_address: '10.10.0.254' }],
    });
    expect(r.core_a_dmz_a_interface!.properties).toEqual({
      router: { get_resource: 'core_a_router' },
      port: { get_resource: 'core_a_dmz_a_port' },
    });
    expect(r.edge_a_dmz_a_interface!.properties.subnet).toEqual({ get_resource: 'dmz_a_subnet' });
    expect(r.edge_a_routes).toEqual({
      type: 'OS::Neutron::ExtraRouteSet',
      properties: {
        router: { get_resource: 'edge_a_router' },
        routes: [{ destination: '10.20.0.0/16', nexthop: '10.10.0.254' }],
      },
      depends_on: 'edge_a_dmz_a_interface',
    });
    // FWaaS v2: no firewall resource, a pointer to the Terraform output
    expect(Object.values(r).some((x) => x.type.includes('Firewall'))).toBe(false);
    expect(comments(dmz)).toMatch(/Heat cannot create FWaaS v2 .* in the Terraform output: terraform\/firewall\.tf/);
    expect(dmz.content).toContain('# connector shared-link');
    // floating IPs from the gateway's external network, through the server's network entry
    expect(r.proxy_0!.properties.networks).toEqual([
      { subnet: { get_resource: 'dmz_a_subnet' }, floating_ip: { get_resource: 'proxy_0_floating_ip' } },
    ]);
    expect(r.proxy_0_floating_ip!.properties).toEqual({ floating_network: { get_param: 'external_network' } });
    const shared = resources(landing.files[1]!);
    expect(Object.keys(shared)).toEqual(['shared_a_net', 'shared_a_subnet', 'git_sg', 'git_0']);
  });

  it('ha + distributed: distributed only (Heat refuses both), and says why', async () => {
    const run = await heat(`${REGION}\nrouter dvr { zones east.az1 east.az2  ha  distributed  external "public" }`);
    const r = resources(run.files[0]!);
    expect(r.dvr_router!.properties).toMatchObject({ distributed: true });
    expect(r.dvr_router!.properties.ha).toBeUndefined();
    expect(run.files[0]!.content).toContain('l3_ha = True');
  });

  it('cidrsubnet off octet boundaries: a CIDR parameter per network, default computed from the model', async () => {
    const run = await heat(
      `${REGION}\nparam subnet = 10.40.0.0/20\nnetwork n { cidr cidrsubnet($subnet, 4, 3) }\nnetwork m { cidr $subnet }`,
      { subnet: '10.60.0.0/20' },
    );
    const doc = yaml(run.files[0]!.content);
    expect(doc.parameters.subnet.default).toBe('10.60.0.0/20');
    expect(doc.parameters.n_cidr).toMatchObject({
      type: 'string',
      default: '10.60.3.0/24',
      constraints: [{ custom_constraint: 'net_cidr' }],
    });
    expect(doc.resources.n_subnet.properties.cidr).toEqual({ get_param: 'n_cidr' });
    expect(doc.resources.m_subnet.properties.cidr).toEqual({ get_param: 'subnet' });
  });

  it('provider networks: type, physical network, segmentation id and MTU through value_specs', async () => {
    const run = await heat(
      `${REGION}\nnetwork rpn { kind routed-provider  zone east.az1  cidr 10.0.1.0/24  vlan 101  physnet "leaf-az1"  mtu 9000 }`,
    );
    expect(resources(run.files[0]!).rpn_net!.properties.value_specs).toEqual({
      'provider:network_type': 'vlan',
      'provider:physical_network': 'leaf-az1',
      'provider:segmentation_id': 101,
      mtu: 9000,
    });
  });

  it('never writes a secret: a literal password becomes a hidden parameter', async () => {
    const run = await heat(
      `${REGION}\nnetwork n { cidr 10.9.0.0/24 }\nservers vm { count 2  network n  password "hunter2-literal" }`,
    );
    const f = run.files[0]!;
    expect(f.content).not.toContain('hunter2');
    expect(yaml(f.content).parameters.vm_admin_pass).toMatchObject({ hidden: true });
    expect(yaml(f.content).parameters.vm_admin_pass.default).toBeUndefined();
    // no image or flavor in the model: parameters without default
    expect(yaml(f.content).parameters.vm_image).toMatchObject({
      type: 'string',
      constraints: [{ custom_constraint: 'glance.image' }],
    });
  });

  it('HAProxy VMs holding a VIP: ports with the VIP as allowed address pair, the VIP reserved', async () => {
    const run = await heat(
      `${REGION}\nnetwork net { cidr 10.0.0.0/16  zones east.az1 east.az2 east.az3 }\nservers lb { role haproxy  count 2  zones east.az1 east.az2  network net  securityGroups sg }\nsecurityGroup sg { ingress tcp 6443 from anywhere }\nloadBalancer api { provider haproxy  via lb  vip 10.0.0.5  listen tcp 6443 }`,
    );
    const r = resources(run.files[0]!);
    expect(r.lb_0_net_port!.properties).toEqual({
      name: 'lb-0-net',
      network: { get_resource: 'net' },
      fixed_ips: [{ subnet: { get_resource: 'net_subnet' } }],
      security_groups: [{ get_resource: 'sg' }],
      allowed_address_pairs: [{ ip_address: '10.0.0.5' }],
    });
    expect(r.lb_0!.properties.networks).toEqual([{ port: { get_resource: 'lb_0_net_port' } }]);
    expect(r.lb_0!.properties.security_groups).toBeUndefined();
    expect(r.api_vip_port!.properties.fixed_ips).toEqual([
      { subnet: { get_resource: 'net_subnet' }, ip_address: '10.0.0.5' },
    ]);
    expect(Object.values(r).some((x) => x.type.startsWith('OS::Octavia'))).toBe(false);
  });

  it('HAProxy VMs boot configured: each server gets its cloud-config as RAW user_data, its declared address as the fixed IP of its port', async () => {
    const text = `${REGION}\nnetwork net { cidr 10.0.0.0/16  zones east.az1 east.az2 east.az3 }
servers lb { role haproxy  count 2  zones east.az1 east.az2  network net  securityGroups sg  addresses 10.0.0.2 10.0.0.3 }
servers web { count 2  zones east.az1 east.az2  network net  addresses 10.0.0.10 10.0.0.11 }
securityGroup sg { ingress tcp 80 from anywhere }
loadBalancer web-lb { provider haproxy  via lb  vip 10.0.0.5  listen http 80  members web }`;
    const { model } = await load(text);
    const run = await heat(text);
    expect(run.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const r = resources(run.files[0]!);
    const haproxy = generate(model, { targets: ['haproxy'] }).files;
    for (const i of [0, 1]) {
      const server = r[`lb_${i}`]!.properties;
      expect(server.user_data_format).toBe('RAW');
      expect(server.user_data).toBe(haproxy.find((f) => f.path === `haproxy/lb/lb-${i}/cloud-init.yaml`)!.content);
      expect(r[`lb_${i}_net_port`]!.properties.fixed_ips).toEqual([
        { subnet: { get_resource: 'net_subnet' }, ip_address: `10.0.0.${2 + i}` },
      ]);
      expect(r[`lb_${i}_net_port`]!.properties.allowed_address_pairs).toEqual([{ ip_address: '10.0.0.5' }]);
      // A server without a load balancer on it boots plain, on a port with its fixed address.
      expect(r[`web_${i}`]!.properties.user_data).toBeUndefined();
      expect(r[`web_${i}_net_port`]!.properties).toEqual({
        name: `web-${i}-net`,
        network: { get_resource: 'net' },
        fixed_ips: [{ subnet: { get_resource: 'net_subnet' }, ip_address: `10.0.0.${10 + i}` }],
      });
    }
    // The literal block keeps the cloud-config byte for byte, the first line too (cloud-init reads it).
    expect(run.files[0]!.content).toMatch(/user_data: \|\n {8}#cloud-config\n/);
    const [result] = await validateHot([{ name: 'lb.yaml', content: run.files[0]!.content }]);
    expect(result!.error).toBeNull();
  }, 60_000);

  it('a subnet where the topology pins addresses gets allocation pools without them, so Neutron hands none to another port', async () => {
    const run = await heat(pinnedSubnet);
    expect(run.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const r = resources(run.files[0]!);
    // Neutron's default pool (10.0.0.2-10.0.0.254: not the network, broadcast or gateway .1) minus
    // the fixed addresses .2 .3 .10 .11, the HAProxy VIP .5 and the Octavia VIP .254.
    expect(r.net_subnet!.properties.allocation_pools).toEqual(pinnedPools);
    // Nothing pinned on `other`: Neutron's default pools.
    expect(r.other_subnet!.properties).not.toHaveProperty('allocation_pools');
    // The comment says what each left-out address is.
    expect(comments(run.files[0]!)).toContain(
      'Allocation pools: 10.0.0.0/24 without its gateway (10.0.0.1) and the addresses the topology pins here, so that Neutron gives none of them to another port: ' +
        '10.0.0.2-10.0.0.3: servers lb 10.0.0.5: VIP of loadBalancer web-lb 10.0.0.10-10.0.0.11: servers web 10.0.0.254: VIP of loadBalancer edge-lb\n',
    );
    // Deterministic: the same pools and comment whatever order the elements are written in.
    const reordered = await heat(pinnedSubnet.split('\n').reverse().join('\n'));
    const pools = (f: GeneratedFile) =>
      f.content.slice(
        f.content.indexOf('# Allocation pools'),
        f.content.indexOf('tags', f.content.indexOf('# Allocation pools')),
      );
    expect(pools(reordered.files[0]!)).toBe(pools(run.files[0]!));
    const [result] = await validateHot([{ name: 'pinned.yaml', content: run.files[0]!.content }]);
    expect(result!.error).toBeNull();
  }, 60_000);

  it('a subnet whose every address after the gateway is pinned keeps the default pool, with a warning that says to widen it', async () => {
    const run = await heat(exhaustedSubnet);
    expect(resources(run.files[0]!).tiny_subnet!.properties).not.toHaveProperty('allocation_pools');
    expect(run.problems.filter((p) => p.code === 'heat/subnet-pool').map((p) => [p.severity, p.message])).toEqual([
      [
        'warning',
        "network tiny: the addresses the topology pins fill 10.9.0.0/29 (with its gateway): no address is left for Neutron to allocate (the DHCP port, ports without a fixed IP), so the subnet keeps Neutron's default allocation pool, which includes the pinned ones: widen the cidr",
      ],
    ]);
  });

  it('several OpenStack regions: one folder per region; other providers are left out', async () => {
    const run = await heat(`
      site fra provider openstack { zone az1 }
      site mad provider openstack { zone az1 }
      site onprem provider vsphere { zone dc1 }
      network a { zone fra.az1  cidr 10.1.0.0/24 }
      network b { zone mad.az1  cidr 10.2.0.0/24 }
      network c { zone onprem.dc1  cidr 10.3.0.0/24 }`);
    expect(run.files.map((f) => f.path)).toEqual(['heat/fra/ws.yaml', 'heat/mad/ws.yaml']);
    expect(run.files.some((f) => f.content.includes('10.3.0.0/24'))).toBe(false);
  });
});
