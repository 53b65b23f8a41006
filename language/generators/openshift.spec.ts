import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { load } from '../../test/support/index.js';
import { validateInstallConfig } from '../../test/validators/install-config.js';
import type { SecretRef } from '../model/types.js';
import { generateOpenShift } from './openshift.js';
import { GenerationError, type GeneratedFile, type GenerationProblem } from './types.js';

// Fake secrets: the resolver is injected, the .topo text never holds them.
const PULL = '{"auths":{"cloud.openshift.com":{"auth":"dXNlcjpwYXNz","email":"ops@example.com"}}}';
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@example.com';
const SECRETS: Record<string, string> = { 'pull-secret.json': `${PULL}\n`, SSH_KEY: `${SSH}\n` };
const fakeResolver =
  (asked: SecretRef[] = []) =>
  (ref: SecretRef) => {
    asked.push(ref);
    return SECRETS[ref.reference ?? ''];
  };

const REGION = `region dc-east provider openstack {
  zone az1  zone az2  zone az3
  rtt az1 az2 1.1ms  rtt az2 az3 1.4ms  rtt az1 az3 2.0ms
}
`;

/** Seed 003, Architecture #1: IPI, control plane on a small stretched L2, workers on routed provider networks. */
const ARCH1 = `topology retail
${REGION}
router edge { zones dc-east.az1 dc-east.az2 dc-east.az3  ha  external "public" }
network ctrl  { kind stretched-l2  cidr 10.20.0.0/24  zones dc-east.az1 dc-east.az2 dc-east.az3  gateway edge }
network rpn-1 { kind routed-provider  zone dc-east.az1  cidr 10.20.1.0/24 }
network rpn-2 { kind routed-provider  zone dc-east.az2  cidr 10.20.2.0/24 }
network rpn-3 { kind routed-provider  zone dc-east.az3  cidr 10.20.3.0/24 }
secret pull file "pull-secret.json"
cluster ocp-east {
  distribution openshift 4.16  install ipi  baseDomain "example.com"
  cloud "east"  externalNetwork "public"
  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3  network ctrl  flavor "m1.xlarge"  rootVolume 100GiB type "ssd"  serverGroup anti-affinity }
  workers { perZone 1  flavor "m1.large"  rootVolume 120GiB type "ssd" }
  workers rpn { perZone 2  networks rpn-1 rpn-2 rpn-3  flavor "m1.large"  rootVolume 120GiB type "ssd" }
  api vip 10.20.0.5
  ingress vip 10.20.0.7
  pullSecret pull
  sshKey env SSH_KEY
}
`;

/** A cluster block with sensible defaults; `body` adds or overrides properties. */
function clusterText(body: string, opts: { cp?: string; workers?: string; name?: string; head?: string } = {}): string {
  return `${opts.head ?? REGION}
cluster ${opts.name ?? 'ocp'} {
  distribution openshift 4.16  baseDomain "example.com"
  controlPlane { ${opts.cp ?? 'zones dc-east.az1 dc-east.az2 dc-east.az3  flavor "m1.xlarge"'} }
  ${opts.workers ?? 'workers { perZone 2  flavor "m1.large" }'}
  pullSecret file "pull-secret.json"
  ${body}
}
`;
}

interface Run {
  files: GeneratedFile[];
  problems: GenerationProblem[];
  errors: string[];
  warnings: string[];
  installConfig?: Record<string, any>;
  installConfigText?: string;
  asked: SecretRef[];
}

/** Loads, generates, and checks that every install-config produced is valid against the CRD schema. */
async function gen(text: string, resolver?: (ref: SecretRef) => string | undefined): Promise<Run> {
  const { model, diagnostics } = await load({ 'main.topo': text });
  // The text must parse, link and build; HA findings do not concern the generator.
  expect(
    diagnostics.filter((d) => d.severity === 1 && /^(syntax|ref|model)\//.test(String(d.code))).map((d) => d.message),
  ).toEqual([]);
  const problems: GenerationProblem[] = [];
  const asked: SecretRef[] = [];
  const files = generateOpenShift(model, {
    resolveSecret: resolver ?? fakeResolver(asked),
    report: (p) => problems.push(p),
  });
  for (const f of files.filter((x) => x.path.endsWith('install-config.yaml'))) {
    expect(validateInstallConfig(f.content), f.path).toEqual({ valid: true, errors: [] });
  }
  const ic = files.find((f) => f.path.endsWith('install-config.yaml'));
  return {
    files,
    problems,
    errors: problems.filter((p) => p.severity === 'error').map((p) => p.message),
    warnings: problems.filter((p) => p.severity === 'warning').map((p) => p.message),
    installConfig: ic && parse(ic.content),
    installConfigText: ic?.content,
    asked,
  };
}

describe('openshift generator: seed 003 Architecture #1 (IPI, stretched L2 control plane, RPN workers)', () => {
  it('is a clean topology: no error from the parser, the model or the HA rules', async () => {
    const { diagnostics } = await load({ 'main.topo': ARCH1 });
    expect(diagnostics.filter((d) => d.severity === 1).map((d) => d.message)).toEqual([]);
  });

  it('writes a valid install-config and one MachineSet per zone for the RPN workers', async () => {
    const r = await gen(ARCH1);
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.path)).toEqual([
      'openshift/ocp-east/install-config.yaml',
      'openshift/ocp-east/machinesets/ocp-east-rpn-az1.yaml',
      'openshift/ocp-east/machinesets/ocp-east-rpn-az2.yaml',
      'openshift/ocp-east/machinesets/ocp-east-rpn-az3.yaml',
    ]);
    expect(r.files.every((f) => f.target === 'openshift')).toBe(true);
  });

  it('puts one master and one day-1 worker in each zone, on the stretched network', async () => {
    const ic = (await gen(ARCH1)).installConfig!;
    expect(ic.apiVersion).toBe('v1');
    expect(ic.metadata).toEqual({ name: 'ocp-east' });
    expect(ic.baseDomain).toBe('example.com');
    expect(ic.controlPlane).toEqual({
      name: 'master',
      replicas: 3,
      platform: {
        openstack: {
          type: 'm1.xlarge',
          zones: ['az1', 'az2', 'az3'],
          rootVolume: { size: 100, types: ['ssd'], zones: ['az1', 'az2', 'az3'] },
          serverGroupPolicy: 'anti-affinity',
        },
      },
    });
    expect(ic.compute).toEqual([
      {
        name: 'worker',
        replicas: 3,
        platform: {
          openstack: {
            type: 'm1.large',
            zones: ['az1', 'az2', 'az3'],
            rootVolume: { size: 120, types: ['ssd'], zones: ['az1', 'az2', 'az3'] },
          },
        },
      },
    ]);
    expect(ic.networking).toEqual({
      networkType: 'OVNKubernetes',
      clusterNetwork: [{ cidr: '10.128.0.0/14', hostPrefix: 23 }],
      machineNetwork: [
        { cidr: '10.20.0.0/24' },
        { cidr: '10.20.1.0/24' },
        { cidr: '10.20.2.0/24' },
        { cidr: '10.20.3.0/24' },
      ],
      serviceNetwork: ['172.30.0.0/16'],
    });
    expect(ic.platform.openstack).toEqual({
      cloud: 'east',
      externalNetwork: 'public',
      apiVIPs: ['10.20.0.5'],
      ingressVIPs: ['10.20.0.7'],
      controlPlanePort: { network: { name: 'ctrl' }, fixedIPs: [{ subnet: { name: 'ctrl-subnet' } }] },
    });
  });

  it("gives each zone its own MachineSet with that zone's count, network and root volume zone", async () => {
    const r = await gen(ARCH1);
    const sets = r.files.filter((f) => f.path.includes('/machinesets/')).map((f) => parse(f.content));
    expect(sets.map((s) => s.spec.replicas)).toEqual([2, 2, 2]);
    sets.forEach((s, i) => {
      const zone = `az${i + 1}`;
      expect(s.apiVersion).toBe('machine.openshift.io/v1beta1');
      expect(s.kind).toBe('MachineSet');
      expect(s.metadata.namespace).toBe('openshift-machine-api');
      expect(s.metadata.name).toBe(`\${INFRA_ID}-rpn-${zone}`);
      expect(s.spec.selector.matchLabels).toEqual({
        'machine.openshift.io/cluster-api-cluster': '${INFRA_ID}',
        'machine.openshift.io/cluster-api-machineset': `\${INFRA_ID}-rpn-${zone}`,
      });
      expect(s.spec.template.metadata.labels['machine.openshift.io/cluster-api-machineset']).toBe(
        `\${INFRA_ID}-rpn-${zone}`,
      );
      const spec = s.spec.template.spec.providerSpec.value;
      expect(spec).toMatchObject({
        apiVersion: 'machine.openshift.io/v1alpha1',
        kind: 'OpenstackProviderSpec',
        cloudName: 'openstack',
        cloudsSecret: { name: 'openstack-cloud-credentials', namespace: 'openshift-machine-api' },
        flavor: 'm1.large',
        image: '${INFRA_ID}-rhcos',
        availabilityZone: zone,
        networks: [{ filter: { name: `rpn-${i + 1}` }, subnets: [{ filter: { name: `rpn-${i + 1}-subnet` } }] }],
        securityGroups: [{ name: '${INFRA_ID}-worker' }],
        serverGroupName: `\${INFRA_ID}-rpn-${zone}`,
        tags: ['openshiftClusterID=${INFRA_ID}'],
        userDataSecret: { name: 'worker-user-data' },
        rootVolume: { diskSize: 120, volumeType: 'ssd', availabilityZone: zone },
      });
    });
    // The header explains the infrastructure-ID token and how to substitute it.
    expect(r.files[1]!.content).toMatch(
      /^# Generated by topo from main\.topo \(topology retail\)\.\n# Do not edit: changes are detected/,
    );
    expect(r.files[1]!.content).toContain("oc get infrastructure cluster -o jsonpath='{.status.infrastructureName}'");
  });

  it('warns that keepalived cannot move the ingress VIP to workers on other networks', async () => {
    const r = await gen(ARCH1);
    expect(r.warnings).toEqual([expect.stringContaining('ingress VIP')]);
  });

  it('reads the secrets through the resolver, never from the text, and marks the file sensitive', async () => {
    const r = await gen(ARCH1);
    expect(ARCH1).not.toContain('dXNlcjpwYXNz');
    expect(r.asked.map((a) => [a.kind, a.reference, a.secretName])).toEqual([
      ['file', 'pull-secret.json', 'pull'],
      ['env', 'SSH_KEY', undefined],
    ]);
    expect(r.installConfig!.pullSecret).toBe(PULL);
    expect(r.installConfig!.sshKey).toBe(SSH);
    expect(r.files[0]!.sensitive).toBe(true);
    expect(r.files.slice(1).every((f) => !f.sensitive)).toBe(true);
  });

  it('is deterministic: same model, same bytes; no absolute paths', async () => {
    const a = await gen(ARCH1);
    const b = await gen(ARCH1);
    expect(b.files).toEqual(a.files);
    for (const f of a.files) expect(f.content).not.toContain('/ws/');
  });
});

describe('openshift generator: API and ingress endpoints', () => {
  it('IPI on an overlay with floating IPs (Architecture #2): floating IPs, no VIPs, no controlPlanePort', async () => {
    const r = await gen(
      clusterText('externalNetwork "public"  api floatingIp 203.0.113.10  ingress floatingIp 203.0.113.11'),
    );
    expect(r.errors).toEqual([]);
    const os = r.installConfig!.platform.openstack;
    expect(os).toEqual({
      cloud: 'openstack',
      externalNetwork: 'public',
      apiFloatingIP: '203.0.113.10',
      ingressFloatingIP: '203.0.113.11',
    });
    expect(r.installConfig!.networking.machineNetwork).toBeUndefined(); // the installer's default and its own network
  });

  it('floating IPs and VIPs together', async () => {
    const r = await gen(
      clusterText(
        'externalNetwork "public"  api vip 10.0.0.5 floatingIp 203.0.113.10  ingress vip 10.0.0.7 floatingIp 203.0.113.11',
      ),
    );
    expect(r.installConfig!.platform.openstack).toMatchObject({
      apiVIPs: ['10.0.0.5'],
      ingressVIPs: ['10.0.0.7'],
      apiFloatingIP: '203.0.113.10',
      ingressFloatingIP: '203.0.113.11',
    });
  });

  it('refuses floating IPs without an external network', async () => {
    const r = await gen(clusterText('api floatingIp 203.0.113.10'));
    expect(r.files).toEqual([]);
    expect(r.errors).toEqual([expect.stringContaining('add `externalNetwork "public"`')]);
  });

  it('refuses a keepalived VIP outside the control-plane machine network', async () => {
    const r = await gen(clusterText('api vip 192.168.1.5  ingress vip 10.0.0.7'));
    expect(r.errors).toEqual([
      "cluster ocp: api VIP 192.168.1.5 is outside the control-plane machine network 10.0.0.0/16; keepalived can only hold a VIP on the nodes' own subnet",
    ]);
    expect(r.files).toEqual([]);
  });

  it('refuses two IPv4 VIPs and equal api/ingress VIPs', async () => {
    const two = await gen(clusterText('api vip 10.0.0.5 10.0.0.6  ingress vip 10.0.0.7'));
    expect(two.errors).toEqual([expect.stringContaining('two IPv4 VIPs')]);
    const same = await gen(clusterText('api vip 10.0.0.5  ingress vip 10.0.0.5'));
    expect(same.errors).toEqual([expect.stringContaining('must differ')]);
  });
});

describe('openshift generator: control plane on a provider network', () => {
  const head = `${REGION}network ctrl { kind routed-provider  zone dc-east.az1  cidr 192.168.10.0/24 }\n`;
  it('routed provider network: controlPlanePort and machineNetwork are that network and its subnet', async () => {
    const r = await gen(
      clusterText('api vip 192.168.10.5  ingress vip 192.168.10.7', {
        head,
        cp: 'zones dc-east.az1  replicas 3  network ctrl  flavor "m1.xlarge"',
        workers: 'workers { replicas 3  flavor "m1.large" }',
      }),
    );
    expect(r.errors).toEqual([]);
    expect(r.installConfig!.platform.openstack.controlPlanePort).toEqual({
      network: { name: 'ctrl' },
      fixedIPs: [{ subnet: { name: 'ctrl-subnet' } }],
    });
    expect(r.installConfig!.networking.machineNetwork).toEqual([{ cidr: '192.168.10.0/24' }]);
    expect(r.installConfig!.controlPlane.platform.openstack.zones).toEqual(['az1']);
  });

  it('refuses a machineNetwork that differs from the control-plane network', async () => {
    const r = await gen(
      clusterText('machineNetwork 10.1.0.0/16', {
        head,
        cp: 'zones dc-east.az1  network ctrl  flavor "m1.xlarge"',
        workers: '',
      }),
    );
    expect(r.errors).toEqual([expect.stringContaining('machineNetwork 10.1.0.0/16 differs from 192.168.10.0/24')]);
  });
});

describe('openshift generator: UPI on per-zone routed provider networks (seed 003, Architecture #3)', () => {
  const head = `${REGION}network rpn-1 { kind routed-provider  zone dc-east.az1  cidr 10.50.1.0/24 }
network rpn-2 { kind routed-provider  zone dc-east.az2  cidr 10.50.2.0/24 }
network rpn-3 { kind routed-provider  zone dc-east.az3  cidr 10.50.3.0/24 }
loadBalancer ext { provider f5  networks rpn-1 rpn-2 rpn-3  vip 10.50.1.10  listen tcp 6443 }
`;
  const cp = 'zones dc-east.az1 dc-east.az2 dc-east.az3  networks rpn-1 rpn-2 rpn-3  flavor "m1.xlarge"';
  const workers = 'workers { perZone 2  networks rpn-1 rpn-2 rpn-3  flavor "m1.large" }';

  it("lists every zone's network as a machine network, with no controlPlanePort and a user-managed load balancer", async () => {
    const r = await gen(clusterText('install upi  loadBalancer external ext', { head, cp, workers }));
    expect(r.errors).toEqual([]);
    expect(r.installConfig!.networking.machineNetwork).toEqual([
      { cidr: '10.50.1.0/24' },
      { cidr: '10.50.2.0/24' },
      { cidr: '10.50.3.0/24' },
    ]);
    expect(r.installConfig!.platform.openstack).toEqual({
      cloud: 'openstack',
      apiVIPs: ['10.50.1.10'],
      ingressVIPs: ['10.50.1.10'],
      loadBalancer: { type: 'UserManaged' },
    });
    expect(r.installConfig!.compute[0].replicas).toBe(0);
    expect(r.files).toHaveLength(1);
  });

  it('refuses per-zone control-plane networks with IPI, or with keepalived', async () => {
    expect((await gen(clusterText('loadBalancer external ext', { head, cp, workers }))).errors).toEqual([
      expect.stringContaining('IPI puts it on one network (controlPlanePort)'),
    ]);
    expect((await gen(clusterText('install upi', { head, cp, workers }))).errors).toEqual([
      expect.stringContaining('need `loadBalancer external`'),
    ]);
  });
});

describe('openshift generator: user-managed load balancer (seed 003, Architecture #3/#4)', () => {
  const head = `${REGION}network ctrl { kind stretched-l2  cidr 10.30.0.0/24  zones dc-east.az1 dc-east.az2 dc-east.az3 }
loadBalancer f5-ltm { provider f5  network ctrl  vip 10.30.0.10  listen tcp 6443 }
`;
  it('sets loadBalancer.type UserManaged and takes the VIPs from the external load balancer', async () => {
    const r = await gen(
      clusterText('loadBalancer external f5-ltm', {
        head,
        cp: 'zones dc-east.az1 dc-east.az2 dc-east.az3  network ctrl  flavor "m1.xlarge"',
      }),
    );
    expect(r.errors).toEqual([]);
    expect(r.installConfig!.platform.openstack).toMatchObject({
      apiVIPs: ['10.30.0.10'],
      ingressVIPs: ['10.30.0.10'],
      loadBalancer: { type: 'UserManaged' },
      controlPlanePort: { network: { name: 'ctrl' } },
    });
  });

  it("declared VIPs win over the load balancer's", async () => {
    const r = await gen(
      clusterText('loadBalancer external f5-ltm  api vip 10.30.0.20  ingress vip 10.30.0.21', {
        head,
        cp: 'zones dc-east.az1 dc-east.az2 dc-east.az3  network ctrl  flavor "m1.xlarge"',
      }),
    );
    expect(r.installConfig!.platform.openstack).toMatchObject({ apiVIPs: ['10.30.0.20'], ingressVIPs: ['10.30.0.21'] });
  });

  it('refuses a user-managed load balancer without a network of your own or without addresses', async () => {
    const r = await gen(clusterText('loadBalancer external'));
    expect(r.errors).toEqual([
      expect.stringContaining('add `api vip ...` and `ingress vip ...`'),
      expect.stringContaining('a user-managed load balancer needs the cluster on a network you bring'),
    ]);
  });
});

describe('openshift generator: zones and root volumes', () => {
  it('sets rootVolume.zones to the machine pool zones, in the same order', async () => {
    const r = await gen(
      clusterText('', {
        cp: 'zones dc-east.az1 dc-east.az2 dc-east.az3  flavor "m1.xlarge"  rootVolume 100GiB type "ceph-ssd"',
      }),
    );
    expect(r.installConfig!.controlPlane.platform.openstack).toEqual({
      type: 'm1.xlarge',
      zones: ['az1', 'az2', 'az3'],
      rootVolume: { size: 100, types: ['ceph-ssd'], zones: ['az1', 'az2', 'az3'] },
    });
  });

  it('pairs one volume type per zone with the zones', async () => {
    const r = await gen(
      clusterText('', {
        cp: 'zones dc-east.az1: 1 dc-east.az2: 1 dc-east.az3: 1  flavor "m1.xlarge"  rootVolume 100GiB type "t1" "t2" "t3"',
      }),
    );
    expect(r.installConfig!.controlPlane.platform.openstack.rootVolume).toEqual({
      size: 100,
      types: ['t1', 't2', 't3'],
      zones: ['az1', 'az2', 'az3'],
    });
  });

  it('without zones: no zones and no rootVolume.zones', async () => {
    const r = await gen(
      clusterText('', {
        cp: 'replicas 3  flavor "m1.xlarge"  rootVolume 100GiB type "ssd"',
        workers: 'workers { replicas 2  flavor "m1.large" }',
      }),
    );
    expect(r.installConfig!.controlPlane.platform.openstack).toEqual({
      type: 'm1.xlarge',
      rootVolume: { size: 100, types: ['ssd'] },
    });
    expect(r.installConfig!.compute[0].platform.openstack).toEqual({ type: 'm1.large' });
    expect(r.installConfig!.compute[0].replicas).toBe(2);
  });

  it('refuses a root volume without a type, a fractional size, or a wrong number of types', async () => {
    expect(
      (
        await gen(
          clusterText('', { cp: 'zones dc-east.az1 dc-east.az2 dc-east.az3  flavor "m1.xlarge"  rootVolume 100GiB' }),
        )
      ).errors,
    ).toEqual([expect.stringContaining('give the root volume a volume type')]);
    expect(
      (
        await gen(
          clusterText('', {
            cp: 'zones dc-east.az1 dc-east.az2 dc-east.az3  flavor "m1.xlarge"  rootVolume 100GB type "ssd"',
          }),
        )
      ).errors,
    ).toEqual([expect.stringContaining('whole number of GiB (it is 93.13GiB)')]);
    expect(
      (
        await gen(
          clusterText('', {
            cp: 'zones dc-east.az1 dc-east.az2 dc-east.az3  flavor "m1.xlarge"  rootVolume 100GiB type "a" "b"',
          }),
        )
      ).errors,
    ).toEqual([expect.stringContaining('one per zone (3)')]);
  });

  it('expresses uneven counts that differ by one by listing the fuller zones first', async () => {
    const r = await gen(
      clusterText('', {
        workers:
          'workers { zones dc-east.az1: 1 dc-east.az2: 2 dc-east.az3: 2  flavor "m1.large"  rootVolume 50GiB type "a" "b" "c" }',
      }),
    );
    expect(r.errors).toEqual([]);
    const os = r.installConfig!.compute[0].platform.openstack;
    expect(r.installConfig!.compute[0].replicas).toBe(5);
    // round-robin over [az2, az3, az1]: 2, 2, 1 — exactly what was written; the types follow their zones.
    expect(os.zones).toEqual(['az2', 'az3', 'az1']);
    expect(os.rootVolume).toEqual({ size: 50, types: ['b', 'c', 'a'], zones: ['az2', 'az3', 'az1'] });
  });

  it('leaves out zones with no worker', async () => {
    const r = await gen(
      clusterText('', { workers: 'workers { zones dc-east.az1: 1 dc-east.az2: 1 dc-east.az3: 0  flavor "m1.large" }' }),
    );
    expect(r.installConfig!.compute[0]).toMatchObject({
      replicas: 2,
      platform: { openstack: { zones: ['az1', 'az2'] } },
    });
  });

  it("refuses counts the installer's round-robin cannot produce, with the way out", async () => {
    const r = await gen(
      clusterText('', { workers: 'workers { zones dc-east.az1: 3 dc-east.az2: 1 dc-east.az3: 1  flavor "m1.large" }' }),
    );
    expect(r.files).toEqual([]);
    expect(r.errors).toEqual([
      'cluster ocp: workers worker have az1: 3, az2: 1, az3: 1, which install-config cannot express: the installer spreads replicas round-robin over the zones, so per-zone counts differ by at most one. Use such counts, or put these workers on their own networks so that topo creates them day 2 with one MachineSet per zone',
    ]);
  });

  it('day-2 pools take exact uneven counts, one MachineSet per zone', async () => {
    const head = `${REGION}network w1 { kind routed-provider zone dc-east.az1 cidr 10.40.1.0/24 }\nnetwork w2 { kind routed-provider zone dc-east.az2 cidr 10.40.2.0/24 }\n`;
    const r = await gen(
      clusterText('', {
        head,
        workers:
          'workers { perZone 1 flavor "m1.large" }\n  workers big { zones dc-east.az1: 4 dc-east.az2: 1  networks w1 w2  flavor "m1.2xlarge" }',
      }),
    );
    expect(r.errors).toEqual([]);
    const sets = r.files.filter((f) => f.path.includes('machinesets/'));
    expect(sets.map((f) => f.path)).toEqual([
      'openshift/ocp/machinesets/ocp-big-az1.yaml',
      'openshift/ocp/machinesets/ocp-big-az2.yaml',
    ]);
    expect(sets.map((f) => parse(f.content).spec.replicas)).toEqual([4, 1]);
    expect(sets.map((f) => parse(f.content).spec.template.spec.providerSpec.value.networks[0].filter.name)).toEqual([
      'w1',
      'w2',
    ]);
  });

  it('refuses a day-2 pool with no network in one of its zones', async () => {
    const head = `${REGION}network w1 { kind routed-provider zone dc-east.az1 cidr 10.40.1.0/24 }\n`;
    const r = await gen(
      clusterText('', {
        head,
        workers:
          'workers { perZone 1 flavor "m1.large" }\n  workers big { zones dc-east.az1 dc-east.az2  replicas 2  networks w1  flavor "m1.2xlarge" }',
      }),
    );
    expect(r.errors).toEqual([expect.stringContaining('none of their networks (w1) reaches zone dc-east.az2')]);
  });

  it("quotes values Go's YAML 1.1 reader would take for booleans", async () => {
    const head = 'region dc-east provider openstack { zone no zone y zone az3 }\n';
    const r = await gen(
      clusterText('', { head, cp: 'zones dc-east.no dc-east.y dc-east.az3  flavor "on"', workers: '' }),
    );
    expect(r.installConfigText).toContain('type: "on"');
    expect(r.installConfigText).toContain('- "no"\n');
    expect(r.installConfigText).toContain('- "y"\n');
    expect(r.installConfig!.controlPlane.platform.openstack.zones).toEqual(['no', 'y', 'az3']);
  });
});

describe('openshift generator: secrets', () => {
  it('refuses a pull secret written in the text, without asking the resolver, and writes nothing', async () => {
    const text = clusterText('').replace('pullSecret file "pull-secret.json"', 'pullSecret "{\\"auths\\":{}}"');
    const r = await gen(text);
    expect(r.files).toEqual([]);
    expect(r.asked).toEqual([]);
    expect(r.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'openshift/secret-literal',
        message:
          'cluster ocp: the pull secret (pullSecret) is written in the .topo text, and topo never copies a secret from the text: use `file "<path>"` or `env <VARIABLE>`',
      }),
    ]);
    expect(r.problems[0]!.loc!.range.start.line).toBe(text.split('\n').findIndex((l) => l.includes('pullSecret "')));
  });

  it('refuses a literal behind a named secret, naming the secret', async () => {
    const text = `secret key "ssh-ed25519 AAAA"\n${clusterText('sshKey key')}`;
    const r = await gen(text);
    expect(r.errors).toEqual([expect.stringContaining('the SSH key (secret key) is written in the .topo text')]);
  });

  it('fails the cluster with a message naming the file or variable it could not read', async () => {
    const missingFile = await gen(clusterText('').replace('pull-secret.json', 'missing.json'));
    expect(missingFile.errors).toEqual([
      'cluster ocp: cannot read the pull secret: file "missing.json" does not exist or is empty',
    ]);
    expect(missingFile.files).toEqual([]);
    const missingEnv = await gen(clusterText('sshKey env NO_SUCH_VAR'));
    expect(missingEnv.errors).toEqual([
      'cluster ocp: cannot read the SSH key: environment variable NO_SUCH_VAR is not set or empty',
    ]);
    const throwing = await gen(clusterText(''), () => {
      throw new Error('permission denied');
    });
    expect(throwing.errors).toEqual([
      'cluster ocp: cannot read the pull secret from file "pull-secret.json": permission denied',
    ]);
  });

  it('requires a pull secret', async () => {
    const r = await gen(clusterText('').replace('pullSecret file "pull-secret.json"', ''));
    expect(r.errors).toEqual([expect.stringContaining('install-config requires a pull secret')]);
  });

  it('refuses what is not a pull secret, and a private key given as sshKey (nothing leaks into the message)', async () => {
    const notJson = await gen(clusterText(''), () => 'hunter2');
    expect(notJson.errors).toEqual([expect.stringContaining('is not a pull secret')]);
    expect(notJson.errors[0]).not.toContain('hunter2');
    const priv = await gen(clusterText('sshKey file "id_ed25519"'), (ref) =>
      ref.kind === 'file' && ref.reference === 'id_ed25519'
        ? '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn\n-----END OPENSSH PRIVATE KEY-----\n'
        : PULL,
    );
    expect(priv.errors).toEqual([expect.stringContaining('holds a PRIVATE key')]);
    expect(priv.files).toEqual([]);
  });

  it('compacts a pretty-printed pull secret onto one line', async () => {
    const r = await gen(clusterText(''), () => JSON.stringify(JSON.parse(PULL), null, 2));
    expect(r.installConfig!.pullSecret).toBe(PULL);
  });

  it('throws a GenerationError when nobody listens for problems', async () => {
    const { model } = await load({ 'main.topo': clusterText('').replace('pull-secret.json', 'missing.json') });
    expect(() => generateOpenShift(model, { resolveSecret: fakeResolver() })).toThrow(GenerationError);
  });
});

describe('openshift generator: install methods and scope', () => {
  it("UPI: compute replicas 0 as the installer's UPI guide asks, and no MachineSets", async () => {
    const r = await gen(ARCH1.replace('install ipi', 'install upi'));
    expect(r.errors).toEqual([]);
    expect(r.files.map((f) => f.path)).toEqual(['openshift/ocp-east/install-config.yaml']);
    expect(r.installConfig!.compute).toEqual([
      { name: 'worker', replicas: 0, platform: { openstack: { type: 'm1.large' } } },
    ]);
    expect(r.installConfigText).toContain('# UPI: compute replicas are 0');
  });

  it('warns when no worker pool can be installed on day 1 (control plane becomes schedulable)', async () => {
    const r = await gen(
      ARCH1.replace('  workers { perZone 1  flavor "m1.large"  rootVolume 120GiB type "ssd" }\n', ''),
    );
    expect(r.errors).toEqual([]);
    expect(r.installConfig!.compute[0].replicas).toBe(0);
    expect(r.warnings).toContainEqual(
      expect.stringContaining('compute replicas 0 and the installer makes the control-plane nodes schedulable'),
    );
  });

  it('a compact cluster (no workers) has compute replicas 0 and no warning', async () => {
    const r = await gen(clusterText('', { workers: '' }));
    expect(r.installConfig!.compute).toEqual([
      { name: 'worker', replicas: 0, platform: { openstack: { type: 'm1.xlarge' } } },
    ]);
    expect(r.warnings).toEqual([]);
  });

  it('skips kubernetes clusters and refuses a cluster across two regions', async () => {
    const kube = await gen(clusterText('').replace('distribution openshift 4.16', 'distribution kubernetes'));
    expect(kube.files).toEqual([]);
    expect(kube.problems).toEqual([]);
    const head = `${REGION}region dc-west provider openstack { zone az1 }\nrtt dc-east dc-west 30ms\n`;
    const two = await gen(
      clusterText('', { head, cp: 'zones dc-east.az1 dc-east.az2 dc-west.az1  flavor "m1.xlarge"' }),
    );
    expect(two.errors).toEqual([expect.stringContaining('an install-config targets one OpenStack cloud')]);
  });

  it('refuses what the installer would refuse: missing flavor or baseDomain, bad name, removed network types, overlaps', async () => {
    expect((await gen(clusterText('', { cp: 'zones dc-east.az1 dc-east.az2 dc-east.az3' }))).errors).toEqual([
      expect.stringContaining('the control plane has no flavor'),
    ]);
    expect((await gen(clusterText('').replace('baseDomain "example.com"', ''))).errors).toEqual([
      expect.stringContaining('needs a base domain'),
    ]);
    expect((await gen(clusterText('', { name: 'Ocp_East' }))).errors).toEqual([
      expect.stringContaining('use lower-case letters'),
    ]);
    expect((await gen(clusterText('networkType OpenShiftSDN'))).errors).toEqual([
      expect.stringContaining('removed in 4.15'),
    ]);
    expect((await gen(clusterText('serviceNetwork 10.128.0.0/16'))).errors).toEqual([
      expect.stringContaining('podNetwork 10.128.0.0/14 overlaps serviceNetwork 10.128.0.0/16'),
    ]);
    expect((await gen(clusterText('podNetwork 10.128.0.5/14'))).errors).toEqual([
      'cluster ocp: podNetwork 10.128.0.5/14 is not a network address (the installer rejects it): write 10.128.0.0/14',
    ]);
  });

  it('generates every OpenShift cluster of a topology, in name order, independently', async () => {
    const text = `${REGION}
cluster b-ok { baseDomain "example.com"  controlPlane { zones dc-east.az1 dc-east.az2 dc-east.az3  flavor "m1.xlarge" }  pullSecret file "pull-secret.json" }
cluster a-bad { baseDomain "example.com"  controlPlane { zones dc-east.az1 dc-east.az2 dc-east.az3 }  pullSecret file "pull-secret.json" }
`;
    const r = await gen(text);
    expect(r.files.map((f) => f.path)).toEqual(['openshift/b-ok/install-config.yaml']);
    expect(r.errors).toEqual([expect.stringContaining('cluster a-bad: the control plane has no flavor')]);
  });
});
