/**
 * Lays the diagram out with ELK's layered algorithm (elkjs, the Eclipse Layout Kernel compiled to
 * JavaScript), hierarchy included: sites are compound nodes whose zones and homed nodes are laid
 * out together with the edges that cross their borders (`elk.hierarchyHandling: INCLUDE_CHILDREN`),
 * top to bottom: apps, GSLBs, load balancers, clusters, zones. Edges are routed orthogonally and
 * their labels placed by ELK, so no label sits on a box.
 *
 * The layout depends only on the diagram's structure, never on a failure's marks: a box keeps
 * room for its status line and an edge label for its `n/m` form, so showing a failure recolours
 * the same picture (and the editor keeps its zoom and position). Its parts (each site's inside,
 * the top level) are kept by their input, so an edit lays out again only what it changed.
 *
 * Options: https://eclipse.dev/elk/reference/options.html (layered: org.eclipse.elk.layered).
 */
import type { ELK, ElkNode } from 'elkjs/lib/elk-api.js';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { leafSize, PAD, REGION, RTT_LEVEL } from './metrics.js';
import type { Diagram, DiagramNode, RttLink } from './types.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

export interface LaidOutEdge {
  points: Point[];
}

export interface Layout {
  width: number;
  height: number;
  /** Absolute boxes of every node, by id. */
  boxes: Record<string, Box>;
  edges: Record<string, LaidOutEdge>;
}

const ROOT = '__root';
/** Top-level boxes above which the layout trades some crossings for time. */
const LARGE = 60;

const OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.hierarchyHandling': 'SEPARATE_CHILDREN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.spacing.nodeNode': '28',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.edgeNode': '16',
  'elk.spacing.edgeEdge': '10',
  'elk.layered.spacing.edgeNodeBetweenLayers': '16',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '10',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.nodePlacement.bk.fixedAlignment': 'BALANCED',
  'elk.randomSeed': '1',
};

let elk: ELK | undefined;

/**
 * elkjs (1.6 MB of compiled Java), loaded on the first layout: in the bundles (server, CLI) it is a
 * file beside them that scripts/build.mjs copies there, so starting the language server or the
 * CLI does not compile it (that took about 200 ms); from the sources, the package.
 */
async function engine(): Promise<ELK> {
  if (elk) return elk;
  const beside = typeof __filename === 'string' ? join(dirname(__filename), 'elk.bundled.cjs') : undefined;
  const loaded: unknown =
    beside && existsSync(beside) ? createRequire(__filename)(beside) : await import('elkjs/lib/elk.bundled.js');
  // The bundle is CommonJS (module.exports = the constructor), typed as an ES module with a default.
  const exported = (loaded as { default?: unknown }).default ?? loaded;
  const ElkClass = ((exported as { default?: unknown }).default ?? exported) as new () => ELK;
  elk = new ElkClass();
  return elk;
}

/** Lays out `diagram`; the result depends only on its structure (not on its marks). */
export async function layoutDiagram(diagram: Diagram): Promise<Layout> {
  const elk = await engine();
  const levels = levelsByContainer(diagram.rtts, modelOrder(diagram));
  // A diagram one reads box by box keeps the model's order (apps as declared) and ELK's default
  // thoroughness; on an estate, where the time matters more than the last crossing, crossing
  // minimisation is free to reorder and tries fewer orderings (both cost time superlinearly).
  const large = diagram.nodes.length > LARGE;
  const root: ElkNode = {
    id: ROOT,
    layoutOptions: {
      ...OPTIONS,
      ...(large
        ? { 'elk.layered.thoroughness': '2' }
        : { 'elk.layered.crossingMinimization.forceNodeModelOrder': 'true' }),
      'elk.padding': `[top=${PAD},left=${PAD},bottom=${PAD + (levels.get('') ?? 0) * RTT_LEVEL},right=${PAD}]`,
    },
    children: [],
    edges: [],
  };
  // Each site is laid out on its own (SEPARATE_CHILDREN: fast, and a site's zones stay a row under
  // what runs in them); an edge entering or leaving a site goes through a port on its border, one
  // per node inside (north for edges in, south for edges out), so the edges to one node bundle.
  const sites = new Map<string, ElkNode>();
  const siteOf = new Map<string, string>();
  for (const n of diagram.nodes) {
    const node = elkNode(n, levels, large);
    root.children!.push(node);
    if (n.kind === 'region') {
      sites.set(n.id, node);
      for (const c of n.children) siteOf.set(c.id, n.id);
    }
  }
  const ports = new Map<string, string>();
  const port = (site: string, side: 'NORTH' | 'SOUTH', node: string): string => {
    const key = `${site}|${side}|${node}`;
    let id = ports.get(key);
    if (!id) {
      id = `${ROOT}port${ports.size}`;
      ports.set(key, id);
      const s = sites.get(site)!;
      s.ports!.push({ id, width: 1, height: 1, layoutOptions: { 'elk.port.side': side } });
      s.edges!.push(
        side === 'NORTH'
          ? { id: `${id}in`, sources: [id], targets: [node] }
          : { id: `${id}out`, sources: [node], targets: [id] },
      );
    }
    return id;
  };
  /** Each diagram edge as the ELK edges it is made of, in order. */
  const pieces = new Map<string, string[]>();
  for (const e of diagram.edges) {
    const from = siteOf.get(e.source);
    const to = siteOf.get(e.target);
    if (from === to) {
      (from ? sites.get(from)! : root).edges!.push({ id: e.id, sources: [e.source], targets: [e.target] });
      pieces.set(e.id, [e.id]);
      continue;
    }
    const source = from ? port(from, 'SOUTH', e.source) : e.source;
    const target = to ? port(to, 'NORTH', e.target) : e.target;
    root.edges!.push({ id: e.id, sources: [source], targets: [target] });
    pieces.set(e.id, [...(from ? [`${source}out`] : []), e.id, ...(to ? [`${target}in`] : [])]);
  }
  // ELK's input says all the layout depends on: an edit that leaves it as it was (a number, a
  // health check, a name not drawn) gets the same layout back at once.
  const key = JSON.stringify(root);
  const cached = layouts.get(key);
  if (cached) return cached;
  const pending = compose(elk, root, [...sites.values()]).then((out) => finish(diagram, out, pieces));
  layouts.set(key, pending);
  pending.catch(() => layouts.delete(key));
  return pending;
}

/** A few values by key, the least recently used dropped first. */
class Recent<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    for (const old of this.map.keys()) {
      if (this.map.size <= this.limit) break;
      this.map.delete(old);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}

/** Layouts by ELK input: a few topologies open in the editor, each before and after an edit. */
const layouts = new Recent<Promise<Layout>>(8);
/**
 * ELK's answers for the parts of a layout by their input: an edit redoes only the parts it changed
 * (an app's edit, the top level; a zone's, its site and, if the site's size changed, the top
 * level). Sites' insides: every site of the largest estates, twice over; top levels (the large
 * part, 0.7 MB as JSON on the L estate): as many as whole layouts.
 */
const insides = new Recent<Promise<ElkNode>>(256);
const tops = new Recent<Promise<ElkNode>>(8);

/** Forgets the layouts made so far (the benchmark times the layout itself, not the cache). */
export function forgetLayouts(): void {
  layouts.clear();
  insides.clear();
  tops.clear();
}

/**
 * ELK's answer for `root`, in the steps ELK takes for it (SEPARATE_CHILDREN: each site's inside
 * first, then the top level with each site a box of that size, its ports where the inside put
 * them), each step's answer kept by its input: the same answer, part by part, as one call.
 */
async function compose(elk: ELK, root: ElkNode, sites: ElkNode[]): Promise<ElkNode> {
  const keys = sites.map((s) => JSON.stringify(s));
  const laid = keys.map((k) => insides.get(k));
  const missing = sites.filter((_, i) => !laid[i]);
  if (missing.length) {
    // The sites to lay out, side by side in one call: the `fixed` algorithm places nothing at
    // this level, ELK lays out each site's inside on its own.
    const batch = elk.layout({ id: `${ROOT}sites`, layoutOptions: { 'elk.algorithm': 'fixed' }, children: missing });
    missing.forEach((s, at) => {
      const i = sites.indexOf(s);
      const part = batch.then((out) => out.children![at]!);
      laid[i] = part;
      insides.set(keys[i]!, part);
      part.catch(() => insides.delete(keys[i]!));
    });
  }
  const inside = new Map((await Promise.all(laid)).map((s) => [s!.id, s!]));
  const top: ElkNode = {
    ...root,
    children: root.children!.map((c) => {
      const s = inside.get(c.id);
      if (!s) return c;
      return {
        id: s.id,
        width: s.width,
        height: s.height,
        layoutOptions: { 'elk.portConstraints': 'FIXED_POS', 'elk.layered.layering.layerConstraint': 'LAST' },
        ports: (s.ports ?? []).map((p) => ({ id: p.id, x: p.x, y: p.y, width: p.width, height: p.height })),
      };
    }),
  };
  const topKey = JSON.stringify(top);
  let topLaid = tops.get(topKey);
  if (!topLaid) {
    topLaid = elk.layout(top);
    tops.set(topKey, topLaid);
    topLaid.catch(() => tops.delete(topKey));
  }
  const out = await topLaid;
  return {
    ...out,
    children: out.children!.map((c) => {
      const s = inside.get(c.id);
      return s ? { ...c, children: s.children, edges: s.edges } : c;
    }),
  };
}

/** Absolute boxes and edge routes from ELK's answer; each diagram edge joined from its pieces. */
function finish(diagram: Diagram, out: ElkNode, pieces: Map<string, string[]>): Layout {
  const boxes: Record<string, Box> = {};
  const routes = new Map<string, Point[]>();
  const walk = (n: ElkNode, ox: number, oy: number): void => {
    for (const e of n.edges ?? []) {
      const points: Point[] = [];
      for (const s of e.sections ?? [])
        for (const p of [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]) points.push({ x: ox + p.x, y: oy + p.y });
      routes.set(e.id, points);
    }
    for (const c of n.children ?? []) {
      const box = { x: ox + (c.x ?? 0), y: oy + (c.y ?? 0), width: c.width ?? 0, height: c.height ?? 0 };
      boxes[c.id] = box;
      walk(c, box.x, box.y);
    }
  };
  walk(out, 0, 0);
  for (const n of diagram.nodes)
    if (n.kind === 'region') zonesInModelOrder(n.children.filter((c) => c.kind === 'zone').map((c) => boxes[c.id]!));
  const edges: Record<string, LaidOutEdge> = {};
  for (const [id, parts] of pieces) {
    const points: Point[] = [];
    for (const part of parts) {
      for (const p of routes.get(part) ?? []) {
        const last = points[points.length - 1];
        if (!last || Math.abs(last.x - p.x) > 0.01 || Math.abs(last.y - p.y) > 0.01) points.push(p);
      }
    }
    edges[id] = { points };
  }
  return { width: Math.ceil(out.width ?? 0), height: Math.ceil(out.height ?? 0), boxes, edges };
}

function elkNode(n: DiagramNode, rttLevels: Map<string, number>, large: boolean): ElkNode {
  if (n.kind === 'region') {
    return {
      id: n.id,
      layoutOptions: {
        ...OPTIONS,
        ...(large ? {} : { 'elk.layered.crossingMinimization.forceNodeModelOrder': 'true' }),
        'elk.padding': `[top=${REGION.top},left=${REGION.side},bottom=${REGION.bottom + (rttLevels.get(n.id) ?? 0) * RTT_LEVEL},right=${REGION.side}]`,
        'elk.portConstraints': 'FIXED_SIDE',
        'elk.layered.layering.layerConstraint': 'LAST',
        'elk.spacing.nodeNode': '20',
      },
      children: n.children.map((c) => elkNode(c, rttLevels, large)),
      ports: [],
      edges: [],
    };
  }
  const size = leafSize(n);
  const node: ElkNode = { id: n.id, width: size.width, height: size.height };
  // Zones at the bottom of their site, sites at the bottom of the diagram: RTT brackets go below them.
  if (n.kind === 'zone') node.layoutOptions = { 'elk.layered.layering.layerConstraint': 'LAST' };
  return node;
}

/**
 * A site's zones, side by side in the order the model declares them (az1, az2, az3): crossing
 * minimisation may have swapped them, and nothing but the (undrawn) placement edges ends at a
 * zone, so their slots can be dealt out again in model order, with the same gaps.
 */
function zonesInModelOrder(zones: Box[]): void {
  if (zones.length < 2 || zones.some((z) => Math.abs(z.y - zones[0]!.y) > 0.5)) return;
  const byX = [...zones].sort((a, b) => a.x - b.x);
  const gap = byX.length > 1 ? byX[1]!.x - (byX[0]!.x + byX[0]!.width) : 0;
  let x = byX[0]!.x;
  for (const z of zones) {
    z.x = x;
    x += z.width + gap;
  }
}

/**
 * RTT brackets under sibling boxes: each link gets a level so that the brackets of one container
 * do not overlap (shortest spans first, in the boxes' order); `order` gives each box's position.
 */
export function rttLevels(links: RttLink[], order: (id: string) => number): Map<RttLink, number> {
  const levels = new Map<RttLink, number>();
  const byContainer = new Map<string, RttLink[]>();
  for (const l of links) byContainer.set(l.container, [...(byContainer.get(l.container) ?? []), l]);
  for (const list of byContainer.values()) {
    const spans = list
      .map((l) => {
        const a = order(l.a);
        const b = order(l.b);
        return { l, from: Math.min(a, b), to: Math.max(a, b) };
      })
      .sort((x, y) => x.to - x.from - (y.to - y.from) || x.from - y.from);
    const placed: { from: number; to: number; level: number }[] = [];
    for (const s of spans) {
      let level = 1;
      while (placed.some((p) => p.level === level && s.from < p.to && p.from < s.to)) level++;
      placed.push({ from: s.from, to: s.to, level });
      levels.set(s.l, level);
    }
  }
  return levels;
}

/** Each box's position among its siblings, in model order. */
function modelOrder(diagram: Diagram): Map<string, number> {
  const order = new Map<string, number>();
  diagram.nodes.forEach((n, i) => {
    order.set(n.id, i);
    n.children.forEach((c, j) => order.set(c.id, j));
  });
  return order;
}

/** Levels of RTT brackets each container needs, boxes in model order (for the padding it reserves). */
function levelsByContainer(links: RttLink[], order: Map<string, number>): Map<string, number> {
  const levels = rttLevels(links, (id) => order.get(id) ?? 0);
  const out = new Map<string, number>();
  for (const [l, level] of levels) out.set(l.container, Math.max(out.get(l.container) ?? 0, level));
  return out;
}
