/**
 * Validates an OpenShift `install-config.yaml` against the installer's own InstallConfig CRD
 * schema (test/fixtures/openshift/install.openshift.io_installconfigs.yaml, see ORIGIN.md there).
 *
 * The schema is `spec.versions[0].schema.openAPIV3Schema` of that CRD, compiled once with ajv.
 * Differences from plain JSON Schema, and what this validator does about them:
 *
 * - Unknown fields. A CRD schema allows unknown fields; Kubernetes prunes them silently and the
 *   installer's YAML decoder ignores them too, so a misspelt field would just vanish. Our
 *   generator must never emit one, so every object schema without `additionalProperties` and
 *   without `x-kubernetes-preserve-unknown-fields: true` is compiled with
 *   `additionalProperties: false` (this includes empty objects such as `platform.none: {}`,
 *   which Kubernetes would prune to `{}`).
 * - `metadata` is only `type: object` in the CRD (Kubernetes validates ObjectMeta itself). We
 *   replace it by the ObjectMeta fields an install-config can use and require `metadata.name`,
 *   which the installer requires (it is the cluster name).
 * - Kubernetes extension keywords are registered with ajv so they are known, not ignored blindly:
 *   `x-kubernetes-list-type` (`set`: items unique; `map`: items unique by
 *   `x-kubernetes-list-map-keys`) is enforced; `x-kubernetes-int-or-string`,
 *   `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-embedded-resource` are structural
 *   markers; `x-kubernetes-validations` (CEL rules) are recorded but NOT evaluated (no CEL
 *   interpreter here; in this schema they are mostly transition rules on `oldSelf`).
 * - Formats (ajv knows none without ajv-formats): int32/int64 are range-checked, ip/ipv4/ipv6 use
 *   node:net, cidr is checked as address/prefix, uri must parse as an absolute URL,
 *   int-or-string accepts both. Any other format found in the schema is accepted and listed in
 *   `schemaInfo().unvalidatedFormats`.
 * - A `format` put on an array of strings (controller-gen does this for []string fields such as
 *   `platform.openstack.apiVIPs`, `format: ip`) is moved to the items, where it takes effect.
 * - The installer also demands `apiVersion: v1`; `kind`, when present, must be `InstallConfig`.
 *
 * Errors are reported as `instancePath message`, e.g.
 * `/platform/openstack must NOT have additional properties: "cloudd"`.
 */
import { readFileSync } from 'node:fs';
import { isIP, isIPv4, isIPv6 } from 'node:net';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml, parseAllDocuments } from 'yaml';

const Ajv = AjvModule.default;

export const INSTALL_CONFIG_CRD_PATH = fileURLToPath(
  new URL('../fixtures/openshift/install.openshift.io_installconfigs.yaml', import.meta.url),
);

export interface InstallConfigValidation {
  valid: boolean;
  errors: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type SchemaNode = { [k: string]: unknown };

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

/** ObjectMeta fields that make sense in an install-config (metadata.name is the cluster name). */
const METADATA_SCHEMA: SchemaNode = {
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
  if (
    isObject &&
    !('additionalProperties' in out) &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
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

interface Compiled {
  validate: ValidateFunction;
  unvalidatedFormats: string[];
  celRules: number;
}

let compiled: Compiled | undefined;

function compile(): Compiled {
  if (compiled) return compiled;
  const crd = parseYaml(readFileSync(INSTALL_CONFIG_CRD_PATH, 'utf8')) as {
    spec?: { versions?: { schema?: { openAPIV3Schema?: SchemaNode } }[] };
  };
  const raw = crd.spec?.versions?.[0]?.schema?.openAPIV3Schema;
  if (!raw) throw new Error(`${INSTALL_CONFIG_CRD_PATH}: no spec.versions[0].schema.openAPIV3Schema`);

  const schema = closeObjects(raw) as SchemaNode;
  (schema.properties as SchemaNode).metadata = METADATA_SCHEMA;

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
    validate: function listType(
      this: unknown,
      kind: string,
      data: unknown[],
      parentSchema?: AnySchemaObject,
    ): boolean {
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

  compiled = { validate: ajv.compile(schema), unvalidatedFormats, celRules };
  return compiled;
}

/** What the compiled schema does not check (for reports and tests). */
export function schemaInfo(): { unvalidatedFormats: string[]; unevaluatedCelRules: number } {
  const c = compile();
  return { unvalidatedFormats: [...c.unvalidatedFormats], unevaluatedCelRules: c.celRules };
}

function formatError(e: ErrorObject): string {
  let message = e.message ?? e.keyword;
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties') message += `: "${String(p.additionalProperty)}"`;
  else if (e.keyword === 'enum') message += `: ${JSON.stringify(p.allowedValues)}`;
  return `${e.instancePath || '/'} ${message}`;
}

export function validateInstallConfig(yamlText: string): InstallConfigValidation {
  const { validate } = compile();
  const docs = parseAllDocuments(yamlText);
  const errors: string[] = [];
  const doc = docs[0];
  if (!doc) return { valid: false, errors: ['/ empty document'] };
  if (docs.length !== 1) errors.push(`/ expected exactly one YAML document, found ${docs.length}`);
  for (const e of doc.errors) errors.push(`/ YAML ${e.code}: ${e.message}`);
  if (errors.length) return { valid: false, errors };
  const data = doc.toJS() as Json;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { valid: false, errors: ['/ must be a mapping'] };
  }

  if (!validate(data)) errors.push(...(validate.errors ?? []).map(formatError));
  if (data.apiVersion !== 'v1') errors.push(`/apiVersion must be "v1" (installer: install-config version must be v1)`);
  if ('kind' in data && data.kind !== 'InstallConfig') errors.push(`/kind must be "InstallConfig"`);
  return { valid: errors.length === 0, errors };
}
