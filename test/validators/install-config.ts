/**
 * Validates an OpenShift `install-config.yaml` against the installer's own InstallConfig CRD
 * schema (test/fixtures/openshift/install.openshift.io_installconfigs.yaml, see ORIGIN.md there).
 *
 * The schema is `spec.versions[0].schema.openAPIV3Schema` of that CRD, compiled once with ajv by
 * `crd.ts` (closed against unknown fields, Kubernetes extension keywords known, formats checked;
 * CEL rules are not evaluated: in this schema they are mostly transition rules on `oldSelf`).
 * `metadata` is the ObjectMeta fields an install-config can use, `metadata.name` required (it is
 * the cluster name). The installer also demands `apiVersion: v1`; `kind`, when present, must be
 * `InstallConfig`.
 *
 * Errors are reported as `instancePath message`, e.g.
 * `/platform/openstack must NOT have additional properties: "cloudd"`.
 */
import { fileURLToPath } from 'node:url';
import { compileCrdSchema, formatError, parseSingleMapping, readCrdSchema, type CompiledCrd } from './crd.js';

export const INSTALL_CONFIG_CRD_PATH = fileURLToPath(
  new URL('../fixtures/openshift/install.openshift.io_installconfigs.yaml', import.meta.url),
);

export interface InstallConfigValidation {
  valid: boolean;
  errors: string[];
}

let compiled: CompiledCrd | undefined;

function compile(): CompiledCrd {
  compiled ??= compileCrdSchema(readCrdSchema(INSTALL_CONFIG_CRD_PATH));
  return compiled;
}

/** What the compiled schema does not check (for reports and tests). */
export function schemaInfo(): { unvalidatedFormats: string[]; unevaluatedCelRules: number } {
  const c = compile();
  return { unvalidatedFormats: [...c.unvalidatedFormats], unevaluatedCelRules: c.celRules };
}

export function validateInstallConfig(yamlText: string): InstallConfigValidation {
  const { validate } = compile();
  const { data, errors } = parseSingleMapping(yamlText);
  if (!data) return { valid: false, errors };
  if (!validate(data)) errors.push(...(validate.errors ?? []).map(formatError));
  if (data.apiVersion !== 'v1') errors.push(`/apiVersion must be "v1" (installer: install-config version must be v1)`);
  if ('kind' in data && data.kind !== 'InstallConfig') errors.push(`/kind must be "InstallConfig"`);
  return { valid: errors.length === 0, errors };
}
