import { describe, expect, it } from 'vitest';
import { cluster, messages, only, region } from '../../../test/support/index.js';

const RULE = 'etcd/cross-site';
const sites = `${region('a', 3)}${region('b', 3)}${region('c', 3)}rtt a b 2ms\nrtt b c 2ms\nrtt a c 2ms\n`;
const ocp = (cp: string) => `${sites}${cluster('ocp', `controlPlane { ${cp} }`)}`;

describe('etcd/cross-site', () => {
  it('does not fire for a control plane in the zones of one site', async () => {
    expect(await messages(RULE, ocp('zones a.az1 a.az2 a.az3'))).toEqual([]);
  });

  it('is an error over two sites, naming the site whose loss takes quorum', async () => {
    const f = await only(RULE, ocp('zones a.az1 a.az2 b.az1'));
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'control plane of ocp is stretched across sites a (2 members) and b (1 member): losing a leaves 1 of 3, below the majority of 2; run one cluster per site behind a GSLB',
    );
    expect(f.related!.map((r) => r.message)).toEqual([
      "a holds 2 members of ocp's control plane",
      "b holds 1 member of ocp's control plane",
    ]);
    expect(f.fixes).toBeUndefined();
  });

  it('is an error when one of three sites holds a majority (3 + 1 + 1)', async () => {
    expect(await messages(RULE, ocp('zones a.az1: 1 a.az2: 1 a.az3: 1 b.az1: 1 c.az1: 1'))).toEqual([
      'control plane of ocp is stretched across sites a (3 members), b (1 member) and c (1 member): losing a leaves 2 of 5, below the majority of 3; run one cluster per site behind a GSLB',
    ]);
  });

  it("is a warning for Red Hat's three-site layout that survives any one site (1 + 1 + 1, 2 + 2 + 1)", async () => {
    const f = await only(RULE, ocp('zones a.az1 b.az1 c.az1'));
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      "control plane of ocp is stretched across sites a (1 member), b (1 member) and c (1 member): it survives one site's loss, but the sites form one failure domain; Red Hat recommends one cluster per site behind a GSLB",
    );
    expect((await only(RULE, ocp('zones a.az1: 2 b.az1: 2 c.az1: 1'))).severity).toBe('warning');
  });

  it('looks at control-plane members only, not at workers in another site', async () => {
    expect(
      await messages(
        RULE,
        `${sites}${cluster('ocp', 'controlPlane { zones a.az1 a.az2 a.az3 }', 'workers { perZone 1  zones a.az1 b.az1 }')}`,
      ),
    ).toEqual([]);
  });
});
