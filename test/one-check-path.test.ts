/**
 * One check path: what a generator refuses, validation reports first, as an error diagnostic; a
 * topology that `topo validate` calls clean generates without a refusal.
 *
 * - Every generation check of docs/diagnostics.md ("While typing and in topo validate") is walked:
 *   a topology that trips it gets the error from validation and the same refusal from generation.
 * - The property, over every example, every rule's "fires" and "passes" example and a few hundred
 *   topologies of the fuzzer (grammar-generated and mutated examples): validation without an error
 *   means generation (with the secrets present on the machine) without an error.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { GENERATION_CHECK_CODES } from '../language/diagnostics.js';
import type * as ast from '../language/generated/ast.js';
import { generate, type GenerationProblem } from '../language/generators/index.js';
import { dependsOnMachine } from '../language/generators/preconditions.js';
import type { SecretRef, TopoModel } from '../language/model/types.js';
import { catalogue } from '../language/rules/catalogue.js';
import { createTopoServices } from '../language/topo-module.js';
import { EXAMPLES, topologyFiles, topologyFolders } from './support/index.js';
import { CaseMaker, loadExamples } from './fuzz/inputs.js';

const PULL = '{"auths":{"quay.io":{"auth":"dG9wbzp0b3Bv"}}}';
const SSH = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHRvcG90b3BvdG9wb3RvcG90b3BvdG9wb3RvcG90b3Bv topo@example.com';

/** Every secret present and well-formed, as on a machine set up for generation. */
function secretsOf(model: TopoModel): (ref: SecretRef) => string {
  const ssh = new Set(model.clusters.map((c) => c.sshKey).filter((r): r is SecretRef => !!r));
  return (ref) => (ssh.has(ref) ? SSH : PULL);
}

/** One language server for the whole file: loading a topology is a few milliseconds then. */
const topo = createTopoServices(EmptyFileSystem).Topo;
let folders = 0;

interface Checked {
  model: TopoModel;
  /** Error diagnostics of validation: `code message`. */
  errors: { code: string; message: string }[];
  /** Error problems of generation, with every secret present. */
  refused: GenerationProblem[];
}

async function check(files: Record<string, string>, params: Record<string, string> = {}): Promise<Checked> {
  const shared = topo.shared;
  const folder = `/check/${++folders}`;
  topo.topo.ModelProvider.configure({}, params);
  const docs: LangiumDocument<ast.Document>[] = [];
  for (const [name, text] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    const doc = shared.workspace.LangiumDocumentFactory.fromString<ast.Document>(
      text,
      URI.file(`${folder}/${name.replace(/^.*\//, '')}`),
    );
    shared.workspace.LangiumDocuments.addDocument(doc);
    docs.push(doc);
  }
  try {
    await shared.workspace.DocumentBuilder.build(docs, { validation: true });
    const { model } = topo.topo.ModelProvider.analysisFor(docs[0]!.uri.toString());
    const errors = docs.flatMap((d) =>
      (d.diagnostics ?? [])
        .filter((x) => x.severity === 1)
        .map((x) => ({ code: String(x.code), message: typeof x.message === 'string' ? x.message : x.message.value })),
    );
    // As the product: a model with errors of its own (a duplicate, a count out of range) is never
    // handed to the generators.
    const sound = !model.problems.some((p) => p.severity === 'error' && p.code.startsWith('model/'));
    const refused = sound
      ? generate(model, { resolveSecret: secretsOf(model) }).problems.filter((p) => p.severity === 'error')
      : [];
    return { model, errors, refused };
  } finally {
    await shared.workspace.DocumentBuilder.update(
      [],
      docs.map((d) => d.uri),
    );
    topo.topo.ModelProvider.invalidate();
  }
}

const BASE = `region dc provider openstack {
  zone az1  zone az2  zone az3
  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 1ms
}
network ctrl { cidr 10.0.0.0/24  zones dc.az1 dc.az2 dc.az3 }
network rpn-1 { kind routed-provider  zone dc.az1  cidr 10.0.1.0/24 }
cluster ocp {
  distribution openshift 4.16  install ipi  baseDomain "example.com"
  controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  network ctrl  flavor "m1.xlarge" }
  workers { perZone 1  flavor "m1.large" }
  api vip 10.0.0.5  ingress vip 10.0.0.7
  pullSecret file "pull-secret.json"
}
`;

/** Replaces `from` (which must occur) in the base topology. */
function edit(...pairs: [string, string][]): string {
  let text = BASE;
  for (const [from, to] of pairs) {
    expect(text, `the base has no ${from}`).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

/** A topology per generation check, each tripping that check. */
const TRIPS: Record<string, string> = {
  'openshift/cluster-name': edit(['cluster ocp {', 'cluster Ocp {']),
  'openshift/base-domain': edit(['baseDomain "example.com"', 'baseDomain "not a domain"']),
  'openshift/one-cloud': edit(
    ['network ctrl', 'region far provider openstack { zone az1 }\nrtt dc far 30ms\nnetwork ctrl'],
    ['workers { perZone 1  flavor "m1.large" }', 'workers { perZone 1  zones far.az1  flavor "m1.large" }'],
  ),
  'openshift/platform': edit(['region dc provider openstack', 'region dc provider vsphere']),
  'openshift/network-type': edit(['api vip', 'networkType OpenShiftSDN\n  api vip']),
  'openshift/machine-network': edit(['api vip', 'machineNetwork 10.0.8.0/24\n  api vip']),
  'openshift/control-plane-networks': edit(['network ctrl  flavor', 'networks ctrl rpn-1  flavor']),
  'openshift/control-plane': edit([
    'controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3',
    'controlPlane { replicas 0',
  ]),
  'openshift/flavor': edit(['  flavor "m1.xlarge" }', ' }']),
  'openshift/root-volume': edit(['flavor "m1.xlarge" }', 'flavor "m1.xlarge"  rootVolume 100GiB }']),
  'openshift/uneven-zones': edit([
    'workers { perZone 1  flavor "m1.large" }',
    'workers { zones dc.az1: 3 dc.az2: 1 dc.az3: 1  flavor "m1.large" }',
  ]),
  'openshift/worker-network': edit([
    'workers { perZone 1  flavor "m1.large" }',
    'workers { perZone 1  flavor "m1.large" }\n  workers edge { perZone 1  zones dc.az1 dc.az2  networks rpn-1  flavor "m1.large" }',
  ]),
  'openshift/machineset-name': edit([
    'workers { perZone 1  flavor "m1.large" }',
    'workers { perZone 1  flavor "m1.large" }\n  workers a-very-long-pool-name-for-routed-provider-workers { zone dc.az1  replicas 2  networks rpn-1  flavor "m1.large" }',
  ]),
  'openshift/host-prefix': edit(['api vip', 'podNetwork 10.128.0.0/14 hostPrefix 12\n  api vip']),
  'openshift/network-address': edit(['api vip', 'serviceNetwork 172.30.0.1/16\n  api vip']),
  'openshift/network-overlap': edit(['api vip', 'serviceNetwork 10.0.0.0/16\n  api vip']),
  'openshift/vips': edit(['ingress vip 10.0.0.7', 'ingress vip 10.0.0.5']),
  'openshift/user-managed-lb': edit(
    ['network ctrl  flavor', 'flavor'],
    ['api vip 10.0.0.5  ingress vip 10.0.0.7', 'loadBalancer external'],
  ),
  'openshift/floating-ips': edit(['api vip 10.0.0.5', 'api vip 10.0.0.5 floatingIp 203.0.113.5']),
  'openshift/secret-missing': edit(['  pullSecret file "pull-secret.json"\n', '']),
  'heat/lb-network': `${BASE}loadBalancer web { provider octavia  vip 10.9.0.5  listen https 443 }\n`,
  'terraform/lb-network': `${BASE}network bare { zones dc.az1 }\nloadBalancer web { provider octavia  network bare  listen https 443 }\n`,
};

/** The codes of the generators' checks that this file walks (the traffic layer's: language/generators/traffic.spec.ts). */
const WALKED = GENERATION_CHECK_CODES.map((c) => c.code).filter((c) => /^(openshift|heat|terraform)\//.test(c));

describe('one check path for validate and generate', () => {
  it('the base topology validates clean and generates', async () => {
    const r = await check({ 'main.topo': BASE });
    expect(r.errors).toEqual([]);
    expect(r.refused).toEqual([]);
  });

  it('walks every generation check docs/diagnostics.md lists for openshift, heat and terraform', () => {
    expect(Object.keys(TRIPS).sort()).toEqual([...WALKED].sort());
  });

  it.each(Object.entries(TRIPS))('%s: validation reports the error generation refuses', async (code, text) => {
    const r = await check({ 'main.topo': text });
    // Generation refuses it (for this code; a topology may trip others too) ...
    const refusals = r.refused.filter(
      (p) => p.code === code || (code === 'terraform/lb-network' && p.code === 'heat/lb-network'),
    );
    expect(
      refusals.map((p) => p.code),
      `generation does not refuse with ${code}`,
    ).toContain(code);
    // ... and validation reported each of its refusals first, with the same code and words.
    for (const p of r.refused) {
      expect(
        r.errors.some((e) => e.code === p.code && e.message === p.message) || coveredByRule(p, r.errors),
        `validation misses ${p.code} ${p.message}`,
      ).toBe(true);
    }
  });
});

/** A refusal a rule of the catalogue reports first, in its own words (a literal secret). */
function coveredByRule(p: GenerationProblem, errors: { code: string }[]): boolean {
  return p.code === 'openshift/secret-literal' && errors.some((e) => e.code === 'security/inline-secret');
}

/**
 * The property: clean under validation means generated without a refusal. Returns the
 * topologies that break it, with what generation refused (empty when it holds).
 */
async function violations(files: Record<string, string>, params?: Record<string, string>): Promise<string[]> {
  return (await property(files, params)).violations;
}

async function property(
  files: Record<string, string>,
  params?: Record<string, string>,
): Promise<{ clean: boolean; violations: string[] }> {
  const r = await check(files, params);
  if (r.errors.length) {
    // The converse, for the same input: every refusal that does not depend on the machine was an error of validation.
    const missed = r.refused.filter(
      (p) =>
        !dependsOnMachine(p) &&
        !r.errors.some((e) => e.code === p.code && e.message === p.message) &&
        !coveredByRule(p, r.errors),
    );
    return { clean: false, violations: missed.map((p) => `not validated: ${p.code} ${p.message}`) };
  }
  return { clean: true, violations: r.refused.map((p) => `validated clean, refused: ${p.code} ${p.message}`) };
}

describe('a topology topo validate calls clean generates', () => {
  it.each(topologyFolders())('example %s', async (folder) => {
    expect(await violations(topologyFiles(folder))).toEqual([]);
  });

  it('every rule\'s "fires" and "passes" example', async () => {
    const out: string[] = [];
    for (const rule of catalogue) {
      for (const [which, text] of Object.entries(rule.examples)) {
        for (const v of await violations({ 'main.topo': text })) out.push(`${rule.id} ${which}: ${v}`);
      }
    }
    expect(out).toEqual([]);
  });

  it('400 topologies of the fuzzer: mutated examples and grammar-generated ones', async () => {
    // Mutations of the examples that validate clean: a mutation of a clean topology often stays
    // clean, and then it must generate.
    const examples = [];
    for (const t of loadExamples(EXAMPLES)) if ((await check(t.files)).errors.length === 0) examples.push(t);
    expect(examples.length).toBeGreaterThan(5);
    const maker = new CaseMaker({ seed: 'one-check-path', count: 100_000, examples });
    const out: string[] = [];
    let clean = 0;
    let cases = 0;
    // Past the special inputs (10 MB files, 10 000 zones) and the truncations: mutated examples
    // and grammar-generated topologies.
    for (let i = maker.specialCount + maker.truncationCount; cases < 400; i++) {
      const c = maker.make(i);
      cases++;
      const r = await property(c.files, c.params);
      if (r.clean) clean++;
      for (const x of r.violations) out.push(`${c.id}: ${x}`);
    }
    expect(out).toEqual([]);
    // Not vacuous: many of them validate clean, and then generate.
    expect(clean).toBeGreaterThan(30);
    console.log(`one check path: ${clean} of ${cases} fuzzed topologies validated clean and generated`);
  }, 600_000);
});
