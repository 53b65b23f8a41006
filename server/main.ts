/**
 * The topo language server. Speaks LSP over stdio (`--stdio`), Node IPC (`--node-ipc`) or a
 * socket (`--socket=N`), as vscode-languageserver's transport detection decides, so any LSP
 * editor can start it: `node out/server/main.cjs --stdio`.
 */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createTopoServices } from '../language/topo-module.js';
import { registerTopoServerFeatures } from '../language/lsp/server-features.js';

const connection = createConnection(ProposedFeatures.all);
const { shared, Topo } = createTopoServices({ connection, ...NodeFileSystem });
registerTopoServerFeatures(connection, Topo);
startLanguageServer(shared);
