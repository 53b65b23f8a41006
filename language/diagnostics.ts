/**
 * Every diagnostic code a user can see besides the rules' (docs/rules.md): what the parser, the
 * linker and the model builder report, what keeps a topology from being generated, what only
 * `topo generate` can find (it depends on the machine), and what topo says about itself.
 * docs/diagnostics.md is generated from this list (`npm run docs`); a test fails when the code
 * emits a code that is not here.
 *
 * The generation checks (the `openshift/*`, `heat/*`, `terraform/*` ... codes that `topo validate`
 * reports while typing) are defined once, with their text, where they are checked
 * (language/generators/preconditions.ts collects them); they are listed here from there.
 */
import type { SourceId } from './rules/sources.js';

export type Stage =
  /** Reported while typing and by `topo validate`; errors block generation. */
  | 'validate'
  /** Reported only by `topo generate` and generate-on-save: it depends on the machine (a secret file, an output folder). */
  | 'generate'
  /** A fault of topo itself: please report it. */
  | 'internal';

export interface DiagnosticCode {
  code: string;
  severity: 'error' | 'warning' | 'info' | 'error or warning';
  stage: Stage;
  /** When it is reported. */
  when: string;
  /** What to do about it. */
  fix: string;
  sources?: readonly SourceId[];
}

/** The codes of the parser, linker, model builder, configuration and topo itself. */
export const BASE_CODES: readonly DiagnosticCode[] = [
  { code: 'syntax/token', severity: 'error', stage: 'validate', when: 'A character sequence that is no token of the language (an unclosed string, a stray symbol).', fix: 'Correct the text at the place shown.' },
  { code: 'syntax/parse', severity: 'error', stage: 'validate', when: 'Tokens in an order the grammar does not accept (a missing brace, a property outside its block, an unknown keyword).', fix: 'Correct the text at the place shown; completion lists what may come there.' },
  { code: 'ref/unresolved', severity: 'error', stage: 'validate', when: 'A name that no declaration of the topology (any `.topo` file of the folder) declares: a zone, network, router, cluster ...', fix: 'Declare it, or correct the name (zones are `region.zone` outside their region).' },
  { code: 'model/duplicate', severity: 'error', stage: 'validate', when: 'Two declarations of one kind with one name in a topology, a parameter or secret declared twice, or a load balancer listening twice on one port.', fix: 'Rename or remove one.' },
  { code: 'model/range', severity: 'error', stage: 'validate', when: 'A number the grammar accepts but nothing can deploy: a port above 65535, a VLAN id outside 1–4094, an MTU outside 68–65535, more than 10,000 machines in a group, a size above 1 PiB, a duration above a year.', fix: 'Give a value in the range the message names.' },
  { code: 'model/placement', severity: 'error', stage: 'validate', when: 'Machine counts that contradict each other: `replicas` against per-zone counts or `perZone` × zones, or counts on some zones only.', fix: 'Make the counts agree, or give every zone a count (or none).' },
  { code: 'model/param', severity: 'error', stage: 'validate', when: 'A parameter used but not declared, declared without a value, or whose value is not what the place needs (a count).', fix: 'Declare it with `param name = value`, or pass `--set name=value`.' },
  { code: 'model/cidr', severity: 'error', stage: 'validate', when: '`cidrsubnet(...)` or `cidrhost(...)` that cannot be computed (too many new bits, a network number or host number that does not fit).', fix: 'Use numbers that fit the prefix, as the message says.' },
  { code: 'model/rtt', severity: 'error or warning', stage: 'validate', when: 'An `rtt` between a zone and a region (error), between a zone and itself, or declared twice (warnings: the first counts).', fix: 'Give two zones or two regions, once.' },
  { code: 'model/topology-name', severity: 'error', stage: 'validate', when: 'Files of one folder name different topologies (`topology` lines).', fix: 'One folder is one topology: use one name in every file.' },
  { code: 'config/invalid', severity: 'error', stage: 'validate', when: 'The nearest `topo.config.json` does not match its schema (schemas/topo.config.schema.json), or a threshold changes without a reason.', fix: 'Correct the file; the defaults apply until then.' },
  { code: 'internal/rule-failed', severity: 'info', stage: 'internal', when: 'A rule threw on this topology; the other rules ran.', fix: 'Please report it, with the topology if you can.' },
];

/** The generation codes that depend on the machine or on topo itself: `topo generate` reports them, validation cannot. */
export const GENERATION_CODES: readonly DiagnosticCode[] = [
  { code: 'openshift/secret-unresolved', severity: 'error', stage: 'generate', when: 'The pull secret or SSH key cannot be read: its file does not exist, is empty or unreadable, or its environment variable is not set.', fix: 'Create the file or set the variable where `topo generate` runs (the editor never reads it).', sources: ['secrets'] },
  { code: 'openshift/secret-format', severity: 'error', stage: 'generate', when: 'The pull secret is not JSON with "auths", or the SSH key file holds a private key or no public key.', fix: 'Point at the pull secret from console.redhat.com, or at the `.pub` file.', sources: ['secrets'] },
  { code: '<target>/internal', severity: 'error', stage: 'internal', when: 'A generator failed, produced a file outside its folder, or two files with one path.', fix: 'Please report it; the other targets were generated.' },
  { code: '<target>/unavailable', severity: 'error', stage: 'internal', when: 'A target asked for has no generator in this build.', fix: 'Use a build that has it.' },
];

/** Every code this list documents, in the order docs/diagnostics.md shows them. */
export function allDiagnosticCodes(): DiagnosticCode[] {
  return [...BASE_CODES, ...GENERATION_CODES];
}

const STAGES: Record<Stage, string> = {
  validate: 'While typing and in `topo validate` (an error blocks generation)',
  generate: 'Only in `topo generate` and generate-on-save (it depends on the machine)',
  internal: 'A fault of topo (please report it)',
};

/** GitHub's heading anchor for a code: `model/duplicate` → `modelduplicate`. */
function anchor(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

/** docs/diagnostics.md, generated from this list (`topo rules --markdown diagnostics`). */
export function renderDiagnosticDocs(codes: readonly DiagnosticCode[] = allDiagnosticCodes()): string {
  const out: string[] = [
    '# topo diagnostics',
    '',
    '<!-- Generated from language/diagnostics.ts and the generation checks by `npm run docs`; do not edit. -->',
    '',
    'Every diagnostic code topo reports besides the HA rules ([rules.md](rules.md)): the parser\'s and',
    'the linker\'s, the model\'s, what keeps a topology from being generated, and what only `topo generate`',
    'can find. A topology that `topo validate` reports without an error generates: every check a',
    'generator makes on the topology is reported while typing; only what depends on the machine (a',
    'secret file or variable, the output folder) waits for `topo generate`. The facts behind the checks',
    'are in [sources.md](sources.md).',
    '',
  ];
  for (const stage of Object.keys(STAGES) as Stage[]) {
    const list = codes.filter((c) => c.stage === stage);
    if (!list.length) continue;
    out.push(`## ${STAGES[stage]}`, '', '| code | severity | when |', '|---|---|---|');
    for (const c of list) out.push(`| [${c.code}](#${anchor(c.code)}) | ${c.severity} | ${c.when.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  for (const c of codes) {
    out.push(`### ${c.code}`, '', `**${c.severity}** — ${STAGES[c.stage].toLowerCase()}.`, '', c.when, '', `**Fix.** ${c.fix}`, '');
    if (c.sources?.length) out.push(`**Sources.** ${c.sources.map((s) => `[${s}](sources.md#${s})`).join(', ')}`, '');
  }
  return out.join('\n');
}
