import { describe, expect, it } from 'vitest';
import { applyEdits, errorsOf, findingsOf, load } from '../../../test/support/index.js';

const rule = 'security/inline-secret';
const SECRET = 'hunter2-very-secret';
const messages = async (text: string) => (await findingsOf(rule, text)).hits.map((h) => `${h.severity}: ${h.message}`);
const LEAK = 'anyone who can read the file or its history has it; take it from an environment variable or a file';

describe('security/inline-secret', () => {
  it('fires for literal secrets on clusters, servers, storage and secret declarations, never echoing them', async () => {
    const text =
      `cluster ocp-east {\n  pullSecret "${SECRET}"\n  sshKey "${SECRET}"\n}\n` +
      `servers db { count 2  password "${SECRET}" }\n` +
      `app shop {\n  storage orders { pattern app-async  password "${SECRET}" }\n}\n` +
      `secret pull "${SECRET}"\n`;
    const { hits } = await findingsOf(rule, text);
    expect(hits.map((h) => `${h.severity}: ${h.message}`)).toEqual([
      `error: the pullSecret of cluster ocp-east is written literally in the file: ${LEAK}`,
      `error: the sshKey of cluster ocp-east is written literally in the file: ${LEAK}`,
      `error: the password of servers db is written literally in the file: ${LEAK}`,
      `error: secret pull is written literally in the file: ${LEAK}`,
      // An app's storage is checked with the app, after the infrastructure.
      `error: the password of storage orders of app shop is written literally in the file: ${LEAK}`,
    ]);
    for (const h of hits) {
      expect(
        JSON.stringify({ message: h.message, related: h.related, titles: h.fixes?.map((f) => f.title) }),
      ).not.toContain('hunter2');
    }
  });

  it('does not fire for env and file references, nor at each use of a named secret (only at its declaration)', async () => {
    expect(
      await messages(
        'secret pull env PULL\nsecret key file "~/.ssh/id.pub"\ncluster ocp {\n  pullSecret pull\n  sshKey key\n}\n',
      ),
    ).toEqual([]);
    expect(
      await messages(
        `secret pull "${SECRET}"\ncluster ocp {\n  pullSecret pull\n}\nservers db { password env DB_PASSWORD }\n`,
      ),
    ).toEqual([`error: secret pull is written literally in the file: ${LEAK}`]);
  });

  it('quick fix replaces the literal with an env reference named after the element and field', async () => {
    const cases = [
      [
        `cluster ocp-east {\n  pullSecret "${SECRET}"\n}\n`,
        'pullSecret env TOPO_OCP_EAST_PULL_SECRET',
        'TOPO_OCP_EAST_PULL_SECRET',
      ],
      [
        `servers db { count 2  password "${SECRET}" }\n`,
        'servers db { count 2  password env TOPO_DB_PASSWORD }',
        'TOPO_DB_PASSWORD',
      ],
      [`secret ssh-key "${SECRET}"\n`, 'secret ssh-key env TOPO_SECRET_SSH_KEY', 'TOPO_SECRET_SSH_KEY'],
    ] as const;
    for (const [text, expected, variable] of cases) {
      const fix = (await findingsOf(rule, text)).hits[0]!.fixes![0]!;
      expect(fix.title).toBe(
        `Read it from the environment variable ${variable} (set ${variable} where topo generates)`,
      );
      const fixed = applyEdits(text, fix.edits);
      expect(fixed).toContain(expected);
      expect(fixed).not.toContain(SECRET);
      const after = await load(fixed);
      expect(errorsOf(after.diagnostics)).toEqual([]);
      expect(after.findings.filter((f) => f.ruleId === rule)).toEqual([]);
    }
  });
});
