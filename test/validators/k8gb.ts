/**
 * Validates a generated k8gb `Gslb` resource against k8gb's own CRD
 * (test/fixtures/traffic/k8gb.io_gslbs.yaml, see ORIGIN.md there), compiled as install-config.ts
 * compiles the installer's: unknown fields are errors, Kubernetes extension keywords known.
 * `metadata` is only `type: object` in the CRD: here it must carry a name and a namespace (a Gslb is
 * namespaced), with string labels. Also required: apiVersion k8gb.io/v1beta1 and kind Gslb.
 */
import { fileURLToPath } from 'node:url';
import {
  compileCrdSchema,
  formatError,
  parseSingleMapping,
  readCrdSchema,
  type CompiledCrd,
  type SchemaNode,
} from './crd.js';

export const K8GB_CRD_PATH = fileURLToPath(new URL('../fixtures/traffic/k8gb.io_gslbs.yaml', import.meta.url));

const METADATA_SCHEMA: SchemaNode = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 253 },
    namespace: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['name', 'namespace'],
  additionalProperties: false,
};

let compiled: CompiledCrd | undefined;

export function validateGslb(yamlText: string): { valid: boolean; errors: string[] } {
  compiled ??= compileCrdSchema(readCrdSchema(K8GB_CRD_PATH), METADATA_SCHEMA);
  const { data, errors } = parseSingleMapping(yamlText);
  if (!data) return { valid: false, errors };
  if (!compiled.validate(data)) errors.push(...(compiled.validate.errors ?? []).map(formatError));
  if (data.apiVersion !== 'k8gb.io/v1beta1') errors.push('/apiVersion must be "k8gb.io/v1beta1"');
  if (data.kind !== 'Gslb') errors.push('/kind must be "Gslb"');
  return { valid: errors.length === 0, errors };
}
