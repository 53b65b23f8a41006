/**
 * The diagram view's script (runs in the webview, bundled for the browser): shows the SVG the
 * language server drew, pans and zooms it (and keeps the view across updates), turns clicks into
 * "reveal this declaration" and "show this failure", highlights the element under the editor's
 * cursor, and draws the PNG for an export. No network: everything comes by postMessage.
 */
import type { DomainOption, FromWebview, ToWebview } from './messages.js';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): ViewState | undefined;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface ViewState {
  x: number;
  y: number;
  k: number;
  rendered: boolean;
}

const vscode = acquireVsCodeApi();
const viewport = document.getElementById('viewport')!;
const canvas = document.getElementById('canvas')!;
const failure = document.getElementById('failure') as HTMLSelectElement;
const status = document.getElementById('status')!;

const MIN = 0.05;
const MAX = 4;
let view: ViewState = vscode.getState() ?? { x: 0, y: 0, k: 1, rendered: false };
let current: string | undefined;
let highlighted: string | undefined;

function post(message: FromWebview): void {
  vscode.postMessage(message);
}

function apply(): void {
  canvas.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.k})`;
  vscode.setState(view);
}

function svgSize(): { width: number; height: number } {
  const svg = canvas.querySelector('svg');
  return { width: Number(svg?.getAttribute('width') ?? 1), height: Number(svg?.getAttribute('height') ?? 1) };
}

function fitToView(): void {
  const { width, height } = svgSize();
  const box = viewport.getBoundingClientRect();
  const k = Math.max(MIN, Math.min(1, (box.width - 16) / width, (box.height - 16) / height));
  view = { ...view, k, x: (box.width - width * k) / 2, y: Math.max(8, (box.height - height * k) / 2) };
  apply();
}

/** Zooms by `factor` keeping the point (px, py) of the viewport where it is. */
function zoom(factor: number, px?: number, py?: number): void {
  const box = viewport.getBoundingClientRect();
  const cx = px ?? box.width / 2;
  const cy = py ?? box.height / 2;
  const k = Math.max(MIN, Math.min(MAX, view.k * factor));
  view = { ...view, x: cx - ((cx - view.x) * k) / view.k, y: cy - ((cy - view.y) * k) / view.k, k };
  apply();
}

function setOptions(domains: DomainOption[], selected?: string): void {
  const options = [new Option('No failure', ''), ...domains.map((d) => new Option(d.label, d.spec))];
  failure.replaceChildren(...options);
  failure.value = selected ?? '';
}

function render(m: Extract<ToWebview, { type: 'render' }>): void {
  canvas.innerHTML = m.svg;
  current = m.failure?.spec;
  setOptions(m.domains, current);
  status.textContent =
    m.note ??
    (m.failure
      ? `If ${m.failure.title} fails: see the marks and the list below the diagram`
      : 'Click a site, zone, router or load balancer to see what its failure breaks; click any element to go to its declaration');
  document.body.dataset.failure = current ?? '';
  if (m.fit || !view.rendered) {
    view.rendered = true;
    fitToView();
  } else apply();
  if (highlighted) highlight(highlighted, false);
}

function highlight(id: string | undefined, reveal: boolean): void {
  highlighted = id;
  for (const el of canvas.querySelectorAll('.selected')) el.classList.remove('selected');
  if (!id) return;
  const selector = `[data-id="${CSS.escape(id)}"], .row[data-element="${CSS.escape(id)}"]`;
  const found = [...canvas.querySelectorAll(selector)];
  for (const el of found) el.classList.add('selected');
  const first = found[0];
  if (!reveal || !first) return;
  // Bring it into view when it is outside.
  const r = first.getBoundingClientRect();
  const box = viewport.getBoundingClientRect();
  if (r.right < box.left || r.left > box.right || r.bottom < box.top || r.top > box.bottom) {
    view = {
      ...view,
      x: view.x + (box.left + box.width / 2 - (r.left + r.width / 2)),
      y: view.y + (box.top + box.height / 2 - (r.top + r.height / 2)),
    };
    apply();
  }
}

async function rasterize(svg: string, scale: number): Promise<void> {
  try {
    const size = /<svg[^>]*\swidth="(\d+)"\s+height="(\d+)"/.exec(svg);
    const width = Number(size?.[1] ?? 800);
    const height = Number(size?.[2] ?? 600);
    const image = new Image();
    const loaded = new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the SVG could not be drawn'));
    });
    let binary = '';
    for (const b of new TextEncoder().encode(svg)) binary += String.fromCharCode(b);
    image.src = `data:image/svg+xml;base64,${btoa(binary)}`;
    await loaded;
    const c = document.createElement('canvas');
    c.width = Math.round(width * scale);
    c.height = Math.round(height * scale);
    const g = c.getContext('2d')!;
    g.scale(scale, scale);
    g.drawImage(image, 0, 0, width, height);
    post({ type: 'png', data: c.toDataURL('image/png').replace(/^data:image\/png;base64,/, '') });
  } catch (e) {
    post({ type: 'png', error: (e as Error).message });
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const m = event.data;
  if (m.type === 'render') render(m);
  else if (m.type === 'problem') status.textContent = m.message;
  else if (m.type === 'highlight') highlight(m.id, true);
  else if (m.type === 'rasterize') void rasterize(m.svg, m.scale);
});

// ---------------------------------------------------------------- pointer: pan, click

let drag: { x: number; y: number; vx: number; vy: number; moved: boolean } | undefined;

viewport.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y, moved: false };
  viewport.setPointerCapture(e.pointerId);
});

viewport.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  drag.moved = true;
  viewport.classList.add('panning');
  view = { ...view, x: drag.vx + dx, y: drag.vy + dy };
  apply();
});

viewport.addEventListener('pointerup', (e) => {
  const was = drag;
  drag = undefined;
  viewport.classList.remove('panning');
  if (!was || was.moved) return;
  // A click (pointer capture retargets the event: find what is under the pointer).
  const target = document.elementFromPoint(e.clientX, e.clientY);
  const hit = target?.closest('[data-element], [data-id]');
  if (!(hit instanceof Element)) return;
  const id = hit.getAttribute('data-element') ?? hit.getAttribute('data-id');
  const domain = hit.getAttribute('data-domain');
  if (domain) post({ type: 'fail', spec: domain === current ? undefined : domain });
  if (id && !id.startsWith('row')) post({ type: 'reveal', id });
});

viewport.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const box = viewport.getBoundingClientRect();
    zoom(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015)), e.clientX - box.left, e.clientY - box.top);
  },
  { passive: false },
);

// ---------------------------------------------------------------- toolbar and keys

const actions: Record<string, () => void> = {
  fit: fitToView,
  'zoom-in': () => zoom(1.25),
  'zoom-out': () => zoom(0.8),
  actual: () => zoom(1 / view.k),
  'export-svg': () => post({ type: 'export', format: 'svg' }),
  'export-png': () => post({ type: 'export', format: 'png' }),
};
for (const [id, run] of Object.entries(actions)) document.getElementById(id)?.addEventListener('click', run);
failure.addEventListener('change', () => post({ type: 'fail', spec: failure.value || undefined }));
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLSelectElement) return;
  if (e.key === '+' || e.key === '=') zoom(1.25);
  else if (e.key === '-') zoom(0.8);
  else if (e.key === '0') fitToView();
  else if (e.key === 'Escape' && current) post({ type: 'fail' });
});
window.addEventListener('resize', () => {
  if (!view.rendered) fitToView();
});

post({ type: 'ready' });
