/**
 * Validates the Kubernetes and OpenShift manifests topo generates (the `apps` target), one YAML
 * mapping per file:
 *
 * - Built-in kinds (Namespace, Service, Deployment, Ingress, PodDisruptionBudget,
 *   HorizontalPodAutoscaler autoscaling/v2) with the npm package `kubernetes-models`, whose
 *   validators are compiled from the Kubernetes OpenAPI schemas: types, enums, required fields.
 *   It lets unknown fields through (the OpenAPI schemas do not close objects, and the API server
 *   drops unknown fields, or refuses them under `kubectl apply --validate=strict`), so every field
 *   is also looked up in the schema's `properties`, walking `$ref`s through the definitions of
 *   Kubernetes v1.35.0 in test/fixtures/kubernetes/definitions.json (see ORIGIN.md there).
 * - OpenShift Routes against the Route CRD (test/fixtures/openshift/routes.route.openshift.io.crd.yaml)
 *   with `crd.ts`, closed against unknown fields. Its CEL rules are not evaluated by ajv; the ones
 *   on `spec` and `spec.tls` are checked here by hand (passthrough with
 *   `insecureEdgeTerminationPolicy: Allow`, a certificate given twice, header actions with
 *   passthrough); the remaining ones constrain `httpHeaders` values, which topo never writes.
 * - What the API server checks beyond the schema and a generator can get wrong: object names
 *   (DNS-1123 subdomains; labels for Namespace and Service names), a Deployment's selector
 *   matching its pod template's labels (apps validation: "`selector` does not match template
 *   `labels`"), an HPA's `1 <= minReplicas <= maxReplicas`, a label selector in every
 *   topology spread constraint (the scheduler counts nothing without one).
 *
 * Errors read `instancePath message`, e.g. `/spec/template/spec/containers/0 has unknown field "imagee"`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Namespace, Service } from 'kubernetes-models/v1';
import {
  compileCrdSchema,
  formatError,
  parseSingleMapping,
  readCrdSchema,
  type CompiledCrd,
  type Json,
  type SchemaNode,
} from './crd.js';

export const ROUTE_CRD_PATH = fileURLToPath(
  new URL('../fixtures/openshift/routes.route.openshift.io.crd.yaml', import.meta.url),
);
const DEFINITIONS_PATH = fileURLToPath(new URL('../fixtures/kubernetes/definitions.json', import.meta.url));

export interface ManifestValidation {
  valid: boolean;
  errors: string[];
  /** `apiVersion/kind` of the object, when it has them. */
  kind?: string;
}

type JsonMap = { [k: string]: Json };
interface Validating {
  validate(): void;
}

/** The built-in kinds topo generates: their kubernetes-models class and OpenAPI definition. */
const BUILT_IN: Record<string, { make: (data: JsonMap) => Validating; definition: string }> = {
  'v1/Namespace': { make: (d) => new Namespace(d as never), definition: 'io.k8s.api.core.v1.Namespace' },
  'v1/Service': { make: (d) => new Service(d as never), definition: 'io.k8s.api.core.v1.Service' },
  'apps/v1/Deployment': { make: (d) => new Deployment(d as never), definition: 'io.k8s.api.apps.v1.Deployment' },
  'networking.k8s.io/v1/Ingress': {
    make: (d) => new Ingress(d as never),
    definition: 'io.k8s.api.networking.v1.Ingress',
  },
  'policy/v1/PodDisruptionBudget': {
    make: (d) => new PodDisruptionBudget(d as never),
    definition: 'io.k8s.api.policy.v1.PodDisruptionBudget',
  },
  'autoscaling/v2/HorizontalPodAutoscaler': {
    make: (d) => new HorizontalPodAutoscaler(d as never),
    definition: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  },
};

/** The apiVersion/kind pairs this module validates. */
export const VALIDATED_KINDS: readonly string[] = [...Object.keys(BUILT_IN), 'route.openshift.io/v1/Route'];

let definitions: Record<string, SchemaNode> | undefined;
function definitionsOf(): Record<string, SchemaNode> {
  definitions ??= (JSON.parse(readFileSync(DEFINITIONS_PATH, 'utf8')) as { definitions: Record<string, SchemaNode> })
    .definitions;
  return definitions;
}

let route: CompiledCrd | undefined;
function routeSchema(): CompiledCrd {
  route ??= compileCrdSchema(readCrdSchema(ROUTE_CRD_PATH, 'v1'));
  return route;
}

/** What the Route CRD holds that ajv does not check (for reports and tests). */
export function routeSchemaInfo(): { unvalidatedFormats: string[]; celRules: number } {
  const r = routeSchema();
  return { unvalidatedFormats: [...r.unvalidatedFormats], celRules: r.celRules };
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export function validateManifest(yamlText: string): ManifestValidation {
  const { data, errors } = parseSingleMapping(yamlText);
  if (!data) return { valid: false, errors };
  const kind =
    typeof data.apiVersion === 'string' && typeof data.kind === 'string'
      ? `${data.apiVersion}/${data.kind}`
      : undefined;
  const builtIn = kind ? BUILT_IN[kind] : undefined;
  if (builtIn) {
    try {
      builtIn.make(data).validate();
    } catch (e) {
      const list = (e as { errors?: ErrorObject[] }).errors;
      errors.push(...(list?.length ? list.map(formatError) : [`/ ${(e as Error).message}`]));
    }
    unknownFields(data, { $ref: `#/definitions/${builtIn.definition}` }, '', errors);
  } else if (kind === 'route.openshift.io/v1/Route') {
    const { validate } = routeSchema();
    if (!validate(data)) errors.push(...(validate.errors ?? []).map(formatError));
    routeRules(data, errors);
  } else {
    return {
      valid: false,
      errors: [
        `/ ${kind ?? 'an object without apiVersion and kind'} is not a kind this validator knows (${VALIDATED_KINDS.join(', ')})`,
      ],
      kind,
    };
  }
  apiServerRules(data, errors);
  return { valid: errors.length === 0, errors, kind };
}

/** Every field of `value` must be a property of its schema (walking `$ref`, items and maps). */
function unknownFields(value: Json, schema: SchemaNode, path: string, errors: string[]): void {
  let s = schema;
  for (let hops = 0; typeof s.$ref === 'string'; hops++) {
    const name = s.$ref.replace('#/definitions/', '');
    const next = definitionsOf()[name];
    if (!next || hops > 20) {
      errors.push(
        `${path || '/'} refers to ${name}, which definitions.json does not hold: extract it (test/fixtures/kubernetes/ORIGIN.md)`,
      );
      return;
    }
    s = next;
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === true || value === null) return;
  if (Array.isArray(value)) {
    const items = s.items as SchemaNode | undefined;
    if (items) value.forEach((v, i) => unknownFields(v, items, `${path}/${i}`, errors));
    return;
  }
  if (typeof value !== 'object') return;
  const properties = s.properties as Record<string, SchemaNode> | undefined;
  const additional = s.additionalProperties as SchemaNode | boolean | undefined;
  for (const [key, v] of Object.entries(value)) {
    const child = properties?.[key] ?? (typeof additional === 'object' ? additional : undefined);
    if (child) unknownFields(v, child, `${path}/${key}`, errors);
    else if (additional !== true) errors.push(`${path || '/'} has unknown field "${key}"`);
  }
}

/** The Route CRD's CEL rules on spec and spec.tls (x-kubernetes-validations), by hand. */
function routeRules(data: JsonMap, errors: string[]): void {
  const spec = data.spec as JsonMap | undefined;
  const tls = spec?.tls as JsonMap | undefined;
  if (tls?.termination === 'passthrough' && tls.insecureEdgeTerminationPolicy === 'Allow') {
    errors.push(
      '/spec/tls cannot have both spec.tls.termination: passthrough and spec.tls.insecureEdgeTerminationPolicy: Allow',
    );
  }
  if (tls && 'certificate' in tls && 'externalCertificate' in tls)
    errors.push('/spec/tls cannot have both spec.tls.certificate and spec.tls.externalCertificate');
  if (tls?.termination === 'passthrough' && spec && 'httpHeaders' in spec)
    errors.push('/spec header actions are not permitted when tls termination is passthrough.');
}

function apiServerRules(data: JsonMap, errors: string[]): void {
  const meta = (data.metadata ?? {}) as JsonMap;
  const name = meta.name;
  const nameRule =
    data.kind === 'Namespace' ? DNS1123_LABEL : data.kind === 'Service' ? DNS1035_LABEL : DNS1123_SUBDOMAIN;
  if (typeof name !== 'string' || name.length > (nameRule === DNS1123_SUBDOMAIN ? 253 : 63) || !nameRule.test(name)) {
    errors.push(`/metadata/name ${JSON.stringify(name)} is not a valid ${data.kind} name`);
  }
  if (data.kind !== 'Namespace' && typeof meta.namespace === 'string' && !DNS1123_LABEL.test(meta.namespace))
    errors.push(`/metadata/namespace "${meta.namespace}" is not a namespace name`);
  const spec = (data.spec ?? {}) as JsonMap;
  if (data.kind === 'Deployment') {
    const selector = ((spec.selector as JsonMap | undefined)?.matchLabels ?? {}) as JsonMap;
    const template = spec.template as JsonMap | undefined;
    const labels = ((template?.metadata as JsonMap | undefined)?.labels ?? {}) as JsonMap;
    if (!Object.keys(selector).length || Object.entries(selector).some(([k, v]) => labels[k] !== v))
      errors.push('/spec/selector does not match template labels');
    const constraints = ((template?.spec as JsonMap | undefined)?.topologySpreadConstraints ?? []) as JsonMap[];
    constraints.forEach((c, i) => {
      if (!c.labelSelector)
        errors.push(`/spec/template/spec/topologySpreadConstraints/${i} has no labelSelector: it counts no pods`);
    });
  }
  if (data.kind === 'HorizontalPodAutoscaler') {
    const min = spec.minReplicas ?? 1;
    if (typeof min !== 'number' || min < 1) errors.push('/spec/minReplicas must be at least 1');
    if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < (typeof min === 'number' ? min : 1))
      errors.push('/spec/maxReplicas must be at least minReplicas');
  }
}

/**
 * The kustomize folders of a generated tree (`path` relative, POSIX): every `kustomization.yaml`
 * is a Kustomization (kustomize.config.k8s.io/v1beta1) with only fields kustomize knows, lists
 * resources that exist beside it (files, or folders holding a kustomization.yaml), and every other
 * YAML file of its folder is listed, so `kubectl apply -k` applies exactly the folder's objects.
 */
export function validateKustomizations(files: readonly { path: string; content: string }[]): string[] {
  const errors: string[] = [];
  const paths = new Set(files.map((f) => f.path));
  const dirOf = (p: string): string => p.slice(0, p.lastIndexOf('/'));
  for (const f of files.filter((x) => x.path.endsWith('/kustomization.yaml'))) {
    const { data, errors: parse } = parseSingleMapping(f.content);
    if (!data) {
      errors.push(...parse.map((e) => `${f.path}: ${e}`));
      continue;
    }
    if (data.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || data.kind !== 'Kustomization')
      errors.push(`${f.path}: not a kustomize.config.k8s.io/v1beta1 Kustomization`);
    for (const key of Object.keys(data))
      if (!KUSTOMIZATION_FIELDS.has(key)) errors.push(`${f.path}: unknown field "${key}"`);
    const dir = dirOf(f.path);
    const resources = Array.isArray(data.resources) ? data.resources.map(String) : [];
    if (new Set(resources).size !== resources.length) errors.push(`${f.path}: a resource is listed twice`);
    for (const r of resources) {
      if (!paths.has(`${dir}/${r}`) && !paths.has(`${dir}/${r}/kustomization.yaml`))
        errors.push(`${f.path}: resource ${r} does not exist`);
    }
    for (const p of paths) {
      if (dirOf(p) === dir && p.endsWith('.yaml') && p !== f.path && !resources.includes(p.slice(dir.length + 1)))
        errors.push(`${f.path}: ${p} is not listed`);
    }
  }
  return errors;
}

/** The fields of kustomize's Kustomization (api/types/kustomization.go), those a generator may use. */
const KUSTOMIZATION_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'labels',
  'commonLabels',
  'commonAnnotations',
  'images',
  'replicas',
  'patches',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'crds',
  'buildMetadata',
  'openapi',
  'transformers',
  'generators',
  'validators',
  'helmCharts',
  'sortOptions',
]);
