import { describe, expect, it } from 'vitest';
import { applyFix, cluster, messages, only, region } from '../../../test/support/index.js';

const RULE = 'quorum/host-affinity';
const ocp = (cp: string) =>
  `${region()}${cluster('ocp', `controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  ${cp} }`)}`;

describe('quorum/host-affinity', () => {
  it('is an error for affinity: every member on one host', async () => {
    const f = await only(RULE, ocp('serverGroup affinity'));
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'the control plane of ocp has serverGroup affinity: Nova puts all 3 members on one compute host, whose failure takes the whole quorum (and no member can be live-migrated)',
    );
  });

  it('is a warning for soft-affinity', async () => {
    const f = await only(RULE, ocp('serverGroup soft-affinity'));
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('whenever it can');
  });

  it('does not fire for the anti-affinity policies, no policy, or a single member', async () => {
    for (const p of ['serverGroup anti-affinity', 'serverGroup soft-anti-affinity', ''])
      expect(await messages(RULE, ocp(p))).toEqual([]);
    expect(
      await messages(
        RULE,
        `${region()}${cluster('ocp', 'controlPlane { replicas 1  zone dc.az1  serverGroup affinity }')}`,
      ),
    ).toEqual([]);
  });

  it('quick fix sets soft-anti-affinity; the rule no longer fires', async () => {
    const text = ocp('serverGroup affinity');
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('zones dc.az1 dc.az2 dc.az3  serverGroup soft-anti-affinity }');
  });
});
