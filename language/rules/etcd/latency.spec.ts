import { describe, expect, it } from 'vitest';
import { cluster, load, messages, only, region } from '../../../test/support/index.js';
import { runRules } from '../engine.js';
import { latency } from './latency.js';

const RULE = 'etcd/latency';
/** Three zones of one region, az1 ↔ az3 `far` apart, the other pairs 1 ms. */
const stretched = (far: string) =>
  `${region('dc', 3, '1ms', { 'az1 az3': far })}${cluster('ocp', 'controlPlane { zones dc.az1 dc.az2 dc.az3 }')}`;

describe('etcd/latency', () => {
  it('does not fire at 9.9 ms or at exactly 10 ms (the warning is for more than 10)', async () => {
    expect(await messages(RULE, stretched('9.9ms'))).toEqual([]);
    expect(await messages(RULE, stretched('10ms'))).toEqual([]);
  });

  it('warns at 10.1 ms and 49.9 ms, naming the farthest pair', async () => {
    const f = await only(RULE, stretched('10.1ms'));
    expect(f.severity).toBe('warning');
    // az2 is 1 ms from both: whichever zone leads, a majority (2 of 3) is 1 ms away.
    expect(f.message).toBe(
      'etcd members of ocp are 10.1 ms apart (dc.az1 ↔ dc.az3): over the 10 ms a stretched control plane should keep to (limit 50 ms); a write commits within 1 ms wherever the etcd leader is (a majority never needs the far member), but that member lags behind',
    );
    expect((await only(RULE, stretched('49.9ms'))).severity).toBe('warning');
  });

  it('is an error at 50 ms', async () => {
    const f = await only(RULE, stretched('50ms'));
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'etcd members of ocp are 50 ms apart (dc.az1 ↔ dc.az3): etcd peers must be under 50 ms apart (p99)',
    );
  });

  it('uses a region-to-region RTT and points at the rtt line that gives it', async () => {
    const text = `${region('dc-east', 2)}${region('dc-west', 1)}rtt dc-east dc-west 38ms\n${cluster('ocp-east', 'controlPlane { zones dc-east.az1 dc-east.az2 dc-west.az1 }')}`;
    const f = await only(RULE, text);
    expect(f.message).toBe(
      'etcd members of ocp-east are 38 ms apart (dc-east.az1 ↔ dc-west.az1): over the 10 ms a stretched control plane should keep to (limit 50 ms); a write commits once a majority has it: within 1 ms while the etcd leader is in dc-east.az1 or dc-east.az2, but it waits 38 ms while the leader is in dc-west.az1, and a member that far lags behind',
    );
    expect(f.related).toEqual([
      {
        loc: expect.objectContaining({ range: expect.objectContaining({ start: { line: 2, character: 0 } }) }),
        message: '38 ms between dc-east.az1 ↔ dc-west.az1',
      },
    ]);
  });

  it('does not fire when every member sits in one zone, or when only workers are far away', async () => {
    expect(await messages(RULE, `${region('dc', 3, '80ms')}${cluster('ocp', 'controlPlane { zone dc.az1 }')}`)).toEqual(
      [],
    );
    expect(
      await messages(
        RULE,
        `${region('dc', 3, '1ms')}${region('far', 1)}rtt dc far 80ms\n${cluster('ocp', 'controlPlane { zones dc.az1 dc.az2 dc.az3 }', 'workers { perZone 1  zones dc.az1 far.az1 }')}`,
      ),
    ).toEqual([]);
  });

  it('says every write waits when no majority is nearer than the far pair', async () => {
    // Two members 20 ms apart: the majority of two is both of them.
    const text = `${region('dc', 2, '20ms')}${cluster('k', 'distribution kubernetes', 'controlPlane { replicas 2  zones dc.az1 dc.az2 }')}`;
    expect((await only(RULE, text)).message).toBe(
      'etcd members of k are 20 ms apart (dc.az1 ↔ dc.az2): over the 10 ms a stretched control plane should keep to (limit 50 ms); every write waits for this round trip (no majority is nearer)',
    );
  });

  it('leaves a member pair without a declared RTT to ref/undeclared-rtt: one finding per pair, with its fix', async () => {
    const text = `region dc provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 1ms }\n${cluster('ocp', 'controlPlane { zones dc.az1 dc.az2 dc.az3 }')}`;
    const { findings } = await load(text);
    expect(findings.filter((f) => f.ruleId === RULE)).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'ref/undeclared-rtt').map((f) => f.message)).toEqual([
      'no rtt declared between dc.az1 and dc.az3 (both hold control-plane members of ocp): latency rules cannot check this pair',
      'no rtt declared between dc.az2 and dc.az3 (both hold control-plane members of ocp): latency rules cannot check this pair',
    ]);
  });

  it('takes its thresholds from the workspace settings', async () => {
    const { model } = await load(stretched('15ms'));
    const run = (thresholds: Record<string, number>) =>
      runRules(model, [latency], { thresholds: { [RULE]: thresholds } }).map((f) => `${f.severity}: ${f.message}`);
    expect(run({ warnMs: 20 })).toEqual([]);
    expect(run({ warnMs: 5, errorMs: 15 })).toEqual([
      'error: etcd members of ocp are 15 ms apart (dc.az1 ↔ dc.az3): etcd peers must be under 15 ms apart (p99)',
    ]);
  });
});
