#!/usr/bin/env node
/**
 * The topo command line: the same engine as the language server, for CI.
 *
 *   topo validate <files or folders>   diagnostics as `file:line:col severity id message`
 *
 * Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings), 2 bad input.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runValidate } from '../language/cli/validate.js';
import { catalogue } from '../language/rules/catalogue.js';
import { listRules, renderRuleDocs } from '../language/rules/docs.js';
import { InputError } from '../language/workspace/files.js';

const program = new Command()
  .name('topo')
  .description('Check and generate highly available OpenStack + OpenShift topologies (.topo files).')
  .version(process.env.TOPO_VERSION ?? '0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const VERSION = process.env.TOPO_VERSION ?? '0.1.0';
const io = { out: (s: string) => void process.stdout.write(s) };

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('give a whole number, 0 or more');
  return n;
}

/** `--set name=value`, repeatable. */
function setParam(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(`"${value}" is not name=value`);
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

program
  .command('validate')
  .description('parse, link and check .topo files; print one diagnostic per line')
  .argument('<paths...>', '.topo files or folders (a folder is one topology per sub-folder)')
  .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
  .option('--max-warnings <n>', 'exit 1 when there are more warnings than this', count)
  .option('--set <name=value>', 'override a topology parameter (repeatable)', setParam)
  .action(async (paths: string[], opts: { format: 'text' | 'json' | 'sarif'; maxWarnings?: number; set?: Record<string, string> }) => {
    process.exitCode = await runValidate(paths, io, { format: opts.format, maxWarnings: opts.maxWarnings, params: opts.set, version: VERSION });
  });

program
  .command('rules')
  .description('list the HA rules (id, severity, title); --markdown prints docs/rules.md')
  .option('--markdown', 'the rule reference as Markdown')
  .action((opts: { markdown?: boolean }) => {
    io.out(opts.markdown ? renderRuleDocs(catalogue) : listRules(catalogue));
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
