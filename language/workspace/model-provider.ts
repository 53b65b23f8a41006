import { interruptAndCheck, type LangiumDocument, type LangiumSharedCoreServices, type URI } from 'langium';
import { CancellationToken } from 'vscode-languageserver';
import { summarise, survivabilityOf } from '../analysis/survivability.js';
import type * as ast from '../generated/ast.js';
import { generationChecks } from '../generators/preconditions.js';
import { buildModel } from '../model/build.js';
import { lazyField } from '../model/lazy-record.js';
import { ModelMemo } from '../model/memo.js';
import { startOf } from '../model/loc.js';
import type { TopoModel } from '../model/types.js';
import { catalogue } from '../rules/catalogue.js';
import type { Logger } from '../logger.js';
import { RuleMemo, runRulesStepwise } from '../rules/engine.js';
import type { RuleResults } from '../rules/findings-by-file.js';
import type { Finding, Rule, RuleSettings } from '../rules/types.js';
import { ruleSettings, type TopoConfig } from '../config/config.js';
import { TopoDocumentBuilder } from './document-builder.js';
import { TopoLangiumDocuments } from './documents.js';
import { folderName, topologyKey } from './topology.js';

export interface Analysis {
  model: TopoModel;
  findings: Finding[];
  /** The workspace configuration that applied (topo.config.json), if any. */
  config?: TopoConfig;
}

/** Finds the configuration of a topology folder (the nearest topo.config.json). */
export type ConfigResolver = (folderKey: string) => { config?: TopoConfig; file?: string; error?: string };

/**
 * Computes, once per change, the semantic model of the topology a document belongs to (all the
 * .topo files of its folder) and the rule findings on it. Everything in the editor reads this.
 */
export class TopoModelProvider {
  /** Per topology: the analysis, and the generation of the topology it was built from. */
  private readonly cache = new Map<string, { generation: number; analysis: Analysis }>();
  /**
   * Per topology: bumped whenever one of its documents is added, removed, parsed again or linked
   * again, i.e. whenever what an analysis reads from its syntax trees may have changed.
   */
  private readonly generations = new Map<string, number>();
  private settings: RuleSettings = {};
  private params: Record<string, string> = {};
  rules: readonly Rule[] = catalogue;
  /** Set by the server and the CLI, which can read files; tests and browsers have none. */
  configResolver: ConfigResolver = () => ({});
  /**
   * Whether a topology's next analysis may reuse the parts of its last one that an edit did not
   * change (model/memo.ts, RuleMemo). Off, every analysis is computed from scratch: the reference
   * the equivalence test compares with.
   */
  incremental = true;
  /** Milliseconds the last computed analysis spent per stage (the benchmark reads them). */
  lastTimings: { model: number; summaries: number; rules: number } = { model: 0, summaries: 0, rules: 0 };

  /** `logger`: where a rule that throws is reported (the topo.Logger service). */
  constructor(
    private readonly shared: LangiumSharedCoreServices,
    private readonly logger: Pick<Logger, 'error'>,
  ) {
    const touch = (uri: URI) => {
      const key = topologyKey(uri);
      this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    };
    // Documents come and go through the store; the builder parses a changed document again and
    // unlinks and links again those whose names may resolve elsewhere.
    const { DocumentBuilder: builder, LangiumDocuments: documents } = shared.workspace;
    if (!(documents instanceof TopoLangiumDocuments) || !(builder instanceof TopoDocumentBuilder))
      throw new Error('TopoModelProvider needs the workspace services of TopoSharedModule');
    documents.onDidAddOrRemove((uri) => {
      touch(uri);
      this.documentLists.delete(topologyKey(uri));
    });
    builder.onTreeChanged(touch);
  }

  /** Editor settings (or CLI flags): they override the workspace's topo.config.json per rule. */
  configure(settings: RuleSettings, params: Record<string, string> = this.params): void {
    this.settings = settings;
    this.params = params;
    this.cache.clear();
    this.memos.clear();
  }

  /** The settings and parameters in effect (as `configure` was last given them). */
  get configuration(): { settings: RuleSettings; params: Record<string, string> } {
    return { settings: this.settings, params: this.params };
  }

  /** Forget cached analyses, e.g. when a topo.config.json changed. */
  invalidate(): void {
    this.cache.clear();
    this.memos.clear();
  }

  /** How the models built so far came about, summed over topologies (see ModelMemo.stats). */
  memoStats(): ModelMemo['stats'] {
    const sum = { scratch: 0, reused: 0, appsReused: 0, appsBuilt: 0 };
    for (const m of this.memos.values())
      for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += m.model.stats[k];
    return sum;
  }

  /**
   * What a topology's next analysis may reuse of its last one: the model's memo (model/memo.ts)
   * and the rules' (RuleMemo), kept per topology; none when not incremental.
   */
  private memosOf(key: string): { model: ModelMemo; rules: RuleMemo } | undefined {
    if (!this.incremental) return undefined;
    let memo = this.memos.get(key);
    if (!memo) this.memos.set(key, (memo = { model: new ModelMemo(), rules: new RuleMemo() }));
    return memo;
  }
  private readonly memos = new Map<string, { model: ModelMemo; rules: RuleMemo }>();

  /**
   * The documents of one topology, in a stable order. Kept until a document of the topology is
   * added or removed (a change updates a document in place).
   */
  documentsOf(key: string): LangiumDocument<ast.Document>[] {
    let list = this.documentLists.get(key);
    if (!list) {
      list = this.shared.workspace.LangiumDocuments.all
        .filter((d) => topologyKey(d.uri) === key && d.uri.path.endsWith('.topo'))
        .toArray()
        .sort((a, b) => a.uri.toString().localeCompare(b.uri.toString())) as LangiumDocument<ast.Document>[];
      this.documentLists.set(key, list);
    }
    return [...list];
  }
  private readonly documentLists = new Map<string, LangiumDocument<ast.Document>[]>();

  /** Every topology (folder) that has documents loaded. */
  topologies(): string[] {
    const keys = new Set<string>();
    for (const d of this.shared.workspace.LangiumDocuments.all)
      if (d.uri.path.endsWith('.topo')) keys.add(topologyKey(d.uri));
    return [...keys].sort();
  }

  analysisFor(uri: string): Analysis {
    return this.analysisOf(topologyKey(uri));
  }

  analysisOf(key: string): Analysis {
    const hit = this.current(key);
    if (hit) return hit;
    const steps = this.compute(key);
    let r = steps.next();
    while (!r.done) r = steps.next();
    return r.value;
  }

  /**
   * The analysis, computed as validation needs it: between its stages (model, failure summaries,
   * each rule) it yields to the event loop, so a change that arrives meanwhile cancels it (Langium
   * cancels the build of a superseded version) and the work of the newer version starts at once.
   * Throws OperationCancelled then; a cancelled computation leaves nothing cached.
   */
  async analysisForAsync(uri: string, cancelToken: CancellationToken = CancellationToken.None): Promise<Analysis> {
    const key = topologyKey(uri);
    const hit = this.current(key);
    if (hit) return hit;
    const steps = this.compute(key);
    let r = steps.next();
    while (!r.done) {
      await interruptAndCheck(cancelToken);
      r = steps.next();
    }
    return r.value;
  }

  /**
   * Findings and model problems of one file, from the analysis: the problems indexed once per
   * analysis, the findings as the rules' results give them per file (rules/findings-by-file.ts).
   */
  inFile(analysis: Analysis, uri: string): { problems: TopoModel['problems']; findings: Finding[] } {
    let problems = this.problemsByFile.get(analysis);
    if (!problems) {
      problems = new Map();
      for (const p of analysis.model.problems) {
        const list = problems.get(p.loc.uri);
        if (list) list.push(p);
        else problems.set(p.loc.uri, [p]);
      }
      this.problemsByFile.set(analysis, problems);
    }
    const results = this.results.get(analysis);
    return {
      problems: problems.get(uri) ?? [],
      findings: results ? results.inFile(uri) : analysis.findings.filter((f) => f.loc.uri === uri),
    };
  }

  private readonly problemsByFile = new WeakMap<Analysis, Map<string, TopoModel['problems']>>();
  /** The rules' results an analysis was made with (its findings per file). */
  private readonly results = new WeakMap<Analysis, RuleResults>();

  /**
   * The topology's analysis if one is cached and still current (nothing it read has changed
   * since); never computes one. O(1): validation asks it for every document.
   */
  current(key: string): Analysis | undefined {
    const hit = this.cache.get(key);
    return hit && hit.generation === (this.generations.get(key) ?? 0) ? hit.analysis : undefined;
  }

  /** The analysis of a topology in steps: each `yield` is a point where the caller may stop. */
  private *compute(key: string): Generator<void, Analysis, void> {
    const generation = this.generations.get(key) ?? 0;
    const docs = this.documentsOf(key);
    const resolved = this.configResolver(key);
    const t0 = performance.now();
    const model = buildModel(
      docs.map((d) => ({
        uri: d.uri.toString(),
        root: d.parseResult.value,
        text: d.textDocument.getText(),
        references: d.references,
      })),
      { params: { ...resolved.config?.params, ...this.params }, fallbackName: folderName(key) },
      this.memosOf(key)?.model,
    );
    // One check path: what a generator would refuse is a problem of the topology while typing.
    model.problems.push(...generationChecks(model));
    if (resolved.error && docs[0]) {
      model.problems.push({
        severity: 'error',
        code: 'config/invalid',
        message: `${resolved.error} (the defaults apply until it is fixed)`,
        loc: startOf(docs[0].uri.toString()),
      });
    }
    const t1 = performance.now();
    yield;
    // The survivability summaries (app/site-loss reads them; cached per model), timed apart. If
    // they throw, the rule that reads them throws again under the engine's guard, which reports it.
    try {
      summarise(model);
    } catch {
      // reported by the rule
    }
    const t2 = performance.now();
    yield;
    const results = yield* runRulesStepwise(
      model,
      this.rules,
      ruleSettings(resolved.config, this.settings),
      this.logger,
      { survivability: survivabilityOf },
      this.memosOf(key)?.rules,
    );
    this.lastTimings = { model: t1 - t0, summaries: t2 - t1, rules: performance.now() - t2 };
    const analysis = { model, findings: [] as Finding[], config: resolved.config };
    // Every finding as one list when first read: the editor reads them per file.
    lazyField(analysis, 'findings', () => results.findings);
    this.results.set(analysis, results);
    // Kept under the generation it started from: if anything changed meanwhile, it is stale at once.
    this.cache.set(key, { generation, analysis });
    return analysis;
  }
}
