/**
 * The topology diagram of every example: every site, zone, cluster, load balancer, GSLB, app and
 * network is on it; for every single failure, the elements marked failed, down and degraded are
 * exactly what `topo simulate --json` says; the SVG is well-formed XML and stable (golden files).
 *
 * Update the golden SVGs after an intended change (a new rule's markers, a new look):
 *   UPDATE_GOLDEN=1 npx vitest run test/diagram.test.ts
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseAll, failureDomains } from '../language/analysis/failure.js';
import { runSimulate } from '../language/cli/simulate.js';
import { buildDiagram } from '../language/diagram/build.js';
import { drawDiagram } from '../language/diagram/index.js';
import { forgetLayouts } from '../language/diagram/layout.js';
import type { Diagram, DiagramNode } from '../language/diagram/types.js';
import type { TopoModel } from '../language/model/types.js';
import { EXAMPLES, load, topologyFiles, topologyFolders } from './support/index.js';

const GOLDEN = resolve(import.meta.dirname, 'golden/diagrams');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Diagrams of a failure checked in besides every example's plain one: `<example>` and the domain. */
const FAILURE_GOLDENS: [string, string][] = [
  ['two-dc-gtm-ltm/corrected', 'dc-fra'],
  ['stretched-ocp-ipi-rpn', 'osp-east.az1'],
];

interface Sax {
  parser(strict: boolean): {
    onerror: (e: Error) => void;
    onopentag: (t: { name: string; attributes: Record<string, string> }) => void;
    write(s: string): { close(): void };
  };
}
const sax = createRequire(import.meta.url)('sax') as Sax;

/** Parses `xml` with a strict XML parser; returns the elements' names and attributes, or throws. */
function parseXml(xml: string): { name: string; attributes: Record<string, string> }[] {
  const parser = sax.parser(true);
  const elements: { name: string; attributes: Record<string, string> }[] = [];
  let error: Error | undefined;
  parser.onerror = (e) => {
    error ??= e;
  };
  parser.onopentag = (t) => elements.push({ name: t.name, attributes: t.attributes });
  parser.write(xml).close();
  if (error) throw error;
  return elements;
}

function allNodes(d: Diagram): DiagramNode[] {
  const out: DiagramNode[] = [];
  const walk = (n: DiagramNode): void => {
    out.push(n);
    n.children.forEach(walk);
  };
  d.nodes.forEach(walk);
  return out;
}

/** Every element id drawn: boxes, and the elements their rows show. */
function drawn(d: Diagram): Set<string> {
  const ids = new Set<string>();
  for (const n of allNodes(d)) {
    ids.add(n.id);
    for (const r of n.rows) ids.add(r.element);
  }
  return ids;
}

type Json = Record<string, any>;

/** The marks `topo simulate --json` implies for one failure, by element id. */
function expectedMarks(f: Json): Record<string, 'failed' | 'down' | 'degraded'> {
  const out: Record<string, 'failed' | 'down' | 'degraded'> = {};
  const mark = (id: string, state: 'failed' | 'down' | 'degraded') => {
    if (out[id] !== 'failed') out[id] = state;
  };
  for (const z of f.zonesDown) mark(`zone:${z}`, 'failed');
  for (const r of f.regionsDown) mark(`region:${r}`, 'failed');
  if (f.kind === 'router') mark(`router:${f.domain}`, 'failed');
  if (f.kind === 'loadBalancer') mark(`lb:${f.domain}`, 'failed');
  for (const r of f.routersDown) mark(`router:${r.router}`, 'down');
  for (const l of f.loadBalancersDown) mark(`lb:${l.loadBalancer}`, 'down');
  for (const n of f.networksWithoutGateway) mark(`network:${n.network}`, 'down');
  for (const c of f.clusters) mark(`cluster:${c.cluster}`, c.serving ? 'degraded' : 'down');
  for (const a of f.apps) {
    if (!a.served || a.dataUnavailable) mark(`app:${a.app}`, 'down');
    else if (a.left < a.replicas) mark(`app:${a.app}`, 'degraded');
  }
  const byGslb = new Map<string, Json[]>();
  for (const g of f.gslbNames) byGslb.set(g.gslb, [...(byGslb.get(g.gslb) ?? []), g]);
  for (const [g, names] of byGslb) mark(`gslb:${g}`, names.some((n) => !n.failsOver) ? 'down' : 'degraded');
  for (const s of f.servers) mark(`servers:${s.servers}`, s.left === 0 || !s.reachable ? 'down' : 'degraded');
  for (const s of f.storage) {
    if (s.outcome === 'unavailable' || s.outcome === 'partition-unavailable') mark(`storage:${s.storage}`, 'down');
    else if (s.outcome !== 'available') mark(`storage:${s.storage}`, 'degraded');
  }
  return out;
}

/** The diagram's marks on elements (not on an app's share in a cluster, which is an edge). */
function elementMarks(d: Diagram): Record<string, string> {
  return Object.fromEntries(
    Object.entries(d.marks)
      .filter(([id]) => !id.startsWith('runs:'))
      .map(([id, m]) => [id, m.state]),
  );
}

async function simulateJson(folder: string): Promise<Json> {
  let text = '';
  // The folder's own files: a sub-folder (`corrected/`) is a topology of its own.
  const files = readdirSync(join(EXAMPLES, folder))
    .filter((f) => f.endsWith('.topo'))
    .map((f) => join(EXAMPLES, folder, f));
  await runSimulate(files, { out: (s) => void (text += s) }, { json: true });
  return JSON.parse(text);
}

function expectEveryElementDrawn(model: TopoModel, d: Diagram): void {
  const ids = drawn(d);
  const missing = [
    ...model.regions.map((r) => `region:${r.name}`),
    ...model.zones.map((z) => `zone:${z.id}`),
    ...model.clusters.map((c) => `cluster:${c.name}`),
    ...model.apps.map((a) => `app:${a.name}`),
    ...model.networks.map((n) => `network:${n.name}`),
    ...model.loadBalancers.map((l) => `lb:${l.name}`),
    ...model.gslbs.map((g) => `gslb:${g.name}`),
    ...model.routers.map((r) => `router:${r.name}`),
    ...model.servers.map((s) => `servers:${s.name}`),
    ...model.storages.map((s) => `storage:${s.name}`),
  ].filter((id) => !ids.has(id));
  expect(missing).toEqual([]);
}

describe('diagram of every example', () => {
  for (const folder of topologyFolders()) {
    it(`${folder}: draws every element, and marks for every single failure what topo simulate --json says`, async () => {
      const { model, findings } = await load(topologyFiles(folder));
      const plain = buildDiagram(model, { findings });
      expectEveryElementDrawn(model, plain);
      expect(plain.marks).toEqual({});
      const json = await simulateJson(folder);
      const impacts = analyseAll(model);
      expect(json.failures.length).toBe(failureDomains(model).length);
      for (const f of json.failures) {
        const impact = impacts.find((i) => i.domain.kind === f.kind && i.domain.id === f.domain)!;
        const d = buildDiagram(model, { impact, findings });
        expect(elementMarks(d), `${folder} --fail ${f.domain}`).toEqual(expectedMarks(f));
        expect(d.failure?.lines.length).toBeGreaterThan(0);
      }
    });
  }

  it('shows the findings as markers on the elements they concern', async () => {
    const { model, findings } = await load(topologyFiles('stretched-ocp-ipi-rpn'));
    const d = buildDiagram(model, { findings });
    const messages = Object.entries(d.markers).flatMap(([id, ms]) =>
      ms.flatMap((m) => m.messages.map((msg) => `${id} ${m.severity} ${msg.split(':')[0]}`)),
    );
    // The seed's risks: the control plane's gateway in one AZ, two clusters on one stretched L2.
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^network:\S+ error l2\/gateway-spof$/),
        expect.stringMatching(/ error l2\/vrrp-collision$/),
      ]),
    );
    for (const [id, ms] of Object.entries(d.markers)) {
      expect(d.sources[id], id).toBeDefined();
      expect(ms.reduce((n, m) => n + m.count, 0)).toBe(ms.reduce((n, m) => n + m.messages.length, 0));
    }
    expect(
      Object.values(d.markers)
        .flat()
        .reduce((n, m) => n + m.count, 0),
    ).toBe(findings.length + model.problems.length);
  });
});

describe('the traffic layer on the diagram', () => {
  it("shows an HAProxy pair's VRRP id and the VMs it runs on, and a GSLB's own name servers", async () => {
    const haproxy = await load(topologyFiles('stretched-ocp-overlay-haproxy/corrected'));
    const d = buildDiagram(haproxy.model, { findings: haproxy.findings });
    const nodes = allNodes(d);
    const withKeepalived = haproxy.model.loadBalancers.filter((lb) => lb.keepalived);
    expect(withKeepalived.length).toBeGreaterThan(0);
    for (const lb of withKeepalived) {
      const node = nodes.find((n) => n.id === `lb:${lb.name}`)!;
      const k = lb.keepalived!;
      expect(node.rows.find((r) => r.text === 'VRRP')?.detail, lb.name).toBe(
        `id ${k.vrid} · ${k.mode}${k.segment ? ` · on ${k.segment.name}` : ''}`,
      );
      // The VMs that hold the VIP: a box of their own, linked from the load balancer.
      expect(
        nodes.some((n) => n.id === `servers:${k.servers.name}`),
        k.servers.name,
      ).toBe(true);
      expect(d.edges).toContainEqual(
        expect.objectContaining({ kind: 'via', source: `lb:${lb.name}`, target: `servers:${k.servers.name}` }),
      );
    }
    const gtm = await load(topologyFiles('two-dc-gtm-ltm/corrected'));
    const gslb = allNodes(buildDiagram(gtm.model)).find((n) => n.id === 'gslb:gtm')!;
    expect(gslb.rows.find((r) => r.text === 'NS')?.detail).toBe('gtm-fra.example.com gtm-mad.example.com');
  });
});

describe('topo diagram examples/two-dc-gtm-ltm/corrected --fail dc-fra', () => {
  it('draws both sites, their zones, both clusters, the LTMs, the GSLBs and every app; dc-fra failed, the apps served from dc-mad', async () => {
    const { model, findings } = await load(topologyFiles('two-dc-gtm-ltm/corrected'));
    const impact = analyseAll(model).find((i) => i.domain.kind === 'region' && i.domain.id === 'dc-fra')!;
    const { diagram, svg } = await drawDiagram(model, { impact, findings, standalone: true });
    const elements = parseXml(svg);
    const state = (id: string) => elements.find((e) => e.attributes['data-id'] === id)?.attributes['data-state'];
    for (const id of [
      'region:dc-fra',
      'region:dc-mad',
      'cluster:ocp-fra',
      'cluster:ocp-mad',
      'gslb:gtm',
      'gslb:gtm-passthrough',
      'app:storefront',
      'app:orders',
      'app:ledger',
      'app:customers',
    ]) {
      expect(
        elements.some((e) => e.attributes['data-id'] === id),
        id,
      ).toBe(true);
    }
    for (const lb of model.loadBalancers)
      expect(
        elements.some((e) => e.attributes['data-id'] === `lb:${lb.name}`),
        lb.name,
      ).toBe(true);
    expect(state('region:dc-fra')).toBe('failed');
    for (const z of ['az1', 'az2', 'az3']) {
      expect(state(`zone:dc-fra.${z}`)).toBe('failed');
      expect(state(`zone:dc-mad.${z}`)).toBeUndefined();
    }
    expect(state('cluster:ocp-fra')).toBe('down');
    expect(state('cluster:ocp-mad')).toBeUndefined();
    for (const lb of ['ltm-fra', 'ltm-fra-passthrough', 'ltm-fra-api']) expect(state(`lb:${lb}`)).toBe('down');
    for (const lb of ['ltm-mad', 'ltm-mad-passthrough', 'ltm-mad-api']) expect(state(`lb:${lb}`)).toBeUndefined();
    // Apps: served from dc-mad, as `topo simulate --fail dc-fra` says (ledger's data is in dc-fra).
    expect(diagram.marks['app:storefront']).toMatchObject({ state: 'degraded', note: '3/6 replicas via dc-mad' });
    expect(diagram.marks['app:orders']).toMatchObject({ state: 'degraded', note: '2/4 replicas via dc-mad' });
    expect(diagram.marks['app:customers']).toMatchObject({ state: 'degraded', note: '2/4 replicas via dc-mad' });
    expect(diagram.marks['app:ledger']).toMatchObject({ state: 'down', note: '2/4 served · data unavailable' });
    expect(diagram.marks['app:ledger']!.detail).toMatch(
      /^2 of 4 replicas served via dc-mad, but storage ledger-db: .*restore from the backup in dc-mad/,
    );
    // Each app's share: lost in ocp-fra, served in ocp-mad.
    for (const app of ['storefront', 'orders', 'ledger', 'customers']) {
      expect(diagram.marks[`runs:app:${app}>cluster:ocp-fra`]?.state, app).toBe('down');
      expect(diagram.marks[`runs:app:${app}>cluster:ocp-mad`], app).toBeUndefined();
    }
    expect(diagram.marks['gslb:gtm']!.note).toBe('3 names fail over → ltm-mad');
    expect(svg).toContain('If site dc-fra fails');
  });
});

describe('diagram SVG', () => {
  const cases: { name: string; folder: string; fail?: string }[] = [
    ...topologyFolders().map((folder) => ({ name: folder, folder })),
    ...FAILURE_GOLDENS.map(([folder, fail]) => ({ name: `${folder}--fail-${fail}`, folder, fail })),
  ];
  for (const c of cases) {
    it(`${c.name}: well-formed, and exactly the checked-in golden file`, async () => {
      const { model, findings } = await load(topologyFiles(c.folder));
      const impact = c.fail ? analyseAll(model).find((i) => i.domain.id === c.fail) : undefined;
      if (c.fail) expect(impact, c.fail).toBeDefined();
      const { svg } = await drawDiagram(model, { impact, findings, standalone: true });
      const elements = parseXml(svg);
      expect(elements[0]!.name).toBe('svg');
      expect(elements[0]!.attributes.xmlns).toBe('http://www.w3.org/2000/svg');
      const file = join(GOLDEN, `${c.name}.svg`);
      if (UPDATE) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, svg);
      }
      expect(existsSync(file), `${file} (UPDATE_GOLDEN=1 writes it)`).toBe(true);
      expect(svg).toBe(readFileSync(file, 'utf8'));
    });
  }

  it('has no golden file for a case that no longer exists', () => {
    const expected = new Set(cases.map((c) => `${c.name}.svg`));
    const files = existsSync(GOLDEN)
      ? readdirSync(GOLDEN, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => join(e.parentPath, e.name).slice(GOLDEN.length + 1))
      : [];
    const stale = files.filter((f) => !expected.has(f));
    if (UPDATE) for (const f of stale) rmSync(join(GOLDEN, f));
    else expect(stale).toEqual([]);
  });

  it('the pictures of the READMEs are the current drawings, and examples/README.md links to every one', () => {
    const pictures: [string, string][] = [
      ['diagram-two-dc-gtm-ltm-fail-dc-fra.svg', 'two-dc-gtm-ltm/corrected--fail-dc-fra.svg'],
      ['diagram-stretched-ocp-ipi-rpn.svg', 'stretched-ocp-ipi-rpn.svg'],
    ];
    for (const [image, golden] of pictures) {
      const file = resolve(import.meta.dirname, '../images', image);
      if (UPDATE) writeFileSync(file, readFileSync(join(GOLDEN, golden)));
      expect(readFileSync(file, 'utf8'), `images/${image} (npm run diagrams)`).toBe(
        readFileSync(join(GOLDEN, golden), 'utf8'),
      );
    }
    const readme = readFileSync(resolve(import.meta.dirname, '../examples/README.md'), 'utf8');
    const linked = [...readme.matchAll(/\(\.\.\/test\/golden\/diagrams\/([^)]+\.svg)\)/g)].map((m) => m[1]!).sort();
    expect(linked).toEqual(cases.map((c) => `${c.name}.svg`).sort());
  });

  it('an edit that changes no box nor link reuses the layout; a new box gets a new one', async () => {
    const files = topologyFiles('two-dc-gtm-ltm/corrected');
    const apps = Object.keys(files).find((f) => f.endsWith('apps.topo'))!;
    const edited = (from: RegExp, to: string) => {
      expect(files[apps]).toMatch(from);
      return { ...files, [apps]: files[apps]!.replace(from, to) };
    };
    const before = await drawDiagram((await load(files)).model);
    // 6 → 8 replicas: digits as wide as each other, so every box keeps its size.
    const same = await drawDiagram((await load(edited(/replicas 6\b/, 'replicas 8'))).model);
    expect(same.layout).toBe(before.layout);
    expect(same.svg).toContain('app · 8 replicas');
    const added = await drawDiagram(
      (await load({ ...files, [apps]: `${files[apps]}\napp extra { clusters ocp-fra  replicas 2 }\n` })).model,
    );
    expect(added.layout).not.toBe(before.layout);
    expect(added.layout.boxes['app:extra']).toBeDefined();
  });

  it('after an edit, the parts it did not touch keep their layout, and the picture is the one a fresh layout draws', async () => {
    const files = topologyFiles('two-dc-gtm-ltm/corrected');
    const name = (end: string) => Object.keys(files).find((f) => f.endsWith(end))!;
    const edits: Record<string, string>[] = [
      // A new box at the top level: both sites as they were.
      { ...files, [name('apps.topo')]: `${files[name('apps.topo')]}\napp extra { clusters ocp-mad  replicas 2 }\n` },
      // A fourth zone in dc-mad: its inside and the top level change, dc-fra's inside does not.
      {
        ...files,
        [name('sites.topo')]: files[name('sites.topo')]!.replace(
          /(location "Madrid, ES"\n {2}zone az1 {2}zone az2 {2}zone az3)/,
          '$1  zone az4',
        ),
      },
    ];
    for (const edited of edits) {
      expect(edited).not.toEqual(files);
      forgetLayouts();
      const original = await drawDiagram((await load(files)).model);
      const after = await drawDiagram((await load(edited)).model);
      forgetLayouts();
      const fresh = await drawDiagram((await load(edited)).model);
      expect(after.svg).not.toBe(original.svg);
      expect(after.svg).toBe(fresh.svg);
    }
  });

  it('is the same picture with or without a failure: the layout does not move', async () => {
    const { model, findings } = await load(topologyFiles('two-dc-gtm-ltm/corrected'));
    const plain = await drawDiagram(model, { findings });
    const impact = analyseAll(model).find((i) => i.domain.id === 'dc-mad.az2')!;
    const failed = await drawDiagram(model, { impact, findings });
    expect(failed.layout).toBe(plain.layout);
    const boxes = (svg: string) => {
      const elements = parseXml(svg);
      const graph = elements.slice(
        0,
        elements.findIndex((e) => e.attributes.class === 'footer'),
      );
      return graph
        .filter((e) => e.name === 'rect' && e.attributes.class === 'box')
        .map((e) => `${e.attributes.x},${e.attributes.y},${e.attributes.width},${e.attributes.height}`);
    };
    expect(boxes(failed.svg)).toEqual(boxes(plain.svg));
  });
});
