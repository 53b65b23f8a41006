import { describe, expect, it } from 'vitest';
import {
  applyEdits,
  applyFix,
  cluster,
  errorsOf,
  findingsOf,
  load,
  messages,
  only,
  region,
} from '../../../test/support/index.js';

const RULE = 'ref/undeclared-rtt';
const NOTE = 'placeholder, worst case assumed: set the measured p99 RTT';
const CP3 = 'controlPlane { zones dc.az1 dc.az2 dc.az3 }';
/** Region dc with az1 ↔ az3 undeclared. */
const partial = 'region dc provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 1ms  rtt az2 az3 1ms }\n';

describe('ref/undeclared-rtt', () => {
  it('does not fire when every pair used together is declared', async () => {
    expect(await messages(RULE, `${region()}${cluster('ocp', CP3)}`)).toEqual([]);
  });

  it("fires once for an undeclared pair of control-plane zones, at the control plane's zones", async () => {
    const f = await only(RULE, `${partial}${cluster('ocp', CP3)}`);
    expect(f.severity).toBe('info');
    expect(f.message).toBe(
      'no rtt declared between dc.az1 and dc.az3 (both hold control-plane members of ocp): latency rules cannot check this pair',
    );
    expect(f.loc.range.start).toEqual({ line: 2, character: 17 });
  });

  it('reports a pair once, at its most relevant use (control plane before network and nodes)', async () => {
    const text = `${partial}network ctrl { kind stretched-l2  zones dc.az1 dc.az3 }\n${cluster('ocp', CP3, 'workers { perZone 1 }')}`;
    expect(await messages(RULE, text)).toEqual([
      'no rtt declared between dc.az1 and dc.az3 (both hold control-plane members of ocp): latency rules cannot check this pair',
    ]);
  });

  it("covers stretched networks, a cluster's worker zones and synchronous storage sites", async () => {
    const text =
      `${region('east', 2)}${region('west', 1)}network ctrl { kind stretched-l2  zones east.az1 west.az1 }\n` +
      `${cluster('ocp', 'controlPlane { replicas 1  zone east.az1 }', 'workers { perZone 1  zones east.az1 east.az2 west.az1 }')}` +
      'storage orders { pattern sync  sites east west }\n';
    expect(await messages(RULE, text)).toEqual([
      'no rtt declared between east.az1 and west.az1 (both spanned by stretched network ctrl): latency rules cannot check this pair',
      'no rtt declared between east.az2 and west.az1 (both hold nodes of cluster ocp): latency rules cannot check this pair',
      'no rtt declared between east and west (both sites of synchronous storage orders): latency rules cannot check this pair',
    ]);
  });

  it('does not fire for zones of two regions whose region-to-region RTT is declared, nor for async storage', async () => {
    const text =
      `${region('east', 2)}${region('west', 1)}rtt east west 38ms\nnetwork ctrl { kind stretched-l2  zones east.az1 west.az1 }\n` +
      `${region('north', 1)}storage logs { pattern app-async  sites east north }\n`;
    expect(await messages(RULE, text)).toEqual([]);
  });

  it('fix inserts the pair into a single-line region, inline with a block comment; etcd/latency then reports the pessimistic placeholder', async () => {
    const text = `${partial}${cluster('ocp', CP3)}`;
    const f = await only(RULE, text);
    expect(f.fixes!.map((x) => x.title)).toEqual([
      'Declare the RTT between dc.az1 and dc.az3 (placeholder 50 ms: set the measured value)',
    ]);
    const fixed = await applyFix(RULE, text, f.fixes![0], ['etcd/latency']);
    expect(fixed.split('\n')[0]).toBe(
      `region dc provider openstack { zone az1 zone az2 zone az3  rtt az1 az2 1ms  rtt az2 az3 1ms  rtt az1 az3 50ms  /* ${NOTE} */ }`,
    );
    expect((await findingsOf('etcd/latency', fixed)).hits.map((h) => h.message)).toEqual([
      'etcd members of ocp are 50 ms apart (dc.az1 ↔ dc.az3): etcd peers must be under 50 ms apart (p99)',
    ]);
  });

  it("fix inserts into a multi-line region on a line of its own, with the region's indentation", async () => {
    const text =
      'region dc provider openstack {\n    zone az1\n    zone az2\n}\nnetwork ctrl { kind stretched-l2  zones dc.az1 dc.az2 }\n';
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain(
      `region dc provider openstack {\n    zone az1\n    zone az2\n    rtt az1 az2 50ms  // ${NOTE}\n}\n`,
    );
  });

  it('fix puts a cross-region pair at top level after the last top-level rtt, with qualified names', async () => {
    const text =
      `${region('east', 1)}${region('west', 1)}${region('north', 1)}rtt east north 5ms  // measured\nrtt west north 6ms\n` +
      'network ctrl { kind stretched-l2  zones east.az1 west.az1 }\n';
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0]);
    expect(fixed).toContain(
      `rtt east north 5ms  // measured\nrtt west north 6ms\nrtt east.az1 west.az1 50ms  // ${NOTE}\nnetwork ctrl`,
    );
  });

  it('fix puts a pair of sites after the later region when no top-level rtt exists', async () => {
    const text = `${region('east', 1)}${region('west', 1)}storage orders { pattern sync  sites east west }\n`;
    const fixed = await applyFix(RULE, text, (await only(RULE, text)).fixes![0], ['storage/sync-distance']);
    expect(fixed).toContain(`${region('west', 1)}rtt east west 50ms  // ${NOTE}\nstorage orders`);
  });

  it('fix appends after the last element of a file that does not end with a newline', async () => {
    const regions = `${region('east', 1)}${region('west', 1)}`.trimEnd();
    const files = { 'regions.topo': regions, 'apps.topo': 'storage orders { pattern sync  sites east west }\n' };
    const { hits } = await findingsOf(RULE, files);
    const fixed = applyEdits(regions, hits[0]!.fixes![0]!.edits);
    expect(fixed).toBe(`${regions}\nrtt east west 50ms  // ${NOTE}`);
    const after = await load({ ...files, 'regions.topo': fixed });
    expect(errorsOf(after.diagnostics, ['storage/sync-distance'])).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId === RULE)).toEqual([]);
  });

  it('fix edits the file that declares the region when the cluster is in another file', async () => {
    const files = { 'regions.topo': partial, 'clusters.topo': cluster('ocp', CP3) };
    const { hits } = await findingsOf(RULE, files);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.loc.uri).toMatch(/clusters\.topo$/);
    const [edit] = hits[0]!.fixes![0]!.edits;
    expect(edit!.uri).toMatch(/regions\.topo$/);
    const after = await load({ ...files, 'regions.topo': applyEdits(partial, [edit!]) });
    expect(errorsOf(after.diagnostics, ['etcd/latency'])).toEqual([]);
    expect(after.findings.filter((f) => f.ruleId === RULE)).toEqual([]);
  });
});
