/**
 * A second editor, proven (issue 13): headless Neovim (Debian's neovim, 0.7+) set up as
 * docs/editors.md says (its first Lua block: vim.lsp.start_client on `topo-language-server
 * --stdio`, here the bundled server out/server/main.cjs), driven by test/neovim/lsp-session.lua.
 * It opens an example, receives the diagnostics with their rule codes, gets a hover and applies a
 * quick fix through `vim.lsp.buf.code_action()`; the finding then goes away. Expectations come
 * from what the same example reports in the language itself, so another rule's change does not
 * break this test.
 *
 * Neovim is installed by `npm run setup` (scripts/setup.sh); without it this test fails and says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, EXAMPLES, load, topologyFiles } from './support/index.js';
import { SERVER } from './support/lsp-client.js';

const SESSION = resolve(import.meta.dirname, 'neovim', 'lsp-session.lua');
const EXAMPLE = 'two-dc-gtm-ltm';
const FILE = 'traffic.topo';
const FIX_RULE = 'gslb/single-check';

/** The first Lua block of docs/editors.md: the Neovim 0.7 setup a user pastes into init.lua. */
function documentedSetup(): string {
  const doc = readFileSync(resolve(import.meta.dirname, '../docs/editors.md'), 'utf8');
  const neovim = doc.slice(doc.indexOf('## Neovim'));
  const block = /```lua\n([\s\S]*?)```/.exec(neovim);
  if (!block) throw new Error('docs/editors.md has no Lua block under "## Neovim"');
  return block[1]!;
}

/** A folder with `topo-language-server` on it: the bundled server, as the CLI package installs it. */
function serverOnPath(): string {
  const bin = mkdtempSync(join(tmpdir(), 'topo-nvim-bin-'));
  writeFileSync(join(bin, 'topo-language-server'), `#!/bin/sh\nexec "${process.execPath}" "${SERVER}" "$@"\n`);
  chmodSync(join(bin, 'topo-language-server'), 0o755);
  return bin;
}

interface NvimDiagnostic {
  code: string;
  lnum: number;
  col: number;
  severity: number;
  message: string;
  source: string;
}
interface Session {
  steps: string[];
  error?: string;
  diagnostics?: NvimDiagnostic[];
  filetype?: string;
  client?: { name: string; root: string; cmd: string[] };
  hover?: string;
  actions?: string[];
  text?: string;
  cleared?: boolean;
  after?: NvimDiagnostic[];
}

function nvimVersion(): [number, number] {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    throw new Error("nvim is not installed: npm run setup installs Debian's neovim (0.7 or later)");
  const m = /NVIM v(\d+)\.(\d+)/.exec(r.stdout);
  if (!m) throw new Error(`cannot read the version of nvim from: ${r.stdout.split('\n')[0]}`);
  return [Number(m[1]), Number(m[2])];
}

/** Runs the Lua session in headless Neovim; bounded in time, the process is killed after. */
function runSession(env: Record<string, string>): Promise<Session> {
  const result = join(mkdtempSync(join(tmpdir(), 'topo-nvim-')), 'result.json');
  return new Promise((done, fail) => {
    const p = spawn('nvim', ['--headless', '--clean', '-n', '-i', 'NONE', '-c', `luafile ${SESSION}`], {
      env: {
        ...process.env,
        ...env,
        TOPO_RESULT: result,
        XDG_STATE_HOME: mkdtempSync(join(tmpdir(), 'topo-nvim-state-')),
        // Where the server keeps its last check (language/lsp/last-check.ts): not the home folder.
        XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'topo-nvim-cache-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    p.stdout.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 200_000);
    p.on('error', fail);
    p.on('close', (code) => {
      clearTimeout(timer);
      try {
        done(JSON.parse(readFileSync(result, 'utf8')) as Session);
      } catch {
        fail(new Error(`nvim exited ${code} without a result: ${output}`));
      }
    });
  });
}

describe('Neovim (built-in LSP client) on the bundled language server', () => {
  it('opens an example: diagnostics with rule codes, a hover, a quick fix applied and the finding gone', async () => {
    const [major, minor] = nvimVersion();
    expect(major > 0 || minor >= 7, `nvim ${major}.${minor}: vim.lsp.start_client needs 0.7+`).toBe(true);

    // What the language reports for this file, and the quick fix of the finding the session fixes.
    const files = topologyFiles(EXAMPLE);
    const key = `/examples/${EXAMPLE}/${FILE}`;
    const expected = await load(files);
    const expectedDiagnostics = expected.diagnostics
      .filter((d) => d.file === key)
      .map((d) => `${d.range.start.line} ${String(d.code)}`)
      .sort();
    const finding = expected.findings.find((f) => f.ruleId === FIX_RULE && f.loc.uri.endsWith(`/${FILE}`));
    expect(finding?.fixes?.[0], `${FIX_RULE} in ${FILE} has a quick fix`).toBeDefined();
    const fix = finding!.fixes![0]!;
    const fixedText = applyEdits(files[key]!, fix.edits).replace(/\n$/, '');

    // A copy in a repository of its own: the session edits the buffer (it never saves).
    const repo = mkdtempSync(join(tmpdir(), 'topo-nvim-ws-'));
    mkdirSync(join(repo, '.git'));
    const root = join(repo, EXAMPLE);
    cpSync(join(EXAMPLES, EXAMPLE), root, { recursive: true, filter: (src) => !src.endsWith('/generated') });
    const init = join(repo, '..', `${EXAMPLE}-init-${Date.now()}.lua`);
    writeFileSync(init, documentedSetup());

    const session = await runSession({
      PATH: `${serverOnPath()}${delimiter}${process.env.PATH}`,
      TOPO_INIT: init,
      TOPO_FILE: join(root, FILE),
      TOPO_HOVER_AFTER: 'backends ltm-fra ltm-mad',
      TOPO_HOVER: 'ltm-fra',
      TOPO_FIX_RULE: FIX_RULE,
      TOPO_FIX_TITLE: fix.title,
    });
    expect(session.error, `session failed after steps ${session.steps.join(', ')}`).toBeUndefined();
    expect(session.steps).toEqual(['started', 'diagnostics', 'hover', 'fixed', 'rechecked']);
    // The documented setup: the filetype, and one client rooted at the repository (its .git).
    expect(session.filetype).toBe('topo');
    expect(session.client).toEqual({ name: 'topo', root: repo, cmd: ['topo-language-server', '--stdio'] });

    // Every diagnostic of the file, with the rule id as its code and topo as its source.
    expect(session.diagnostics!.map((d) => `${d.lnum} ${d.code}`).sort()).toEqual(expectedDiagnostics);
    expect(session.diagnostics!.every((d) => d.source === 'topo')).toBe(true);
    expect(session.diagnostics!.find((d) => d.code === FIX_RULE)!.message).toBe(finding!.message);

    // The hover on a load balancer: what its failure does.
    expect(session.hover).toMatch(/^\*\*loadBalancer ltm-fra\*\*/);
    expect(session.hover).toContain('**If load balancer ltm-fra fails**');

    // The quick fix, chosen from the code action menu, edits the buffer exactly as the rule's fix says.
    expect(session.actions).toContain(fix.title);
    expect(session.actions).toContain(`Ignore ${FIX_RULE} here (add a topo-ignore comment)`);
    expect(session.text).toBe(fixedText);
    expect(session.cleared).toBe(true);
    expect(session.after!.map((d) => d.code)).not.toContain(FIX_RULE);
  }, 240_000);
});
