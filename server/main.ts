/**
 * The topo language server. Speaks LSP over stdio (`--stdio`), Node IPC (`--node-ipc`) or a
 * socket (`--socket=N`), as vscode-languageserver's transport detection decides, so any LSP
 * editor can start it: `node out/server/main.cjs --stdio`.
 */
import { NodeFileSystem } from 'langium/node';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { runGenerationJob, type GenerationJob, type GenerationJobResult } from '../language/lsp/generation-job.js';
import { startTopoServer } from '../language/lsp/server-features.js';

// Memory (docs/benchmarks.md): every change builds a new semantic model of the topology, which
// lives until the next change, so V8 promotes it to the old generation; with V8's default heap
// growth (up to 4x the live heap between full collections) twenty keystrokes on a 100k-line
// estate took the server from 300 to 800 MB. Letting the heap grow by half the live size keeps
// its peak near 400 MB for a little more collector time. A setting given by the launcher wins.
if (![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('heap-growing-percent'))) {
  setFlagsFromString('--heap-growing-percent=50');
}

/**
 * This server's build: a digest of its bundle (out/server/main.cjs, which holds every line of the
 * server, Langium and the rules), so any change of the code changes the last check's key
 * (language/lsp/last-check.ts). About 5 ms for the 1.2 MB bundle. Unreadable: no last check.
 */
function buildId(): string | undefined {
  try {
    return createHash('sha256')
      .update(readFileSync(fileURLToPath(import.meta.url)))
      .digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * A generation in a worker thread running this same bundle (see language/lsp/generation-job.ts):
 * the server's thread keeps answering meanwhile. The worker ends with its generation, and its
 * memory with it.
 */
function generateInWorker(job: GenerationJob): Promise<GenerationJobResult> {
  return new Promise<GenerationJobResult>((resolve, reject) => {
    const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { generationJob: job } });
    worker.once('message', (m: { result?: GenerationJobResult; error?: string }) => {
      if (m.result) resolve(m.result);
      else reject(new Error(m.error ?? 'no result'));
      // Nothing else is needed of it: its services' timers must not keep its memory alive.
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the worker ended (exit code ${code}) before its result`)));
  });
}

if (!isMainThread && (workerData as { generationJob?: GenerationJob } | undefined)?.generationJob) {
  const job = (workerData as { generationJob: GenerationJob }).generationJob;
  runGenerationJob(job).then(
    (result) => parentPort?.postMessage({ result }),
    (e: unknown) => parentPort?.postMessage({ error: (e as Error)?.stack ?? String(e) }),
  );
} else startServer();

function startServer(): void {
  const { shared } = startTopoServer(
    { connection: createConnection(ProposedFeatures.all), ...NodeFileSystem },
    { buildId: buildId(), generationRunner: generateInWorker },
  );

  // The last line of defence of a server that must not die: an exception nobody caught (a document
  // build that threw, a rejected promise no one awaited) is logged to the client (stderr once the
  // client is gone) and the server carries on. Providers and rules have their own guards; this only
  // catches what slips past them.
  const logFatal =
    (what: string) =>
    (e: unknown): void =>
      shared.topo.Logger.error(`topo: ${what}: ${(e as Error)?.stack ?? e}`);
  process.on('uncaughtException', logFatal('uncaught exception'));
  process.on('unhandledRejection', logFatal('unhandled rejection'));
}
