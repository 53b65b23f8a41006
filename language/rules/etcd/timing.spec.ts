import { describe, expect, it } from 'vitest';
import { applyFix, cluster, findingsOf, messages, only, region } from '../../../test/support/index.js';

const RULE = 'etcd/timing';
/** Members in az1..az3 of one region, the farthest pair (az1 ↔ az3) `far` apart. */
const topo = (distribution: string, etcd: string, far = '9ms') =>
  `${region('dc', 3, '1ms', { 'az1 az3': far })}${cluster('c', `distribution ${distribution}`, `controlPlane { zones dc.az1 dc.az2 dc.az3${etcd ? `  ${etcd}` : ''} }`)}`;
const k8s = (etcd: string, far?: string) => topo('kubernetes', etcd, far);

describe('etcd/timing', () => {
  it('checks nothing without an etcd line, however far apart the members are', async () => {
    expect(await messages(RULE, k8s('', '400ms'))).toEqual([]);
  });

  it('election timeout: 10 × RTT passes (90 ms for 9 ms), 89 ms is an error', async () => {
    expect(await messages(RULE, k8s('etcd heartbeat 10ms election 90ms'))).toEqual([]);
    const f = await only(RULE, k8s('etcd heartbeat 10ms election 89ms'));
    expect(f.severity).toBe('error');
    expect(f.message).toBe(
      'etcd election timeout of c is 89 ms, under 10 × the 9 ms RTT between its members (90 ms; dc.az1 ↔ dc.az3): ordinary delays will trigger leader elections',
    );
  });

  it('heartbeat: half the RTT passes (4.5 ms for 9 ms), 4 ms is a warning', async () => {
    expect(await messages(RULE, k8s('etcd heartbeat 4.5ms election 100ms'))).toEqual([]);
    const f = await only(RULE, k8s('etcd heartbeat 4ms election 100ms'));
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      'etcd heartbeat of c is 4 ms, under half the 9 ms RTT between its members (dc.az1 ↔ dc.az3): etcd advises 0.5–1.5 × RTT (4.5–13.5 ms)',
    );
  });

  it("does not report a heartbeat above 1.5 × RTT: etcd's own 100 ms default on a LAN", async () => {
    expect(await messages(RULE, k8s('etcd heartbeat 100ms election 1000ms', '1ms'))).toEqual([]);
  });

  it('election timeout under 5 heartbeats: etcd will not start (500 ms for 100 ms passes, 499 ms does not)', async () => {
    expect(await messages(RULE, k8s('etcd heartbeat 100ms election 500ms', '1ms'))).toEqual([]);
    expect(await messages(RULE, k8s('etcd heartbeat 100ms election 499ms', '1ms'))).toEqual([
      'etcd election timeout of c is 499 ms, under 5 × its 100 ms heartbeat (500 ms): etcd will not start',
    ]);
  });

  it('election timeout over 50,000 ms: etcd will not start (50 s passes)', async () => {
    expect(await messages(RULE, k8s('etcd election 50s'))).toEqual([]);
    expect(await messages(RULE, k8s('etcd election 50001ms'))).toEqual([
      "etcd election timeout of c is 50001 ms, over etcd's 50000 ms maximum: etcd will not start",
    ]);
  });

  it("fills undeclared values from the profile, else etcd's defaults, and says so", async () => {
    expect(await messages(RULE, k8s('etcd heartbeat 500ms'))).toEqual([
      "etcd election timeout of c is 1000 ms (etcd's default), under 5 × its 500 ms heartbeat (2500 ms): etcd will not start",
    ]);
    expect(await messages(RULE, k8s('etcd profile slower election 2000ms'))).toEqual([
      'etcd election timeout of c is 2000 ms, under 5 × its 500 ms heartbeat (2500 ms): etcd will not start',
    ]);
    expect(await messages(RULE, topo('openshift', 'etcd profile standard', '120ms'))).toEqual([
      'etcd election timeout of c is 1000 ms (profile standard), under 10 × the 120 ms RTT between its members (1200 ms; dc.az1 ↔ dc.az3): ordinary delays will trigger leader elections',
    ]);
  });

  it("OpenShift's profiles pass for members within OpenShift's 50 ms limit", async () => {
    expect(await messages(RULE, topo('openshift', 'etcd profile standard', '49ms'))).toEqual([]);
    expect(await messages(RULE, topo('openshift', 'etcd profile slower', '49ms'))).toEqual([]);
  });

  it('kubernetes fix: heartbeat ≈ RTT rounded up, election 10 × (one fix for both findings); none after, no errors', async () => {
    const text = k8s('etcd heartbeat 4ms election 50ms', '8.2ms');
    const { hits } = await findingsOf(RULE, text);
    expect(hits.map((h) => [h.severity, h.fixes!.map((x) => x.title)])).toEqual([
      ['error', ['Set etcd heartbeat 9 ms, election timeout 90 ms']],
      ['warning', ['Set etcd heartbeat 9 ms, election timeout 90 ms']],
    ]);
    expect(await applyFix(RULE, text, hits[0]!.fixes![0])).toContain(
      'controlPlane { zones dc.az1 dc.az2 dc.az3  etcd heartbeat 9ms election 90ms }',
    );
  });

  it('kubernetes fix keeps a heartbeat of at least half the RTT and sets election to 10 heartbeats', async () => {
    const text = k8s('etcd heartbeat 10ms election 50ms', '8.2ms');
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Set etcd heartbeat 10 ms, election timeout 100 ms']);
    expect(await applyFix(RULE, text, f.fixes![0])).toContain('etcd heartbeat 10ms election 100ms }');
  });

  it('kubernetes fix brings an election timeout over 50 s back to 10 heartbeats', async () => {
    const text = k8s('etcd heartbeat 100ms election 60000ms', '1ms');
    expect(await applyFix(RULE, text, (await only(RULE, text)).fixes![0])).toContain(
      'etcd heartbeat 100ms election 1000ms }',
    );
  });

  it('OpenShift fix uses a profile, Standard when it fits', async () => {
    const text = topo('openshift', 'etcd heartbeat 10ms election 60ms');
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Use etcd profile standard (heartbeat 100 ms, election 1000 ms)']);
    expect(await applyFix(RULE, text, f.fixes![0])).toContain(
      'controlPlane { zones dc.az1 dc.az2 dc.az3  etcd profile standard }',
    );
  });

  it('OpenShift fix falls back to Slower when Standard cannot fit the RTT (etcd/latency still reports the RTT)', async () => {
    const text = topo('openshift', 'etcd profile standard', '120ms');
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual(['Use etcd profile slower (heartbeat 500 ms, election 2500 ms)']);
    expect(await applyFix(RULE, text, f.fixes![0], ['etcd/latency'])).toContain('etcd profile slower }');
  });

  it('offers no OpenShift fix when no profile fits (members 300 ms apart)', async () => {
    const f = await only(RULE, topo('openshift', 'etcd profile slower', '300ms'));
    expect(f.fixes).toEqual([]);
  });
});
