import type { LangiumDocument, LangiumSharedCoreServices } from 'langium';
import type * as ast from '../generated/ast.js';
import { buildModel } from '../model/build.js';
import type { TopoModel } from '../model/types.js';
import { catalogue } from '../rules/catalogue.js';
import { runRules, type RuleLogger } from '../rules/engine.js';
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
  private readonly cache = new Map<string, { stamp: string; analysis: Analysis }>();
  private readonly rootIds = new WeakMap<object, number>();
  private nextId = 1;
  private settings: RuleSettings = {};
  private params: Record<string, string> = {};
  logger: RuleLogger = { error: (m) => console.error(m) };
  rules: readonly Rule<any>[] = catalogue;
  /** Set by the server and the CLI, which can read files; tests and browsers have none. */
  configResolver: ConfigResolver = () => ({});

  constructor(private readonly shared: LangiumSharedCoreServices) {}

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
    const docs = this.documentsOf(key);
    // A document is re-parsed on every change, so the identity of its root marks its version.
    const stamp = docs.map((d) => `${d.uri.toString()}#${this.idOf(d.parseResult.value)}`).join('\n');
    const hit = this.cache.get(key);
    if (hit && hit.stamp === stamp) return hit.analysis;
    const resolved = this.configResolver(key);
    const model = buildModel(
      docs.map((d) => ({ uri: d.uri.toString(), root: d.parseResult.value, text: d.textDocument.getText(), references: d.references })),
      { params: { ...resolved.config?.params, ...this.params }, fallbackName: folderName(key) },
    );
    if (resolved.error && docs[0]) {
      model.problems.push({ severity: 'error', code: 'config/invalid', message: `${resolved.error} (the defaults apply until it is fixed)`, loc: { uri: docs[0].uri.toString(), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } });
    }
    const findings = runRules(model, this.rules, ruleSettings(resolved.config, this.settings), this.logger);
    const analysis = { model, findings, config: resolved.config };
    this.cache.set(key, { stamp, analysis });
    return analysis;
  }

  private idOf(root: object): number {
    let id = this.rootIds.get(root);
    if (id === undefined) {
      id = this.nextId++;
      this.rootIds.set(root, id);
    }
    return id;
  }
}
