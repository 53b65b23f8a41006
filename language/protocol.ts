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

/** The one argument each server command takes, and its answer. */
export interface ServerCommandTypes {
  [ServerCommand.generate]: { params: GenerateParams; result: GenerationReport };
  /** The answer: absolute paths of the topology's generated files. */
  [ServerCommand.generatedFiles]: { params: TopologyParams; result: string[] };
  [ServerCommand.simulate]: { params: SimulateParams; result: SimulateResult };
}

/** The client's `initializationOptions`: VS Code's workspace trust (other editors send none). */
export interface InitializationOptions {
  trusted?: boolean;
}
