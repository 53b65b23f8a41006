/**
 * Which generated files a change would change: the generators run on the base's and the head's
 * models (pure functions, nothing is written) and their files are compared by path and content.
 *
 * Secrets are never read: each `file`/`env` reference stands for a placeholder derived from the
 * reference itself, so a file changes when a secret's reference changes, not when its value does.
 */
import { generate, type GenerationTarget, type SecretResolver } from '../generators/index.js';
import type { SecretRef, TopoModel } from '../model/types.js';

export interface ArtifactsDiff {
  /** Paths below `<out>/<topology>/`, sorted. */
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: number;
}

export interface ArtifactSide {
  model: TopoModel;
  /** Document URI → path relative to the topology folder, as headers name the sources. */
  sourceFiles: Record<string, string>;
}

/** Stands in for each secret: a pull secret's shape for pull secrets, an SSH public key's for the rest. */
export function placeholderSecrets(model: TopoModel): SecretResolver {
  const pullSecrets = new Set<SecretRef>(model.clusters.map((c) => c.pullSecret).filter((r): r is SecretRef => !!r));
  return (ref) => {
    const token = Buffer.from(`${ref.kind}:${ref.reference ?? ''}`).toString('base64');
    return pullSecrets.has(ref)
      ? JSON.stringify({ auths: { 'placeholder.invalid': { auth: token } } })
      : `ssh-ed25519 ${token} placeholder`;
  };
}

function filesOf(
  side: ArtifactSide | undefined,
  targets: readonly GenerationTarget[] | undefined,
): Map<string, string> {
  if (!side) return new Map();
  const { files } = generate(side.model, {
    targets,
    sourceFiles: side.sourceFiles,
    resolveSecret: placeholderSecrets(side.model),
  });
  return new Map(files.map((f) => [f.path, f.content]));
}

export function diffArtifacts(
  base: ArtifactSide | undefined,
  head: ArtifactSide | undefined,
  targets?: readonly GenerationTarget[],
): ArtifactsDiff {
  const b = filesOf(base, targets);
  const h = filesOf(head, targets);
  const out: ArtifactsDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const [path, content] of h) {
    const was = b.get(path);
    if (was === undefined) out.added.push(path);
    else if (was !== content) out.changed.push(path);
    else out.unchanged++;
  }
  for (const path of b.keys()) if (!h.has(path)) out.removed.push(path);
  for (const list of [out.added, out.removed, out.changed]) list.sort();
  return out;
}
