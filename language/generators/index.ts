/**
 * Generation as the CLI and generate-on-save use it: run the generators of the requested targets
 * on one topology's model, collect their problems, and (separately, `writer.ts`) write the files.
 *
 *   const { files, problems } = generate(model, { targets: ['openshift'], resolveSecret: fileSecretResolver(folder) });
 *   if (!problems.some((p) => p.severity === 'error')) await writeGenerated(files, { outDir: defaultOutDir(folder, model.name) });
 *
 * A target whose generator reports an error for an element produces no file for that element;
 * the other elements' files are still returned (the caller decides whether to write them).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { SecretRef, TopoModel } from '../model/types.js';
import { generateApps } from './apps.js';
import { generateHeat } from './heat.js';
import { generateOpenShift } from './openshift.js';
import { generatePowerDns } from './powerdns.js';
import { generateK8gb } from './k8gb.js';
import { generateHaproxy } from './haproxy.js';
import { generateTerraform } from './terraform.js';
import {
  GENERATION_TARGETS,
  type GeneratedFile,
  type GenerationProblem,
  type GenerationTarget,
  type Generator,
  type GeneratorOptions,
  type SecretResolver,
} from './types.js';

export * from './types.js';
export { defaultOutDir, describeReport, writeGenerated, type WriteOptions, type WriteReport } from './writer.js';

/** The generator of each target (a target without one is reported, not skipped silently). */
export const generators: Readonly<Partial<Record<GenerationTarget, Generator>>> = {
  openshift: generateOpenShift,
  heat: generateHeat,
  terraform: generateTerraform,
  powerdns: generatePowerDns,
  k8gb: generateK8gb,
  haproxy: generateHaproxy,
  apps: generateApps,
};

export interface GenerateOptions extends Omit<GeneratorOptions, 'report'> {
  /** Targets to generate, in any order; default all. */
  targets?: readonly GenerationTarget[];
}

/** What the generators made of one model, in memory: nothing is written yet (see writer.ts). */
export interface GeneratorOutput {
  /** Sorted by path; each path starts with its target's folder. */
  files: GeneratedFile[];
  /** In target order, then as the generators reported them. */
  problems: GenerationProblem[];
}

export function generate(model: TopoModel, options: GenerateOptions = {}): GeneratorOutput {
  const wanted = new Set(options.targets ?? GENERATION_TARGETS);
  const files: GeneratedFile[] = [];
  const problems: GenerationProblem[] = [];
  for (const target of GENERATION_TARGETS) {
    if (!wanted.has(target)) continue;
    const generator = generators[target];
    if (!generator) {
      if (options.targets)
        problems.push({
          severity: 'error',
          target,
          code: `${target}/unavailable`,
          message: `no ${target} generator is available in this build`,
        });
      continue;
    }
    const report = (p: GenerationProblem): void => {
      problems.push(p);
    };
    let out: GeneratedFile[];
    try {
      out = generator(model, {
        sourceFiles: options.sourceFiles,
        resolveSecret: options.resolveSecret,
        report,
        checkOnly: options.checkOnly,
      });
    } catch (e) {
      // A generator bug must not take the others down, nor pass silently.
      problems.push({
        severity: 'error',
        target,
        code: `${target}/internal`,
        message: `the ${target} generator failed: ${(e as Error).message}`,
      });
      continue;
    }
    for (const f of out) {
      if (f.target !== target || !f.path.startsWith(`${target}/`)) {
        problems.push({
          severity: 'error',
          target,
          code: `${target}/internal`,
          message: `the ${target} generator produced ${f.path} for target ${f.target}, outside its ${target}/ folder; not written`,
        });
        continue;
      }
      files.push(f);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < files.length; i++) {
    if (files[i]!.path === files[i - 1]!.path) {
      problems.push({
        severity: 'error',
        target: files[i]!.target,
        code: `${files[i]!.target}/internal`,
        message: `${files[i]!.path} is generated twice`,
      });
    }
  }
  return { files, problems };
}

/**
 * Reads `file` secrets relative to the topology folder (`~/` is the home folder) and `env`
 * secrets from `env`. Returns undefined when the file or variable does not exist; throws with a
 * message when a file exists but cannot be read. Literal secrets are never asked for.
 */
export function fileSecretResolver(topologyFolder: string, env: NodeJS.ProcessEnv = process.env): SecretResolver {
  return (ref: SecretRef) => {
    if (!ref.reference) return undefined;
    if (ref.kind === 'env') return env[ref.reference] || undefined;
    if (ref.kind !== 'file') return undefined;
    const path =
      ref.reference === '~' || ref.reference.startsWith('~/')
        ? join(homedir(), ref.reference.slice(1))
        : isAbsolute(ref.reference)
          ? ref.reference
          : resolve(topologyFolder, ref.reference);
    try {
      return readFileSync(path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      throw new Error(`file "${ref.reference}" cannot be read (${code ?? (e as Error).message})`);
    }
  };
}
