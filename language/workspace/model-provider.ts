import type { LangiumDocument, LangiumSharedCoreServices } from 'langium';
import { summarise } from '../analysis/survivability.js';
import type * as ast from '../generated/ast.js';
import { generationChecks } from '../generators/preconditions.js';
import { buildModel } from '../model/build.js';
import { startOf } from '../model/loc.js';
import type { TopoModel } from '../model/types.js';
import { catalogue } from '../rules/catalogue.js';
import type { Logger } from '../logger.js';
import { runRules } from '../rules/engine.js';
import type { Finding, Rule, RuleSettings } from '../rules/types.js';
import { ruleSettings, type TopoConfig } from '../config/config.js';
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
  /** Per topology: the analysis, and the documents (with the parse of each) it was built from. */
  private readonly cache = new Map<string, { sources: { doc: LangiumDocument; root: object }[]; analysis: Analysis }>();
  private settings: RuleSettings = {};
  private params: Record<string, string> = {};
  rules: readonly Rule<any>[] = catalogue;
  /** Set by the server and the CLI, which can read files; tests and browsers have none. */
  configResolver: ConfigResolver = () => ({});

  /** `logger`: where a rule that throws is reported (the topo.Logger service). */
  constructor(private readonly shared: LangiumSharedCoreServices, private readonly logger: Pick<Logger, 'error'>) {}

  /** Editor settings (or CLI flags): they override the workspace's topo.config.json per rule. */
  configure(settings: RuleSettings, params: Record<string, string> = this.params): void {
    this.settings = settings;
    this.params = params;
    this.cache.clear();
  }

  /** Forget cached analyses, e.g. when a topo.config.json changed. */
  invalidate(): void {
    this.cache.clear();
  }

  /** The documents of one topology, in a stable order. */
  documentsOf(key: string): LangiumDocument<ast.Document>[] {
    return this.shared.workspace.LangiumDocuments.all
      .filter((d) => topologyKey(d.uri) === key && d.uri.path.endsWith('.topo'))
      .toArray()
      .sort((a, b) => a.uri.toString().localeCompare(b.uri.toString())) as LangiumDocument<ast.Document>[];
  }

  /** Every topology (folder) that has documents loaded. */
  topologies(): string[] {
    const keys = new Set<string>();
    for (const d of this.shared.workspace.LangiumDocuments.all) if (d.uri.path.endsWith('.topo')) keys.add(topologyKey(d.uri));
    return [...keys].sort();
  }

  analysisFor(uri: string): Analysis {
    return this.analysisOf(topologyKey(uri));
  }

  analysisOf(key: string): Analysis {
    const hit = this.cache.get(key);
    if (hit && this.unchanged(key, hit.sources)) return hit.analysis;
    const docs = this.documentsOf(key);
    const resolved = this.configResolver(key);
    const model = buildModel(
      docs.map((d) => ({ uri: d.uri.toString(), root: d.parseResult.value, text: d.textDocument.getText(), references: d.references })),
      { params: { ...resolved.config?.params, ...this.params }, fallbackName: folderName(key) },
    );
    // One check path: what a generator would refuse is a problem of the topology while typing.
    model.problems.push(...generationChecks(model));
    if (resolved.error && docs[0]) {
      model.problems.push({ severity: 'error', code: 'config/invalid', message: `${resolved.error} (the defaults apply until it is fixed)`, loc: startOf(docs[0].uri.toString()) });
    }
    const findings = runRules(model, this.rules, ruleSettings(resolved.config, this.settings), this.logger, { survivability: summarise });
    const analysis = { model, findings, config: resolved.config };
    this.cache.set(key, { sources: docs.map((doc) => ({ doc, root: doc.parseResult.value })), analysis });
    return analysis;
  }

  /**
   * True when the topology's documents are the ones an analysis was built from: the same files,
   * each with the same parse (a document is re-parsed on every change, so the identity of its root
   * marks its version). Asked for every document validated, so it neither sorts nor builds
   * strings: with a stamp of every file of the folder, sorted, per validated file, validating a
   * 161-file topology spent a second on it.
   */
  private unchanged(key: string, sources: readonly { doc: LangiumDocument; root: object }[]): boolean {
    const documents = this.shared.workspace.LangiumDocuments;
    let count = 0;
    for (const d of documents.all) if (d.uri.path.endsWith('.topo') && topologyKey(d.uri) === key) count++;
    return count === sources.length && sources.every(({ doc, root }) => documents.getDocument(doc.uri) === doc && doc.parseResult.value === root);
  }
}
