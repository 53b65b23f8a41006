/**
 * Golden tests: every example's generated artifacts are checked in under test/golden/ and
 * compared byte for byte, so any change in output is a visible diff. Each artifact also passes
 * its ecosystem's validator: install-configs the installer's CRD schema, HOT templates Heat's own
 * engine, Terraform HashiCorp's HCL parser, the provider's argument list and `terraform fmt`, app
 * manifests the Kubernetes OpenAPI schemas (kubernetes-models, unknown fields) and the Route CRD,
 * haproxy.cfg and keepalived.conf their own engines, user_data cloud-init's schema, and PowerDNS
 * zones a real pdns_server.
 *
 * Update after an intended change: UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse as hcl2json } from '@cdktf/hcl2json';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { GENERATION_TARGETS, generate, writeGenerated, type GeneratedFile } from '../language/generators/index.js';
import type { SecretRef, TopoModel } from '../language/model/types.js';
import { generatedTree } from './support/generated.js';
import { load } from './support/index.js';
import { validateCloudConfig } from './validators/cloud-init.js';
import { digA, digStatus, haproxyCheck, isolatedNetns, keepalivedCheck, startPdns } from './validators/engines.js';
import { validateHot } from './validators/heat.js';
import { validateInstallConfig } from './validators/install-config.js';
import { validateKustomizations, validateManifest } from './validators/kubernetes.js';
import { checkTerraformFormat, validateTerraform } from './validators/terraform.js';

const ROOT = resolve(import.meta.dirname, '..');
const EXAMPLES = join(ROOT, 'examples');
const GOLDEN = join(ROOT, 'test/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Fixed stand-ins for the secrets the examples reference (never real ones). */
function fakeSecret(ref: SecretRef): string {
  const name = `${ref.kind}:${ref.reference ?? ''}`;
  if (/pull/i.test(name))
    return '{"auths":{"registry.example.com":{"auth":"Z29sZGVuOnRlc3Q=","email":"golden@example.com"}}}';
  if (/ssh|\.pub|key/i.test(name))
    return 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGoldenGoldenGoldenGoldenGoldenGoldenGold golden@example.com';
  return 'golden-placeholder-secret';
}

/** Every folder under examples/ that holds .topo files is one topology. */
function topologies(dir: string): string[] {
  const here = readdirSync(dir, { withFileTypes: true });
  const own = here.some((e) => e.isFile() && e.name.endsWith('.topo')) ? [dir] : [];
  return [
    ...own,
    ...here.filter((e) => e.isDirectory() && e.name !== 'generated').flatMap((e) => topologies(join(dir, e.name))),
  ];
}

const produced: { example: string; files: GeneratedFile[]; model: TopoModel }[] = [];
const temp = mkdtempSync(join(tmpdir(), 'topo-golden-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('golden artifacts of every example', () => {
  for (const folder of topologies(EXAMPLES)) {
    const example = relative(EXAMPLES, folder).split('\\').join('/');
    it(`${example}: generates exactly the checked-in artifacts`, async () => {
      const files = Object.fromEntries(
        readdirSync(folder)
          .filter((f) => f.endsWith('.topo'))
          .sort()
          .map((f) => [join(folder, f), readFileSync(join(folder, f), 'utf8')]),
      );
      const { model } = await load(files);
      const sourceFiles = Object.fromEntries(model.files.map((uri) => [uri, relative(folder, new URL(uri).pathname)]));
      const result = generate(model, { sourceFiles, resolveSecret: fakeSecret });
      expect(result.problems.filter((p) => p.severity === 'error').map((p) => `${p.code}: ${p.message}`)).toEqual([]);
      produced.push({ example, files: result.files, model });
      const out = join(temp, example);
      const report = await writeGenerated(result.files, { outDir: out });
      expect(report.errors).toEqual([]);
      const actual = generatedTree(out);
      const goldenDir = join(GOLDEN, example);
      if (UPDATE) {
        for (const target of GENERATION_TARGETS) rmSync(join(goldenDir, target), { recursive: true, force: true });
        for (const [path, content] of Object.entries(actual)) {
          mkdirSync(dirname(join(goldenDir, path)), { recursive: true });
          writeFileSync(join(goldenDir, path), content);
        }
      }
      expect(Object.keys(actual).sort()).toEqual(Object.keys(generatedTree(goldenDir)).sort());
      for (const [path, content] of Object.entries(generatedTree(goldenDir)))
        expect(actual[path], `${example}/${path}`).toBe(content);
      expect(Object.keys(actual).some((p) => p.startsWith('heat/'))).toBe(true);
      expect(Object.keys(actual).some((p) => p.startsWith('terraform/'))).toBe(true);
      if (model.clusters.some((c) => c.distribution === 'openshift' && c.install === 'ipi'))
        expect(Object.keys(actual).some((p) => p.startsWith('openshift/'))).toBe(true);
      if (model.apps.some((a) => a.clusters.length))
        expect(Object.keys(actual).some((p) => p.startsWith('apps/'))).toBe(true);
    });
  }

  it("every install-config passes the installer's CRD schema", () => {
    const configs = produced.flatMap(({ example, files }) =>
      files
        .filter((f) => f.path.endsWith('install-config.yaml'))
        .map((f) => ({ name: `${example}/${f.path}`, content: f.content })),
    );
    expect(configs.length).toBeGreaterThan(0);
    for (const c of configs) expect(validateInstallConfig(c.content).errors, c.name).toEqual([]);
  });

  it("every HOT template passes Heat's own engine", async () => {
    const templates = produced.flatMap(({ example, files }) =>
      files.filter((f) => f.target === 'heat').map((f) => ({ name: `${example}/${f.path}`, content: f.content })),
    );
    expect(templates.length).toBeGreaterThan(0);
    const results = await validateHot(templates);
    expect(results.filter((r) => !r.valid).map((r) => `${r.file}: ${r.error}`)).toEqual([]);
  }, 180_000);

  it('every app manifest passes its validator, and every kustomization lists exactly its folder', () => {
    const apps = produced.flatMap(({ example, files }) =>
      files.filter((f) => f.target === 'apps').map((f) => ({ ...f, name: `${example}/${f.path}` })),
    );
    expect(apps.filter((f) => f.path.endsWith('/deployment.yaml')).length).toBeGreaterThan(0);
    for (const f of apps)
      if (!f.path.endsWith('/kustomization.yaml')) expect(validateManifest(f.content).errors, f.name).toEqual([]);
    for (const { example, files } of produced)
      expect(validateKustomizations(files.filter((f) => f.target === 'apps')), example).toEqual([]);
  });

  it("every app of every example gets a Deployment on each of its clusters, and their replicas add up to the app's", async () => {
    for (const { example, files, model } of produced) {
      for (const app of model.apps.filter((a) => a.clusters.length)) {
        const replicas = app.clusters.map((c) => {
          const file = files.find((f) => f.path === `apps/${c.name}/${app.name}/deployment.yaml`);
          expect(file, `${example}: app ${app.name} on ${c.name}`).toBeDefined();
          return parseYaml(file!.content).spec.replicas as number;
        });
        expect(
          replicas.reduce((a, b) => a + b, 0),
          `${example}: app ${app.name}`,
        ).toBe(app.replicas);
      }
    }
  });

  it("docs/generators.md shows the Deployment of seed 004's corrected example as it is generated", () => {
    const doc = readFileSync(join(ROOT, 'docs/generators.md'), 'utf8');
    const golden = readFileSync(join(GOLDEN, 'two-dc-gtm-ltm/corrected/apps/ocp-fra/orders/deployment.yaml'), 'utf8');
    expect(doc).toContain(
      '```yaml\n' +
        golden
          .split('\n')
          .filter((l) => !l.startsWith('# topo-hash:'))
          .join('\n')
          .trimEnd() +
        '\n```',
    );
  });

  it('every Terraform file parses, names only real resources and arguments, and is fmt-clean', async () => {
    for (const { example, files } of produced) {
      const tf = files.filter((f) => f.target === 'terraform').map((f) => ({ name: f.path, content: f.content }));
      expect(tf.length, example).toBeGreaterThan(0);
      expect((await validateTerraform(tf)).errors, example).toEqual([]);
      for (const f of tf.filter((x) => x.name.endsWith('.tf')))
        expect(checkTerraformFormat(f.content), `${example}/${f.name}`).toEqual([]);
    }
  });

  /** The interfaces a VM of group `servers` has: eth0, eth1 ... one per network (its ports). */
  const vmInterfaces = (model: TopoModel, servers: string): string[] =>
    (model.servers.find((s) => s.name === servers)?.networks ?? []).map((_, i) => `eth${i}`);

  it("every haproxy.cfg passes `haproxy -c`, every keepalived.conf `keepalived -t` on the VM's interfaces", async () => {
    let checked = 0;
    for (const { example, model, files } of produced) {
      for (const f of files.filter((x) => x.target === 'haproxy')) {
        const group = f.path.split('/')[1]!;
        if (f.path.endsWith('haproxy.cfg')) {
          const r = await haproxyCheck(f.content);
          expect(r.code, `${example}/${f.path}: ${r.stdout}${r.stderr}`).toBe(0);
          checked++;
        } else if (f.path.endsWith('keepalived.conf')) {
          const r = await keepalivedCheck(f.content, vmInterfaces(model, group));
          expect(r.code, `${example}/${f.path}: ${r.stdout}${r.stderr}`).toBe(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  }, 120_000);

  it("every HAProxy VM's user_data passes cloud-init's schema, and the files it writes pass haproxy and keepalived", async () => {
    let checked = 0;
    for (const { example, model, files } of produced) {
      for (const f of files.filter((x) => x.target === 'haproxy' && x.path.endsWith('cloud-init.yaml'))) {
        const r = validateCloudConfig(f.content);
        expect(r.errors, `${example}/${f.path}`).toEqual([]);
        const cfg = await haproxyCheck(r.files['/etc/haproxy/haproxy.cfg']!);
        expect(cfg.code, `${example}/${f.path} haproxy.cfg: ${cfg.stderr}`).toBe(0);
        const ka = await keepalivedCheck(
          r.files['/etc/keepalived/keepalived.conf']!,
          vmInterfaces(model, f.path.split('/')[1]!),
        );
        expect(ka.code, `${example}/${f.path} keepalived.conf: ${ka.stderr}`).toBe(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  }, 120_000);

  it('every HAProxy VM boots from its generated user_data: HEAT and Terraform give each its cloud-config, its fixed address and the VIPs as allowed address pairs', async () => {
    let vms = 0;
    for (const { example, model, files } of produced) {
      const byPath = new Map(files.map((f) => [f.path, f.content]));
      const hot = files
        .filter((f) => f.target === 'heat')
        .map((f) => parseYaml(f.content) as { resources: Record<string, { type: string; properties: any }> });
      const resources = hot.flatMap((t) => Object.values(t.resources ?? {}));
      const tf = (await hcl2json('compute.tf', byPath.get('terraform/compute.tf') ?? '')) as {
        resource?: Record<string, Record<string, any[]>>;
      };
      const instances = tf.resource?.openstack_compute_instance_v2 ?? {};
      const ports = tf.resource?.openstack_networking_port_v2 ?? {};
      for (const s of model.servers) {
        const vmFiles = [...byPath.keys()].filter(
          (p) => p.startsWith(`haproxy/${s.name}/`) && p.endsWith('/cloud-init.yaml'),
        );
        if (!vmFiles.length) continue;
        const vips = model.loadBalancers.filter((lb) => lb.via === s && lb.vip).map((lb) => lb.vip!);
        // Terraform: one counted instance and its ports, the user_data read from cloud-init/<vm>.yaml.
        const instance = Object.entries(instances).find(([, [body]]) =>
          String(body.name).startsWith(`${s.name}-`),
        )?.[1][0];
        expect(instance?.user_data, `${example}: servers ${s.name}`).toBe(
          `\${file("\${path.module}/cloud-init/${s.name}-\${count.index}.yaml")}`,
        );
        const port = Object.values(ports)
          .map(([body]) => body)
          .find((b) => String(b.name).startsWith(`${s.name}-`) && String(b.name).endsWith(`-${s.networks[0]!.name}`));
        for (let i = 0; i < s.placement.total; i++) {
          const vm = `${s.name}-${i}`;
          const userData = byPath.get(`haproxy/${s.name}/${vm}/cloud-init.yaml`);
          expect(userData, `${example}: ${vm}`).toBeDefined();
          expect(validateCloudConfig(userData!).errors, `${example}: ${vm}`).toEqual([]);
          // HEAT: the server's user_data is that cloud-config, passed to Nova unchanged.
          const server = resources.find((r) => r.type === 'OS::Nova::Server' && r.properties.name === vm);
          expect(server?.properties.user_data_format, `${example}: ${vm}`).toBe('RAW');
          expect(server?.properties.user_data, `${example}: ${vm}`).toBe(userData);
          expect(byPath.get(`terraform/cloud-init/${vm}.yaml`), `${example}: terraform ${vm}`).toBe(userData);
          // Its port on the first network: the declared fixed address, the VIPs as allowed pairs.
          const portRef = server?.properties.networks[0].port.get_resource;
          const heatPort = (hot.find((t) => t.resources?.[portRef]) ?? hot[0]!).resources[portRef]!.properties;
          if (s.addresses.length) expect(heatPort.fixed_ips[0].ip_address, `${example}: ${vm}`).toBe(s.addresses[i]);
          expect(
            heatPort.allowed_address_pairs.map((p: { ip_address: string }) => p.ip_address).sort(),
            `${example}: ${vm}`,
          ).toEqual([...vips].sort());
          vms++;
        }
        if (s.addresses.length)
          expect(port?.fixed_ip[0].ip_address, `${example}: ${s.name}`).toBe(
            `\${element(${JSON.stringify(s.addresses).replace(/,/g, ', ')}, count.index)}`,
          );
        expect(
          port?.allowed_address_pairs.map((p: { ip_address: string }) => p.ip_address).sort(),
          `${example}: ${s.name}`,
        ).toEqual([...vips].sort());
      }
    }
    expect(vms).toBeGreaterThan(0);
  });

  it("no address a generated port, load balancer or install-config pins is in its subnet's allocation pools, and the pools leave out nothing else the topology does not declare", async () => {
    const ip = (a: string): number => a.split('.').reduce((n, o) => n * 256 + Number(o), 0);
    let checked = 0;
    for (const { example, model, files } of produced) {
      // Every address the topology declares anywhere: the only ones a pool may leave out.
      const declared = new Set<number>(
        [
          ...model.servers.flatMap((s) => s.addresses),
          ...model.loadBalancers.flatMap((lb) => (lb.vip ? [lb.vip] : [])),
          ...model.clusters.flatMap((c) => [
            ...(c.api?.vips ?? []),
            ...(c.ingress?.vips ?? []),
            ...c.controlPlane.addresses,
            ...c.workers.flatMap((w) => w.addresses),
          ]),
          ...model.routers.flatMap((r) => r.routes.map((x) => x.nexthop)),
        ].map(ip),
      );
      const hot = files
        .filter((f) => f.target === 'heat')
        .map((f) => parseYaml(f.content) as { resources?: Record<string, { type: string; properties: any }> });
      const tf = files.filter((f) => f.path === 'terraform/networks.tf');
      const tfSubnets = new Map<string, { start: string; end: string }[]>();
      for (const f of tf) {
        const j = (await hcl2json('networks.tf', f.content)) as { resource?: Record<string, Record<string, any[]>> };
        for (const [body] of Object.values(j.resource?.openstack_networking_subnet_v2 ?? {}))
          tfSubnets.set(body.name, body.allocation_pool ?? []);
      }
      // What the generated files pin, per subnet name: ports' fixed IPs, Octavia VIPs, install-config VIPs.
      const pinned = new Map<string, string[]>();
      const pin = (subnet: string | undefined, address: unknown): void => {
        if (subnet && typeof address === 'string')
          (pinned.get(subnet) ?? pinned.set(subnet, []).get(subnet)!).push(address);
      };
      for (const t of hot) {
        const resources = t.resources ?? {};
        const subnetName = (ref: any): string | undefined => resources[ref?.get_resource]?.properties.name;
        for (const r of Object.values(resources)) {
          if (r.type === 'OS::Neutron::Port')
            for (const f of r.properties.fixed_ips ?? []) pin(subnetName(f.subnet), f.ip_address);
          if (r.type === 'OS::Octavia::LoadBalancer')
            pin(subnetName(r.properties.vip_subnet), r.properties.vip_address);
        }
      }
      for (const f of files.filter((x) => x.path.endsWith('/install-config.yaml'))) {
        const os = (parseYaml(f.content) as any).platform?.openstack;
        const subnet = os?.controlPlanePort?.fixedIPs?.[0]?.subnet?.name;
        for (const vip of [...(os?.apiVIPs ?? []), ...(os?.ingressVIPs ?? [])]) pin(subnet, vip);
      }
      for (const t of hot) {
        for (const r of Object.values(t.resources ?? {})) {
          if (r.type !== 'OS::Neutron::Subnet' || typeof r.properties.cidr !== 'string') continue;
          const where = `${example}: subnet ${r.properties.name}`;
          const [base, len] = r.properties.cidr.split('/');
          const first = ip(base) + 2; // after the network address and the gateway (Neutron's default, the first host)
          const last = ip(base) + 2 ** (32 - Number(len)) - 2; // before the broadcast address
          const pools: { start: string; end: string }[] = r.properties.allocation_pools ?? [];
          const mine = (pinned.get(r.properties.name) ?? []).filter((a) => ip(a) >= first && ip(a) <= last);
          expect(pools.length > 0, `${where}: pools when something is pinned (${mine.join(', ')})`).toBe(
            mine.length > 0,
          );
          expect(tfSubnets.get(r.properties.name) ?? [], `${where}: Terraform's pools`).toEqual(pools);
          if (!pools.length) continue;
          // Neutron's rules: inside the subnet, ordered, disjoint, the gateway outside them.
          let next = first;
          for (const p of pools) {
            expect(ip(p.start), `${where}: ${p.start}`).toBeGreaterThanOrEqual(next);
            expect(ip(p.end), `${where}: ${p.end}`).toBeGreaterThanOrEqual(ip(p.start));
            // Whatever lies between two pools is an address the topology declares.
            for (let a = next; a < ip(p.start); a++) expect(declared.has(a), `${where}: ${a} left out`).toBe(true);
            next = ip(p.end) + 1;
          }
          expect(next - 1, `${where}: last pool`).toBeLessThanOrEqual(last);
          for (let a = next; a <= last; a++) expect(declared.has(a), `${where}: ${a} left out`).toBe(true);
          for (const a of mine)
            expect(
              pools.some((p) => ip(a) >= ip(p.start) && ip(a) <= ip(p.end)),
              `${where}: ${a} in a pool`,
            ).toBe(false);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("a real pdns_server loads every generated zone and answers every wide IP with one of its backends' VIPs", async () => {
    let answered = 0;
    for (const { example, model, files } of produced) {
      const gslbs = [...new Set(files.filter((f) => f.target === 'powerdns').map((f) => f.path.split('/')[1]!))];
      for (const gslb of gslbs) {
        const base = `powerdns/${gslb}/`;
        const own = Object.fromEntries(
          files.filter((f) => f.path.startsWith(base)).map((f) => [f.path.slice(base.length), f.content]),
        );
        // In a namespace of its own: the examples' VIPs are real addresses, and the LUA records'
        // health checks must not send a packet to them.
        const ns = await isolatedNetns();
        const pdns = await startPdns(own, { netns: ns.name });
        try {
          for (const zone of Object.keys(own).filter((p) => p.startsWith('zones/'))) {
            const name = zone.slice('zones/'.length, -'.zone'.length);
            expect(await digStatus(pdns.port, name, 'SOA', ns.name), `${example} ${name} SOA\n${pdns.output()}`).toBe(
              'NOERROR',
            );
            const vips = model.gslbs.find((g) => g.name === gslb)!.backends.map((b) => b.vip);
            const a = await digA(pdns.port, name, ns.name);
            expect(a?.length, `${example} ${name} A\n${pdns.output()}`).toBeGreaterThan(0);
            for (const ip of a!) expect(vips).toContain(ip);
            answered++;
          }
          expect(pdns.output()).toMatch(/Done parsing domains, 0 rejected/);
          expect(pdns.output()).not.toMatch(/Unable to retrieve URL \((?!0\))/);
        } finally {
          await pdns.stop();
          await ns.remove();
        }
      }
    }
    expect(answered).toBeGreaterThan(0);
  }, 120_000);
});
