/**
 * Renders a laid-out diagram to SVG: one renderer for the CLI (`topo diagram`, a standalone file
 * with its own style sheet) and the editor's webview (the same markup, themed by the webview's
 * CSS). Every element carries `data-id` (the model element), `data-kind`, `data-state` (its mark)
 * and, for failure domains, `data-domain`, which the webview's clicks and tests read.
 *
 * Deterministic: the same diagram and layout give the same bytes (coordinates rounded to 0.1).
 */
import { rttLevels, type Box, type Layout, type Point } from './layout.js';
import { LINE, PAD, ROW_GAP, ROW_ICON, ROW_MARKER, RTT_LEVEL, rowsTop, SIZE } from './metrics.js';
import { DIAGRAM_CSS } from './style.js';
import { ellipsize, textWidth } from './text.js';
import type { Diagram, DiagramEdge, DiagramNode, DiagramRow, Mark, Marker } from './types.js';

export interface SvgOptions {
  /** Embed the style sheet and paint a background (a file on its own); the webview styles it itself. */
  standalone?: boolean;
}

const HEADER = 64;
const MIN_WIDTH = 760;
const SUMMARY_LINE = 17;
const LEGEND_LINE = 22;

const KIND_WORDS: Record<string, string> = {
  region: 'site',
  zone: 'zone',
  cluster: 'cluster',
  loadBalancer: 'load balancer',
  servers: 'VM group',
  gslb: 'GSLB',
  app: 'app',
  appGroup: 'apps',
  management: 'management',
  unplaced: '',
};

export function renderSvg(diagram: Diagram, layout: Layout, options: SvgOptions = {}): string {
  return new Renderer(diagram, layout).render(options);
}

/** Rounds for the output: 0.1 px, no `-0`. */
function n(x: number): string {
  const r = Math.round(x * 10) / 10;
  return String(r === 0 ? 0 : r);
}

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

class Renderer {
  private readonly out: string[] = [];
  private readonly width: number;
  private readonly failedZones = new Set<string>();

  constructor(
    private readonly d: Diagram,
    private readonly layout: Layout,
  ) {
    this.width = Math.max(layout.width, MIN_WIDTH);
    for (const [id, m] of Object.entries(d.marks))
      if (m.state === 'failed' && id.startsWith('zone:')) this.failedZones.add(id);
  }

  render(options: SvgOptions): string {
    const d = this.d;
    const footer = this.footer(HEADER + this.layout.height + 12);
    const height = Math.ceil(footer.bottom + PAD);
    const label = `${d.title}: topology diagram${d.failure ? `, if ${d.failure.title} fails` : ''}`;
    const o = this.out;
    o.push(
      `<svg xmlns="http://www.w3.org/2000/svg" class="topo-diagram" width="${this.width}" height="${height}" viewBox="0 0 ${this.width} ${height}" role="img" aria-labelledby="topo-diagram-title">`,
    );
    o.push(`<title id="topo-diagram-title">${escapeXml(label)}</title>`);
    if (options.standalone) o.push(`<style>${DIAGRAM_CSS.trim()}</style>`);
    o.push(
      '<defs>',
      '<pattern id="topo-hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)"><line class="hatch-line" x1="0" y1="0" x2="0" y2="8"/></pattern>',
      '<marker id="topo-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow" d="M0,0L10,5L0,10z"/></marker>',
      '<marker id="topo-arrow-down" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="arrow-down" d="M0,0L10,5L0,10z"/></marker>',
      '</defs>',
    );
    o.push(`<rect class="bg" x="0" y="0" width="${this.width}" height="${height}"/>`);
    this.header();
    o.push(`<g class="graph" transform="translate(0,${HEADER})">`);
    for (const node of d.nodes) if (node.kind === 'region') this.region(node);
    o.push('<g class="edges">');
    for (const e of d.edges) this.edge(e);
    o.push('</g>');
    for (const node of d.nodes) {
      if (node.kind === 'region') for (const c of node.children) this.leaf(c);
      else this.leaf(node);
    }
    this.rtts();
    o.push('</g>');
    o.push(...footer.parts);
    o.push('</svg>');
    return o.join('\n') + '\n';
  }

  // ---------------------------------------------------------------- header and footer

  private header(): void {
    const d = this.d;
    const count = (k: string) => Object.keys(d.sources).filter((id) => id.startsWith(`${k}:`)).length;
    const facts = [
      [count('region'), 'site'],
      [count('zone'), 'zone'],
      [count('cluster'), 'cluster'],
      [count('lb'), 'load balancer'],
      [count('app'), 'app'],
    ]
      .filter(([c]) => (c as number) > 0)
      .map(([c, w]) => `${c} ${w}${c === 1 ? '' : 's'}`)
      .join(' · ');
    this.out.push(
      `<g class="header"><text class="title" x="${PAD + 6}" y="30" font-size="${SIZE.header}">${escapeXml(d.title)}</text>`,
    );
    if (d.failure) {
      this.out.push(
        `<text class="failure-title" x="${PAD + 6}" y="52" font-size="13" data-domain="${escapeXml(d.failure.spec)}">If ${escapeXml(d.failure.title)} fails</text>`,
      );
    } else {
      this.out.push(`<text class="muted" x="${PAD + 6}" y="52" font-size="12">${escapeXml(facts)}</text>`);
    }
    this.out.push('</g>');
  }

  /** The failure's consequences (if any) and the legend, from `top`. */
  private footer(top: number): { parts: string[]; bottom: number } {
    const parts: string[] = ['<g class="footer">'];
    let y = top;
    const x0 = PAD + 6;
    const width = this.width - 2 * x0;
    const failure = this.d.failure;
    if (failure) {
      parts.push(`<g class="failure-summary" data-domain="${escapeXml(failure.spec)}">`);
      y += 16;
      parts.push(
        `<text class="failure-title" x="${x0}" y="${n(y)}" font-size="${SIZE.summary + 1}">If ${escapeXml(failure.title)} fails (topo simulate --fail ${escapeXml(failure.spec)})</text>`,
      );
      for (const line of failure.lines) {
        for (const [i, part] of wrap(line, width - 14, SIZE.summary).entries()) {
          y += SUMMARY_LINE;
          parts.push(
            `<text x="${n(x0 + (i ? 14 : 0))}" y="${n(y)}" font-size="${SIZE.summary}">${i ? '' : '• '}${escapeXml(part)}</text>`,
          );
        }
      }
      parts.push('</g>');
      y += 12;
    }
    const legend = legendItems();
    let lx = x0;
    y += 18;
    parts.push('<g class="legend">');
    parts.push(`<text class="muted title" x="${x0}" y="${n(y)}" font-size="${SIZE.legend}">Legend</text>`);
    lx = x0 + 56;
    for (const item of legend) {
      const w = 24 + textWidth(item.text, SIZE.legend) + 18;
      if (lx + w > x0 + width) {
        lx = x0 + 56;
        y += LEGEND_LINE;
      }
      parts.push(
        `<g class="legend-item">${item.swatch(lx, y - 4)}<text x="${n(lx + 24)}" y="${n(y)}" font-size="${SIZE.legend}">${escapeXml(item.text)}</text></g>`,
      );
      lx += w;
    }
    parts.push('</g></g>');
    return { parts, bottom: y + 8 };
  }

  // ---------------------------------------------------------------- boxes

  private box(id: string): Box {
    return this.layout.boxes[id] ?? { x: 0, y: 0, width: 0, height: 0 };
  }

  private attrs(node: DiagramNode, mark: Mark | undefined): string {
    const domain = this.d.domains[node.id];
    return `data-id="${escapeXml(node.id)}" data-kind="${node.kind}"${mark ? ` data-state="${mark.state}"` : ''}${domain ? ` data-domain="${escapeXml(domain)}"` : ''}`;
  }

  private tooltip(node: DiagramNode, mark: Mark | undefined): string {
    const lines = [
      `${KIND_WORDS[node.kind] ?? ''} ${node.title}`.trim(),
      node.subtitle,
      mark?.note ?? '',
      mark?.detail ?? '',
      ...this.markerLines(node.id),
    ];
    if (this.d.domains[node.id]) lines.push('Click: show what its failure breaks');
    return `<title>${escapeXml(lines.filter(Boolean).join('\n'))}</title>`;
  }

  private markerLines(id: string): string[] {
    return (this.d.markers[id] ?? []).flatMap((m) => m.messages.map((msg) => `${m.severity}: ${msg}`));
  }

  private region(node: DiagramNode): void {
    const b = this.box(node.id);
    const mark = this.d.marks[node.id];
    const o = this.out;
    o.push(`<g class="region node${mark ? ` state-${mark.state}` : ''}" ${this.attrs(node, mark)}>`);
    o.push(this.tooltip(node, mark));
    o.push(`<rect class="box" x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="8"/>`);
    if (mark?.state === 'failed')
      o.push(
        `<rect class="hatch" x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="8" fill="url(#topo-hatch)"/>`,
      );
    const tx = b.x + 14;
    o.push(
      `<text class="title" x="${n(tx)}" y="${n(b.y + 24)}" font-size="${SIZE.regionTitle}">${escapeXml(node.title)}</text>`,
    );
    o.push(
      `<text class="subtitle" x="${n(tx)}" y="${n(b.y + 42)}" font-size="${SIZE.subtitle}">${escapeXml(node.subtitle)}</text>`,
    );
    if (mark)
      o.push(this.badge(mark, tx + textWidth(node.title, SIZE.regionTitle, true) + 10, b.y + 24, SIZE.subtitle));
    o.push(this.markers(node.id, b.x + b.width - 12, b.y + 14));
    o.push('</g>');
  }

  private badge(mark: Mark, x: number, y: number, size: number): string {
    return `<text class="badge state-${mark.state}" x="${n(x)}" y="${n(y)}" font-size="${size}">${escapeXml(mark.state === 'failed' ? 'FAILED' : mark.note)}</text>`;
  }

  /** Diagnostics markers, right-aligned to `right`: one circle per severity with its count. */
  private markers(id: string, right: number, cy: number, r = 8): string {
    const list: Marker[] = this.d.markers[id] ?? [];
    let x = right - r;
    const parts: string[] = [];
    for (const m of [...list].reverse()) {
      const text = m.count > 9 ? '9+' : String(m.count);
      parts.unshift(
        `<g class="marker ${m.severity}" data-severity="${m.severity}"><title>${escapeXml(m.messages.map((msg) => `${m.severity}: ${msg}`).join('\n'))}</title><circle cx="${n(x)}" cy="${n(cy)}" r="${r}"/><text x="${n(x)}" y="${n(cy + r * 0.45)}" font-size="${n(r * 1.25)}" text-anchor="middle">${text}</text></g>`,
      );
      x -= 2 * r + 3;
    }
    return parts.join('');
  }

  /** On a row, one dot of the worst severity (the row's tooltip lists every message). */
  private rowMarker(id: string, cx: number, cy: number): string {
    const worst = this.d.markers[id]?.[0];
    if (!worst) return '';
    return `<g class="marker ${worst.severity}" data-severity="${worst.severity}"><circle cx="${n(cx)}" cy="${n(cy)}" r="4"/></g>`;
  }

  private leaf(node: DiagramNode): void {
    const b = this.box(node.id);
    const mark = this.d.marks[node.id] ?? this.groupMark(node);
    const o = this.out;
    const zone = node.kind === 'zone';
    o.push(
      `<g class="${zone ? 'zone' : 'leaf'} node kind-${node.kind}${mark ? ` state-${mark.state}` : ''}" ${this.attrs(node, mark)}>`,
    );
    o.push(this.tooltip(node, mark));
    const r = 6;
    if (zone) {
      o.push(`<rect class="box" x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${r}"/>`);
    } else {
      // The body, then the kind's colour as a bar along the left edge (the box's rounded corners).
      const x = b.x + r;
      o.push(
        `<path class="body" d="M${n(x)},${n(b.y)}H${n(b.x + b.width - r)}A${r},${r} 0 0 1 ${n(b.x + b.width)},${n(b.y + r)}V${n(b.y + b.height - r)}A${r},${r} 0 0 1 ${n(b.x + b.width - r)},${n(b.y + b.height)}H${n(x)}Z"/>`,
      );
      o.push(
        `<path class="accent" d="M${n(x)},${n(b.y)}A${r},${r} 0 0 0 ${n(b.x)},${n(b.y + r)}V${n(b.y + b.height - r)}A${r},${r} 0 0 0 ${n(x)},${n(b.y + b.height)}Z"/>`,
      );
      o.push(`<rect class="box" x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${r}"/>`);
    }
    if (mark?.state === 'failed')
      o.push(
        `<rect class="hatch" x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="${r}" fill="url(#topo-hatch)"/>`,
      );
    const tx = b.x + PAD + (zone ? 0 : 2);
    const titleY = b.y + 8 + 13;
    o.push(
      `<text class="title" x="${n(tx)}" y="${n(titleY)}" font-size="${SIZE.title}">${escapeXml(node.title)}</text>`,
    );
    if (zone && mark) o.push(this.badge(mark, tx + textWidth(node.title, SIZE.title, true) + 8, titleY, SIZE.subtitle));
    if (!zone)
      o.push(
        `<text class="subtitle" x="${n(tx)}" y="${n(b.y + 8 + LINE.title + 11)}" font-size="${SIZE.subtitle}">${escapeXml(ellipsize(node.subtitle, b.width - 2 * PAD, SIZE.subtitle))}</text>`,
      );
    o.push(this.markers(node.id, b.x + b.width - 8, b.y + 8 + 8, 7.5));
    let y = b.y + rowsTop(node);
    for (const row of node.rows) {
      this.row(node, row, b, y, mark);
      y += LINE.row;
    }
    if (zone && node.rows.length === 0)
      o.push(`<text class="muted" x="${n(tx)}" y="${n(y + 12.5)}" font-size="${SIZE.row}">nothing placed here</text>`);
    if (node.status !== undefined) {
      const text = mark && mark.state !== 'failed' ? mark.note : node.status;
      const cls = mark && mark.state !== 'failed' ? `note state-${mark.state}` : 'muted status';
      o.push(
        `<text class="${cls}" x="${n(tx)}" y="${n(y + 4 + 12.5)}" font-size="${SIZE.status}">${escapeXml(ellipsize(text, b.width - 2 * PAD, SIZE.status, !!mark))}</text>`,
      );
    }
    o.push('</g>');
  }

  /** A group of apps: down when one of its apps is, else degraded when one is. */
  private groupMark(node: DiagramNode): Mark | undefined {
    if (node.kind !== 'appGroup') return undefined;
    const marks = node.rows.map((r) => this.d.marks[r.element]).filter((m): m is Mark => !!m);
    const down = marks.filter((m) => m.state === 'down').length;
    const degraded = marks.filter((m) => m.state === 'degraded').length;
    if (down)
      return { state: 'down', note: `${down} of the shown apps down${degraded ? `, ${degraded} degraded` : ''}` };
    if (degraded) return { state: 'degraded', note: `${degraded} of the shown apps degraded` };
    return undefined;
  }

  private row(node: DiagramNode, row: DiagramRow, b: Box, y: number, nodeMark: Mark | undefined): void {
    const own = row.element === node.id;
    const mark =
      node.kind === 'zone' && this.failedZones.has(node.id)
        ? { state: 'failed' as const, note: '' }
        : row.markedBy
          ? this.d.marks[row.markedBy]
          : own
            ? undefined
            : this.d.marks[row.element];
    const domain = this.d.domains[row.element];
    const attrs = `data-id="${row.id}" data-element="${escapeXml(row.element)}"${mark ? ` data-state="${mark.state}"` : ''}${domain && !own ? ` data-domain="${escapeXml(domain)}"` : ''}`;
    const o = this.out;
    // In a zone a row keeps what is placed there (its colour tells the rest); elsewhere it shows
    // the numbers: a cluster's members left, an app's share served, a storage's outcome.
    const fact = own ? nodeMark?.facts?.[row.text] : undefined;
    const factState = fact && nodeMark ? nodeMark.state : undefined;
    o.push(`<g class="row${mark ? ` state-${mark.state}` : factState ? ` state-${factState}` : ''}" ${attrs}>`);
    const markers = !own && !row.markedBy;
    const tip = [
      `${row.text} ${row.detail}`.trim(),
      mark && mark.state !== 'failed' ? (mark.detail ?? mark.note) : '',
      ...(markers ? this.markerLines(row.element) : []),
    ].filter(Boolean);
    o.push(`<title>${escapeXml(tip.join('\n'))}</title>`);
    o.push(
      `<rect class="row-bg" x="${n(b.x + 4)}" y="${n(y)}" width="${n(b.width - 8)}" height="${LINE.row}" rx="3"/>`,
    );
    const x = b.x + PAD + (node.kind === 'zone' ? 0 : 2);
    if (!own) o.push(icon(row.kind, x + 4, y + LINE.row / 2));
    const tx = x + ROW_ICON;
    o.push(
      `<text x="${n(tx)}" y="${n(y + 12.5)}" font-size="${SIZE.row}" font-weight="700">${escapeXml(row.text)}</text>`,
    );
    const detail =
      fact ?? (node.kind !== 'zone' && mark && mark.state !== 'failed' && mark.note ? mark.note : row.detail);
    if (detail) {
      const dx = tx + textWidth(row.text, SIZE.row, true) + ROW_GAP;
      const room = b.x + b.width - PAD - ROW_MARKER - dx;
      o.push(
        `<text class="detail" x="${n(dx)}" y="${n(y + 12.5)}" font-size="${SIZE.row}">${escapeXml(ellipsize(detail, room, SIZE.row))}</text>`,
      );
    }
    if (markers) o.push(this.rowMarker(row.element, b.x + b.width - PAD - 2, y + LINE.row / 2));
    o.push('</g>');
  }

  // ---------------------------------------------------------------- edges

  private edge(e: DiagramEdge): void {
    // Where a node runs is listed in its zones; the placement edges only give the layout its layers.
    if (e.kind === 'placement') return;
    const l = this.layout.edges[e.id];
    if (!l || l.points.length < 2) return;
    const state = e.mark?.state;
    const arrow = ` marker-end="url(#${state === 'down' ? 'topo-arrow-down' : 'topo-arrow'})"`;
    this.out.push(
      `<path class="edge kind-${e.kind}${state ? ` state-${state}` : ''}" data-id="${escapeXml(e.id)}" data-source="${escapeXml(e.source)}" data-target="${escapeXml(e.target)}"${state ? ` data-state="${state}"` : ''} d="${roundedPath(l.points, 5)}"${arrow}/>`,
    );
  }

  /** Round-trip times as brackets under sibling zones (in a site) or sites (in the diagram). */
  private rtts(): void {
    const links = this.d.rtts.filter((l) => this.layout.boxes[l.a] && this.layout.boxes[l.b]);
    if (!links.length) return;
    const levels = rttLevels(links, (id) => this.box(id).x);
    const floor = new Map<string, number>();
    for (const l of links) {
      const bottom = Math.max(this.box(l.a).y + this.box(l.a).height, this.box(l.b).y + this.box(l.b).height);
      floor.set(l.container, Math.max(floor.get(l.container) ?? 0, bottom));
    }
    // Below every sibling, not only the two linked.
    for (const node of this.d.nodes) {
      if (node.kind !== 'region') continue;
      const region = floor.get(node.id);
      if (region !== undefined)
        floor.set(node.id, Math.max(region, ...node.children.map((c) => this.box(c.id).y + this.box(c.id).height)));
    }
    if (floor.has(''))
      floor.set('', Math.max(floor.get('')!, ...this.d.nodes.map((c) => this.box(c.id).y + this.box(c.id).height)));
    this.out.push('<g class="rtts">');
    for (const l of links) {
      const a = this.box(l.a);
      const b = this.box(l.b);
      const [left, right] = a.x <= b.x ? [a, b] : [b, a];
      const x1 = left.x + left.width / 2 + 8;
      const x2 = right.x + right.width / 2 - 8;
      const y = floor.get(l.container)! + (levels.get(l)! - 0.5) * RTT_LEVEL + 4;
      const text = `${formatMs(l.ms)}`;
      const w = textWidth(text, SIZE.rtt) + 10;
      const mx = (x1 + x2) / 2;
      this.out.push(
        `<g class="rtt-link" data-a="${escapeXml(l.a)}" data-b="${escapeXml(l.b)}"><title>${escapeXml(`round-trip time ${l.a.replace(/^\w+:/, '')} – ${l.b.replace(/^\w+:/, '')}: ${text}`)}</title>` +
          `<path class="rtt" d="M${n(x1)},${n(left.y + left.height)}V${n(y)}H${n(x2)}V${n(right.y + right.height)}"/>` +
          `<g class="rtt-label"><rect x="${n(mx - w / 2)}" y="${n(y - 7.5)}" width="${n(w)}" height="15" rx="7.5"/><text x="${n(mx)}" y="${n(y + 3.6)}" font-size="${SIZE.rtt}" text-anchor="middle">${escapeXml(text)}</text></g></g>`,
      );
    }
    this.out.push('</g>');
  }
}

function formatMs(ms: number): string {
  return `${Math.round(ms * 100) / 100} ms`;
}

/** An orthogonal polyline with its corners rounded by `r`. */
function roundedPath(points: Point[], r: number): string {
  const parts = [`M${n(points[0]!.x)},${n(points[0]!.y)}`];
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i - 1]!;
    const c = points[i]!;
    const q = points[i + 1]!;
    const d1 = Math.hypot(c.x - p.x, c.y - p.y);
    const d2 = Math.hypot(q.x - c.x, q.y - c.y);
    const k = Math.min(r, d1 / 2, d2 / 2);
    if (k < 0.5) {
      parts.push(`L${n(c.x)},${n(c.y)}`);
      continue;
    }
    const a = { x: c.x - ((c.x - p.x) / d1) * k, y: c.y - ((c.y - p.y) / d1) * k };
    const b = { x: c.x + ((q.x - c.x) / d2) * k, y: c.y + ((q.y - c.y) / d2) * k };
    parts.push(`L${n(a.x)},${n(a.y)}Q${n(c.x)},${n(c.y)} ${n(b.x)},${n(b.y)}`);
  }
  const last = points[points.length - 1]!;
  parts.push(`L${n(last.x)},${n(last.y)}`);
  return parts.join('');
}

/** A row's icon, centred on (x, y): a square for machines, a diamond for load balancers, ... */
function icon(kind: DiagramRow['kind'], x: number, y: number): string {
  const cls = `icon icon-${kind}`;
  switch (kind) {
    case 'loadBalancer':
      return `<path class="${cls}" d="M${n(x)},${n(y - 5)}L${n(x + 5)},${n(y)}L${n(x)},${n(y + 5)}L${n(x - 5)},${n(y)}Z"/>`;
    case 'router':
      return `<circle class="${cls}" cx="${n(x)}" cy="${n(y)}" r="4.5"/>`;
    case 'network':
      return `<rect class="${cls}" x="${n(x - 5)}" y="${n(y - 2)}" width="10" height="4" rx="1"/>`;
    case 'storage':
      return `<rect class="${cls}" x="${n(x - 4)}" y="${n(y - 5)}" width="8" height="10" rx="3"/>`;
    case 'app':
      return `<rect class="${cls}" x="${n(x - 4.5)}" y="${n(y - 4.5)}" width="9" height="9" rx="4.5"/>`;
    default:
      return `<rect class="${cls}" x="${n(x - 4)}" y="${n(y - 4)}" width="8" height="8" rx="1.5"/>`;
  }
}

/** Breaks `text` into lines of at most `width` px, at spaces. */
function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

interface LegendItem {
  text: string;
  swatch: (x: number, y: number) => string;
}

function legendItems(): LegendItem[] {
  const node = (kind: string) => (x: number, y: number) =>
    `<g class="leaf kind-${kind}"><path class="body" d="M${n(x + 3)},${n(y - 7)}H${n(x + 15)}A3,3 0 0 1 ${n(x + 18)},${n(y - 4)}V${n(y + 4)}A3,3 0 0 1 ${n(x + 15)},${n(y + 7)}H${n(x + 3)}Z"/><path class="accent" d="M${n(x + 3)},${n(y - 7)}A3,3 0 0 0 ${n(x)},${n(y - 4)}V${n(y + 4)}A3,3 0 0 0 ${n(x + 3)},${n(y + 7)}Z"/><rect class="box" x="${n(x)}" y="${n(y - 7)}" width="18" height="14" rx="3"/></g>`;
  const state = (s: string) => (x: number, y: number) =>
    `<g class="leaf state-${s}"><rect class="body" x="${n(x)}" y="${n(y - 7)}" width="18" height="14" rx="3"/>${s === 'failed' ? `<rect x="${n(x)}" y="${n(y - 7)}" width="18" height="14" rx="3" fill="url(#topo-hatch)"/>` : ''}<rect class="box" x="${n(x)}" y="${n(y - 7)}" width="18" height="14" rx="3"/></g>`;
  const rowIcon = (kind: DiagramRow['kind']) => (x: number, y: number) => icon(kind, x + 9, y);
  const marker = (severity: string) => (x: number, y: number) =>
    `<g class="marker ${severity}"><circle cx="${n(x + 9)}" cy="${n(y)}" r="6.5"/><text x="${n(x + 9)}" y="${n(y + 3)}" font-size="8" text-anchor="middle">1</text></g>`;
  const edge = (kind: string) => (x: number, y: number) =>
    `<path class="edge kind-${kind}" d="M${n(x)},${n(y)}H${n(x + 18)}"${kind === 'placement' ? '' : ' marker-end="url(#topo-arrow)"'}/>`;
  const zone = (x: number, y: number) =>
    `<g class="zone"><rect class="box" x="${n(x)}" y="${n(y - 7)}" width="18" height="14" rx="3"/></g>`;
  const region = (x: number, y: number) =>
    `<g class="region"><rect class="box" x="${n(x)}" y="${n(y - 7)}" width="18" height="14" rx="3"/></g>`;
  const rtt = (x: number, y: number) =>
    `<path class="rtt" d="M${n(x + 2)},${n(y - 6)}V${n(y + 3)}H${n(x + 16)}V${n(y - 6)}"/>`;
  return [
    { text: 'site', swatch: region },
    { text: 'zone', swatch: zone },
    { text: 'app', swatch: node('app') },
    { text: 'GSLB', swatch: node('gslb') },
    { text: 'load balancer', swatch: node('loadBalancer') },
    { text: 'cluster', swatch: node('cluster') },
    { text: 'VM group', swatch: node('servers') },
    { text: 'cluster members', swatch: rowIcon('members') },
    { text: 'VMs', swatch: rowIcon('servers') },
    { text: 'LB instance', swatch: rowIcon('loadBalancer') },
    { text: 'router', swatch: rowIcon('router') },
    { text: 'network', swatch: rowIcon('network') },
    { text: 'storage', swatch: rowIcon('storage') },
    { text: 'runs in / fronts', swatch: edge('runs') },
    { text: 'DNS name via', swatch: edge('dns') },
    { text: 'LB runs on', swatch: edge('via') },
    { text: 'round-trip time', swatch: rtt },
    { text: 'failed', swatch: state('failed') },
    { text: 'down with it', swatch: state('down') },
    { text: 'degraded', swatch: state('degraded') },
    { text: 'error', swatch: marker('error') },
    { text: 'warning', swatch: marker('warning') },
    { text: 'info', swatch: marker('info') },
  ];
}
