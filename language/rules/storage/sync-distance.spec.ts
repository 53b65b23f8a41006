import { describe, expect, it } from 'vitest';
import { applyEdits, errorsOf, findingsOf, load, site, siteCluster } from '../../../test/support/index.js';

const RULE = 'storage/sync-distance';
const sites = (rtt?: string) => `${site('east')}${site('west')}${rtt ? `rtt east west ${rtt}\n` : ''}`;
const storage = (where: string) => `storage db {\n  pattern sync  ${where}\n}\n`;
const messages = async (text: string) => (await findingsOf(RULE, text)).hits.map((h) => h.message);

describe('storage/sync-distance', () => {
  it('fires across sites above 5 ms, with the RTT and the sites', async () => {
    const { hits } = await findingsOf(RULE, sites('38ms') + storage('sites east west'));
    expect(hits.map((h) => h.message)).toEqual([
      'storage db replicates synchronously between sites east and west at 38 ms RTT, over the 10 ms synchronous replication allows: every write waits a round trip',
    ]);
    expect(hits[0]!.severity).toBe('error');
  });

  it('boundary: metro sites at 5 ms pass, 5.1 ms fires', async () => {
    expect(await messages(sites('5ms') + storage('sites east west'))).toEqual([]);
    expect((await findingsOf(RULE, sites('5.1ms') + storage('sites east west'))).hits.map((h) => h.severity)).toEqual([
      'warning',
    ]);
    expect(await messages(sites('5.1ms') + storage('sites east west'))).toEqual([
      'storage db replicates synchronously between sites east and west at 5.1 ms RTT, over the 5 ms it should keep to (error above 10 ms): every write waits a round trip',
    ]);
  });

  it('boundary: a warning up to 10 ms, an error above', async () => {
    const at = async (rtt: string) =>
      (await findingsOf(RULE, sites(rtt) + storage('sites east west'))).hits.map((h) => `${h.severity}: ${h.message}`);
    expect(await at('10ms')).toEqual([
      'warning: storage db replicates synchronously between sites east and west at 10 ms RTT, over the 5 ms it should keep to (error above 10 ms): every write waits a round trip',
    ]);
    expect(await at('10.1ms')).toEqual([
      'error: storage db replicates synchronously between sites east and west at 10.1 ms RTT, over the 10 ms synchronous replication allows: every write waits a round trip',
    ]);
  });

  it('leaves sites whose RTT is not declared to ref/undeclared-rtt (an info, one per pair)', async () => {
    const { findings } = await findingsOf(RULE, sites() + storage('sites east west'));
    expect(findings.filter((f) => f.ruleId === RULE)).toEqual([]);
    expect(findings.filter((f) => f.ruleId === 'ref/undeclared-rtt').map((f) => f.severity)).toEqual(['info']);
  });

  it('uses zone-pair RTTs between sites when they are declared', async () => {
    const text = `${sites('4ms')}rtt east.az1 west.az1 7ms\n${storage('sites east.az1 west.az1')}`;
    expect(await messages(text)).toEqual([
      'storage db replicates synchronously between sites east and west at 7 ms RTT, over the 5 ms it should keep to (error above 10 ms): every write waits a round trip',
    ]);
  });

  it('boundary within one site: zones 5 ms apart pass, 6 ms fire, naming the zones', async () => {
    expect(await messages(site('east', '5ms') + storage('sites east.az1 east.az3'))).toEqual([]);
    expect(await messages(site('east', '6ms') + storage('sites east.az1 east.az3'))).toEqual([
      'storage db replicates synchronously between east.az1 and east.az3 at 6 ms RTT, over the 5 ms it should keep to (error above 10 ms): every write waits a round trip',
    ]);
  });

  it("without sites, the data lives in the zones of the app's clusters", async () => {
    const app = (zoneRtt: string) =>
      `${site('east', zoneRtt)}${siteCluster('ocp', 'east')}app shop {\n  clusters ocp  replicas 3\n  storage db { pattern sync }\n}\n`;
    expect(await messages(app('1ms'))).toEqual([]);
    expect(await messages(app('8ms'))).toEqual([
      'storage db of app shop replicates synchronously between east.az1 and east.az2 at 8 ms RTT, over the 5 ms it should keep to (error above 10 ms): every write waits a round trip',
    ]);
  });

  it('does not fire for asynchronous patterns', async () => {
    expect(await messages(sites('38ms') + `storage db { pattern app-async  sites east west }\n`)).toEqual([]);
  });

  it('the threshold can be changed per workspace', async () => {
    const { runRules } = await import('../engine.js');
    const { syncDistance } = await import('./sync-distance.js');
    const { model } = await load(sites('8ms') + storage('sites east west'));
    expect(
      runRules(model, [syncDistance], {
        thresholds: { [RULE]: { maxMs: { value: 10, reason: 'metro storage rated to 10 ms' } } },
      }),
    ).toEqual([]);
  });

  it('offers app-async (preferred) and infra-async; each leaves a file without errors or this finding', async () => {
    const text = sites('38ms') + storage('sites east west');
    const { hits } = await findingsOf(RULE, text);
    expect(hits[0]!.fixes!.map((f) => f.preferred)).toEqual([true, false]);
    const patterns = [];
    for (const fix of hits[0]!.fixes!) {
      const fixed = applyEdits(text, fix.edits);
      const after = await load(fixed);
      expect(errorsOf(after.diagnostics)).toEqual([]);
      expect(after.findings.filter((f) => f.ruleId === RULE)).toEqual([]);
      patterns.push(/pattern \S+/.exec(fixed)![0]);
    }
    expect(patterns).toEqual(['pattern app-async', 'pattern infra-async']);
  });
});
