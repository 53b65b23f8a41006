/** The pure parts of "topo: New Topology from a Seed Architecture…" (client/seeds.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listSeeds, mainFileOf, parseReadmeTable, renameTopology, validFolderName } from '../client/seeds.js';
import { load } from './support/index.js';

const uri = (p: string) => ({ path: p }) as unknown as import('vscode').Uri;

describe('seeds', () => {
  it('lists every example folder with its seed number and summary', async () => {
    const seeds = await listSeeds(new URL('../examples', import.meta.url).pathname);
    const names = seeds.map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(['two-dc-gtm-ltm', 'stretched-ocp-ipi-rpn', 'k5-landing-zone']));
    const two = seeds.find((s) => s.name === 'two-dc-gtm-ltm')!;
    expect(two.seed).toBe('004');
    expect(two.summary).toMatch(/Two datacenters/);
    expect(two.files).toEqual(expect.arrayContaining(['apps.topo', 'sites.topo', 'traffic.topo']));
    expect(two.files.every((f) => f.endsWith('.topo'))).toBe(true);
  });

  it('reads the README table', () => {
    const rows = parseReadmeTable(
      '| folder | seed | what |\n|---|---|---|\n| [`a-b/`](a-b/) | 003 #1 | Some `thing`. |\n',
    );
    expect(rows.get('a-b')).toEqual({ seed: '003 #1', summary: 'Some thing.' });
  });

  it('renames the topology declaration, and only a valid name', () => {
    const text = '// topology two-dc is the seed\ntopology two-dc\nregion a { zone z }\n';
    expect(renameTopology(text, 'two-dc', 'my-platform')).toBe(
      '// topology two-dc is the seed\ntopology my-platform\nregion a { zone z }\n',
    );
    expect(renameTopology(text, 'two-dc', '2nd')).toBe(text);
    expect(renameTopology('topology two-dc-gtm\n', 'two-dc', 'x')).toBe('topology two-dc-gtm\n');
  });

  it('a renamed seed still parses and links', async () => {
    const dir = new URL('../examples/stretched-ocp-ipi-rpn/', import.meta.url);
    const text = renameTopology(
      readFileSync(new URL('stretched-ocp-ipi-rpn.topo', dir), 'utf8'),
      'stretched-ocp-ipi-rpn',
      'my-platform',
    );
    const { model, diagnostics } = await load({ 'my-platform/stretched-ocp-ipi-rpn.topo': text });
    expect(model.name).toBe('my-platform');
    expect(
      diagnostics.filter((d) => String(d.code ?? '').startsWith('syntax/') || d.code === 'ref/unresolved'),
    ).toEqual([]);
  });

  it('validates folder names', () => {
    expect(validFolderName('my-platform')).toBeUndefined();
    expect(validFolderName('')).toMatch(/name/);
    expect(validFolderName('a b')).toMatch(/no spaces/);
    expect(validFolderName('../x')).toBeDefined();
  });

  it('opens the file named like the folder, else the sites', () => {
    const seed = { name: 'two-dc-gtm-ltm', dir: '', files: [] };
    expect(mainFileOf(seed, [uri('/n/apps.topo'), uri('/n/sites.topo'), uri('/n/traffic.topo')]).path).toBe(
      '/n/sites.topo',
    );
    expect(mainFileOf({ ...seed, name: 'x' }, [uri('/n/a.topo'), uri('/n/x.topo')]).path).toBe('/n/x.topo');
    expect(mainFileOf({ ...seed, name: 'y' }, [uri('/n/b.topo'), uri('/n/a.topo')]).path).toBe('/n/b.topo');
  });
});
