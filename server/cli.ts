#!/usr/bin/env node
/**
 * The topo command line: the same engine as the language server, for CI.
 *
 *   topo validate <files or folders>   diagnostics as `file:line:col severity id message`
 *
 * Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 bad input.
 */
import { Command, CommanderError } from 'commander';
import { runValidate } from '../language/cli/validate.js';
import { InputError } from '../language/workspace/files.js';

const program = new Command()
  .name('topo')
  .description('Check and generate highly available OpenStack + OpenShift topologies (.topo files).')
  .version(process.env.TOPO_VERSION ?? '0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('validate')
  .description('parse, link and check .topo files; print one diagnostic per line')
  .argument('<paths...>', '.topo files or folders (a folder is one topology per sub-folder)')
  .action(async (paths: string[]) => {
    process.exitCode = await runValidate(paths, { out: (s) => process.stdout.write(s) });
  });

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof InputError) {
      process.stderr.write(`topo: ${e.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`topo: internal error: ${(e as Error)?.stack ?? e}\n`);
    process.exitCode = 3;
  }
}

void main();
