#!/usr/bin/env node
/**
 * The topo command line: the same engine as the language server, for CI.
 *
 *   topo validate <files or folders>   diagnostics as `file:line:col severity id message`
 *   topo diff --base <rev> [folders]    what a change does to availability (also: topo diff old/ new/)
 *   topo diagram <folder> [--fail X]   the topology as SVG (or PNG), with one failure drawn on it
 *
 * Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings, or a failure
 * scenario made worse by a diff), 2 bad input.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runDiagram } from '../language/cli/diagram.js';
import { runDiff } from '../language/cli/diff.js';
import type { DiffFormat } from '../language/cli/diff-render.js';
import { runGenerate } from '../language/cli/generate.js';
import { runSimulate } from '../language/cli/simulate.js';
import { runValidate } from '../language/cli/validate.js';
import { GENERATION_TARGETS, type GenerationTarget } from '../language/generators/types.js';
import { catalogue } from '../language/rules/catalogue.js';
import { allDiagnosticCodes, renderDiagnosticDocs } from '../language/diagnostics.js';
import { listRules, renderRuleDocs, renderSourceDocs } from '../language/rules/docs.js';
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

function targetList(value: string): GenerationTarget[] {
  const targets = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const bad = targets.filter((t) => !(GENERATION_TARGETS as readonly string[]).includes(t));
  if (bad.length || !targets.length)
    throw new InvalidArgumentError(
      `unknown target ${bad.join(', ') || '(none)'}; use ${GENERATION_TARGETS.join(', ')}`,
    );
  return targets as GenerationTarget[];
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
  .action(
    async (
      paths: string[],
      opts: { format: 'text' | 'json' | 'sarif'; maxWarnings?: number; set?: Record<string, string> },
    ) => {
      process.exitCode = await runValidate(paths, io, {
        format: opts.format,
        maxWarnings: opts.maxWarnings,
        params: opts.set,
        version: VERSION,
      });
    },
  );

program
  .command('generate')
  .description('write OpenShift install-configs, HEAT templates and Terraform for each topology')
  .argument('<paths...>', '.topo files or folders')
  .option('-t, --target <targets>', `comma-separated: ${GENERATION_TARGETS.join(',')} (default all)`, targetList)
  .option(
    '-o, --out <dir>',
    'output root: files go to <dir>/<topology>/<target>/ (default generated/ beside the .topo files)',
  )
  .option('--set <name=value>', 'override a topology parameter (repeatable)', setParam)
  .option('--overwrite', 'replace generated files even if a person edited them')
  .action(
    async (
      paths: string[],
      opts: { target?: GenerationTarget[]; out?: string; set?: Record<string, string>; overwrite?: boolean },
    ) => {
      process.exitCode = await runGenerate(paths, io, {
        targets: opts.target,
        out: opts.out,
        params: opts.set,
        overwrite: opts.overwrite,
      });
    },
  );

program
  .command('simulate')
  .description('what survives each single failure (zone, site, router, load balancer)')
  .argument('<paths...>', '.topo files or folders')
  .option('--fail <domain>', 'one failure domain: a zone (dc.az1), a region/site, router:<name> or lb:<name>')
  .option('--json', 'machine-readable output')
  .option('--set <name=value>', 'override a topology parameter (repeatable)', setParam)
  .action(async (paths: string[], opts: { fail?: string; json?: boolean; set?: Record<string, string> }) => {
    process.exitCode = await runSimulate(paths, io, { fail: opts.fail, json: opts.json, params: opts.set });
  });

program
  .command('diff')
  .description(
    'what a change does to availability: findings added and resolved, failures that get worse or better, generated files that change',
  )
  .argument(
    '[paths...]',
    'two folders (old new), or with --base the folders to compare with that git revision (default .)',
  )
  .option('--base <rev>', 'read the base from this git revision (nothing in the work tree is touched)')
  .option('--head <rev>', 'read the head from this git revision too (default: the work tree)')
  .addOption(
    new Option(
      '-f, --format <format>',
      'output format (markdown for a pull-request comment; sarif lists the added findings)',
    )
      .choices(['text', 'markdown', 'json', 'sarif'])
      .default('text'),
  )
  .option('--exit-zero', 'exit 0 even when a failure scenario gets worse')
  .option(
    '-t, --target <targets>',
    "generated files to compare: openshift,heat,terraform (default all, or topo.config.json's)",
    targetList,
  )
  .option('--set <name=value>', 'override a topology parameter on both sides (repeatable)', setParam)
  .action(
    async (
      paths: string[],
      opts: {
        base?: string;
        head?: string;
        format: DiffFormat;
        exitZero?: boolean;
        target?: GenerationTarget[];
        set?: Record<string, string>;
      },
    ) => {
      process.exitCode = await runDiff(paths, io, {
        base: opts.base,
        head: opts.head,
        format: opts.format,
        exitZero: opts.exitZero,
        targets: opts.target,
        params: opts.set,
        version: VERSION,
      });
    },
  );

program
  .command('diagram')
  .description('draw the topology (sites, zones, what runs where) as SVG or PNG, with one failure on it')
  .argument('<path>', 'the topology: a folder of .topo files (or one of its files)')
  .option('--fail <domain>', 'show one failure: a zone (dc.az1), a region/site, router:<name> or lb:<name>')
  .addOption(
    new Option(
      '--format <format>',
      "svg, or png (through headless Chromium); default from -o's extension, else svg",
    ).choices(['svg', 'png']),
  )
  .option('-o, --out <file>', 'write to this file (default: SVG to stdout)')
  .option('--set <name=value>', 'override a topology parameter (repeatable)', setParam)
  .action(
    async (
      path: string,
      opts: { fail?: string; format?: 'svg' | 'png'; out?: string; set?: Record<string, string> },
    ) => {
      process.exitCode = await runDiagram(path, io, {
        fail: opts.fail,
        format: opts.format,
        out: opts.out,
        params: opts.set,
      });
    },
  );

program
  .command('rules')
  .description(
    'list the HA rules (id, severity, title); --markdown prints docs/rules.md (or docs/sources.md, docs/diagnostics.md)',
  )
  .addOption(
    new Option(
      '--markdown [doc]',
      'a reference as Markdown: rules (docs/rules.md), sources (docs/sources.md) or diagnostics (docs/diagnostics.md)',
    ).choices(['rules', 'sources', 'diagnostics']),
  )
  .action((opts: { markdown?: boolean | 'rules' | 'sources' | 'diagnostics' }) => {
    const codes = allDiagnosticCodes();
    if (opts.markdown === 'sources') io.out(renderSourceDocs({ rules: catalogue, codes }));
    else if (opts.markdown === 'diagnostics') io.out(renderDiagnosticDocs(codes));
    else io.out(opts.markdown ? renderRuleDocs(catalogue) : listRules(catalogue));
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
