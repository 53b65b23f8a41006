import { isOperationCancelled } from 'langium';
import { ResponseError } from 'vscode-languageserver';

/** Where a guarded provider's exceptions go: the topo.Logger's `error` (the client's output channel in the server). */
export type ErrorLog = (message: string) => void;

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as PromiseLike<unknown> | undefined)?.then === 'function';
}

/**
 * Wraps an editor provider so that an exception in any of its methods becomes a logged error and
 * an empty answer (undefined, which Langium sends as `null`) instead of an LSP InternalError or,
 * worse, an unhandled rejection. Cancellation and deliberate LSP errors (`ResponseError`, e.g. an
 * invalid new name in a rename) pass through unchanged.
 */
export function guard<T extends object>(name: string, provider: T, log: ErrorLog): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(provider, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function' || prop === 'constructor') return value;
      let w = wrapped.get(prop);
      if (!w) {
        const fail = (e: unknown): undefined => {
          if (isOperationCancelled(e) || e instanceof ResponseError) throw e;
          log(`topo: ${name}.${String(prop)} failed (answered with nothing): ${(e as Error)?.stack ?? e}`);
          return undefined;
        };
        w = (...args: unknown[]): unknown => {
          try {
            const result = (value as (...a: unknown[]) => unknown).apply(target, args);
            return isThenable(result) ? Promise.resolve(result).then(undefined, fail) : result;
          } catch (e) {
            return fail(e);
          }
        };
        wrapped.set(prop, w);
      }
      return w;
    },
  });
}
