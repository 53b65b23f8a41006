/**
 * A generation as plain data, so that another thread can run it: on a large topology generation
 * takes seconds of the server's thread (on the benchmark's 100k-line estate, 110,000 files), during
 * which it would answer nothing. The job carries everything the server's generation reads: the
 * topology's documents as the editor has them, the rule settings and parameters in effect, and the
 * generation settings; `runGenerationJob` parses, links and analyses them in services of its own
 * (a cold build gives the same analysis as the server's incremental one: the equivalence property
 * test) and generates through the same path as the server and `topo generate`.
 */
import { NodeFileSystem } from 'langium/node';
import { fileConfigResolver } from '../config/resolver.js';
import type { GenerationTarget } from '../generators/index.js';
import type { RuleSettings } from '../rules/types.js';
import { createTopoServices } from '../topo-module.js';
import { generateTopology, type GenerationOutcome } from '../workspace/generation.js';
import { loadDocuments } from '../workspace/load.js';
import { syntaxErrors } from './generation.js';

export interface GenerationJob {
  /** The topology's key (its folder's URI, see workspace/topology.ts). */
  key: string;
  /** The topology's folder on disk. */
  folder: string;
  /** Each document of the topology: its URI and its text. */
  documents: [string, string][];
  settings: RuleSettings;
  params: Record<string, string>;
  targets?: GenerationTarget[];
  outRoot?: string;
  /** `true`: every file; a list: those files (relative to the output folder), as `topo.generate` takes it. */
  overwrite?: boolean | string[];
}

export interface GenerationJobResult {
  topology: string;
  outcome: GenerationOutcome;
}

/** Runs a generation job in services of its own (in a worker thread, or in this one). */
export async function runGenerationJob(job: GenerationJob): Promise<GenerationJobResult> {
  const { Topo } = createTopoServices(NodeFileSystem);
  const provider = Topo.topo.ModelProvider;
  provider.configure(job.settings, job.params);
  provider.configResolver = fileConfigResolver(provider.rules);
  await loadDocuments(
    Topo,
    job.documents.map(([path, text]) => ({ path, text })),
  );
  const analysis = provider.analysisOf(job.key);
  const outcome = await generateTopology({
    analysis,
    folder: job.folder,
    syntaxErrors: syntaxErrors(provider.documentsOf(job.key), job.folder),
    targets: job.targets,
    outRoot: job.outRoot,
    overwrite: job.overwrite,
  });
  return { topology: analysis.model.name, outcome };
}
