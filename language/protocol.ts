/**
 * What the VS Code client and the topo language server say to each other beyond LSP: the commands
 * the server executes (`workspace/executeCommand`), the palette commands the client contributes
 * (the server's code lenses call them), the notification of a finished generation, and the
 * shapes they carry. Both sides import this module; it imports nothing, so no server code reaches
 * the client's bundle. Any LSP client can use the same messages.
 */

/** Commands the server executes (`workspace/executeCommand`); ServerCommandTypes says what each takes and answers. */
export const ServerCommand = {
  generate: 'topo.generate',
  generatedFiles: 'topo.generatedFiles',
  simulate: 'topo.simulate',
  diagram: 'topo.diagram',
} as const;

/** Commands the VS Code extension contributes to the palette (package.json `contributes.commands`). */
export const PaletteCommand = {
  generateNow: 'topo.generateNow',
  /** Also what the server's code lenses run, with `{ uri }` (TopologyParams). */
  simulate: 'topo.simulate',
  openGenerated: 'topo.openGenerated',
  restartServer: 'topo.restartServer',
  showOutput: 'topo.showOutput',
  newTopology: 'topo.newTopology',
  openDiagram: 'topo.openDiagram',
  /** Shows a failure picked from the topology's failure domains on its diagram. */
  diagramFailure: 'topo.diagramFailure',
} as const;

/** Which topology: any `.topo` file of its folder. */
export interface TopologyParams {
  uri: string;
}

export interface GenerateParams extends TopologyParams {
  /** Overwrite generated files edited by hand: all of them (true) or the listed paths. */
  overwrite?: boolean | string[];
}

export interface SimulateParams extends TopologyParams {
  /** The failure domain (`region`, `region.zone`, `router:name`, `lb:name`); none: the overview. */
  domain?: string;
}

/**
 * What a generation did, with absolute paths: the answer to `topo.generate`, and what the server
 * sends after each generation (on save too) as the `topo/generated` notification.
 */
export interface GenerationReport {
  /** The `.topo` file the generation was asked for. */
  uri: string;
  /** The topology's name; empty when nothing was generated before reading the model. */
  topology: string;
  outDir: string;
  written: string[];
  unchanged: string[];
  /** Generated files edited by hand since topo wrote them: kept, not overwritten. */
  skippedEdited: string[];
  stale: string[];
  errors: string[];
  /** Generation warnings (`openshift/worker-floating-ips` ...), `file:line: code: message`. */
  warnings: string[];
  /** Set when nothing was generated, e.g. "the topology has errors". */
  blockedBy?: string;
}

/** Server → client, after each generation: a GenerationReport. */
export const GeneratedNotification = { method: 'topo/generated' } as const;

/** What the server answers to `topo.simulate`. */
export interface SimulateResult {
  /** The failure domains to offer when no domain was given. */
  domains: string[];
  /** The result for the given domain (or an overview when none was given). */
  markdown: string;
}

/** A range in a document, as LSP gives it (0-based lines and characters). */
export interface TextRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface DiagramParams extends TopologyParams {
  /** A failure domain to show (`dc-fra`, `zone:dc-fra.az1`, `router:edge1`, `lb:ltm-fra`). */
  fail?: string;
  /** The SVG as a file on its own (style sheet embedded): for an export. */
  standalone?: boolean;
}

/** An element of the diagram and where it is declared. */
export interface DiagramElement {
  /** As in the SVG's `data-id` (`cluster:ocp-fra`). */
  id: string;
  uri: string;
  /** Its name: what a click selects. */
  name: TextRange;
  /** The whole declaration: the cursor inside it highlights the element. */
  declaration: TextRange;
}

/**
 * What the server answers to `topo.diagram`: the topology's diagram (built, laid out and rendered
 * by the server), the failure domains a client can offer, and where each element is declared (to
 * reveal a declaration on a click and to highlight the element under the cursor).
 */
export interface DiagramResult {
  topology: string;
  svg: string;
  /** The failure shown: its domain as given back to `fail`, and in words. */
  failure?: { spec: string; title: string };
  /** Set when `fail` names no failure domain of the topology (the diagram then shows none). */
  unknownFailure?: string;
  /** Every failure domain, as `fail` takes it, with a label. */
  domains: { spec: string; label: string }[];
  /** Declarations, innermost first (the first holding the cursor is the element under it). */
  elements: DiagramElement[];
}

/** The one argument each server command takes, and its answer. */
export interface ServerCommandTypes {
  [ServerCommand.generate]: { params: GenerateParams; result: GenerationReport };
  /** The answer: absolute paths of the topology's generated files. */
  [ServerCommand.generatedFiles]: { params: TopologyParams; result: string[] };
  [ServerCommand.simulate]: { params: SimulateParams; result: SimulateResult };
  [ServerCommand.diagram]: { params: DiagramParams; result: DiagramResult };
}

/** The client's `initializationOptions` (every field optional: other editors send none). */
export interface InitializationOptions {
  /** VS Code's workspace trust. */
  trusted?: boolean;
  /**
   * Where the server keeps the last check of the workspace (language/lsp/last-check.ts): VS Code
   * passes its per-workspace storage folder. Without it: `$XDG_CACHE_HOME/topo/<workspace hash>`
   * (default `~/.cache/topo/...`).
   */
  cacheDir?: string;
  /** `false`: keep no last check (as the setting `topo.cache.enabled: false`). */
  cache?: boolean;
}
