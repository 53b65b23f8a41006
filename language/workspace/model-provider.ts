import type { LangiumDocument, LangiumSharedCoreServices } from 'langium';
import type * as ast from '../generated/ast.js';
import { buildModel } from '../model/build.js';
import type { TopoModel } from '../model/types.js';
import { catalogue } from '../rules/catalogue.js';
import { runRules, type RuleLogger } from '../rules/engine.js';
import type { Finding, Rule, RuleSettings } from '../rules/types.js';
import { folderName, topologyKey } from './topology.js';

export interface Analysis {
  model: TopoModel;
  findings: Finding[];
}

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

  constructor(private readonly shared: LangiumSharedCoreServices) {}

  configure(settings: RuleSettings, params: Record<string, string> = this.params): void {
    this.settings = settings;
    this.params = params;
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
    const model = buildModel(
      docs.map((d) => ({ uri: d.uri.toString(), root: d.parseResult.value, text: d.textDocument.getText(), references: d.references })),
      { params: this.params, fallbackName: folderName(key) },
    );
    const findings = runRules(model, this.rules, this.settings, this.logger);
    const analysis = { model, findings };
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
