/**
 * `node scripts/reliability.mjs lsp [--edits 10000] [--seed topo] [--example two-dc-gtm-ltm | --folder dir] [--summary file]`:
 * the scripted LSP session (lsp-session.ts) as a command, with a summary in out/reliability/lsp-last-run.json.
 * Exit code 0 when the session found nothing, 1 otherwise.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runSession, type SessionOptions } from './lsp-session.js';

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const options: SessionOptions = {
  edits: Number(opt('edits') ?? 10_000),
  seed: opt('seed') ?? 'topo',
  example: opt('example'),
  folder: opt('folder') && resolve(opt('folder')!),
  log: (line) => console.log(line),
};
const summary = resolve(
  opt('summary') ?? join(process.env.TOPO_ROOT ?? process.cwd(), 'out', 'reliability', 'lsp-last-run.json'),
);

runSession(options)
  .then((r) => {
    mkdirSync(dirname(summary), { recursive: true });
    writeFileSync(
      summary,
      JSON.stringify({ ...r, date: new Date().toISOString(), node: process.version }, null, 2) + '\n',
    );
    const mb = (n: number): string => `${(n / 1e6).toFixed(0)} MB`;
    console.log(
      `lsp: ${r.edits} edits and ${r.requests} requests in ${r.seconds} s; ${r.answered} answered (${r.cancelled} cancelled; errors by code ${JSON.stringify(r.errors)}); ${r.saves} saves`,
    );
    console.log(
      `lsp: RSS ${mb(r.rssAfter100)} after 100 edits, ${mb(r.rssEnd)} idle after the session (×${(r.rssEnd / r.rssAfter100).toFixed(2)}; ${mb(r.rssEndImmediate)} right after the last answer), peak ${mb(r.rssPeak)}; server ${r.serverAlive ? 'alive' : 'DEAD'}`,
    );
    for (const f of r.failures.slice(0, 30)) console.log(`  FAIL ${f}`);
    console.log(`lsp: ${r.failures.length} failures; summary in ${summary}`);
    process.exitCode = r.failures.length ? 1 : 0;
  })
  .catch((e) => {
    console.error(`lsp: ${(e as Error)?.stack ?? e}`);
    process.exitCode = 3;
  });
