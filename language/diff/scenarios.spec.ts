import { describe, expect, it } from 'vitest';
import { load, seed004 } from '../../test/support/index.js';
import { compareTopology, verdict } from './compare.js';
import { diffScenarios, type ScenarioDiff } from './scenarios.js';

async function scenarios(base: string, head: string): Promise<ScenarioDiff[]> {
  const [b, h] = [await load(base), await load(head)];
  return diffScenarios(b.model, h.model);
}

/** `domain: direction summary` lines. */
function lines(diffs: ScenarioDiff[]): string[] {
  return diffs.flatMap((d) =>
    d.changes.map((c) => `${d.domain.id}: ${c.direction} ${c.summary}${c.new ? ' (new)' : ''}`),
  );
}

const EAST_CP = 'controlPlane { replicas 3  zones dc-east.az1 dc-east.az2 dc-east.az3  network net-east }';
const moved = seed004.replace(
  EAST_CP,
  'controlPlane { replicas 3  zones dc-east.az1 dc-east.az1 dc-east.az3  network net-east }',
);

describe('failure scenarios compared', () => {
  it('the same topology changes nothing', async () => {
    expect(await scenarios(seed004, seed004)).toEqual([]);
  });

  it('a master moved so one zone holds two: that zone now costs the quorum, and the apps on the cluster', async () => {
    expect(moved).not.toBe(seed004);
    const diffs = await scenarios(seed004, moved);
    expect(lines(diffs).filter((l) => l.includes(' worse '))).toEqual([
      'dc-east.az1: worse cluster ocp-east loses quorum',
      'dc-east.az1: worse app shop serves fewer of its replicas',
      'dc-east.az1: worse app billing goes down',
      'dc-east.az1: worse GSLB name billing.example.com no longer fails over: no backend left',
    ]);
    const q = diffs[0]!.changes[0]!;
    expect(q.before).toMatch(/^keeps quorum \(1 of 3 control-plane members lost, 2 left, majority 2/);
    expect(q.after).toBe('loses quorum (1 of 3 control-plane members left, majority 2)');
    // dc-east.az2 no longer holds a member: nothing worse there.
    expect(lines(diffs).filter((l) => l.startsWith('dc-east.az2') && l.includes(' worse '))).toEqual([]);
  });

  it('the reverse change is better, and says what the estate keeps', async () => {
    const diffs = await scenarios(moved, seed004);
    expect(lines(diffs).filter((l) => l.includes(' better '))).toContain(
      'dc-east.az1: better cluster ocp-east keeps quorum',
    );
    expect(lines(diffs).some((l) => l.includes(' worse '))).toBe(false);
  });

  it('an app moved to one site goes down with it, and its GSLB name has no backend left', async () => {
    const oneSite = seed004.replace('clusters ocp-east ocp-west  replicas 6', 'clusters ocp-east  replicas 6');
    const worse = lines(await scenarios(seed004, oneSite)).filter((l) => l.startsWith('dc-east: worse'));
    expect(worse).toEqual([
      'dc-east: worse app shop goes down',
      'dc-east: worse GSLB name shop.example.com no longer fails over: no backend left',
      'dc-east: worse storage orders: unavailable', // its data now lives in dc-east only
    ]);
  });

  it('storage replicated instead of unreplicated: its data survives the site; the new site costs only recent writes', async () => {
    const replicated = seed004.replace(
      'storage ledger { pattern none  sites dc-east  backup dc-west every 1h }',
      'storage ledger { pattern app-async  sites dc-east dc-west }',
    );
    const l = lines(await scenarios(seed004, replicated));
    expect(l).toContain('dc-east: better storage ledger: recent writes unavailable');
    expect(l.filter((x) => x.startsWith('dc-west:'))).toEqual([
      expect.stringMatching(/^dc-west: changed storage ledger: application async replication/),
    ]);
    expect(l.some((x) => x.includes(' worse '))).toBe(false);
  });

  it('a renamed network is no loss: only the clusters, apps and data on it count', async () => {
    const renamed = seed004.replace(/net-east/g, 'net-e');
    const l = lines(await scenarios(seed004, renamed));
    expect(l.some((x) => x.includes(' worse ') || x.includes(' better '))).toBe(false);
  });

  it('a new cluster that loses quorum in a zone is worse, marked new', async () => {
    const added = `${seed004}cluster ocp-lab {\n  controlPlane { replicas 3  zones dc-west.az1 dc-west.az2 }\n}\n`;
    expect(lines(await scenarios(seed004, added))).toContain('dc-west.az1: worse cluster ocp-lab loses quorum (new)');
  });

  it('the verdict names what is lost and when, else what is kept, else no change', async () => {
    const [b, h] = [await load(seed004), await load(moved)];
    const side = (r: Awaited<ReturnType<typeof load>>) => ({ model: r.model, findings: r.findings, sourceFiles: {} });
    expect(verdict([compareTopology('.', side(b), side(h))])).toBe(
      'this change makes the estate lose quorum of cluster ocp-east, 3 replicas of app shop and 2 more when dc-east.az1 fails',
    );
    expect(verdict([compareTopology('.', side(h), side(b))])).toMatch(
      /^no availability lost; the estate now keeps quorum of cluster ocp-east.* when dc-east\.az1 fails/,
    );
    expect(verdict([compareTopology('.', side(b), side(b))])).toBe('no availability change');
  });
});
