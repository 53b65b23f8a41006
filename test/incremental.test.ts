import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExamples } from './fuzz/inputs.js';
import { coldSnapshot, EditedWorkspace, runEquivalence, startingTopologies } from './incremental/equivalence.js';

const examples = loadExamples(resolve(import.meta.dirname, '../examples'));

describe('incremental analysis equals a cold build (bounded pass; the full run is npm run test:equivalence)', () => {
  it('after random edits of every example and generated topologies, every diagnostic, the model, the findings and the failure summaries are those of a cold build', async () => {
    const report = await runEquivalence({
      seed: 'ci',
      topologies: startingTopologies(examples, 'ci', 4),
      editsPerTopology: 7,
    });
    expect(report.edits).toBeGreaterThan(100);
    expect(report.failures).toEqual([]);
  }, 300_000);

  it('after random edits of the apps of an estate, the model reuses what the edit did not change and equals a cold build', async () => {
    const report = await runEquivalence({
      seed: 'ci',
      topologies: startingTopologies([], 'ci', 0),
      editsPerTopology: 40,
      mix: 'apps',
    });
    expect(report.failures).toEqual([]);
    // Most of these edits leave the infrastructure as it was: its model is reused, and the apps
    // the edit did not touch with it (model/memo.ts).
    expect(report.models.reused).toBeGreaterThan(report.edits / 2);
    expect(report.models.appsReused).toBeGreaterThan(report.models.appsBuilt);
  }, 300_000);

  it('an app edit that gives two apps one name or one host, and its undo, is reported as a cold build reports it', async () => {
    // The checks across apps (names declared twice, which app claims a host first) are updated
    // from the apps an edit replaced, not made again from every app: each step is compared.
    const infra = 'cluster c1 { }\ncluster c2 { }\n';
    // `c`, first, takes a's host on c1 in some steps: then a, unchanged, is the one that conflicts.
    const apps = (b: string, c: string): string =>
      `app ${c.split(' ')[0]} { clusters c1  url "${c.split(' ')[1]}" }\napp a { clusters c1  url "a.example.com" }\n` +
      `app ${b} { clusters c1 c2  url "b.example.com" }\napp other { clusters c2  url "a.example.com" }\n`;
    const w = await EditedWorkspace.open({ 'infra.topo': infra, 'apps.topo': apps('b', 'c c.example.com') });
    const uri = [...w.texts.keys()].find((u) => u.endsWith('apps.topo'))!;
    const codes = (): string[] =>
      (JSON.parse(w.snapshot().diagnostics) as [string, { code: string; message: string }[]][])
        .flatMap(([, ds]) => ds)
        .filter((d) => /^(model\/duplicate|apps\/url-conflict)$/.test(d.code))
        .map((d) => `${d.code} ${d.message.replace(/(\)|'s).*$/s, '$1')}`);
    const steps: [string, string, string[]][] = [
      ['b', 'c a.example.com', [`apps/url-conflict app a: url "a.example.com" is also app c's`]],
      [
        'a',
        'c a.example.com',
        [
          'model/duplicate app a is declared twice (first at apps.topo:2)',
          `apps/url-conflict app a: url "a.example.com" is also app c's`,
        ],
      ],
      ['a', 'c c.example.com', ['model/duplicate app a is declared twice (first at apps.topo:2)']],
      ['b', 'c c.example.com', []],
    ];
    for (const [b, c, expected] of steps) {
      await w.change(uri, apps(b, c));
      expect(w.snapshot()).toEqual(await coldSnapshot(w.texts));
      expect(codes().sort()).toEqual(expected.sort());
    }
    expect(w.memoStats().reused).toBeGreaterThanOrEqual(steps.length);
  }, 60_000);

  it("hundreds of edits of apps' hosts keep the host conflicts a cold build reports", async () => {
    // The apps' indices by host are updated per edit as overrides of a full map, merged into a
    // new full map once they are many (model/checks.ts, HostIndices): past that point too. Each
    // edit moves one app to a new host for good, every seventh to the host of the next app.
    const hosts = Array.from({ length: 20 }, (_, i) => `h${i}.example.com`);
    const apps = (): string => hosts.map((h, i) => `app a${i} { clusters c  url "${h}" }\n`).join('');
    const w = await EditedWorkspace.open({ 'infra.topo': 'cluster c { }\n', 'apps.topo': apps() });
    const uri = [...w.texts.keys()].find((u) => u.endsWith('apps.topo'))!;
    let conflicts = 0;
    for (let edit = 1; edit <= 320; edit++) {
      const i = (edit * 7) % 20;
      hosts[i] = edit % 7 === 0 ? hosts[(i + 1) % 20]! : `h${i}-${edit}.example.com`;
      await w.change(uri, apps());
      if (edit % 20 !== 0) continue;
      expect(w.snapshot()).toEqual(await coldSnapshot(w.texts));
      conflicts += w.snapshot().diagnostics.split('apps/url-conflict').length - 1;
    }
    expect(conflicts).toBeGreaterThan(0);
  }, 120_000);

  it('an app edit moves an undeclared pair of synchronous storage to the next app that uses it, as a cold build does', async () => {
    // ref/undeclared-rtt reports a pair once, at its first use: the apps' storage uses are kept
    // per app and only the edited app's are found again (model/memo.ts, perAppOf).
    const infra = 'region east provider openstack { zone az1 zone az2 }\nregion west provider openstack { zone az1 }\n';
    const apps = (first: string): string =>
      `app a { storage sa { pattern ${first}  sites east.az1 east.az2 } }\n` +
      'app b { storage sb { pattern sync  sites east.az1 east.az2 } }\n' +
      'app c { storage sc { pattern sync  sites east west } }\n';
    const w = await EditedWorkspace.open({ 'infra.topo': infra, 'apps.topo': apps('sync') });
    const uri = [...w.texts.keys()].find((u) => u.endsWith('apps.topo'))!;
    const pairs = (): string[] =>
      (JSON.parse(w.snapshot().diagnostics) as [string, { code: string; message: string }[]][])
        .flatMap(([, ds]) => ds)
        .filter((d) => d.code === 'ref/undeclared-rtt')
        .map((d) => d.message.replace(/\): latency.*$/, ')'));
    const steps: [string, string[]][] = [
      ['app-async', ['no rtt declared between east.az1 and east.az2 (both sites of synchronous storage sb)']],
      ['sync', ['no rtt declared between east.az1 and east.az2 (both sites of synchronous storage sa)']],
    ];
    for (const [first, expected] of steps) {
      await w.change(uri, apps(first));
      expect(w.snapshot()).toEqual(await coldSnapshot(w.texts));
      expect(pairs()).toEqual([
        ...expected,
        'no rtt declared between east and west (both sites of synchronous storage sc)',
      ]);
    }
    expect(w.memoStats().reused).toBeGreaterThanOrEqual(steps.length);
  }, 60_000);

  it('an edit that adds, renames or removes a cluster in one file changes what apps in another file link to', async () => {
    // The scope of a folder's clusters is kept while no file's exported clusters change
    // (lsp/scope.ts): an edit of the file of clusters must make it again, one of apps must not.
    const w = await EditedWorkspace.open({
      'clusters.topo': 'cluster c1 { }\n',
      'apps.topo': 'app a { clusters c1 }\napp b { clusters c2 }\n',
    });
    const clusters = [...w.texts.keys()].find((u) => u.endsWith('clusters.topo'))!;
    const apps = [...w.texts.keys()].find((u) => u.endsWith('apps.topo'))!;
    const unresolved = (): string[] =>
      (JSON.parse(w.snapshot().diagnostics) as [string, { message: string }[]][])
        .flatMap(([, ds]) => ds)
        .map((d) => d.message)
        .filter((m) => /resolve/.test(m));
    const steps: [string, string, number][] = [
      [clusters, 'cluster c1 { }\ncluster c2 { }\n', 0],
      [apps, 'app a { clusters c1 }\napp b { clusters c2 }\napp d { clusters c1 }\n', 0],
      [clusters, 'cluster c3 { }\ncluster c2 { }\n', 2],
      [clusters, 'cluster c1 { }\n', 1],
    ];
    for (const [uri, text, count] of steps) {
      await w.change(uri, text);
      expect(w.snapshot()).toEqual(await coldSnapshot(w.texts));
      expect(unresolved()).toHaveLength(count);
    }
  }, 60_000);

  it('brings up to date the diagnostics of the files an edit does not touch', async () => {
    // b.topo refers to nothing in a.topo, so Langium would neither relink nor revalidate it; yet
    // renaming the topology in a.topo makes b.topo's own name conflict, an error shown in b.topo.
    const w = await EditedWorkspace.open({
      'a.topo': 'topology shop\nparam x = 1\n',
      'b.topo': 'topology shop\nparam y = 2\n',
    });
    const [a, b] = [...w.texts.keys()];
    await w.change(a!, 'topology other\nparam x = 1\n');
    const after = await coldSnapshot(w.texts);
    const inB = (JSON.parse(after.diagnostics) as [string, { code: string }[]][]).find(([u]) => u === b)![1];
    expect(inB.map((d) => d.code)).toEqual(['model/topology-name']);
    expect(w.snapshot()).toEqual(after);
  }, 60_000);

  it('a name an edit adds resolves where a fresh start resolves it', async () => {
    // c.topo uses the project `p`, declared in b.topo. An edit of d.topo declares `p` too (a
    // duplicate, reported): the reference in c.topo must end on the same declaration as after a
    // cold start (the last file's), though nothing in c.topo pointed into d.topo before the edit.
    const w = await EditedWorkspace.open({
      'b.topo': 'project p { role dmz }\n',
      'c.topo': 'network n in p { kind overlay }\n',
      'd.topo': 'param x = 1\n',
    });
    const d = [...w.texts.keys()][2]!;
    await w.change(d, 'param x = 1\nproject p { role app }\n');
    expect(w.snapshot()).toEqual(await coldSnapshot(w.texts));
  }, 60_000);
});
