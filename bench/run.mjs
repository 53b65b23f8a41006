// `npm run bench`: the performance benchmark of issue 6. For each size (S ≈ 1k, M ≈ 10k, L ≈ 100k
// lines of .topo, made by bench/topology.mjs from seed 1) it measures, with the median and p95 of
// several runs:
//   - in process: cold parse + link + model + rules + failure analysis, and each stage alone;
//     warm revalidation after a one-line edit through Langium's DocumentBuilder.update; the diagram
//     (diagram model, elkjs layout, SVG), as `topo diagram` and the editor's view draw it;
//   - over LSP, the bundled server on stdio: spawn → first diagnostics of the opened file, → its
//     complete diagnostics (the first publication equal to what it shows once the server is idle),
//     → every file's (all three with no last check kept: each spawn as the first one ever);
//     spawn → complete diagnostics of the opened file with the last check kept (a session kept
//     it, then each spawn finds nothing changed since),
//     didChange → publishDiagnostics for a one-character edit in the largest file, hover and
//     completion latency, the server's peak RSS;
//   - `topo validate`, `topo generate` (all targets) and `topo diagram` (SVG) as whole processes;
//   - the peer: yaml-language-server on the YAML that `topo generate` made from the same topology
//     (every install-config.yaml against the installer's InstallConfig schema, every HOT template
//     as plain YAML): spawn → diagnostics for every file, didChange → diagnostics, peak RSS;
// then prints a table, the ratios ours/theirs and the targets, and writes bench/results.json.
//
//   npm run bench                     S, M and L (a fresh clone: builds first)
//   npm run bench:smoke               S only, two runs of everything, no timing assertions (CI)
//   node bench/run.mjs --sizes S,M    some sizes; --reps 2 scales the repetitions; --out file.json
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { bundleInProcess } from './bundle.mjs';
import { machine, plainLabel, round, round2, stats, TABLE_ROWS, writeResults } from './lib.mjs';
import { Lsp } from './lsp.mjs';
import { generateTopology, lineCount, writeTopology } from './topology.mjs';

const root = resolve(import.meta.dirname, '..');
const CLI = join(root, 'out/server/cli.cjs');
const SERVER = join(root, 'out/server/main.cjs');
const PEER = join(root, 'node_modules/yaml-language-server/bin/yaml-language-server');
const WORK = join(root, 'bench/.work');

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const smoke = argv.includes('--smoke');
const sizes = smoke ? ['S'] : opt('sizes', 'S,M,L').split(',');
const scale = Number(opt('reps', 1));
const outFile = resolve(opt('out', join(root, smoke ? 'bench/results/smoke.json' : 'bench/results.json')));
const seed = Number(opt('seed', 1));

/** Repetitions per size (smoke: two of everything, just to check that the harness works). */
const REPS = {
  S: { cold: 15, warm: 30, cli: 7, spawn: 5, change: 30, request: 30 },
  M: { cold: 9, warm: 20, cli: 5, spawn: 3, change: 20, request: 20 },
  L: { cold: 3, warm: 7, cli: 3, spawn: 2, change: 10, request: 10 },
};
const reps = (size, what) => (smoke ? 2 : Math.max(2, Math.round(REPS[size][what] * scale)));

const log = (s) => process.stderr.write(`${s}\n`);
const load = () => loadavg().map((x) => round(x));

// ------------------------------------------------------------------ in process

function inProcess(dir, editFile, size) {
  const r = spawnSync(
    process.execPath,
    [
      '--max-old-space-size=4096',
      join(root, 'out/bench/inprocess.cjs'),
      dir,
      editFile,
      String(reps(size, 'cold')),
      String(reps(size, 'warm')),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (r.status !== 0) throw new Error(`in-process benchmark failed (${r.status}): ${r.stderr}`);
  const j = JSON.parse(r.stdout);
  const s = Object.fromEntries(Object.entries(j.samples).map(([k, v]) => [k, stats(v)]));
  return { ...j, samples: undefined, stats: s };
}

// ------------------------------------------------------------------ whole processes

function timeProcess(args, runs, okCodes = [0], before) {
  const samples = [];
  let last;
  for (let i = 0; i < runs; i++) {
    before?.(i);
    const t0 = performance.now();
    last = spawnSync(process.execPath, [CLI, ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    samples.push(performance.now() - t0);
    if (!okCodes.includes(last.status))
      throw new Error(
        `topo ${args.join(' ')}: exit ${last.status}\n${last.stdout.slice(-3000)}${last.stderr.slice(-3000)}`,
      );
  }
  return { ...stats(samples), output: last.stdout };
}

// ------------------------------------------------------------------ one-character edits

/** A line and column whose character toggles between two values, keeping the file valid. */
function editSpot(text, pattern, a, b) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => pattern.test(l));
  if (line < 0) throw new Error(`no line matching ${pattern}`);
  const character = Math.max(lines[line].lastIndexOf(a), lines[line].lastIndexOf(b));
  return { line, character, current: lines[line][character], a, b };
}

/** Sends `count` one-character edits, each timed from didChange to the file's next diagnostics. */
async function changeLatency(lsp, uri, spot, version, count) {
  const samples = [];
  for (let i = 0; i < count + 2; i++) {
    spot.current = spot.current === spot.a ? spot.b : spot.a;
    const next = lsp.next((u) => u === uri);
    const t0 = performance.now();
    await lsp.change(uri, ++version.v, spot.line, spot.character, spot.current);
    const t1 = await next;
    if (i >= 2) samples.push(t1 - t0); // the first two warm the JIT
    await lsp.idle(); // the rest of the rebuild (other files) finishes before the next keystroke
  }
  return stats(samples);
}

async function requestLatency(lsp, method, params, count) {
  const samples = [];
  let result;
  for (let i = 0; i < count + 2; i++) {
    const t0 = performance.now();
    result = await lsp.request(method, params);
    if (i >= 2) samples.push(performance.now() - t0);
  }
  return { ...stats(samples), result };
}

// ------------------------------------------------------------------ topo's server

const settings = (section) => (section === 'topo' ? { generate: { onSave: false } } : null);

async function ours(dir, files, largest, size) {
  const uris = files.map((f) => pathToFileURL(join(dir, f)).toString());
  const spawnSamples = [];
  const completeSamples = [];
  const allSamples = [];
  let result;
  const uri = pathToFileURL(join(dir, largest)).toString();
  const text = readFileSync(join(dir, largest), 'utf8');
  for (let run = 0; run < reps(size, 'spawn'); run++) {
    // An editor starts the server and opens the file in front: the server publishes that file's
    // syntax errors at once (its first diagnostics), while Langium loads and links the whole
    // workspace, then validates every file of it (the open one first: its complete diagnostics)
    // and publishes their diagnostics.
    const lsp = new Lsp([SERVER, '--stdio'], settings);
    // No last check (language/lsp/last-check.ts): every spawn is a first one, as in earlier runs.
    await lsp.initialize(dir, {}, { cache: false });
    await lsp.open(uri, 'topo', text);
    const { last } = await lsp.all(uris);
    await lsp.idle(); // the build is over: the open file's diagnostics are those it keeps
    spawnSamples.push(lsp.firstAt(uri) - lsp.t0);
    completeSamples.push(lsp.completeAt(uri) - lsp.t0);
    allSamples.push(last - lsp.t0);
    if (run === 0) {
      // The editor's session: type in the open file, hover and complete.
      const spot = editSpot(text, /^\s+replicas [46]\s*$/, '4', '6');
      const change = await changeLatency(lsp, uri, spot, { v: 1 }, reps(size, 'change'));
      const lines = text.split('\n');
      const at = lines.findIndex((l) => /^\s+clusters \S+/.test(l));
      const col = lines[at].indexOf('clusters') + 'clusters '.length;
      const hover = await requestLatency(
        lsp,
        'textDocument/hover',
        { textDocument: { uri }, position: { line: at, character: col + 1 } },
        reps(size, 'request'),
      );
      const completion = await requestLatency(
        lsp,
        'textDocument/completion',
        { textDocument: { uri }, position: { line: at, character: col } },
        reps(size, 'request'),
      );
      if (!hover.result) throw new Error('no hover on a cluster reference');
      const items = Array.isArray(completion.result) ? completion.result : (completion.result?.items ?? []);
      if (!items.length) throw new Error('no completion items after `clusters `');
      const diagnostics = [...lsp.diagnostics.values()].reduce((n, d) => n + d.count, 0);
      result = {
        change,
        hover: { ...hover, result: undefined },
        completion: { ...completion, result: undefined, items: items.length },
        diagnostics,
      };
    }
    result.peakRssMB = Math.max(result.peakRssMB ?? 0, lsp.peakRssMB() ?? 0);
    await lsp.stop();
  }
  return {
    spawnToFirst: stats(spawnSamples),
    spawnToComplete: stats(completeSamples),
    spawnToAll: stats(allSamples),
    spawnToCompleteKept: await withLastCheck(dir, uris, uri, text, size),
    ...result,
  };
}

/**
 * Spawn → complete diagnostics of the opened file when the last session kept its check and
 * nothing changed since: one session checks the workspace and keeps it (in a folder of this run),
 * then each spawn is timed as above. Each must have used it (the server logs so).
 */
async function withLastCheck(dir, uris, uri, text, size) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'topo-bench-cache-'));
  const file = join(cacheDir, 'last-check.json');
  const session = async (first) => {
    const lsp = new Lsp([SERVER, '--stdio'], settings);
    await lsp.initialize(dir, {}, { cacheDir });
    await lsp.open(uri, 'topo', text);
    await lsp.all(uris);
    await lsp.idle();
    // The first session keeps its check once the workspace is checked (0.5 s after): wait for it
    // rather than leave it to the shutdown, which waits for a running check 2 s at most.
    for (let waited = 0; first && !existsSync(file) && waited < 10_000; waited += 100) await sleep(100);
    const said = lsp.log.filter((m) => m.startsWith('topo: last check'));
    const kept = said.some((m) => m.startsWith('topo: last check kept'));
    const complete = lsp.completeAt(uri) - lsp.t0;
    await lsp.stop();
    return { kept, complete, said };
  };
  const populate = await session(true);
  if (populate.kept) throw new Error(`a last check was used in an empty folder (${cacheDir})`);
  if (!existsSync(file))
    throw new Error(`the first session kept no check in ${cacheDir} (${populate.said.join('; ')})`);
  const samples = [];
  for (let run = 0; run < reps(size, 'spawn'); run++) {
    const { kept, complete, said } = await session(false);
    if (!kept)
      throw new Error(
        `the server did not use the last check kept in ${cacheDir}: ${said.join('; ') || 'it said nothing of it'}`,
      );
    samples.push(complete);
  }
  rmSync(cacheDir, { recursive: true, force: true });
  return stats(samples);
}

// ------------------------------------------------------------------ the peer

/**
 * The installer's InstallConfig schema as a JSON schema file for yaml-language-server: the CRD's
 * openAPIV3Schema, with object schemas closed (additionalProperties: false unless they preserve
 * unknown fields) and metadata.name required — the same reading as test/validators/install-config.ts.
 */
function installConfigSchema() {
  const file = join(WORK, 'install-config.schema.json');
  const crd = parseYaml(
    readFileSync(join(root, 'test/fixtures/openshift/install.openshift.io_installconfigs.yaml'), 'utf8'),
  );
  const close = (node) => {
    if (Array.isArray(node)) return node.map(close);
    if (node === null || typeof node !== 'object') return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === 'properties' && v && typeof v === 'object')
        out[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, close(pv)]));
      else if (k === 'enum' || k === 'default' || k === 'example' || k === 'x-kubernetes-validations') out[k] = v;
      else out[k] = close(v);
    }
    const isObject = out.type === 'object' || (out.type === undefined && out.properties !== undefined);
    if (isObject && !('additionalProperties' in out) && out['x-kubernetes-preserve-unknown-fields'] !== true)
      out.additionalProperties = false;
    return out;
  };
  const schema = close(crd.spec.versions[0].schema.openAPIV3Schema);
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  schema.properties.metadata = {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      namespace: { type: 'string' },
      labels: { type: 'object' },
      annotations: { type: 'object' },
    },
    required: ['name'],
    additionalProperties: false,
  };
  mkdirSync(WORK, { recursive: true });
  writeFileSync(file, JSON.stringify(schema));
  return file;
}

function peerSettings(schemaFile) {
  return (section) =>
    section === 'yaml'
      ? {
          validate: true,
          hover: true,
          completion: true,
          format: { enable: false },
          schemas: { [pathToFileURL(schemaFile).toString()]: ['**/install-config.yaml'] },
          schemaStore: { enable: false },
          kubernetesCRDStore: { enable: false },
        }
      : null;
}

async function peer(genDir, schemaFile, size) {
  const all = readdirSync(genDir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const installConfigs = all.filter((f) => f.endsWith('install-config.yaml'));
  const hot = all.filter((f) => f.split(/[\\/]/).includes('heat'));
  const files = [...installConfigs, ...hot];
  const size$ = (f) => statSync(join(genDir, f)).size;
  const largestIc = [...installConfigs].sort((a, b) => size$(b) - size$(a))[0];
  const largestHot = [...hot].sort((a, b) => size$(b) - size$(a))[0];
  const uris = files.map((f) => pathToFileURL(join(genDir, f)).toString());
  const spawnSamples = [];
  const allSamples = [];
  let result;
  for (let run = 0; run < reps(size, 'spawn'); run++) {
    const lsp = new Lsp([PEER, '--stdio'], peerSettings(schemaFile));
    await lsp.initialize(genDir);
    // An editor sends the settings after `initialized`; the server then pulls them.
    await lsp.connection.sendNotification('workspace/didChangeConfiguration', {
      settings: { yaml: peerSettings(schemaFile)('yaml') },
    });
    files.forEach((f, i) => void lsp.open(uris[i], 'yaml', readFileSync(join(genDir, f), 'utf8')));
    const { first, last } = await lsp.all(uris);
    spawnSamples.push(first - lsp.t0);
    allSamples.push(last - lsp.t0);
    if (run === 0) {
      await lsp.idle(300);
      const problems = [...lsp.diagnostics.entries()].filter(([, d]) => d.count > 0);
      const icUri = pathToFileURL(join(genDir, largestIc)).toString();
      const hotUri = pathToFileURL(join(genDir, largestHot)).toString();
      // controlPlane `replicas: 3` <-> 5 (a schema-checked integer).
      const change = await changeLatency(
        lsp,
        icUri,
        editSpot(readFileSync(join(genDir, largestIc), 'utf8'), /^\s+replicas: [35]$/, '3', '5'),
        { v: 1 },
        reps(size, 'change'),
      );
      const hotText = readFileSync(join(genDir, largestHot), 'utf8');
      // The last digit of the first integer value (a port, a size) <-> the next digit.
      const digitLine = hotText.split('\n').find((l) => /^\s+[a-z_]+: \d+$/.test(l));
      if (!digitLine) throw new Error(`${largestHot}: no integer value to edit`);
      const d = Number(digitLine.at(-1));
      const hotSpot = editSpot(
        hotText,
        new RegExp(`^${digitLine.replace(/\d$/, '')}\\d$`),
        String(d),
        String((d + 1) % 10),
      );
      const changeHot = await changeLatency(lsp, hotUri, hotSpot, { v: 1 }, reps(size, 'change'));
      // A schema error must be reported: proves the schema was applied (not silently skipped).
      const broken = lsp.next((u) => u === icUri);
      await lsp.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: icUri, version: 1000 },
        contentChanges: [
          {
            text: readFileSync(join(genDir, largestIc), 'utf8').replace(
              'apiVersion: v1',
              'apiVersion: v1\nbogusField: 1',
            ),
          },
        ],
      });
      await broken;
      const schemaApplied = (lsp.diagnostics.get(icUri)?.count ?? 0) > 0;
      const lines = (fs) => fs.reduce((n, f) => n + readFileSync(join(genDir, f), 'utf8').split('\n').length - 1, 0);
      result = {
        files: {
          installConfigs: installConfigs.length,
          hot: hot.length,
          lines: lines(files),
          largestInstallConfig: largestIc,
          largestHot,
        },
        problems: problems.length,
        problemSample: problems.slice(0, 3).map(([u, d]) => `${u}: ${d.diagnostics[0]?.message}`),
        schemaApplied,
        change,
        changeHot,
      };
    }
    result.peakRssMB = Math.max(result.peakRssMB ?? 0, lsp.peakRssMB() ?? 0);
    await lsp.stop();
  }
  return { spawnToFirst: stats(spawnSamples), spawnToAll: stats(allSamples), ...result };
}

// ------------------------------------------------------------------ one size

async function runSize(size) {
  const dir = join(WORK, size);
  const files = generateTopology(size, seed);
  writeTopology(dir, files);
  const topoFiles = files.map((f) => f.name);
  const largest = [...files].sort((a, b) => b.text.length - a.text.length)[0].name;
  const out = {
    size,
    files: files.length,
    lines: lineCount(files),
    largestFile: largest,
    largestFileLines: files.find((f) => f.name === largest).text.split('\n').length - 1,
    load: { before: load() },
  };
  log(
    `\n${size}: ${out.files} files, ${out.lines} lines (largest ${largest}: ${out.largestFileLines} lines); load ${out.load.before.join(' ')}`,
  );

  log(`${size}: in process...`);
  out.inProcess = inProcess(dir, join(dir, largest), size);
  if (out.inProcess.errors)
    throw new Error(`${size}: the generated topology has ${out.inProcess.errors} syntax or linking errors`);
  log(
    `${size}: cold ${out.inProcess.stats.cold.median} ms, warm edit ${out.inProcess.stats.warmEdit.median} ms, ${out.inProcess.findings} findings, diagram ${out.inProcess.stats.diagram.median} ms`,
  );

  log(`${size}: topo validate / generate...`);
  const validate = timeProcess(['validate', dir], reps(size, 'cli'));
  out.validate = { ...validate, output: undefined, summary: validate.output.trim().split('\n').pop() };
  const genRoot = mkdtempSync(join(tmpdir(), `topo-bench-${size}-`));
  const generate = timeProcess(['generate', dir, '--out', genRoot], reps(size, 'cli'), [0], () =>
    rmSync(join(genRoot, 'estate'), { recursive: true, force: true }),
  );
  out.generate = { ...generate, output: undefined, summary: generate.output.trim().split('\n').pop() };
  // The diagram as a design document gets it: a process that loads, validates, lays out (elkjs's
  // code compiled and run for the first time) and writes the SVG.
  const diagram = timeProcess(['diagram', dir, '-o', join(genRoot, 'diagram.svg')], reps(size, 'cli'));
  out.diagramCli = { ...diagram, output: undefined, summary: diagram.output.trim() };
  log(
    `${size}: validate ${out.validate.median} ms (${out.validate.summary}); generate ${out.generate.median} ms (${out.generate.summary}); diagram ${out.diagramCli.median} ms`,
  );

  log(`${size}: language server...`);
  out.lsp = await ours(dir, topoFiles, largest, size);
  log(
    `${size}: spawn → first diagnostics ${out.lsp.spawnToFirst.median} ms, → complete ${out.lsp.spawnToComplete.median} ms (last check kept: ${out.lsp.spawnToCompleteKept.median} ms), didChange → diagnostics ${out.lsp.change.median} ms, RSS ${round(out.lsp.peakRssMB)} MiB`,
  );

  log(`${size}: yaml-language-server...`);
  out.peer = await peer(join(genRoot, 'estate'), installConfigSchema(), size);
  if (!out.peer.schemaApplied) throw new Error('yaml-language-server did not apply the install-config schema');
  log(
    `${size}: peer spawn → diagnostics ${out.peer.spawnToFirst.median} ms, didChange → diagnostics ${out.peer.change.median} ms, RSS ${round(out.peer.peakRssMB)} MiB`,
  );
  rmSync(genRoot, { recursive: true, force: true });
  out.load.after = load();
  return out;
}

// ------------------------------------------------------------------ report

const pad = (s, n) => String(s).padStart(n);

function table(results) {
  const rows = TABLE_ROWS.map(([label, f]) => [plainLabel(label), f]);
  const w = Math.max(...rows.map(([n]) => n.length));
  const cols = results.map((r) => Math.max(18, ...rows.map(([, f]) => String(f(r)).length)));
  const lines = [
    `${'median / p95, ms'.padEnd(w)}  ${results.map((r, i) => pad(r.size, cols[i])).join('  ')}`,
    ...rows.map(([n, f]) => `${n.padEnd(w)}  ${results.map((r, i) => pad(f(r), cols[i])).join('  ')}`),
  ];
  return lines.join('\n');
}

function targets(bySize) {
  const out = [];
  const { M, L } = bySize;
  if (M) {
    const r = M.inProcess.stats.warmEdit.median / M.inProcess.stats.cold.median;
    out.push({
      target: 'one-line edit revalidation in M ≤ 1/5 of its cold validation',
      value: round2(r),
      limit: 0.2,
      met: r <= 0.2,
      detail: `${M.inProcess.stats.warmEdit.median} ms vs ${M.inProcess.stats.cold.median} ms`,
    });
    const c = M.lsp.change.median / M.peer.change.median;
    out.push({
      target: 'didChange → diagnostics in M ≤ yaml-language-server on the equivalent YAML (ratio ≤ 1.0)',
      value: round2(c),
      limit: 1,
      met: c <= 1,
      detail: `${M.lsp.change.median} ms vs ${M.peer.change.median} ms (install-config, schema-validated; the peer waits 200 ms before validating)`,
    });
  }
  if (M && L) {
    for (const [name, f] of [
      ['cold validation in process', (r) => r.inProcess.stats.cold.median],
      ['topo validate (process)', (r) => r.validate.median],
      ['topo generate (process)', (r) => r.generate.median],
    ]) {
      const g = f(L) / f(M);
      out.push({
        target: `growth: time(L)/time(M) ≤ 12, ${name}`,
        value: round2(g),
        limit: 12,
        met: g <= 12,
        detail: `${f(L)} ms vs ${f(M)} ms for ${round2(L.lines / M.lines)}× the lines`,
      });
    }
  }
  // Issue 12 (incremental analysis): the edit's cost independent of the estate's size, the file in
  // front diagnosed before the rest.
  if (M) {
    const r = M.inProcess.stats.warmEdit.median / M.inProcess.stats.cold.median;
    out.push({
      target: 'one-line edit revalidation in M ≤ 1/10 of its cold validation',
      value: round2(r),
      limit: 0.1,
      met: r <= 0.1,
      detail: `${M.inProcess.stats.warmEdit.median} ms vs ${M.inProcess.stats.cold.median} ms`,
    });
  }
  if (M && L) {
    const g = L.lsp.change.median / M.lsp.change.median;
    out.push({
      target: 'edit cost independent of estate size: didChange → diagnostics, L/M ≤ 2',
      value: round2(g),
      limit: 2,
      met: g <= 2,
      detail: `${L.lsp.change.median} ms vs ${M.lsp.change.median} ms`,
    });
  }
  if (L) {
    const c = L.lsp.change.median / L.peer.change.median;
    out.push({
      target: 'didChange → diagnostics in L ≤ 0.5× yaml-language-server',
      value: round2(c),
      limit: 0.5,
      met: c <= 0.5,
      detail: `${L.lsp.change.median} ms vs ${L.peer.change.median} ms`,
    });
    const f = L.lsp.spawnToFirst.median / L.peer.spawnToFirst.median;
    out.push({
      target: 'spawn → first diagnostics of the opened file in L ≤ 1.0× yaml-language-server',
      value: round2(f),
      limit: 1,
      met: f <= 1,
      detail: `${L.lsp.spawnToFirst.median} ms vs ${L.peer.spawnToFirst.median} ms (the opened file's syntax errors; the peer's first diagnostics are its complete ones)`,
    });
    const complete = L.lsp.spawnToComplete?.median;
    if (complete !== undefined) {
      const c = complete / L.peer.spawnToFirst.median;
      out.push({
        target: 'spawn → complete diagnostics of the opened file (its findings) in L ≤ 1.0× yaml-language-server',
        value: round2(c),
        limit: 1,
        met: c <= 1,
        detail: `${complete} ms vs ${L.peer.spawnToFirst.median} ms (no last check kept: the whole workspace parsed, linked and analysed first)`,
      });
    }
    const kept = L.lsp.spawnToCompleteKept?.median;
    if (kept !== undefined) {
      const c = kept / L.peer.spawnToFirst.median;
      out.push({
        target:
          'spawn → complete diagnostics of the opened file in L, last check kept (nothing changed since the last session) ≤ 1.0× yaml-language-server',
        value: round2(c),
        limit: 1,
        met: c <= 1,
        detail: `${kept} ms vs ${L.peer.spawnToFirst.median} ms (the last session's diagnostics, published once the files are read and their digest matches; the workspace is checked again after)`,
      });
    }
  }
  for (const [size, limit] of [
    ['M', 1000],
    ['L', 10000],
  ]) {
    const d = bySize[size]?.inProcess.stats.diagram;
    if (d)
      out.push({
        target: `diagram of ${size} laid out and rendered in under ${limit / 1000} s`,
        value: d.median,
        limit,
        met: d.median < limit,
        detail: `${d.median} ms median, ${d.p95} ms p95 (layout alone ${bySize[size].inProcess.stats.diagramLayout.median} ms; \`topo diagram\` as a whole process, elkjs's first layout included: ${bySize[size].diagramCli?.median ?? '—'} ms)`,
      });
  }
  if (L) {
    const m = L.lsp.peakRssMB / L.peer.peakRssMB;
    out.push({
      target: 'server peak RSS on L ≤ 2× yaml-language-server on the equivalent YAML',
      value: round2(m),
      limit: 2,
      met: m <= 2,
      detail: `${round(L.lsp.peakRssMB)} MiB vs ${round(L.peer.peakRssMB)} MiB`,
    });
  }
  return out;
}

// ------------------------------------------------------------------ main

for (const f of [CLI, SERVER])
  if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first (npm run bench does)`);
await bundleInProcess(root);
const started = performance.now();
const results = [];
for (const size of sizes) results.push(await runSize(size));
const bySize = Object.fromEntries(results.map((r) => [r.size, r]));
const goals = targets(bySize);
const text = table(results);
console.log(
  `\ntopo benchmark (seed ${seed}${smoke ? ', smoke run' : ''}): node ${process.version}, ${machine().cpus} × ${machine().cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${load().join(' ')}\n`,
);
console.log(text);
if (goals.length) {
  console.log('\ntargets:');
  for (const g of goals) console.log(`  ${g.met ? 'met   ' : 'MISSED'} ${g.target}: ${g.value} (${g.detail})`);
}
console.log(`\n${round((performance.now() - started) / 1000)} s in all`);
writeResults(outFile, {
  seed,
  smoke,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  load: load(),
  sizes: results,
  targets: goals,
  table: text,
});
