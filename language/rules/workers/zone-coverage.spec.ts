import { describe, expect, it } from 'vitest';
import { applyFix, cluster, findingsOf, messages, only, region } from '../../../test/support/index.js';

const RULE = 'workers/zone-coverage';
const CP3 = 'controlPlane { zones dc.az1 dc.az2 dc.az3 }';
const ocp = (...lines: string[]) => `${region('dc', 4)}${cluster('ocp', ...lines)}`;

describe('workers/zone-coverage', () => {
  it("does not fire when workers default to the control plane's zones", async () => {
    expect(await messages(RULE, ocp(CP3, 'workers { perZone 2 }'))).toEqual([]);
    expect(await messages(RULE, ocp(CP3, 'workers { replicas 3 }'))).toEqual([]);
  });

  it('does not fire for a compact cluster (no workers) or a control plane in one zone', async () => {
    expect(await messages(RULE, ocp(CP3))).toEqual([]);
    expect(
      await messages(RULE, ocp('controlPlane { replicas 1  zone dc.az1 }', 'workers { perZone 2  zones dc.az1 }')),
    ).toEqual([]);
  });

  it("warns when every worker sits in one zone, at that pool's zones", async () => {
    const f = await only(RULE, ocp(CP3, 'workers { perZone 2  zones dc.az1 }'));
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      'all 2 workers of ocp are in dc.az1 while its control plane spans dc.az1, dc.az2, dc.az3: losing dc.az1 stops every workload',
    );
    expect(f.loc.range.start).toEqual({ line: 3, character: 23 });
  });

  it('warns when a control-plane zone has no workers (covering two of three zones is not enough)', async () => {
    expect(await messages(RULE, ocp(CP3, 'workers { perZone 2  zones dc.az1 dc.az2 }'))).toEqual([
      'no workers of ocp in dc.az3, where its control plane has members (workers only in dc.az1, dc.az2): workloads cannot spread like the control plane',
    ]);
  });

  it('counts every pool: an infra pool in one zone beside a spread pool is fine', async () => {
    expect(await messages(RULE, ocp(CP3, 'workers infra { zones dc.az1: 2 }', 'workers app { perZone 2 }'))).toEqual(
      [],
    );
  });

  it("workers in a zone beyond the control plane's count as one zone", async () => {
    expect(
      await messages(RULE, ocp('controlPlane { zones dc.az1 dc.az2 dc.az3 }', 'workers { perZone 3  zones dc.az4 }')),
    ).toEqual([
      'all 3 workers of ocp are in dc.az4 while its control plane spans dc.az1, dc.az2, dc.az3: losing dc.az4 stops every workload',
    ]);
  });

  it('fix adds the missing zones to a perZone pool; the rule no longer fires and the file has no errors', async () => {
    const text = ocp(CP3, 'workers { perZone 2  zones dc.az1  flavor "m1.large" }');
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Add dc.az2, dc.az3 to workers worker of ocp (perZone 2)']);
    expect(await applyFix(RULE, text, f.fixes![0])).toContain(
      'workers { perZone 2  zones dc.az1 dc.az2 dc.az3  flavor "m1.large" }',
    );
  });

  it('fix raises a replicas pool to one worker per zone', async () => {
    const text = ocp(CP3, 'workers { replicas 2  zones dc.az1 }');
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('workers { replicas 3  zones dc.az1 dc.az2 dc.az3 }');
  });

  it('fix keeps replicas when they already fill every zone', async () => {
    const text = ocp(CP3, 'workers { replicas 6  zones dc.az1 dc.az2 }');
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('workers { replicas 6  zones dc.az1 dc.az2 dc.az3 }');
  });

  it('fix gives new zones of an explicit pool its largest count and updates its replicas, on the largest pool', async () => {
    const text = ocp(
      CP3,
      'workers small { zones dc.az1: 1 }',
      'workers big {\n    replicas 4\n    zones dc.az1: 3 dc.az2: 1\n  }',
    );
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Add dc.az3 to workers big of ocp (3 each)']);
    const fixed = await applyFix(RULE, text, f.fixes![0]);
    expect(fixed).toContain('  workers big {\n    replicas 7\n    zones dc.az1: 3 dc.az2: 1 dc.az3: 3\n  }\n');
  });
  it('arbiter layout: two data sites with workers and a quorum-only third site is an info, not a warning', async () => {
    const sites =
      'region east provider openstack { zone az1 }\nregion west provider openstack { zone az1 }\nregion arb provider openstack { zone az1 }\nrtt east west 2ms  rtt east arb 4ms  rtt west arb 4ms\n';
    const k = (workers: string) =>
      `${sites}cluster k {\n  controlPlane { replicas 3  zones east.az1 west.az1 arb.az1 }\n  workers { ${workers} }\n}\n`;
    const { hits } = await findingsOf('workers/zone-coverage', k('perZone 2  zones east.az1 west.az1'));
    expect(hits.map((h) => `${h.severity}: ${h.message}`)).toEqual([
      'info: arb.az1 holds one control-plane member of k each and no workers: an arbiter (quorum-only) site, while the workloads run in the data sites east and west',
    ]);
    // Workers in one data site only: not an arbiter layout, the warning stays.
    expect(
      (await findingsOf('workers/zone-coverage', k('perZone 2  zones east.az1'))).hits.map((h) => h.severity),
    ).toEqual(['warning']);
  });
});
