/**
 * What the diagram's webview and the extension say to each other (postMessage). Types only: the
 * webview's script (a browser bundle) and the extension both import this file.
 */

/** A failure domain offered in the view's list: as `topo.diagram` takes it, and in words. */
export interface DomainOption {
  spec: string;
  label: string;
}

/** Extension → webview. */
export type ToWebview =
  /** A (new) diagram: the view keeps its zoom and position unless `fit`. */
  | {
      type: 'render';
      svg: string;
      topology: string;
      failure?: { spec: string; title: string };
      domains: DomainOption[];
      fit?: boolean;
      note?: string;
    }
  /** The server could not draw the diagram: say why (the last diagram, if any, stays). */
  | { type: 'problem'; message: string }
  /** Highlight the element under the editor's cursor (none: clear). */
  | { type: 'highlight'; id?: string }
  /** Draw this standalone SVG on a canvas and answer with a PNG. */
  | { type: 'rasterize'; svg: string; scale: number };

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  /** Reveal an element's declaration in the editor. */
  | { type: 'reveal'; id: string }
  /** Show this failure (none: clear it). */
  | { type: 'fail'; spec?: string }
  | { type: 'export'; format: 'svg' | 'png' }
  /** The PNG asked for by `rasterize`, base64, or why it could not be made. */
  | { type: 'png'; data?: string; error?: string };
