import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { load } from '../../test/support/index.js';
import { validateKustomizations, validateManifest } from '../../test/validators/kubernetes.js';
import { generateApps } from './apps.js';
import { generate } from './index.js';
import type { GeneratedFile, GenerationProblem } from './types.js';

const SITES = `region east provider openstack { zone az1  zone az2  zone az3 }
region west provider openstack { zone az1  zone az2  zone az3 }
`;

function clusterText(
  name: string,
  region: string,
  head = 'distribution openshift 4.16  baseDomain "example.com"',
): string {
  return `cluster ${name} {
  ${head}
  controlPlane { zones ${region}.az1 ${region}.az2 ${region}.az3  flavor "m1.xlarge" }
  workers { perZone 2  flavor "m1.large" }
}
`;
}

const TWO_CLUSTERS = SITES + clusterText('ocp-east', 'east') + clusterText('ocp-west', 'west');

interface Run {
  files: GeneratedFile[];
  problems: GenerationProblem[];
  /** Parsed manifests by path. */
  yaml: Record<string, any>;
  text: Record<string, string>;
  modelProblems: string[];
}

async function run(text: string, env: Record<string, string> = {}): Promise<Run> {
  const { model } = await load(text);
  const problems: GenerationProblem[] = [];
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let files: GeneratedFile[];
  try {
    files = generateApps(model, { report: (p) => problems.push(p) });
  } finally {
    process.env = saved;
  }
  return {
    files,
    problems,
    yaml: Object.fromEntries(files.map((f) => [f.path, parse(f.content)])),
    text: Object.fromEntries(files.map((f) => [f.path, f.content])),
    modelProblems: model.problems.map((p) => `${p.code}: ${p.message}`),
  };
}

/** A file's text with comment markers and line breaks dropped, to find a sentence the writer wrapped. */
function prose(text: string | undefined): string {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim().replace(/^#\s?/, ''))
    .join(' ')
    .replace(/\s+/g, ' ');
}

function expectValid(r: Run): void {
  for (const f of r.files) {
    if (f.path.endsWith('kustomization.yaml')) continue;
    expect(validateManifest(f.content).errors, f.path).toEqual([]);
  }
  expect(validateKustomizations(r.files)).toEqual([]);
}

describe('apps generator: what each cluster gets', () => {
  it('writes one folder per cluster and per app, each a kustomization listing one object per file', async () => {
    const r = await run(
      `${TWO_CLUSTERS}app shop { clusters ocp-east ocp-west  replicas 4  url "shop.example.com"  image "registry.example.com/shop:1.0"  hpa min 2 max 8  requests cpu 0.5 }\n`,
    );
    expect(r.problems).toEqual([]);
    expect(r.files.map((f) => f.path).sort()).toEqual([
      'apps/ocp-east/kustomization.yaml',
      ...['deployment', 'hpa', 'kustomization', 'namespace', 'pdb', 'route-cluster', 'route', 'service'].map(
        (k) => `apps/ocp-east/shop/${k}.yaml`,
      ),
      'apps/ocp-west/kustomization.yaml',
      ...['deployment', 'hpa', 'kustomization', 'namespace', 'pdb', 'route-cluster', 'route', 'service'].map(
        (k) => `apps/ocp-west/shop/${k}.yaml`,
      ),
    ]);
    expect(r.yaml['apps/ocp-east/kustomization.yaml'].resources).toEqual(['shop']);
    expect(r.yaml['apps/ocp-east/shop/kustomization.yaml'].resources).toEqual([
      'namespace.yaml',
      'deployment.yaml',
      'service.yaml',
      'route.yaml',
      'route-cluster.yaml',
      'pdb.yaml',
      'hpa.yaml',
    ]);
    expectValid(r);
    for (const f of r.files) expect(f.content, f.path).not.toMatch(/^---/m);
  });

  it('divides the replicas exactly as the model splits them: 7 over 3 clusters is 3 + 2 + 2', async () => {
    const r = await run(
      `${SITES}${clusterText('a', 'east')}${clusterText('b', 'west')}${clusterText('c', 'east')}app shop { clusters a b c  replicas 7  image "i" }\n`,
    );
    expect(['a', 'b', 'c'].map((c) => r.yaml[`apps/${c}/shop/deployment.yaml`].spec.replicas)).toEqual([3, 2, 2]);
    expect(prose(r.text['apps/a/shop/deployment.yaml'])).toContain(
      "3 of the app's 7 replicas, divided over its 3 clusters as federation does (seed 004): floor(n/k) each, the remainder one each to the first clusters (a 3, b 2, c 2).",
    );
  });

  it('enforces the zone spread with nodeTaintsPolicy Honor, and says why in the YAML', async () => {
    const r = await run(`${TWO_CLUSTERS}app shop { clusters ocp-east  replicas 3  image "i" }\n`);
    const [zone, node] = r.yaml['apps/ocp-east/shop/deployment.yaml'].spec.template.spec.topologySpreadConstraints;
    expect(zone).toEqual({
      maxSkew: 1,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      nodeTaintsPolicy: 'Honor',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'shop' } },
      matchLabelKeys: ['pod-template-hash'],
    });
    expect(node).toMatchObject({ topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' });
    const text = r.text['apps/ocp-east/shop/deployment.yaml']!;
    expect(prose(text)).toContain(
      'Honor: when a zone is lost its nodes stay in the API, tainted unreachable. With the default (Ignore) they would still count as a zone holding none of these pods, so maxSkew 1 would cap every surviving zone and the replacement pods would stay Pending.',
    );
    expect(text.indexOf('# Honor:')).toBeLessThan(text.indexOf('nodeTaintsPolicy: Honor'));
  });

  it('falls back to a preferred spread where Honor does not exist (OpenShift 4.12 is Kubernetes 1.25) or one zone holds the nodes', async () => {
    const old = await run(
      `${SITES}${clusterText('ocp', 'east', 'distribution openshift 4.12  baseDomain "example.com"')}app shop { clusters ocp  replicas 3  image "i" }\n`,
    );
    const [zone] = old.yaml['apps/ocp/shop/deployment.yaml'].spec.template.spec.topologySpreadConstraints;
    expect(zone.whenUnsatisfiable).toBe('ScheduleAnyway');
    expect(zone.nodeTaintsPolicy).toBeUndefined();
    expect(zone.matchLabelKeys).toBeUndefined();
    expect(old.yaml['apps/ocp/shop/pdb.yaml'].spec.unhealthyPodEvictionPolicy).toBeUndefined();
    expectValid(old);
    const oneZone = `region east provider openstack { zone az1 }\ncluster k { distribution kubernetes 1.30  controlPlane { zones east.az1 }  workers { perZone 3 } }\napp shop { clusters k  replicas 3  image "i" }\n`;
    const one = await run(oneZone);
    expect(
      one.yaml['apps/k/shop/deployment.yaml'].spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable,
    ).toBe('ScheduleAnyway');
  });

  it('puts readiness on the path the GSLB checks, probed faster than the GSLB, so gslb/readiness-mismatch and the manifest agree', async () => {
    const gslb =
      'loadBalancer lb { provider f5  vip 10.0.0.1 }\ngslb gtm { provider powerdns  backends lb  health "/healthz" every 10s fall 3 timeout 2s }\n';
    const undeclared = await run(
      `${TWO_CLUSTERS}${gslb}app shop { clusters ocp-east  replicas 2  image "i"  gslb gtm  url "shop.example.com" }\n`,
    );
    const probe = undeclared.yaml['apps/ocp-east/shop/deployment.yaml'].spec.template.spec.containers[0].readinessProbe;
    expect(probe).toEqual({
      httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 1,
      successThreshold: 1,
    });
    expect(prose(undeclared.text['apps/ocp-east/shop/deployment.yaml'])).toContain(
      "No readiness is declared: the path of gslb gtm's health check (/healthz), as gslb/readiness-mismatch advises. Probed every 5 s, half the 10 s interval of that check",
    );
    const declared = await run(
      `${TWO_CLUSTERS}${gslb}app shop { clusters ocp-east  replicas 2  image "i"  gslb gtm  readiness "/ready" }\n`,
    );
    expect(
      declared.yaml['apps/ocp-east/shop/deployment.yaml'].spec.template.spec.containers[0].readinessProbe.httpGet.path,
    ).toBe('/ready');
    expect(declared.text['apps/ocp-east/shop/deployment.yaml']).toContain('(gslb/readiness-mismatch)');
    const none = await run(`${TWO_CLUSTERS}app shop { clusters ocp-east  replicas 2  image "i"  port 9000 }\n`);
    const container = none.yaml['apps/ocp-east/shop/deployment.yaml'].spec.template.spec.containers[0];
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 'http' });
    expect(container.ports).toEqual([{ name: 'http', containerPort: 9000, protocol: 'TCP' }]);
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'http' });
  });

  it('gives a PodDisruptionBudget of maxUnavailable 1, never minAvailable, and explains the one-replica case', async () => {
    const r = await run(
      `${TWO_CLUSTERS}app one { clusters ocp-east ocp-west  replicas 2  image "i" }\napp three { clusters ocp-east  replicas 3  image "i" }\n`,
    );
    for (const p of ['apps/ocp-east/one/pdb.yaml', 'apps/ocp-east/three/pdb.yaml']) {
      expect(r.yaml[p].spec).toEqual({
        maxUnavailable: 1,
        selector: { matchLabels: { 'app.kubernetes.io/name': p.split('/')[2] } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      });
    }
    expect(prose(r.text['apps/ocp-east/one/pdb.yaml'])).toContain(
      'This cluster runs 1 replica, and no budget keeps one pod serving through the drain of its node: minAvailable 1 would make that pod unevictable and block the drain (and the upgrade) forever.',
    );
    expect(prose(r.text['apps/ocp-east/three/pdb.yaml'])).toContain('2 of 3 keep serving');
    expectValid(r);
  });

  it('writes no budget and no autoscaler for a cluster whose share is 0 replicas', async () => {
    const r = await run(
      `${TWO_CLUSTERS}app shop { clusters ocp-east ocp-west  replicas 1  image "i"  hpa min 1 max 4  requests cpu 1 }\n`,
    );
    expect(r.yaml['apps/ocp-west/shop/deployment.yaml'].spec.replicas).toBe(0);
    expect(r.yaml['apps/ocp-west/shop/pdb.yaml']).toBeUndefined();
    expect(r.yaml['apps/ocp-west/shop/hpa.yaml']).toBeUndefined();
    expect(r.yaml['apps/ocp-west/shop/kustomization.yaml'].resources).not.toContain('pdb.yaml');
    expectValid(r);
  });

  it('divides the HPA bounds between the clusters like the replicas, raising a share of 0 to the HPA minimum of 1', async () => {
    const r = await run(
      `${TWO_CLUSTERS}app shop { clusters ocp-east ocp-west  replicas 6  image "i"  hpa min 3 max 12 cpu 70%  requests cpu 0.25 memory 512MiB }\napp tiny { clusters ocp-east ocp-west  replicas 2  image "i"  hpa min 1 max 3  requests cpu 1 }\n`,
    );
    const bounds = (p: string) => [r.yaml[p].spec.minReplicas, r.yaml[p].spec.maxReplicas];
    expect(bounds('apps/ocp-east/shop/hpa.yaml')).toEqual([2, 6]);
    expect(bounds('apps/ocp-west/shop/hpa.yaml')).toEqual([1, 6]);
    expect(r.yaml['apps/ocp-east/shop/hpa.yaml'].spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
    expect(r.yaml['apps/ocp-east/shop/deployment.yaml'].spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '512Mi' },
    });
    expect(bounds('apps/ocp-east/tiny/hpa.yaml')).toEqual([1, 2]);
    expect(bounds('apps/ocp-west/tiny/hpa.yaml')).toEqual([1, 1]);
    expect(prose(r.text['apps/ocp-west/tiny/hpa.yaml'])).toContain(
      "(its share, 0, raised to 1: an HPA's minimum is at least 1)",
    );
    expectValid(r);
  });

  it('maps tls to the Route: terminate is edge, reencrypt uses the service CA, passthrough reaches the pods', async () => {
    const app = (name: string, tls: string) =>
      `app ${name} { clusters ocp-east  replicas 2  image "i"  url "${name}.example.com/api"  tls ${tls} }\n`;
    const r = await run(
      `${TWO_CLUSTERS}${app('edge', 'terminate')}${app('re', 'reencrypt')}${app('pass', 'passthrough')}`,
    );
    expect(r.yaml['apps/ocp-east/edge/route.yaml'].spec).toMatchObject({
      host: 'edge.example.com',
      path: '/api',
      tls: { termination: 'edge', insecureEdgeTerminationPolicy: 'Redirect' },
      port: { targetPort: 'http' },
    });
    expect(r.yaml['apps/ocp-east/re/route.yaml'].spec.tls.termination).toBe('reencrypt');
    expect(r.yaml['apps/ocp-east/re/service.yaml'].metadata.annotations).toEqual({
      'service.beta.openshift.io/serving-cert-secret-name': 're-tls',
    });
    expect(
      r.yaml['apps/ocp-east/re/deployment.yaml'].spec.template.spec.containers[0].readinessProbe.tcpSocket,
    ).toEqual({ port: 'https' });
    const pass = r.yaml['apps/ocp-east/pass/route.yaml'].spec;
    expect(pass.tls).toEqual({ termination: 'passthrough', insecureEdgeTerminationPolicy: 'Redirect' });
    expect(pass.path).toBeUndefined();
    expect(r.yaml['apps/ocp-east/pass/route-cluster.yaml'].spec.host).toBe('pass.apps.ocp-east.example.com');
    expect(r.text['apps/ocp-east/pass/kustomization.yaml']).toContain('oc -n pass create secret tls pass-tls');
    expectValid(r);
  });

  it("leaves the cluster route's host to the router when the cluster name is no DNS label", async () => {
    const r = await run(
      `${SITES}${clusterText('ocp_lab', 'east')}app shop { clusters ocp_lab  replicas 2  image "i" }\n`,
    );
    expect(r.yaml['apps/ocp_lab/shop/route-cluster.yaml'].spec.host).toBeUndefined();
    expect(prose(r.text['apps/ocp_lab/shop/route-cluster.yaml'])).toContain(
      'the router names it <route>-<namespace>.<its domain>',
    );
    expectValid(r);
  });

  it('writes an Ingress, not a Route, for a Kubernetes cluster', async () => {
    const k8s = `${SITES}${clusterText('k', 'east', 'distribution kubernetes 1.30')}`;
    const r = await run(
      `${k8s}app shop { clusters k  replicas 2  image "i"  url "https://Shop.Example.com/"  tls terminate }\n`,
    );
    expect(Object.keys(r.yaml).filter((p) => /route/.test(p))).toEqual([]);
    expect(r.yaml['apps/k/shop/ingress.yaml'].spec).toEqual({
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { name: 'http' } } } }],
          },
        },
      ],
    });
    expect(r.text['apps/k/shop/kustomization.yaml']).toContain('kubectl apply -k apps/k/shop');
    expectValid(r);
  });

  it('passes secrets by reference: the Secret is named, its value is neither read nor written', async () => {
    const text = `${TWO_CLUSTERS}secret db-password env SHOP_DB_PASSWORD\nsecret api-key file "keys/api.key"\napp shop { clusters ocp-east  replicas 2  image "i"  secrets db-password api-key }\n`;
    const r = await run(text, { SHOP_DB_PASSWORD: 'hunter2-do-not-leak' });
    expect(r.yaml['apps/ocp-east/shop/deployment.yaml'].spec.template.spec.containers[0].env).toEqual([
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-password', key: 'db-password' } } },
      { name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'api-key', key: 'api-key' } } },
    ]);
    const kustomization = r.text['apps/ocp-east/shop/kustomization.yaml']!;
    expect(kustomization).toContain(
      '#   oc -n shop create secret generic db-password --from-literal=db-password="$SHOP_DB_PASSWORD"',
    );
    expect(kustomization).toContain('#   oc -n shop create secret generic api-key --from-file=api-key=keys/api.key');
    for (const f of r.files) expect(f.content).not.toContain('hunter2');
    expect(r.files.some((f) => f.sensitive)).toBe(false);
    expectValid(r);
  });

  it('writes a placeholder image named after the app when none is declared, and says how to set it', async () => {
    const r = await run(`${TWO_CLUSTERS}app shop { clusters ocp-east  replicas 2 }\n`);
    expect(r.yaml['apps/ocp-east/shop/deployment.yaml'].spec.template.spec.containers[0].image).toBe('shop');
    expect(prose(r.text['apps/ocp-east/shop/deployment.yaml'])).toContain(
      'Set it here with `kustomize edit set image shop=<registry>/<repository>:<tag>`',
    );
  });

  it('is deterministic: the same model gives the same bytes', async () => {
    const text = `${TWO_CLUSTERS}app b { clusters ocp-west ocp-east  replicas 3  image "i" }\napp a { clusters ocp-east  replicas 2  image "i" }\n`;
    const one = await run(text);
    const two = await run(text);
    expect(two.files).toEqual(one.files);
    expect(one.yaml['apps/ocp-east/kustomization.yaml'].resources).toEqual(['a', 'b']);
  });

  it('skips an app that runs on no cluster', async () => {
    expect((await run(`${TWO_CLUSTERS}app idle { replicas 2 }\n`)).files).toEqual([]);
  });
});

describe('apps generator with the k8gb target: one deployable whole', () => {
  const K8GB = `${SITES}${clusterText('ocp-east', 'east')}${clusterText('k-west', 'west', 'distribution kubernetes 1.30')}loadBalancer ltm-east { provider f5  zones east.az1 east.az2  vip 198.51.100.80  listen https 443  members ocp-east }
loadBalancer ltm-west { provider f5  zones west.az1 west.az2  vip 203.0.113.80  listen https 443  members k-west }
gslb gtm { provider k8gb  backends ltm-east ltm-west  policy failover  health "/ready" every 10s fall 3 }
`;

  it("each Gslb's Ingress reaches the Service the apps target writes, by name, namespace and port name, and no Route or Ingress of ours claims its host", async () => {
    const { model } =
      await load(`${K8GB}app shop { clusters ocp-east k-west  replicas 4  image "i"  url "shop.example.com"  gslb gtm }
app vault { clusters ocp-east k-west  replicas 2  image "i"  url "vault.example.com"  gslb gtm  tls passthrough }
`);
    const { files, problems } = generate(model, { targets: ['apps', 'k8gb'] });
    expect(problems).toEqual([]);
    const yaml = Object.fromEntries(files.map((f) => [f.path, parse(f.content)]));
    const gslbs = files.filter((f) => f.path.startsWith('k8gb/'));
    expect(gslbs.map((f) => f.path)).toEqual(['k8gb/shop.yaml', 'k8gb/vault.yaml']);
    const ports: string[] = [];
    for (const g of gslbs) {
      const gslb = yaml[g.path];
      for (const cluster of ['ocp-east', 'k-west']) {
        const dir = `apps/${cluster}/${gslb.metadata.namespace}`;
        // The Gslb is applied in the app's namespace, which the apps target creates.
        expect(yaml[`${dir}/namespace.yaml`]?.metadata.name, dir).toBe(gslb.metadata.namespace);
        const service = yaml[`${dir}/service.yaml`];
        for (const rule of gslb.spec.ingress.rules) {
          for (const { backend } of rule.http.paths) {
            expect(service.metadata).toMatchObject({ name: backend.service.name, namespace: gslb.metadata.namespace });
            const port = service.spec.ports.find((p: { name: string }) => p.name === backend.service.port.name);
            expect(port, `${dir}: port ${backend.service.port.name}`).toBeDefined();
            // ... and that port reaches a container port of the Deployment's pods.
            const container = yaml[`${dir}/deployment.yaml`].spec.template.spec.containers[0];
            expect(container.ports.map((p: { name: string }) => p.name)).toContain(port.targetPort);
            ports.push(backend.service.port.name);
          }
          // k8gb creates the Ingress named after the Gslb for this host: nothing of ours claims it.
          const ours = Object.entries(yaml).filter(
            ([p, v]) =>
              p.startsWith(`${dir}/`) &&
              (v.spec?.host === rule.host || v.spec?.rules?.some((r: { host: string }) => r.host === rule.host)),
          );
          expect(ours.map(([p]) => p)).toEqual([]);
        }
        expect(prose(files.find((f) => f.path === `${dir}/kustomization.yaml`)!.content)).toContain(
          `makes k8gb create the Ingress ${gslb.metadata.name} for it`,
        );
      }
    }
    expect(ports).toEqual(['http', 'http', 'https', 'https']);
    expect(Object.keys(yaml).filter((p) => /route-cluster/.test(p))).toEqual([
      'apps/ocp-east/shop/route-cluster.yaml',
      'apps/ocp-east/vault/route-cluster.yaml',
    ]);
    expectValid({ files: files.filter((f) => f.target === 'apps') } as Run);
  });
});

describe('apps generator: it refuses only what validation reports first', () => {
  const cases: [string, string, string][] = [
    ['a name Kubernetes refuses', 'app Shop_1 { clusters ocp-east  replicas 2  image "i" }', 'apps/name'],
    [
      'a url that names no host',
      'app shop { clusters ocp-east  replicas 2  image "i"  url "shop example" }',
      'apps/url',
    ],
    [
      'two apps on one host on one cluster',
      'app shop { clusters ocp-east  replicas 2  image "i"  url "shop.example.com" }\napp shop2 { clusters ocp-east ocp-west  replicas 2  image "i"  url "SHOP.example.com" }',
      'apps/url-conflict',
    ],
    [
      'an hpa without max',
      'app shop { clusters ocp-east  replicas 2  image "i"  hpa min 2  requests cpu 1 }',
      'apps/hpa-max',
    ],
    [
      'a secret name no Secret can have',
      'secret DB_pass env X\napp shop { clusters ocp-east  replicas 2  image "i"  secrets DB_pass }',
      'apps/secret-name',
    ],
  ];
  it.each(cases)(
    '%s: a model error while typing, and the same error, and no file for the app, when generating',
    async (_what, app, code) => {
      const r = await run(`${TWO_CLUSTERS}${app}\n`);
      const fromValidation = r.modelProblems.filter((p) => p.startsWith(`${code}:`));
      expect(fromValidation).toHaveLength(1);
      expect(r.problems.map((p) => `${p.code}: ${p.message}`)).toEqual(fromValidation);
      expect(r.problems[0]!.severity).toBe('error');
      const refused = r.problems[0]!.element!.replace('app ', '');
      expect(r.files.filter((f) => f.path.includes(`/${refused}/`))).toEqual([]);
    },
  );

  it('a topology with such an error is not generated at all by `generate`', async () => {
    const { model } = await load(`${TWO_CLUSTERS}app Shop { clusters ocp-east  replicas 2 }\n`);
    expect(model.problems.map((p) => p.code)).toContain('apps/name');
    const { problems } = generate(model, { targets: ['apps'] });
    expect(problems.map((p) => p.code)).toEqual(['apps/name']);
  });
});
