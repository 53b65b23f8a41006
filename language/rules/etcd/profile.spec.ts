import { describe, expect, it } from 'vitest';
import { applyFix, cluster, messages, only, region } from '../../../test/support/index.js';

const RULE = 'etcd/profile';
const ocp = (etcd: string, rtt = '1ms', distribution = 'openshift 4.16') =>
  `${region('dc', 3, rtt)}${cluster('ocp', `distribution ${distribution}`, `controlPlane { replicas 3  zones dc.az1 dc.az2 dc.az3  ${etcd} }`)}`;

describe('etcd/profile', () => {
  it('warns for a custom timing on OpenShift and names the nearest profile', async () => {
    const f = await only(RULE, ocp('etcd heartbeat 150ms election 1500ms'));
    expect(f.severity).toBe('warning');
    expect(f.message).toBe(
      'ocp declares etcd heartbeat 150 ms, election timeout 1500 ms, which OpenShift cannot run: it offers only the Standard (100 ms / 1000 ms) and Slower (500 ms / 2500 ms) profiles; the nearest that suits the 1 ms RTT is standard',
    );
  });

  it('names Slower for values closer to it', async () => {
    expect((await only(RULE, ocp('etcd heartbeat 400ms election 2400ms'))).message).toMatch(/is slower$/);
  });

  it('prefers a profile that suits the RTT: at 150 ms apart only Slower keeps 10 × RTT', async () => {
    // 150 ms: Standard's 1000 ms election is under 10 × RTT; Slower's 2500 ms is not.
    expect((await only(RULE, ocp('etcd heartbeat 100ms election 1000ms', '150ms'))).message).toMatch(
      /the nearest that suits the 150 ms RTT is slower$/,
    );
  });

  it("says when the custom values are exactly a profile's", async () => {
    expect((await only(RULE, ocp('etcd heartbeat 100ms election 1000ms'))).message).toBe(
      "ocp declares etcd heartbeat 100 ms, election timeout 1000 ms, the values of OpenShift's standard profile: OpenShift sets etcd's timing only through its profiles, write `etcd profile standard`",
    );
  });

  it('does not fire for a profile, no etcd line, or a Kubernetes cluster', async () => {
    expect(await messages(RULE, ocp('etcd profile slower'))).toEqual([]);
    expect(await messages(RULE, ocp(''))).toEqual([]);
    expect(await messages(RULE, ocp('etcd heartbeat 200ms election 2000ms', '1ms', 'kubernetes'))).toEqual([]);
  });

  it('quick fix writes the profile; neither etcd/profile nor etcd/timing fires after', async () => {
    const text = ocp('etcd heartbeat 150ms election 1500ms');
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain('zones dc.az1 dc.az2 dc.az3  etcd profile standard }');
    expect(await messages('etcd/timing', fixed)).toEqual([]);
  });
});
