/**
 * The pull secret and SSH key, read at generation time through `options.resolveSecret`, never from
 * the text: a literal secret is refused, and no message ever holds a value.
 */
import type { SecretRef } from '../../model/types.js';
import type { ClusterJob } from './job.js';

/** The pull secret and SSH key, read through the secret resolver. */
export function secrets(job: ClusterJob): { pullSecret?: string; sshKey?: string } {
  const c = job.c;
  const pullSecret = readSecret(job, c.pullSecret, 'pull secret', 'pullSecret', true);
  const sshKey = c.sshKey ? readSecret(job, c.sshKey, 'SSH key', 'sshKey', false) : undefined;
  return { pullSecret, sshKey };
}

/** Reads a secret through the injected resolver; refuses literals; never puts a value in a message. */
function readSecret(
  job: ClusterJob,
  ref: SecretRef | undefined,
  what: string,
  keyword: string,
  required: boolean,
): string | undefined {
  const c = job.c;
  if (!ref) {
    if (required)
      job.error(
        'secret-missing',
        `install-config requires a ${what}: add \`${keyword} file "~/.pull-secret.json"\` or \`${keyword} env PULL_SECRET\``,
        c.insertLoc ?? c.loc,
      );
    return undefined;
  }
  const via = ref.secretName ? `secret ${ref.secretName}` : keyword;
  if (ref.kind === 'literal') {
    job.error(
      'secret-literal',
      `the ${what} (${via}) is written in the .topo text, and topo never copies a secret from the text: use \`file "<path>"\` or \`env <VARIABLE>\``,
      ref.loc,
    );
    return undefined;
  }
  // Reading the secret depends on the machine: validation (checkOnly) leaves it to generation.
  if (job.options.checkOnly) return undefined;
  const source = ref.kind === 'file' ? `file "${ref.reference}"` : `environment variable ${ref.reference}`;
  const resolve = job.options.resolveSecret;
  if (!resolve) {
    job.error(
      'secret-unresolved',
      `cannot read the ${what} from ${source}: no secret resolver was given to the generator`,
      ref.loc,
    );
    return undefined;
  }
  let value: string | undefined;
  try {
    value = resolve(ref);
  } catch (e) {
    job.error('secret-unresolved', `cannot read the ${what} from ${source}: ${(e as Error).message}`, ref.loc);
    return undefined;
  }
  if (value === undefined || !value.trim()) {
    job.error(
      'secret-unresolved',
      ref.kind === 'file'
        ? `cannot read the ${what}: file "${ref.reference}" does not exist or is empty`
        : `cannot read the ${what}: environment variable ${ref.reference} is not set or empty`,
      ref.loc,
    );
    return undefined;
  }
  value = value.trim();
  if (keyword === 'pullSecret') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || !('auths' in parsed)) {
      job.error(
        'secret-format',
        `the ${what} from ${source} is not a pull secret (JSON with "auths"); download it from console.redhat.com`,
        ref.loc,
      );
      return undefined;
    }
    return JSON.stringify(parsed); // one line, whatever the file's layout
  }
  if (/PRIVATE KEY/.test(value)) {
    job.error(
      'secret-format',
      `${source} holds a PRIVATE key; sshKey takes the public key (the .pub file). Nothing was written`,
      ref.loc,
    );
    return undefined;
  }
  const lines = value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (
    !lines.every((l) =>
      /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/.test(
        l,
      ),
    )
  ) {
    job.error(
      'secret-format',
      `${source} does not hold an SSH public key (\`ssh-ed25519 AAAA... user@host\`)`,
      ref.loc,
    );
    return undefined;
  }
  return lines.join('\n');
}
