/**
 * The diagram's look, as CSS on class names the renderer writes. One palette of custom properties
 * (light, the default of a standalone .svg file: a design document, a pull request) that the
 * editor's webview maps to the VS Code theme's colours (light, dark, high contrast): see THEME_CSS.
 * States use the same hues everywhere: grey for the failed domain, red for what goes down with it,
 * amber for what is degraded; kinds have their own accent colour.
 */
import { FONT_FAMILY } from './text.js';

export const DIAGRAM_CSS = `
.topo-diagram {
  --topo-bg: #ffffff; --topo-fg: #1f2328; --topo-muted: #59636e; --topo-border: #c8d1da;
  --topo-region-bg: #f6f8fa; --topo-zone-bg: #ffffff; --topo-node-bg: #ffffff; --topo-edge: #7d8590;
  --topo-placement: #b6bfc9; --topo-label-bg: #ffffff;
  --topo-app: #0969da; --topo-gslb: #bf3989; --topo-lb: #1b7c83; --topo-cluster: #6e40c9;
  --topo-servers: #8a5a00; --topo-router: #57606a; --topo-network: #0a6fa3; --topo-storage: #4b6584;
  --topo-management: #57606a;
  --topo-failed: #6e7781; --topo-failed-bg: #eaeef2; --topo-hatch: #c8d1da;
  --topo-down: #cf222e; --topo-down-bg: #ffebe9;
  --topo-degraded: #9a6700; --topo-degraded-bg: #fff8c5;
  --topo-error: #cf222e; --topo-warning: #9a6700; --topo-info: #0969da; --topo-marker-fg: #ffffff;
  --topo-highlight: #fb8f44;
  font-family: ${FONT_FAMILY};
}
.topo-diagram text { fill: var(--topo-fg); font-family: ${FONT_FAMILY}; }
.topo-diagram .bg { fill: var(--topo-bg); }
.topo-diagram .muted, .topo-diagram .detail, .topo-diagram .subtitle { fill: var(--topo-muted); }
.topo-diagram .title { font-weight: 700; }
.topo-diagram .region > .box { fill: var(--topo-region-bg); stroke: var(--topo-border); stroke-width: 1; }
.topo-diagram .zone > .box { fill: var(--topo-zone-bg); stroke: var(--topo-border); stroke-width: 1; stroke-dasharray: 5 3; }
.topo-diagram .leaf > .accent { fill: var(--accent); }
.topo-diagram .leaf > .body { fill: var(--topo-node-bg); }
.topo-diagram .leaf > .box { fill: none; stroke: var(--topo-border); stroke-width: 1; }
.topo-diagram .kind-app { --accent: var(--topo-app); }
.topo-diagram .kind-appGroup { --accent: var(--topo-app); }
.topo-diagram .kind-gslb { --accent: var(--topo-gslb); }
.topo-diagram .kind-loadBalancer { --accent: var(--topo-lb); }
.topo-diagram .kind-cluster { --accent: var(--topo-cluster); }
.topo-diagram .kind-servers { --accent: var(--topo-servers); }
.topo-diagram .kind-management, .topo-diagram .kind-unplaced { --accent: var(--topo-management); }
.topo-diagram .icon-members { fill: var(--topo-cluster); }
.topo-diagram .icon-servers { fill: var(--topo-servers); }
.topo-diagram .icon-loadBalancer { fill: var(--topo-lb); }
.topo-diagram .icon-router { fill: var(--topo-router); }
.topo-diagram .icon-network { fill: var(--topo-network); }
.topo-diagram .icon-storage { fill: var(--topo-storage); }
.topo-diagram .icon-app { fill: var(--topo-app); }
.topo-diagram .hatch-line { stroke: var(--topo-hatch); stroke-width: 1.5; }
.topo-diagram .state-failed > .box { stroke: var(--topo-failed); stroke-width: 1.5; }
.topo-diagram .state-failed > .body, .topo-diagram .zone.state-failed > .box, .topo-diagram .region.state-failed > .box { fill: var(--topo-failed-bg); }
.topo-diagram .state-failed > .accent { fill: var(--topo-failed); }
.topo-diagram .state-failed text, .topo-diagram .row.state-failed text { fill: var(--topo-failed); }
.topo-diagram .state-down > .box { stroke: var(--topo-down); stroke-width: 2; }
.topo-diagram .state-down > .body { fill: var(--topo-down-bg); }
.topo-diagram .state-degraded > .box { stroke: var(--topo-degraded); stroke-width: 2; }
.topo-diagram .state-degraded > .body { fill: var(--topo-degraded-bg); }
.topo-diagram .row.state-down > .row-bg { fill: var(--topo-down-bg); }
.topo-diagram .row.state-degraded > .row-bg { fill: var(--topo-degraded-bg); }
.topo-diagram .row > .row-bg { fill: transparent; }
.topo-diagram .row.state-down text { fill: var(--topo-down); }
.topo-diagram .row.state-degraded text { fill: var(--topo-degraded); }
.topo-diagram .note.state-down, .topo-diagram .badge.state-down { fill: var(--topo-down); font-weight: 700; }
.topo-diagram .note.state-degraded, .topo-diagram .badge.state-degraded { fill: var(--topo-degraded); font-weight: 700; }
.topo-diagram .note.state-failed, .topo-diagram .badge.state-failed { fill: var(--topo-failed); font-weight: 700; }
.topo-diagram .edge { fill: none; stroke: var(--topo-edge); stroke-width: 1.25; }
.topo-diagram .edge.kind-dns { stroke-dasharray: 5 3; }
.topo-diagram .edge.kind-via { stroke-dasharray: 2 3; }
.topo-diagram .edge.kind-placement { stroke: var(--topo-placement); stroke-width: 1; stroke-dasharray: 1 3; }
.topo-diagram .edge.state-down { stroke: var(--topo-down); stroke-width: 1.75; }
.topo-diagram .edge.state-failed { stroke: var(--topo-failed); }
.topo-diagram .arrow { fill: var(--topo-edge); }
.topo-diagram .arrow-down { fill: var(--topo-down); }
.topo-diagram .rtt { fill: none; stroke: var(--topo-muted); stroke-width: 1; }
.topo-diagram .rtt-label > rect { fill: var(--topo-bg); stroke: var(--topo-border); }
.topo-diagram .rtt-label > text { fill: var(--topo-muted); }
.topo-diagram .marker.error > circle { fill: var(--topo-error); }
.topo-diagram .marker.warning > circle { fill: var(--topo-warning); }
.topo-diagram .marker.info > circle { fill: var(--topo-info); }
.topo-diagram .marker > text { fill: var(--topo-marker-fg); font-weight: 700; }
.topo-diagram .failure-title { fill: var(--topo-down); font-weight: 700; }
.topo-diagram .legend-box { fill: none; stroke: var(--topo-border); }
.topo-diagram .selected > .box, .topo-diagram .row.selected > .row-bg { stroke: var(--topo-highlight); stroke-width: 2.5; }
.topo-diagram .row.selected > .row-bg { fill: transparent; }
`;

/**
 * For the editor's webview: the palette from the VS Code theme (its CSS variables), so the
 * diagram follows light, dark and high-contrast themes. The states keep their hues, taken from
 * the theme's own error/warning colours.
 */
export const THEME_CSS = `
body .topo-diagram {
  --topo-bg: var(--vscode-editor-background); --topo-fg: var(--vscode-editor-foreground);
  --topo-muted: var(--vscode-descriptionForeground); --topo-border: var(--vscode-editorWidget-border, var(--vscode-panel-border));
  --topo-region-bg: var(--vscode-sideBar-background, var(--vscode-editor-background));
  --topo-zone-bg: var(--vscode-editor-background); --topo-node-bg: var(--vscode-editorWidget-background);
  --topo-label-bg: var(--vscode-editor-background);
  --topo-edge: var(--vscode-editorLineNumber-foreground); --topo-placement: var(--vscode-editorIndentGuide-background1, var(--vscode-panel-border));
  --topo-down: var(--vscode-errorForeground); --topo-degraded: var(--vscode-editorWarning-foreground);
  --topo-error: var(--vscode-editorError-foreground); --topo-warning: var(--vscode-editorWarning-foreground);
  --topo-info: var(--vscode-editorInfo-foreground); --topo-highlight: var(--vscode-focusBorder);
  --topo-failed: var(--vscode-disabledForeground); --topo-hatch: var(--vscode-panel-border);
}
body.vscode-dark .topo-diagram {
  --topo-down-bg: rgba(248, 81, 73, 0.18); --topo-degraded-bg: rgba(210, 153, 34, 0.2); --topo-failed-bg: rgba(110, 118, 129, 0.25);
  --topo-app: #4493f8; --topo-gslb: #db61a2; --topo-lb: #39c5cf; --topo-cluster: #a371f7; --topo-servers: #d29922;
  --topo-router: #9198a1; --topo-network: #58a6ff; --topo-storage: #8b9dc3; --topo-management: #9198a1; --topo-marker-fg: #0d1117;
}
body.vscode-high-contrast .topo-diagram, body.vscode-high-contrast-light .topo-diagram {
  --topo-border: var(--vscode-contrastBorder); --topo-placement: var(--vscode-contrastBorder);
  --topo-down-bg: transparent; --topo-degraded-bg: transparent; --topo-failed-bg: transparent;
}
body.vscode-high-contrast .topo-diagram .leaf > .box, body.vscode-high-contrast-light .topo-diagram .leaf > .box { stroke-width: 1.5; }
`;
