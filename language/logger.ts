import type { RemoteConsole } from 'vscode-languageserver';

/**
 * Where every message of the topo services goes (the `topo.Logger` service): in the language
 * server, the LSP connection's console (`window/logMessage`), which VS Code shows in the "topo"
 * output channel; without a connection (the CLI, tests, scripts), stderr.
 */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
}

/**
 * stderr, through the global `console` so that a test or a harness can watch it. Not
 * `console.info`: it writes to stdout, which the CLI keeps for its output (JSON, SARIF).
 */
export const stderrLogger: Logger = {
  error: (message) => console.error(message),
  warn: (message) => console.warn(message),
  info: (message) => console.warn(message),
};

/** The connection's console when there is one, else stderr. */
export function createLogger(connection?: { console: RemoteConsole }): Logger {
  if (!connection) return stderrLogger;
  // A connection that is closed (the client went away) throws: the message goes to stderr then.
  const send =
    (level: keyof Logger) =>
    (message: string): void => {
      try {
        connection.console[level](message);
      } catch {
        stderrLogger[level](message);
      }
    };
  return { error: send('error'), warn: send('warn'), info: send('info') };
}
