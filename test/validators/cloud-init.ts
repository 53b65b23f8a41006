/**
 * Validates generated `#cloud-config` user data against cloud-init's own schema
 * (test/fixtures/cloud-init/schema-cloud-config-v1.json, see ORIGIN.md there), as
 * `cloud-init schema --config-file` would. The schema is written for JSON Schema draft 4; it uses
 * no keyword whose meaning changed since (no boolean exclusiveMinimum/Maximum, no schema `id`), so
 * ajv compiles it as draft 7 once its `$schema` line is dropped. Also returns the files the user
 * data writes (`write_files`), so that the engines can check the configurations inside.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { formatError } from './crd.js';

const Ajv = AjvModule.default;
export const CLOUD_CONFIG_SCHEMA_PATH = fileURLToPath(
  new URL('../fixtures/cloud-init/schema-cloud-config-v1.json', import.meta.url),
);

let validate: ValidateFunction | undefined;

export function validateCloudConfig(text: string): { valid: boolean; errors: string[]; files: Record<string, string> } {
  if (!validate) {
    const schema = JSON.parse(readFileSync(CLOUD_CONFIG_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    validate = new Ajv({ strict: false, allErrors: true, allowUnionTypes: true }).compile(schema);
  }
  const errors: string[] = [];
  if (!text.startsWith('#cloud-config\n')) errors.push('/ user data must start with the line #cloud-config');
  const data = parseYaml(text) as Record<string, unknown> | null;
  if (!data || typeof data !== 'object') return { valid: false, errors: [...errors, '/ must be a mapping'], files: {} };
  if (!validate(data)) errors.push(...(validate.errors ?? []).map(formatError));
  const files: Record<string, string> = {};
  for (const f of (data.write_files as { path?: string; content?: string }[] | undefined) ?? [])
    if (f.path) files[f.path] = f.content ?? '';
  return { valid: errors.length === 0, errors, files };
}
