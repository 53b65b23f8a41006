#!/usr/bin/env node
// `npm start`: builds the extension, checks every example topology with the CLI, packages the
// extension, and starts VS Code (code-server, in the browser) on examples/ with it installed.
// Prints the URL to open; Ctrl+C stops the editor and everything it started.
//
//   npm start [-- --port N] [-- --workspace DIR] [-- --no-build]
//
// code-server comes from .cache/code-server (scripts/e2e-setup.sh installs it with the Debian
// packages its install needs; `npm run setup` runs that).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isInstalled, startCodeServer } from './code-server.mjs';
import { packageExtension } from './package.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    workspace: { type: 'string', default: path.join(ROOT, 'examples') },
    'no-build': { type: 'boolean', default: false },
  },
});

function step(title, command, args, { allowFailure = false } = {}) {
  console.log(`\n> ${title}`);
  const r = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0 && !allowFailure) {
    console.error(`npm start: "${title}" failed (${r.signal ?? `exit ${r.status}`})`);
    process.exit(r.status || 1);
  }
  return r.status;
}

if (!values['no-build']) step('build', 'npm', ['run', 'build', '--silent']);
// Findings in the examples are worth seeing, not a reason to stop: exit 1 (errors) goes on.
const validated = step('topo validate examples/', process.execPath, ['out/server/cli.cjs', 'validate', 'examples/'], {
  allowFailure: true,
});
if (validated !== 0 && validated !== 1) process.exit(validated ?? 1);

console.log('\n> package');
const { out, size } = packageExtension({ quiet: true });
console.log(`${path.relative(ROOT, out)}: ${(size / 1024).toFixed(0)} KiB`);

if (!isInstalled()) {
  console.log(
    '\ncode-server is not installed yet: installing it into .cache/code-server (a few minutes; ' +
      'it needs the Debian packages of scripts/e2e-setup.sh, which `npm run setup` runs)',
  );
}
console.log(`\n> starting VS Code (code-server) on ${path.relative(process.cwd(), values.workspace) || '.'}`);
const server = await startCodeServer({
  workspace: values.workspace,
  vsix: out,
  port: values.port ? Number(values.port) : undefined,
  logFile: path.join(ROOT, '.cache', 'start', 'code-server.log'),
});

let stopping = false;
const stop = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping VS Code`);
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

console.log(`
topo is running in VS Code at

    ${server.folderUrl}

Open a .topo file of examples/ (Ctrl+P). Log: ${path.relative(process.cwd(), server.logFile)}
Press Ctrl+C to stop.`);
