import { describe, expect, it } from 'vitest';
import { errorsOf, findingsOf, site, twoSites } from '../../../test/support/index.js';

const RULE = 'storage/no-dr';
const sites = `${site('east')}${site('west')}rtt east west 38ms\n`;
const storage = (...props: string[]) => `${sites}storage orders {\n${props.map((p) => `  ${p}\n`).join('')}}\n`;
const messages = async (text: string) => (await findingsOf(RULE, text)).hits.map((h) => h.message);
/** Parses without errors (so nothing masks the rule) and does not fire. */
async function passes(text: string): Promise<void> {
  const { hits, diagnostics } = await findingsOf(RULE, text);
  expect(errorsOf(diagnostics)).toEqual([]);
  expect(hits).toEqual([]);
}

describe('storage/no-dr', () => {
  it('fires for pattern none without a backup, naming the site that holds the data', async () => {
    const { hits } = await findingsOf(RULE, storage('pattern none', 'site east'));
    expect(hits.map((h) => h.message)).toEqual([
      'storage orders: no replication (pattern none) and no backup: losing east loses the data held there',
    ]);
    expect(hits[0]!.severity).toBe('error');
  });

  it('treats an unset pattern as no replication, and names the app of nested storage', async () => {
    const text = `${twoSites()}app shop {\n  clusters ocp-east  replicas 2\n  storage orders { engine postgres }\n}\n`;
    expect(await messages(text)).toEqual([
      'storage orders of app shop: no replication (pattern unset) and no backup: losing east loses the data held there',
    ]);
  });

  it('fires for partitioned data without a backup, over every site holding a part', async () => {
    expect(await messages(storage('pattern partitioned', 'sites east west'))).toEqual([
      'storage orders: partitioned, not replicated (pattern partitioned) and no backup: losing east or west loses the data held there',
    ]);
  });

  it('does not fire for replicated storage', async () => {
    for (const pattern of ['app-async', 'infra-async', 'sync'])
      await passes(storage(`pattern ${pattern}`, 'site east'));
  });

  // `backup` goes before `site(s)`: after a sites list it is read as one more site (grammar: `backup` is also a Name).
  it('does not fire with a backup in another site, or to an off-site target', async () => {
    await passes(storage('pattern none', 'backup west every 24h', 'site east'));
    await passes(storage('pattern none', 'backup west.az1', 'site east'));
    await passes(storage('pattern none', 'backup "s3://dr-bucket/orders"', 'site east'));
  });

  it('fires for a backup in the same site, even in another zone of it', async () => {
    expect(await messages(storage('pattern none', 'backup east.az2', 'site east.az1'))).toEqual([
      'storage orders: no replication (pattern none) and its backup is in east.az2 (site east), where the data lives: losing east loses both',
    ]);
    expect(await messages(storage('pattern partitioned', 'backup west', 'sites east west'))).toEqual([
      'storage orders: partitioned, not replicated (pattern partitioned) and its backup is in site west, where the data lives: losing west loses both',
    ]);
  });

  it('does not judge a backup site when it is unknown where the data lives', async () => {
    await passes(`${sites}storage orders { pattern none  backup west }\n`);
    expect(await messages(`${sites}storage orders { pattern none }\n`)).toEqual([
      'storage orders: no replication (pattern none) and no backup: losing its site loses the data held there',
    ]);
  });
});
