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
 */import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { compileCrd, formatError, type CompiledCrd, type Json, type SchemaNode } from './crd.js';

export const INSTALL_CONFIG_CRD_PATH = fileURLToPath(
  new URL('../fixtures/openshift/install.openshift.io_installconfigs.yaml', import.meta.url),
);

export interface InstallConfigValidation {
  valid: boolean;
  errors: string[];
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

let compiled: CompiledCrd | undefined;

function compile(): CompiledCrd {
  compiled ??= compileCrd(INSTALL_CONFIG_CRD_PATH, METADATA_SCHEMA);
  return compiled;
}

/** What the compiled schema does not check (for reports and tests). */
export function schemaInfo(): { unvalidatedFormats: string[]; unevaluatedCelRules: number } {
  const c = compile();
  return { unvalidatedFormats: [...c.unvalidatedFormats], unevaluatedCelRules: c.celRules };
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
