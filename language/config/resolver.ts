import { URI } from 'langium';
import type { Rule } from '../rules/types.js';
import type { ConfigResolver } from '../workspace/model-provider.js';
import { ConfigError, findConfigFile, loadConfigFile } from './config.js';

/**
 * Reads the nearest topo.config.json above a topology folder from disk, caching per folder
 * until `clear()` (the server clears it when a config file changes).
 */
export function fileConfigResolver(rules: readonly Rule[]): ConfigResolver & { clear(): void } {
  const cache = new Map<string, ReturnType<ConfigResolver>>();
  const resolver = (key: string): ReturnType<ConfigResolver> => {
    const hit = cache.get(key);
    if (hit) return hit;
    let result: ReturnType<ConfigResolver> = {};
    const uri = URI.parse(key);
    if (uri.scheme === 'file') {
      const file = findConfigFile(uri.fsPath);
      if (file) {
        try {
          result = { config: loadConfigFile(file, rules), file };
        } catch (e) {
          result = { file, error: e instanceof ConfigError ? e.message : `${file}: ${(e as Error).message}` };
        }
      }
    }
    cache.set(key, result);
    return result;
  };
  return Object.assign(resolver, { clear: () => cache.clear() });
}
