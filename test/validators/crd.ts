/**
 * Validation against the `openAPIV3Schema` of a CustomResourceDefinition, with ajv, shared by the
 * validators of the files topo generates (install-config.yaml, k8gb Gslbs, OpenShift Routes ...).
 *
 * Differences from plain JSON Schema, and what is done about them:
 *
 * - Unknown fields. A CRD schema allows unknown fields; Kubernetes prunes them silently (and Go
 *   YAML decoders ignore them), so a misspelt field would just vanish. Our generators must never
 *   emit one, so every object schema without `additionalProperties` and without
 *   `x-kubernetes-preserve-unknown-fields: true` is compiled with `additionalProperties: false`
 *   (this includes empty objects such as `platform.none: {}`, which Kubernetes would prune to `{}`).
 * - `metadata` is only `type: object` in a CRD (Kubernetes validates ObjectMeta itself): callers
 *   replace it with the ObjectMeta fields their files may use (`METADATA_SCHEMA` or their own).
 * - Kubernetes extension keywords are registered with ajv so they are known, not ignored blindly:
 *   `x-kubernetes-list-type` (`set`: items unique; `map`: items unique by
 *   `x-kubernetes-list-map-keys`) is enforced; `x-kubernetes-int-or-string`,
 *   `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-embedded-resource` are structural
 *   markers; `x-kubernetes-validations` (CEL rules) are recorded but NOT evaluated (no CEL
 *   interpreter here): a validator that needs some of them checks those by hand.
 * - Formats (ajv knows none without ajv-formats): int32/int64 are range-checked, ip/ipv4/ipv6 use
 *   node:net, cidr is checked as address/prefix, uri must parse as an absolute URL, date-time is
 *   RFC 3339, int-or-string accepts both. Any other format found in the schema is accepted and listed in
 *   `unvalidatedFormats`.
 * - A keyword whose value is `null` (`anyOf: null` in the Route CRD, Go's nil slice) is dropped.
 * - A `format` put on an array of strings (controller-gen does this for []string fields such as
 *   `platform.openstack.apiVIPs`, `format: ip`) is moved to the items, where it takes effect.
 *
 * Errors are reported as `instancePath message`, e.g.
 * `/platform/openstack must NOT have additional properties: "cloudd"`.
 */
import { readFileSync } from 'node:fs';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import AjvModule from 'ajv';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

const Ajv = AjvModule.default;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type SchemaNode = { [k: string]: unknown };

const KNOWN_FORMATS: Record<string, (value: string | number) => boolean> = {
  int32: (v) => typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 31) && v <= 2 ** 31 - 1,
  // 2^63 is beyond double precision; accept any safe integer.
  int64: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number',
  double: (v) => typeof v === 'number',
  ip: (v) => typeof v === 'string' && isIP(v) !== 0,
  ipv4: (v) => typeof v === 'string' && isIPv4(v),
  ipv6: (v) => typeof v === 'string' && isIPv6(v),
  cidr: (v) => typeof v === 'string' && isCidr(v),
  uri: (v) => typeof v === 'string' && isAbsoluteUri(v),
  'int-or-string': (v) => typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)),
  // RFC 3339, as Kubernetes' metav1.Time serialises (`2024-01-02T03:04:05Z`).
  'date-time': (v) =>
    typeof v === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(v) &&
    !Number.isNaN(Date.parse(v)),
};

function isCidr(v: string): boolean {
  const slash = v.lastIndexOf('/');
  if (slash < 0) return false;
  const addr = v.slice(0, slash);
  const prefix = v.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const family = isIP(addr);
  const bits = Number(prefix);
  return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
}

function isAbsoluteUri(v: string): boolean {
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

/** The ObjectMeta fields a generated object may carry (Kubernetes validates ObjectMeta itself). */
export const METADATA_SCHEMA: SchemaNode = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    namespace: { type: 'string' },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
    creationTimestamp: { type: ['string', 'null'] },
  },
  required: ['name'],
};

/** The `openAPIV3Schema` of one version of the CRD in `path` (default: its first version). */
export function readCrdSchema(path: string, version?: string): SchemaNode {
  const crd = parseYaml(readFileSync(path, 'utf8')) as {
    spec?: { versions?: { name?: string; schema?: { openAPIV3Schema?: SchemaNode } }[] };
  };
  const versions = crd.spec?.versions ?? [];
  const chosen = version === undefined ? versions[0] : versions.find((v) => v.name === version);
  const raw = chosen?.schema?.openAPIV3Schema;
  if (!raw) throw new Error(`${path}: no spec.versions[${version ?? 0}].schema.openAPIV3Schema`);
  return raw;
}

/**
 * Recursively closes object schemas (additionalProperties: false) unless they declare
 * additionalProperties or preserve unknown fields. Returns a deep copy.
 */
function closeObjects(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const src = node as SchemaNode;
  const out: SchemaNode = {};
  for (const [k, v] of Object.entries(src)) {
    // `anyOf: null` (the Route CRD's targetPort): Go's nil, i.e. absent; JSON Schema refuses null.
    if (v === null) continue;
    if (k === 'properties' && v && typeof v === 'object') {
      const props: SchemaNode = {};
      for (const [pk, pv] of Object.entries(v as SchemaNode)) props[pk] = closeObjects(pv);
      out[k] = props;
    } else if (k === 'enum' || k === 'default' || k === 'example' || k === 'x-kubernetes-validations') {
      out[k] = v; // data, not sub-schemas
    } else {
      out[k] = closeObjects(v);
    }
  }
  // controller-gen puts `+kubebuilder:validation:Format` of a []string on the array (e.g.
  // platform.openstack.apiVIPs has `format: ip` next to `type: array`), where JSON Schema ignores
  // it. Push it down to string items so the addresses are checked as intended.
  if (out.type === 'array' && typeof out.format === 'string') {
    const items = out.items as SchemaNode | undefined;
    if (items && typeof items === 'object' && items.type === 'string' && items.format === undefined) {
      out.items = { ...items, format: out.format };
      delete out.format;
    }
  }
  const isObject = out.type === 'object' || (out.type === undefined && out.properties !== undefined);
  if (isObject && !('additionalProperties' in out) && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

function collectFormats(node: unknown, acc: Set<string>): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectFormats(n, acc));
  else if (node && typeof node === 'object') {
    const o = node as SchemaNode;
    if (typeof o.format === 'string') acc.add(o.format);
    for (const [k, v] of Object.entries(o)) {
      if (k !== 'enum' && k !== 'default' && k !== 'example') collectFormats(v, acc);
    }
  }
  return acc;
}

export interface CompiledCrd {
  validate: ValidateFunction;
  unvalidatedFormats: string[];
  /** The CEL rules (`x-kubernetes-validations`) the schema holds, none of them evaluated here. */
  celRules: number;
}

/** Compiles a CRD's openAPIV3Schema, closed against unknown fields, with `metadata` replaced. */
export function compileCrdSchema(raw: SchemaNode, metadata: SchemaNode = METADATA_SCHEMA): CompiledCrd {
  const schema = closeObjects(raw) as SchemaNode;
  (schema.properties as SchemaNode).metadata = metadata;

  const ajv = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true });

  const formats = collectFormats(schema, new Set<string>());
  const unvalidatedFormats: string[] = [];
  for (const f of formats) {
    const check = KNOWN_FORMATS[f];
    if (check) {
      if (f === 'int32' || f === 'int64' || f === 'float' || f === 'double') {
        ajv.addFormat(f, { type: 'number', validate: (v: number) => check(v) });
      } else {
        ajv.addFormat(f, { type: 'string', validate: (v: string) => check(v) });
      }
    } else {
      unvalidatedFormats.push(f);
      ajv.addFormat(f, true);
    }
  }
  if (!formats.has('int-or-string')) ajv.addFormat('int-or-string', true);

  // Structural markers of Kubernetes structural schemas: known, no validation of their own.
  for (const keyword of [
    'x-kubernetes-int-or-string',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-list-map-keys',
    'x-kubernetes-map-type',
    'x-kubernetes-validations',
  ]) {
    ajv.addKeyword({ keyword, schemaType: ['boolean', 'array', 'string'] });
  }
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-type',
    type: 'array',
    schemaType: 'string',
    errors: true,
    validate: function listType(this: unknown, kind: string, data: unknown[], parentSchema?: AnySchemaObject): boolean {
      const self = listType as unknown as { errors?: Partial<ErrorObject>[] };
      self.errors = [];
      if (kind !== 'set' && kind !== 'map') return true; // atomic: anything goes
      const keys = kind === 'map' ? ((parentSchema?.['x-kubernetes-list-map-keys'] as string[]) ?? []) : [];
      const seen = new Map<string, number>();
      data.forEach((item, i) => {
        const key =
          kind === 'set'
            ? JSON.stringify(item)
            : JSON.stringify(keys.map((k) => (item as Record<string, unknown>)?.[k] ?? null));
        const first = seen.get(key);
        if (first !== undefined) {
          self.errors!.push({
            keyword: 'x-kubernetes-list-type',
            message:
              kind === 'set'
                ? `must not contain duplicate items (x-kubernetes-list-type set: items ${first} and ${i} are equal)`
                : `must not contain items with the same ${keys.join(', ')} (x-kubernetes-list-type map: items ${first} and ${i})`,
            params: { kind },
          });
        } else seen.set(key, i);
      });
      return self.errors.length === 0;
    },
  });

  let celRules = 0;
  (function count(n: unknown) {
    if (Array.isArray(n)) n.forEach(count);
    else if (n && typeof n === 'object') {
      const o = n as SchemaNode;
      if (Array.isArray(o['x-kubernetes-validations'])) celRules += (o['x-kubernetes-validations'] as unknown[]).length;
      Object.values(o).forEach(count);
    }
  })(schema);

  return { validate: ajv.compile(schema), unvalidatedFormats, celRules };
}

export function formatError(e: ErrorObject): string {
  let message = e.message ?? e.keyword;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') message += `: "${String(p.additionalProperty)}"`;
  else if (e.keyword === 'enum') message += `: ${JSON.stringify(p.allowedValues)}`;
  return `${e.instancePath || '/'} ${message}`;
}

/**
 * Parses a file that must hold exactly one YAML mapping: the mapping, or the errors that stop
 * validation (`/ empty document`, `/ YAML ...`, `/ must be a mapping`).
 */
export function parseSingleMapping(yamlText: string): { data?: { [k: string]: Json }; errors: string[] } {
  const docs = parseAllDocuments(yamlText);
  const errors: string[] = [];
  const doc = docs[0];
  if (!doc) return { errors: ['/ empty document'] };
  if (docs.length !== 1) errors.push(`/ expected exactly one YAML document, found ${docs.length}`);
  for (const e of doc.errors) errors.push(`/ YAML ${e.code}: ${e.message}`);
  if (errors.length) return { errors };
  const data = doc.toJS() as Json;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { errors: ['/ must be a mapping'] };
  return { data, errors };
}
