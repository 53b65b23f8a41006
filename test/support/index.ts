/**
 * What the specs build their inputs from, in one place: topologies loaded in memory and their
 * findings (documents.ts), topology snippets (topologies.ts), the example topologies
 * (examples.ts), cursor positions with Langium's `<|>` markers (positions.ts), the CLI in a
 * temporary workspace (cli.ts) with a home holding stand-in secrets (fake-home.ts), and git
 * repositories holding a topology and a change to it (git-repo.ts). Imported by path, as they
 * start processes: the language server over LSP, in this process or bundled (lsp-client.ts), and
 * the CLI package built and installed (cli-package.ts).
 */
export * from './cli.js';
export * from './documents.js';
export * from './examples.js';
export * from './fake-home.js';
export * from './git-repo.js';
export * from './positions.js';
export * from './topologies.js';
