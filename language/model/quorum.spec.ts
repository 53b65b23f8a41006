import { describe, expect, it } from 'vitest';
import { load } from '../../test/support/index.js';
import { majority, perRegion, quorumLosing, tolerance, zonesNeeded } from './quorum.js';

describe('quorum math', () => {
  // etcd FAQ (docs/sources.md#etcd-quorum): majority floor(n/2)+1, failures tolerated n - majority.
  it.each([
    [1, 1, 0],
    [2, 2, 0],
    [3, 2, 1],
    [4, 3, 1],
    [5, 3, 2],
    [6, 4, 2],
    [7, 4, 3],
  ])('%i members: majority %i, tolerates %i', (n, need, tolerated) => {
    expect(majority(n)).toBe(need);
    expect(tolerance(n)).toBe(tolerated);
  });

  it('an even size tolerates no more failures than the odd size below it', () => {
    for (const n of [2, 4, 6, 8]) expect(tolerance(n)).toBe(tolerance(n - 1));
  });

  it('zonesNeeded: the fewest zones that survive any one zone loss', () => {
    expect([1, 2, 3, 4, 5, 7].map(zonesNeeded)).toEqual([undefined, undefined, 3, 4, 3, 3]);
  });

  it('quorumLosing names the domains whose loss leaves less than a majority, skipping empty ones', () => {
    const counts = new Map([
      ['a', 3],
      ['b', 1],
      ['c', 1],
      ['d', 0],
    ]);
    expect(quorumLosing(counts, 5)).toEqual([{ domain: 'a', lost: 3, left: 2 }]);
    expect(
      quorumLosing(
        new Map([
          ['a', 2],
          ['b', 2],
          ['c', 1],
        ]),
        5,
      ),
    ).toEqual([]);
    expect(
      quorumLosing(
        new Map([
          ['a', 1],
          ['b', 1],
        ]),
        2,
      ),
    ).toEqual([
      { domain: 'a', lost: 1, left: 1 },
      { domain: 'b', lost: 1, left: 1 },
    ]);
  });

  it('perRegion sums members per region', async () => {
    const { model } = await load(
      'region east provider openstack { zone az1 zone az2 }\nregion west provider openstack { zone az1 }\n' +
        'cluster ocp {\n  controlPlane { zones east.az1: 2 east.az2: 1 west.az1: 2 }\n}\n',
    );
    const sites = perRegion(model.clusters[0]!.controlPlane.placement);
    expect([...sites].map(([r, n]) => `${r.name}=${n}`)).toEqual(['east=3', 'west=2']);
  });
});
