// How the language server answers while it generates on save: the bundled server of each checkout
// given, in turns, on a copy of an estate; one file open; saved once; a hover every 100 ms from the
// save to the server's `topo/generated` notification. Prints the hovers' median and slowest time and
// the generation's. Not part of `npm run bench` (L writes 110,000 files, over a minute per run).
//
//   node bench/topology.mjs M --out /tmp/estate-M
//   node bench/save-latency.mjs /tmp/estate-M apps-dc00.topo [checkout ...]   (default: this one)
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const P = createRequire(join(ROOT, 'package.json'))('vscode-languageserver-protocol/node');
const [estate, fileName, ...checkouts] = process.argv.slice(2);
if (!estate || !fileName) {
  console.error('usage: node bench/save-latency.mjs <estate folder> <file in it> [checkout ...]');
  process.exit(2);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run(checkout) {
  const ws = mkdtempSync(join(tmpdir(), 'topo-save-latency-'));
  cpSync(estate, ws, { recursive: true });
  const server = spawn(process.execPath, [join(checkout, 'out/server/main.cjs'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const conn = P.createProtocolConnection(
    new P.StreamMessageReader(server.stdout),
    new P.StreamMessageWriter(server.stdin),
  );
  const file = join(ws, fileName);
  const uri = pathToFileURL(file).toString();
  let checked;
  const complete = new Promise((r) => (checked = r));
  let generated;
  const report = new Promise((r) => (generated = r));
  conn.onNotification(P.PublishDiagnosticsNotification.type, (p) => p.uri === uri && p.diagnostics.length && checked());
  conn.onNotification('topo/generated', (n) => generated(n));
  conn.onRequest('workspace/configuration', (p) => p.items.map(() => null));
  conn.onRequest('client/registerCapability', () => null);
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onNotification('$/progress', () => {});
  conn.onNotification(P.LogMessageNotification.type, () => {});
  conn.listen();
  const root = pathToFileURL(ws).toString();
  await conn.sendRequest(P.InitializeRequest.type, {
    processId: process.pid,
    rootUri: root,
    workspaceFolders: [{ uri: root, name: 'estate' }],
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { trusted: true, cache: false },
  });
  conn.sendNotification(P.InitializedNotification.type, {});
  const text = readFileSync(file, 'utf8');
  conn.sendNotification(P.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'topo', version: 1, text },
  });
  await complete;
  await sleep(2000);
  const line = Math.max(
    0,
    text.split('\n').findIndex((l) => /^\s*app /.test(l)),
  );
  const started = Date.now();
  conn.sendNotification(P.DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  let done;
  report.then((n) => (done = n));
  const hovers = [];
  while (!done) {
    const t = Date.now();
    await conn.sendRequest(P.HoverRequest.type, { textDocument: { uri }, position: { line, character: 6 } });
    hovers.push(Date.now() - t);
    await sleep(100);
  }
  const ms = Date.now() - started;
  server.kill();
  rmSync(ws, { recursive: true, force: true });
  hovers.sort((a, b) => a - b);
  const commit = execFileSync('git', ['-C', checkout, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  console.log(
    `${checkout} (${commit}): ${done.written.length + done.unchanged.length} files generated in ${ms} ms; ` +
      `${hovers.length} hovers meanwhile: median ${hovers[hovers.length >> 1]} ms, slowest ${hovers.at(-1)} ms`,
  );
}

for (const checkout of checkouts.length ? checkouts : [ROOT]) await run(resolve(checkout));
process.exit(0);
