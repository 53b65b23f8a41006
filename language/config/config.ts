import { Ajv } from 'ajv';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import schema from '../../schemas/topo.config.schema.json' with { type: 'json' };
import type { GenerationTarget } from '../generators/types.js';
import type { Rule, RuleSettings, Severity } from '../rules/types.js';

export const CONFIG_FILE = 'topo.config.json';

export interface TopoConfig {
  rules?: Record<string, Severity | 'off'>;
  thresholds?: Record<string, Record<string, { value: number; reason: string }>>;
  params?: Record<string, string>;
  generate?: { targets?: GenerationTarget[]; outDir?: string; onSave?: boolean };
}

/** A configuration file that cannot be used: the message names the file, the place and the fix. */
export class ConfigError extends Error {}

const validate = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(schema);

/** The nearest topo.config.json in `folder` or above it. */
export function findConfigFile(folder: string): string | undefined {
  let dir = folder;
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir || dir === parse(dir).root) return undefined;
    dir = up;
  }
}

/** Parses and checks a configuration text against the schema and the rule catalogue. */
export function parseConfig(text: string, file: string, rules: readonly Rule[]): TopoConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const where = m ? ` at ${lineCol(text, Number(m[1]))}` : '';
    throw new ConfigError(
      `${file}${where}: not valid JSON (${(e as Error).message.replace(/ in JSON at position \d+.*$/, '')})`,
    );
  }
  if (!validate(data)) {
    const err = validate.errors![0]!;
    const at = (err.instancePath || '/').replace(/~1/g, '/').replace(/~0/g, '~');
    const detail =
      err.keyword === 'additionalProperties'
        ? `unknown property "${(err.params as { additionalProperty: string }).additionalProperty}"`
        : err.message;
    throw new ConfigError(`${file}: ${at}: ${detail}`);
  }
  const config = data as TopoConfig;
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const id of Object.keys(config.rules ?? {})) {
    if (!byId.has(id)) throw new ConfigError(`${file}: /rules/${id}: no such rule; \`topo rules\` lists them`);
  }
  for (const [id, values] of Object.entries(config.thresholds ?? {})) {
    const rule = byId.get(id);
    if (!rule) throw new ConfigError(`${file}: /thresholds/${id}: no such rule; \`topo rules\` lists them`);
    for (const name of Object.keys(values)) {
      if (!rule.thresholds?.[name]) {
        const known = Object.keys(rule.thresholds ?? {});
        throw new ConfigError(
          `${file}: /thresholds/${id}/${name}: ${id} has ${known.length ? `the thresholds ${known.join(', ')}` : 'no thresholds'}`,
        );
      }
    }
  }
  return config;
}

export function loadConfigFile(file: string, rules: readonly Rule[]): TopoConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseConfig(text, file, rules);
}

/**
 * Editor settings follow the config file's rules: a threshold changes only with its reason, and
 * only for rules and thresholds that exist. Returns the usable part and why the rest was dropped.
 */
export function checkThresholdSettings(
  thresholds: unknown,
  rules: readonly Rule[],
): { thresholds: NonNullable<RuleSettings['thresholds']>; problems: string[] } {
  const out: NonNullable<RuleSettings['thresholds']> = {};
  const problems: string[] = [];
  if (!thresholds || typeof thresholds !== 'object') return { thresholds: out, problems };
  for (const [id, values] of Object.entries(thresholds as Record<string, unknown>)) {
    const rule = rules.find((r) => r.id === id);
    if (!rule) {
      problems.push(`topo.thresholds: ${id}: no such rule`);
      continue;
    }
    for (const [name, v] of Object.entries((values ?? {}) as Record<string, unknown>)) {
      const t = v as { value?: unknown; reason?: unknown };
      if (!rule.thresholds?.[name]) problems.push(`topo.thresholds: ${id}.${name}: ${id} has no such threshold`);
      else if (typeof t?.value !== 'number' || typeof t.reason !== 'string' || t.reason.trim().length < 3)
        problems.push(`topo.thresholds: ${id}.${name}: give { "value": <number>, "reason": "<why>" }; ignored`);
      else (out[id] ??= {})[name] = { value: t.value, reason: t.reason };
    }
  }
  return { thresholds: out, problems };
}

/** Rule settings from a config file, with `override` (e.g. VS Code settings) taking precedence per rule. */
export function ruleSettings(config: TopoConfig | undefined, override: RuleSettings = {}): RuleSettings {
  return {
    rules: { ...config?.rules, ...override.rules },
    thresholds: mergeThresholds(config?.thresholds, override.thresholds),
  };
}

function mergeThresholds(a: RuleSettings['thresholds'], b: RuleSettings['thresholds']): RuleSettings['thresholds'] {
  const out: NonNullable<RuleSettings['thresholds']> = {};
  for (const src of [a, b]) for (const [id, values] of Object.entries(src ?? {})) out[id] = { ...out[id], ...values };
  return out;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}
