/**
 * One check path for validation and generation. Every check a generator makes on the topology
 * (a control plane without a flavor, API and ingress VIPs that are equal or outside the machine
 * network, overlapping machine, pod and service networks, a load balancer VIP without a subnet
 * ...) is defined once, in the generator that needs it, and reported twice from that one place:
 *
 * - while typing and by `topo validate`: the generators run here in `checkOnly` mode (no secret is
 *   read, no file is kept) and their errors become diagnostics of the topology, with the
 *   generator's code (`openshift/flavor`, `heat/lb-network` ...);
 * - by `topo generate`: an error diagnostic blocks generation, so the generators never refuse
 *   a topology that validation called clean.
 *
 * A model with errors of its own is not checked further: generation is blocked by them anyway,
 * and the generators assume the model is sound (counts in range, names unique).
 *
 * Only what depends on the machine waits for generation (docs/diagnostics.md, "Only in topo
 * generate"): a secret file or variable that is missing or malformed there, an output folder
 * topo cannot write. Warnings stay generation notes (they refuse nothing).
 */
import type { Loc, ModelProblem, TopoModel } from '../model/types.js';
import { infrastructureOf, infrastructureView } from '../model/memo.js';
import { generate } from './index.js';
import type { GenerationProblem, GenerationTarget } from './types.js';

/** Codes a generator reports that depend on the machine or on topo itself, never on the topology. */
const MACHINE_CODES = /\/(secret-unresolved|secret-format|internal|unavailable)$/;

/**
 * Codes a rule of the catalogue reports first, in its own words, wherever a generator would: not
 * reported twice. A literal secret is security/inline-secret's (an error).
 */
export const COVERED_BY_RULES: Readonly<Record<string, string>> = {
  'openshift/secret-literal': 'security/inline-secret',
};

/** The targets whose generators check the topology beyond the model. */
const CHECKED_TARGETS: readonly GenerationTarget[] = ['openshift', 'heat', 'terraform'];

const cache = new WeakMap<TopoModel, ModelProblem[]>();

/**
 * The generators' refusals of this topology, as model problems (errors), in target order. The
 * model's own problems (the traffic layer's are defined in model/traffic.ts and read by its
 * generators) are not repeated.
 */
export function generationChecks(model: TopoModel): ModelProblem[] {
  const hit = cache.get(model);
  if (hit) return hit;
  // A model with errors of its own (a duplicate name, a count out of range ...) is not laid out:
  // the generators never see it, and their checks wait until it is fixed.
  if (model.problems.some((p) => p.severity === 'error' && p.code.startsWith('model/'))) {
    cache.set(model, []);
    return [];
  }
  const known = new Set(model.problems.map(key));
  const out: ModelProblem[] = [];
  const seen = new Set<string>();
  // The traffic targets' checks are the model's own (model/traffic.ts, already in model.problems).
  for (const p of refusals(model)) {
    if (p.severity !== 'error' || MACHINE_CODES.test(p.code) || COVERED_BY_RULES[p.code]) continue;
    const problem: ModelProblem = { severity: 'error', code: p.code, message: p.message, loc: p.loc ?? topOf(model) };
    const k = key(problem);
    if (known.has(k) || seen.has(k)) continue;
    seen.add(k);
    out.push(problem);
  }
  cache.set(model, out);
  return out;
}

/**
 * What the checked targets' generators report on a model. They read the infrastructure alone (the
 * apps target is not among them; they see a model without apps, see `infrastructureView`), so
 * for a model built on a kept infrastructure (model/memo.ts) they are asked once per infrastructure.
 */
function refusals(model: TopoModel): readonly GenerationProblem[] {
  const infra = infrastructureOf(model);
  let problems = infra && byInfrastructure.get(infra);
  if (!problems) {
    problems = generate(infrastructureView(model), { checkOnly: true, targets: CHECKED_TARGETS }).problems;
    if (infra) byInfrastructure.set(infra, problems);
  }
  return problems;
}
const byInfrastructure = new WeakMap<object, readonly GenerationProblem[]>();

/** True when generation would refuse `p` only because of the machine it runs on (or a fault of topo). */
export function dependsOnMachine(p: Pick<GenerationProblem, 'code'>): boolean {
  return MACHINE_CODES.test(p.code);
}

function key(p: { code: string; message: string; loc: Loc }): string {
  const { start } = p.loc.range;
  return `${p.code}\u0000${p.message}\u0000${p.loc.uri}\u0000${start.line}:${start.character}`;
}

/** The start of the topology's first file: where a problem without a place of its own is shown. */
function topOf(model: TopoModel): Loc {
  return { uri: model.files[0] ?? '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}
