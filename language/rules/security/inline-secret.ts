import type { SecretRef, Storage } from '../../model/types.js';
import { defineRule, type RuleContext } from '../types.js';

/** A place that takes a secret: how messages name it, and the environment variable the fix reads it from. */
interface SecretUse {
  what: string;
  variable: string;
}

export const inlineSecret = defineRule({
  id: 'security/inline-secret',
  title: 'Secret written literally in a .topo file',
  severity: 'error',
  description:
    "Reports a pull secret, SSH key or password written as a literal string: a cluster's `pullSecret`/`sshKey`, a server group's or a storage's `password`, or a top-level `secret` declaration. A value that goes through a named secret is reported once, at the declaration.",
  rationale:
    '.topo files are meant to be committed, reviewed and shared; a secret written in one is readable by everyone who can read the repository, stays in its history after it is removed, and ends up in the generated artifacts. The language takes secrets by reference (`env NAME` or `file "path"`) so that the file never holds them; the message never repeats the value.',
  sources: ['secrets'],
  fix: 'Replace the literal with `env TOPO_<ELEMENT>_<FIELD>`: the value is read from that environment variable, which must be set where topo generates.',
  examples: {
    fires: `secret pull "{\\"auths\\":{}}"`,
    passes: `secret pull env PULL_SECRET`,
  },
  // The infrastructure's secrets are kept with it, an app's storage passwords with the app.
  reads: 'infrastructure',
  check({ model, report }) {
    for (const c of model.clusters) {
      literal(report, c.pullSecret, () => ({
        what: `the pullSecret of cluster ${c.name}`,
        variable: envName(c.name, 'pullSecret'),
      }));
      literal(report, c.sshKey, () => ({
        what: `the sshKey of cluster ${c.name}`,
        variable: envName(c.name, 'sshKey'),
      }));
    }
    for (const s of model.servers)
      literal(report, s.password, () => ({
        what: `the password of servers ${s.name}`,
        variable: envName(s.name, 'password'),
      }));
    for (const s of model.storages) storagePassword(s, report);
    for (const s of model.secrets)
      literal(report, s.ref, () => ({ what: `secret ${s.name}`, variable: envName('secret', s.name) }));
  },
  checkApp(app, { report }) {
    for (const s of app.storage) storagePassword(s, report);
  },
});

function storagePassword(s: Storage, report: RuleContext['report']): void {
  literal(report, s.password, () => ({
    what: `the password of storage ${s.name}${s.app ? ` of app ${s.app.name}` : ''}`,
    variable: envName(...(s.app ? [s.app.name] : []), s.name, 'password'),
  }));
}

/**
 * Reports `ref` when it is a literal value (not one that goes through a named secret, reported
 * at the declaration). The names and variables are worked out only then: on a large estate
 * building them for every storage and server was most of this rule's time and allocations.
 */
function literal(report: RuleContext['report'], ref: SecretRef | undefined, use: () => SecretUse): void {
  if (ref?.kind !== 'literal' || ref.secretName) return;
  const { what, variable } = use();
  report({
    message: `${what} is written literally in the file: anyone who can read the file or its history has it; take it from an environment variable or a file`,
    loc: ref.loc,
    fixes: [
      {
        title: `Read it from the environment variable ${variable} (set ${variable} where topo generates)`,
        edits: [{ uri: ref.loc.uri, range: ref.loc.range, newText: `env ${variable}` }],
        preferred: true,
      },
    ],
  });
}

/** `TOPO_OCP_EAST_PULL_SECRET` from `ocp-east` and `pullSecret`. */
function envName(...parts: string[]): string {
  const words = parts.map((p) =>
    p
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_'),
  );
  return ['TOPO', ...words].join('_');
}
