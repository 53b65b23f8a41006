/**
 * Builds the semantic model from the linked ASTs of one topology (the .topo files of one folder).
 * This is the only code that walks the AST; everything else reads the result.
 */
import { AstUtils, CstUtils, isCompositeCstNode, type AstNode, type CstNode, type Reference } from 'langium';
import * as ast from '../generated/ast.js';
import { cidrHost, cidrSubnet } from './cidr.js';
import { checkModel, checkModelOn } from './checks.js';
import { findNodeForProperty, firstNodeForProperty, propLocs } from './cst-properties.js';
import { lazyField, lazyRecord } from './lazy-record.js';
import { keepalivedInstances } from './keepalived.js';
import { isDefined, unique } from './lists.js';
import { elementsBeforeApps } from './elements.js';
import { EMPTY_RANGE } from './loc.js';
import {
  type AppEntry,
  type Infrastructure,
  type ModelMemo,
  type ModelState,
  placeKey,
  sameInfrastructure,
  setInfrastructure,
} from './memo.js';
import { federationSplit } from './kubernetes.js';
import type * as M from './types.js';
import { durationMs, percent, sizeBytes, sizeGiB } from './units.js';

export interface SourceFile {
  uri: string;
  root: ast.Document;
  text: string;
  /** The document's resolved cross-references (Langium collects them while linking). */
  references?: readonly (Reference | { $refNode?: CstNode })[];
}

export interface BuildOptions {
  /** Parameter overrides (`--set name=value`). */
  params?: Record<string, string>;
  /** Name used when no file declares `topology NAME` (the folder name). */
  fallbackName?: string;
}

/** OpenShift installer defaults (docs/sources.md#install-config: clusterNetwork 10.128.0.0/14, hostPrefix 23, serviceNetwork 172.30.0.0/16, machineNetwork 10.0.0.0/16). */
export const DEFAULTS = {
  clusterNetwork: '10.128.0.0/14',
  hostPrefix: 23,
  serviceNetwork: '172.30.0.0/16',
  networkType: 'OVNKubernetes',
  openshiftControlPlane: 3,
  cloud: 'openstack',
  appReplicas: 1,
} as const;

/** An app's problems when its block gives none (most apps): one array for all. */
const NO_PROBLEMS: readonly M.ModelProblem[] = [];
const NO_REFERENCES: NonNullable<SourceFile['references']> = [];

function ref<T extends AstNode>(r: Reference<T> | undefined): T | undefined {
  return r?.ref;
}

/**
 * The semantic model of one topology. With a `memo` (kept by the caller from one build of the
 * topology to the next), the parts of the previous build that an edit cannot have changed are
 * reused (see model/memo.ts); the result is the same as without.
 */
export function buildModel(files: SourceFile[], options: BuildOptions = {}, memo?: ModelMemo): M.TopoModel {
  return new ModelBuilder(files, options, memo).build();
}

class ModelBuilder {
  private readonly uriOf = new Map<AstNode, string>();
  private readonly textOf = new Map<string, string>();
  private readonly newlines = new Map<string, number[]>();
  private readonly problems: M.ModelProblem[] = [];
  private readonly params = new Map<string, M.ParamInfo>();
  private readonly regions = new Map<ast.Region, M.Region>();
  private readonly zones = new Map<ast.Zone, M.Zone>();
  private readonly projects = new Map<ast.Project, M.Project>();
  private readonly networks = new Map<ast.Network, M.Network>();
  private readonly routers = new Map<ast.Router, M.Router>();
  private readonly securityGroups = new Map<ast.SecurityGroup, M.SecurityGroup>();
  private readonly clusters = new Map<ast.Cluster, M.Cluster>();
  private readonly servers = new Map<ast.Servers, M.Servers>();
  private readonly loadBalancers = new Map<ast.LoadBalancer, M.LoadBalancer>();
  private readonly gslbs = new Map<ast.Gslb, M.Gslb>();
  /** Every element by its AST node, to attach the places that refer to it. */
  private readonly elementOf = new Map<AstNode, M.Element>();
  /** On a kept infrastructure: its element of a node (of this parse), if any. */
  private kept: ((node: AstNode) => M.Element | undefined) | undefined;

  constructor(
    private readonly files: SourceFile[],
    private readonly options: BuildOptions,
    private readonly memo?: ModelMemo,
  ) {
    this.files = [...files].sort((a, b) => a.uri.localeCompare(b.uri));
    for (const f of this.files) this.textOf.set(f.uri, f.text);
  }

  build(): M.TopoModel {
    const options = JSON.stringify([this.options.params ?? {}, this.options.fallbackName ?? null]);
    const files = this.files.map((f) => ({ uri: f.uri, root: f.root }));
    const before = this.memo?.state;
    const reusable =
      before !== undefined &&
      before.options === options &&
      before.files.length === files.length &&
      before.files.every((b, i) => b.uri === files[i]!.uri && sameInfrastructure(b.root, files[i]!.root, b.uri));
    for (const f of this.files) this.uriOf.set(f.root, f.uri);
    if (this.memo) this.memo.stats[reusable ? 'reused' : 'scratch']++;
    if (reusable) return this.buildOnInfrastructure(before, files);
    const elements: { uri: string; el: ast.Element }[] = [];
    for (const f of this.files) {
      for (const el of f.root.elements) {
        if (!named(el)) continue;
        // (A node's file is found from its root too; marking every element shortens the walk.)
        this.uriOf.set(el, f.uri);
        elements.push({ uri: f.uri, el });
      }
    }
    return this.buildAll(files, elements, options);
  }

  /** A build from scratch, which records what the next build may reuse (when given a memo). */
  private buildAll(
    files: ModelState['files'],
    elements: { uri: string; el: ast.Element }[],
    options: string,
  ): M.TopoModel {
    const all = elements.map((e) => e.el);
    const of = <T extends ast.Element>(guard: (e: unknown) => e is T): T[] => all.filter(guard);

    // Order matters: later elements refer to earlier ones.
    of(ast.isParam).forEach((p) => this.param(p));
    of(ast.isRegion).forEach((r) => this.region(r));
    of(ast.isProject).forEach((p) => this.project(p));
    const secrets = of(ast.isSecret)
      .filter((s) => s.source)
      .map((s) => ({ name: s.name, ref: this.secretSource(s.source) }));
    const nets = of(ast.isNetwork);
    const routers = of(ast.isRouter);
    nets.forEach((n) => this.networkShell(n));
    routers.forEach((r) => this.router(r));
    nets.forEach((n) => this.networkLinks(n));
    of(ast.isSecurityGroup).forEach((g) => this.securityGroup(g));
    const connectors = of(ast.isConnector).map((c) => this.connector(c));
    of(ast.isServers).forEach((s) => this.serversOf(s));
    const clusterNodes = of(ast.isCluster);
    clusterNodes.forEach((c) => this.clusterShell(c));
    of(ast.isLoadBalancer).forEach((l) => this.loadBalancer(l));
    clusterNodes.forEach((c) => this.clusterLinks(c));
    of(ast.isGslb).forEach((g) => this.gslb(g));
    const problemsBefore = this.problems.length;
    const appNodes = of(ast.isApp);
    const entries = appNodes.map((a) => this.appEntry(a));
    const apps = entries.map((e) => e.app);
    const problemsAfter = this.problems.length;
    const topStorages = of(ast.isStorage).map((s) => this.storage(s, undefined));
    const managements = of(ast.isManagement).map((m) => this.management(m));
    const rttDecls = this.rttDecls(elements.map((e) => e.el));

    const refsByFile = this.collectReferences();
    const zones = [...this.zones.values()];
    const infra: Infrastructure = {
      name: this.topologyName(),
      params: this.params,
      regions: [...this.regions.values()],
      zones,
      zoneById: new Map(zones.map((z) => [z.id, z])),
      rttDecls,
      rtt: rttLookup(rttDecls),
      projects: [...this.projects.values()],
      networks: [...this.networks.values()],
      routers: [...this.routers.values()],
      connectors,
      securityGroups: [...this.securityGroups.values()],
      clusters: [...this.clusters.values()],
      servers: [...this.servers.values()],
      loadBalancers: [...this.loadBalancers.values()],
      gslbs: [...this.gslbs.values()],
      storages: topStorages,
      managements,
      secrets,
      keepalived: [],
      problemsBefore: this.problems.slice(0, problemsBefore),
      problemsAfter: this.problems.slice(problemsAfter),
    };
    const model = this.assemble(infra, apps);
    infra.keepalived = model.keepalived = keepalivedInstances(model);
    if (this.memo) {
      const appNodeSet = new Set<AstNode>(appNodes);
      for (const a of appNodes) for (const s of a.storage) appNodeSet.add(s);
      const infraNodes = new Map<string, Map<AstNode, M.Element>>(files.map((f) => [f.uri, new Map()]));
      for (const [node, el] of this.elementOf) {
        if (!appNodeSet.has(node)) infraNodes.get(this.uri(node))?.set(node, el);
      }
      // The same apps in the same order as `entries` (both are the elements' apps, in order).
      let i = 0;
      const appsByFile = new Map(
        [...appsPerFile(elements)].map(([uri, nodes]) => [uri, nodes.map((node) => ({ node, entry: entries[i++]! }))]),
      );
      this.memo.state = { options, files, infraNodes, apps: appsByFile, infra, refsByFile };
      setInfrastructure(model, infra);
    }
    model.problems.push(...(this.memo ? checkModelOn(model, infra) : checkModel(model)));
    return model;
  }

  /**
   * The model of an infrastructure and its apps, as both builds end: the files' places that are
   * not elements (ignore directives), the problems so far, and the index of every name.
   */
  private assemble(infra: Infrastructure, apps: M.App[]): M.TopoModel {
    const model: M.TopoModel = {
      name: infra.name,
      files: this.files.map((f) => f.uri),
      params: infra.params,
      regions: infra.regions,
      zones: infra.zones,
      zoneById: infra.zoneById,
      rttDecls: infra.rttDecls,
      rtt: infra.rtt,
      projects: infra.projects,
      networks: infra.networks,
      routers: infra.routers,
      connectors: infra.connectors,
      securityGroups: infra.securityGroups,
      clusters: infra.clusters,
      servers: infra.servers,
      loadBalancers: infra.loadBalancers,
      gslbs: infra.gslbs,
      apps,
      storages: undefined as unknown as M.TopoModel['storages'],
      managements: infra.managements,
      secrets: infra.secrets,
      keepalived: infra.keepalived,
      ignores: this.ignores(),
      problems: this.problems,
      byName: undefined as unknown as M.TopoModel['byName'],
    };
    // Made when first read: a keystroke's checks and rules read each app's storage with the app.
    lazyField(model, 'storages', () => storagesOf(apps, infra.storages));
    // Every named element but zones, which are named within their region, the first of a name
    // in model order (`allElements`): the infrastructure's before the apps', kept with it. Made
    // when first read: an estate's keystroke reads it rarely (a few quick fixes, hovers).
    lazyField(model, 'byName', () => {
      let head = namesBeforeApps.get(infra);
      if (!head) {
        head = new Map();
        for (const e of elementsBeforeApps(infra)) if (e.kind !== 'zone' && !head.has(e.name)) head.set(e.name, e);
        namesBeforeApps.set(infra, head);
      }
      const byName = new Map(head);
      for (const list of [model.apps, model.storages, model.managements])
        for (const e of list) if (!byName.has(e.name)) byName.set(e.name, e);
      for (const z of infra.zones) byName.set(z.id, z);
      return byName;
    });
    return model;
  }

  /** An app's part of the model, with the problems its block gives. */
  private appEntry(a: ast.App): AppEntry {
    const from = this.problems.length;
    const app = this.app(a);
    return { app, problems: this.problems.length > from ? this.problems.slice(from) : NO_PROBLEMS };
  }

  /**
   * A build on the previous build's infrastructure (no file's infrastructure changed): its
   * elements are reused as they are, the apps whose blocks are unchanged too, and the others are
   * built again on it. The places that refer to each element are collected again (an app's
   * references are among them).
   */
  private buildOnInfrastructure(before: ModelState, files: ModelState['files']): M.TopoModel {
    const infra = before.infra;
    // The kept elements' places are updated in place below: a build that stopped half-way
    // leaves nothing to build on.
    this.memo!.state = undefined;
    // The infrastructure's elements by their nodes in this parse: a file parsed again has new
    // nodes for the same declarations (same text, same places), matched in order, node for node.
    const infraNodes = new Map<string, Map<AstNode, M.Element>>();
    files.forEach((f, i) => {
      const prior = before.files[i]!;
      const nodes = before.infraNodes.get(f.uri)!;
      infraNodes.set(f.uri, prior.root === f.root ? nodes : matchNodes(prior.root, f.root, nodes));
    });
    // Apps look up the kept elements they refer to in their file's nodes (see `built`).
    this.kept = (node) => infraNodes.get(this.uri(node))?.get(node);
    for (const [name, p] of infra.params) this.params.set(name, p);
    // The apps: a file not parsed again has the same ones; in a file parsed again, an app with
    // the same place and text is the same app.
    const appsByFile = new Map<string, { node: ast.App; entry: AppEntry }[]>();
    files.forEach((f, i) => {
      const uri = f.uri;
      const prior = before.apps.get(uri);
      if (before.files[i]!.root === f.root) {
        if (prior) appsByFile.set(uri, prior);
        this.memo!.stats.appsReused += prior?.length ?? 0;
        return;
      }
      const nodes = f.root.elements.filter((e): e is ast.App => ast.isApp(e) && named(e));
      if (!nodes.length) return;
      let byKey: Map<string, AppEntry> | undefined;
      const list = nodes.map((node) => {
        byKey ??= new Map((prior ?? []).map((p) => [placeKey(p.node, uri), p.entry]));
        let entry = byKey.get(placeKey(node, uri));
        if (entry) {
          this.memo!.stats.appsReused++;
          return { node, entry };
        }
        // Built again; its problems join the others' in the apps' order below.
        const mark = this.problems.length;
        entry = this.appEntry(node);
        this.problems.length = mark;
        this.memo!.stats.appsBuilt++;
        return { node, entry };
      });
      appsByFile.set(uri, list);
    });
    this.problems.push(...infra.problemsBefore);
    const apps: M.App[] = [];
    for (const list of appsByFile.values()) {
      for (const { entry } of list) {
        apps.push(entry.app);
        if (entry.problems.length) this.problems.push(...entry.problems);
      }
    }
    this.problems.push(...infra.problemsAfter);
    // Nothing refers to an app or its storage (the grammar has no such reference): the places
    // that refer to the kept elements change only with the files linked again.
    const refsByFile = this.collectReferences(before.refsByFile);
    const model = this.assemble(infra, apps);
    this.memo!.state = { ...before, files, infraNodes, apps: appsByFile, refsByFile };
    setInfrastructure(model, infra);
    model.problems.push(...checkModelOn(model, infra));
    return model;
  }

  private register<T extends M.Element>(node: AstNode, el: T): T {
    this.elementOf.set(node, el);
    return el;
  }

  /**
   * Records where each element is referred to (for renames and "used by" hovers), file by file.
   * Given the previous build's record, on the same elements, a file whose references are the same
   * list (Langium makes a new one each time it links a file) refers to the same places of the
   * same elements as before: only the elements the other files referred to, or refer to now, get
   * their places again, in the same order as a build from scratch gives them.
   */
  private collectReferences(prior?: ModelState['refsByFile']): ModelState['refsByFile'] {
    const out: ModelState['refsByFile'] = new Map();
    const affected = new Set<M.Element>();
    for (const f of this.files) {
      const references = f.references ?? NO_REFERENCES;
      const before = prior?.get(f.uri);
      if (before && before.references === references && before.count === references.length) {
        out.set(f.uri, before);
        continue;
      }
      const targets: M.Element[] = [];
      const places: M.Loc[] = [];
      for (const r of references) {
        const target = 'ref' in r ? r.ref : undefined;
        const el = target && (this.elementOf.get(target) ?? this.kept?.(target));
        if (!el || !r.$refNode) continue;
        targets.push(el);
        places.push(refLoc(r, f.uri));
      }
      out.set(f.uri, { references, count: references.length, targets, places });
      if (!prior) continue;
      for (const el of before?.targets ?? []) affected.add(el);
      for (const el of targets) affected.add(el);
    }
    if (!prior) {
      for (const { targets, places } of out.values()) targets.forEach((el, i) => el.refs.push(places[i]!));
      return out;
    }
    if (!affected.size) return out;
    // An affected element keeps its places in the files whose lists are the same, and takes the
    // changed files' places among them, in the files' order.
    const order = new Map(this.files.map((f, i) => [f.uri, i]));
    const added = new Map<M.Element, { file: number; place: M.Loc }[]>();
    for (const f of this.files) {
      const entry = out.get(f.uri)!;
      if (entry === prior.get(f.uri)) continue;
      const file = order.get(f.uri)!;
      entry.targets.forEach((el, i) => {
        let list = added.get(el);
        if (!list) added.set(el, (list = []));
        list.push({ file, place: entry.places[i]! });
      });
    }
    for (const el of affected) {
      const kept = el.refs.filter((l) => out.get(l.uri) === prior.get(l.uri));
      const fresh = added.get(el) ?? [];
      const refs: M.Loc[] = [];
      let k = 0;
      for (const { file, place } of fresh) {
        while (k < kept.length && order.get(kept[k]!.uri)! < file) refs.push(kept[k++]!);
        refs.push(place);
      }
      while (k < kept.length) refs.push(kept[k++]!);
      el.refs = refs;
    }
    return out;
  }

  /** The element built for a node: this build's, else the kept infrastructure's (`buildOnInfrastructure`). */
  private built<T extends M.Element>(map: Map<AstNode, T>, node: AstNode): T | undefined {
    return map.get(node) ?? (this.kept?.(node) as T | undefined);
  }

  // ------------------------------------------------------------------ locations

  private uri(node: AstNode): string {
    let n: AstNode | undefined = node;
    while (n) {
      const u = this.uriOf.get(n);
      if (u) return u;
      n = n.$container;
    }
    return '';
  }

  private locOf(node: AstNode, cst: CstNode | undefined = node.$cstNode): M.Loc {
    return { uri: this.uri(node), range: cst?.range ?? EMPTY_RANGE };
  }

  private propLoc(node: AstNode, prop: string, index?: number): M.Loc | undefined {
    const cst = findNodeForProperty(node.$cstNode, prop, index);
    return cst ? this.locOf(node, cst) : undefined;
  }

  /**
   * Where a node and its properties are: its block, its name, its `props` (lazy), the insertion
   * point before its closing brace and its indentation. They depend on the node's syntax tree and
   * file alone, which a parse never changes, so they are kept per node: on a keystroke only the
   * edited file's nodes are new, and the other files' places are not worked out again.
   */
  private placed(
    node: AstNode,
    names: string[],
    { block = true, named = block }: { block?: boolean; named?: boolean } = {},
  ): Placed {
    let p = placedByNode.get(node);
    if (!p) {
      const loc = this.locOf(node);
      const uri = loc.uri;
      const nameCst = named ? firstNodeForProperty(node.$cstNode, 'name') : undefined;
      p = {
        loc,
        nameLoc: nameCst ? this.locOf(node, nameCst) : loc,
        props: lazyRecord(() => propLocs(node, names, uri)),
        insertLoc: block ? this.insertLoc(node) : undefined,
        indent: block ? this.indentOf(node, this.textOf.get(uri) ?? '') : '',
      };
      placedByNode.set(node, p);
    }
    return p;
  }

  /** The common part of an element (its places are kept per node, see `placed`). */
  /**
   * The fields every element has. A kind with many more fields (apps, clusters) copies these into
   * one object literal with its own: adding a dozen fields or more to an object one by one
   * (`Object.assign`) turns it into a dictionary, and spreading one into a literal gives each
   * object a hidden class of its own; either makes every read of a field a slow lookup, which
   * the passes over an estate's 7,000 apps pay on each keystroke.
   */
  private element<K extends string>(
    kind: K,
    node: AstNode & { name: string },
    propNames: string[],
  ): M.Element & { kind: K } {
    const p = this.placed(node, propNames);
    return {
      kind,
      name: node.name,
      loc: p.loc,
      nameLoc: p.nameLoc,
      props: p.props,
      insertLoc: p.insertLoc,
      indent: p.indent,
      refs: [],
    };
  }

  /** The position of the closing brace of a block, where a new property goes. */
  private insertLoc(node: AstNode): M.Loc | undefined {
    const cst = node.$cstNode;
    if (!cst) return undefined;
    // `cst.text.endsWith('}')` without copying the block's text out of the file.
    const endOffset = cst.end;
    if (endOffset <= cst.offset || cst.root.fullText.charCodeAt(endOffset - 1) !== 0x7d /* } */) return undefined;
    const end = cst.range.end;
    // `app a\n  { }`: the braces share a line below the block's first line; quick fixes would
    // treat it as a multi-line block and insert before the `{`. No insertion point then.
    const text = cst.root.fullText;
    // The block's own `{` (its CST may be wrapped in the rule call's node): the first one, before its properties.
    const open = CstUtils.streamCst(cst).find(
      (c) =>
        !isCompositeCstNode(c) && c.astNode === node && c.length === 1 && text.charCodeAt(c.offset) === 0x7b /* { */,
    );
    if (open && open.range.start.line === end.line && cst.range.start.line !== end.line) return undefined;
    return {
      uri: this.uri(node),
      range: {
        start: { line: end.line, character: end.character - 1 },
        end: { line: end.line, character: end.character - 1 },
      },
    };
  }

  /** The indentation of a block's properties: that of its first property line, else the block's + 2. */
  private indentOf(node: AstNode, text: string): string {
    const cst = node.$cstNode;
    if (!cst) return '  ';
    const nl = this.newlinesOf(text);
    const startLine = cst.range.start.line;
    const baseIndent = /^\s*/.exec(lineOf(text, nl, startLine) ?? '')?.[0] ?? '';
    for (let l = startLine + 1; l < cst.range.end.line; l++) {
      const line = lineOf(text, nl, l) ?? '';
      if (line.trim() && !line.trim().startsWith('//')) return /^\s*/.exec(line)?.[0] ?? baseIndent + '  ';
    }
    return baseIndent + '  ';
  }

  /**
   * Where a file's lines end, found once per build: splitting the file per element made the build
   * quadratic in file size, and splitting every file into line strings on every keystroke was a
   * large part of what a keystroke allocated. See `lineOf`.
   */
  private newlinesOf(text: string): number[] {
    let nl = this.newlines.get(text);
    if (!nl) {
      nl = [];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) nl.push(i);
      this.newlines.set(text, nl);
    }
    return nl;
  }

  private problem(severity: M.ModelProblem['severity'], code: string, message: string, loc: M.Loc): void {
    this.problems.push({ severity, code, message, loc });
  }

  // ------------------------------------------------------------------ values

  private topologyName(): string {
    const names = new Map<string, ast.Document>();
    for (const f of this.files) if (f.root.topology) names.set(f.root.topology, f.root);
    if (names.size > 1) {
      for (const [name, root] of names) {
        this.problem(
          'error',
          'model/topology-name',
          `this folder's files name different topologies (${[...names.keys()].join(', ')}); one folder is one topology: use one name in every file`,
          this.propLoc(root, 'topology') ?? this.locOf(root),
        );
        void name;
      }
    }
    return names.keys().next().value ?? this.options.fallbackName ?? 'topology';
  }

  private param(p: ast.Param): void {
    const lit = p.value;
    if (!lit) return; // `param x =` with the value missing: a syntax error says so
    const type: M.ParamInfo['type'] = ast.isStringLiteral(lit)
      ? 'string'
      : ast.isCidrLiteral(lit)
        ? 'cidr'
        : ast.isIpLiteral(lit)
          ? 'ip'
          : 'number';
    const def = String(lit.value);
    const override = this.options.params?.[p.name];
    const el = this.element('param', p, ['value']);
    if (this.params.has(p.name)) {
      this.problem('error', 'model/duplicate', `parameter ${p.name} is declared twice`, el.nameLoc);
      return;
    }
    this.params.set(
      p.name,
      this.register(
        p,
        Object.assign(el, { type, default: def, value: override ?? def, overridden: override !== undefined }),
      ),
    );
  }

  private paramValue(r: Reference<ast.Param> | undefined, at: M.Loc): string | undefined {
    const p = ref(r);
    if (!p) return undefined;
    const info = this.params.get(p.name);
    if (!info) this.problem('error', 'model/param', `parameter ${p.name} has no value`, at);
    return info?.value;
  }

  /** Resolves `${name}` in a string against the parameters. */
  private str(value: string | undefined, node: AstNode, prop: string): string | undefined {
    if (value === undefined || !value.includes('${')) return value;
    return value.replace(/\$\{([_a-zA-Z][\w-]*)\}/g, (whole, name: string) => {
      const p = this.params.get(name);
      if (p) return p.value;
      this.problem(
        'error',
        'model/param',
        `unknown parameter \${${name}}: declare it with \`param ${name} = ...\``,
        this.propLoc(node, prop) ?? this.locOf(node),
      );
      return whole;
    });
  }

  private count(c: ast.Count | undefined, node: AstNode, prop: string): number | undefined {
    if (!c) return undefined;
    if (c.value !== undefined) return c.value;
    const at = this.propLoc(node, prop) ?? this.locOf(node);
    const raw = this.paramValue(c.param, at);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0) {
      this.problem('error', 'model/param', `parameter ${c.param?.$refText} is "${raw}", not a count`, at);
      return undefined;
    }
    return n;
  }

  private cidr(
    c: ast.CidrValue | undefined,
    node: AstNode,
    prop: string,
  ): { cidr?: string; expr?: M.Network['cidrExpr'] } {
    if (!c) return {};
    if (c.literal) return { cidr: c.literal };
    const at = this.propLoc(node, prop) ?? this.locOf(node);
    if (c.param) return { cidr: this.paramValue(c.param, at), expr: { param: c.param.$refText.replace(/^\$/, '') } };
    const prefix = this.paramValue(c.prefix, at);
    const expr = { param: c.prefix?.$refText.replace(/^\$/, ''), newbits: c.newbits, netnum: c.netnum };
    if (prefix === undefined || c.newbits === undefined || c.netnum === undefined) return { expr };
    try {
      return { cidr: cidrSubnet(prefix, c.newbits, c.netnum), expr };
    } catch (e) {
      this.problem('error', 'model/cidr', `cidrsubnet: ${(e as Error).message}`, at);
      return { expr };
    }
  }

  /** An address as written, or `cidrhost(<cidr>, n)` computed from the parameters. */
  private ip(v: ast.IpValue | undefined): string | undefined {
    if (!v) return undefined;
    if (v.literal) return v.literal;
    const { cidr } = this.cidr(v.network, v, 'network');
    if (cidr === undefined || v.hostnum === undefined) return undefined;
    try {
      return cidrHost(cidr, v.hostnum);
    } catch (e) {
      this.problem('error', 'model/cidr', `cidrhost: ${(e as Error).message}`, this.locOf(v));
      return undefined;
    }
  }

  private ips(values: ast.IpValue[]): string[] {
    return values.map((v) => this.ip(v)).filter(isDefined);
  }

  private endpoint(e: ast.Endpoint | undefined): M.Endpoint | undefined {
    return (
      e && {
        cidr: this.cidr(e.cidr, e, 'cidr').cidr,
        ip: this.ip(e.ip),
        group: ref(e.group)?.name,
        any: e.any || undefined,
      }
    );
  }

  private secretSource(s: ast.SecretSource): M.SecretRef {
    const loc = this.locOf(s);
    if (s.path !== undefined) return { kind: 'file', reference: s.path, loc };
    if (s.variable !== undefined) return { kind: 'env', reference: s.variable, loc };
    return { kind: 'literal', loc, literalLength: s.literal?.length ?? 0 };
  }

  private secretValue(v: ast.SecretValue | undefined): M.SecretRef | undefined {
    if (!v) return undefined;
    if (v.source) return this.secretSource(v.source);
    const target = ref(v.ref);
    if (!target?.source) return undefined;
    return { ...this.secretSource(target.source), secretName: target.name, loc: this.locOf(v) };
  }

  private health(h: ast.HealthCheck | undefined): M.HealthCheck | undefined {
    if (!h || h.path === undefined) return undefined; // `health every 5s` without its path: a syntax error says so
    const p = this.placed(h, ['path', 'interval', 'fall', 'rise', 'timeout'], { block: false });
    return {
      path: h.path,
      intervalMs: durationMs(h.interval),
      fall: h.fall,
      rise: h.rise,
      timeoutMs: durationMs(h.timeout),
      loc: p.loc,
      props: p.props,
    };
  }

  private zone(r: Reference<ast.Zone> | Reference<ast.FailureDomain> | undefined): M.Zone | undefined {
    const z = ref(r);
    return z && ast.isZone(z) ? this.zones.get(z) : undefined;
  }

  private zonesOf(refs: Reference<ast.Zone>[]): M.Zone[] {
    return unique(refs.map((r) => this.zone(r)).filter(isDefined));
  }

  // ------------------------------------------------------------------ elements

  private region(r: ast.Region): void {
    const region: M.Region = this.register(
      r,
      Object.assign(this.element('region', r, ['provider', 'location']), {
        keyword: r.kind,
        provider: r.provider,
        location: r.location,
        zones: [],
      }),
    );
    this.regions.set(r, region);
    for (const z of r.zones) {
      if (!z.name) continue;
      const zone: M.Zone = this.register(
        z,
        Object.assign(this.element('zone', z, []), { id: `${r.name}.${z.name}`, region }),
      );
      region.zones.push(zone);
      this.zones.set(z, zone);
    }
  }

  private rttDecls(elements: ast.Element[]): M.RttDecl[] {
    const rtts: ast.Rtt[] = [];
    for (const el of elements) {
      if (ast.isRtt(el)) rtts.push(el);
      if (ast.isRegion(el)) rtts.push(...el.rtts);
    }
    const out: M.RttDecl[] = [];
    for (const r of rtts) {
      const a = ref(r.a);
      const b = ref(r.b);
      const ms = durationMs(r.value);
      if (!a || !b || ms === undefined) continue;
      if ((ast.isZone(a) && !this.zones.has(a)) || (ast.isZone(b) && !this.zones.has(b))) continue;
      const id = (d: ast.FailureDomain): string => (ast.isZone(d) ? this.zones.get(d)!.id : d.name);
      const decl: M.RttDecl = {
        a: id(a),
        b: id(b),
        aKind: ast.isZone(a) ? 'zone' : 'region',
        bKind: ast.isZone(b) ? 'zone' : 'region',
        ms,
        loc: this.locOf(r),
      };
      if (decl.a === decl.b) {
        this.problem(
          'warning',
          'model/rtt',
          `rtt between ${decl.a} and itself means nothing: name two different zones or regions`,
          decl.loc,
        );
        continue;
      }
      if (decl.aKind !== decl.bKind) {
        this.problem(
          'error',
          'model/rtt',
          `rtt between a zone (${decl.aKind === 'zone' ? decl.a : decl.b}) and a region (${decl.aKind === 'region' ? decl.a : decl.b}): give two zones or two regions`,
          decl.loc,
        );
        continue;
      }
      const dup = out.find((o) => (o.a === decl.a && o.b === decl.b) || (o.a === decl.b && o.b === decl.a));
      if (dup && dup.ms !== decl.ms) {
        this.problem(
          'warning',
          'model/rtt',
          `rtt ${decl.a} ↔ ${decl.b} is declared twice (${dup.ms} ms and ${ms} ms); the first counts`,
          decl.loc,
        );
        continue;
      }
      if (!dup) out.push(decl);
    }
    return out;
  }

  private project(p: ast.Project): void {
    this.projects.set(
      p,
      this.register(
        p,
        Object.assign(this.element('project', p, ['role', 'nat', 'description']), {
          role: p.role as M.Project['role'],
          nat: p.nat,
        }),
      ),
    );
  }

  private networkShell(n: ast.Network): void {
    const { cidr, expr } = this.cidr(n.cidr, n, 'cidr');
    this.networks.set(
      n,
      this.register(
        n,
        Object.assign(
          this.element('network', n, [
            'kind',
            'cidr',
            'zones',
            'gateways',
            'nat',
            'vlan',
            'physnet',
            'mtu',
            'dns',
            'project',
          ]),
          {
            project: this.projects.get(ref(n.project)!),
            netKind: n.kind as M.Network['netKind'],
            cidr,
            cidrExpr: expr,
            zones: this.zonesOf(n.zones),
            gateways: [],
            nat: n.nat,
            vlan: n.vlan,
            physnet: n.physnet,
            mtu: n.mtu,
            dns: this.ips(n.dns),
          },
        ),
      ),
    );
  }

  private networkLinks(n: ast.Network): void {
    const net = this.networks.get(n)!;
    net.gateways = unique(n.gateways.map((g) => this.routers.get(ref(g)!)).filter(isDefined));
    for (const router of net.gateways) if (!router.interfaces.includes(net)) router.interfaces.push(net);
  }

  private router(r: ast.Router): void {
    this.routers.set(
      r,
      this.register(
        r,
        Object.assign(
          this.element('router', r, [
            'zones',
            'ha',
            'distributed',
            'external',
            'snat',
            'interfaces',
            'firewall',
            'routes',
            'project',
          ]),
          {
            project: this.projects.get(ref(r.project)!),
            zones: this.zonesOf(r.zones),
            ha: r.ha,
            distributed: r.distributed,
            external: r.external === undefined ? undefined : r.external === 'internet' ? 'internet' : r.external,
            snat: r.snat === undefined ? undefined : r.snat === 'on',
            interfaces: unique(r.interfaces.map((i) => this.networks.get(ref(i)!)).filter(isDefined)),
            firewall:
              r.firewall === undefined
                ? undefined
                : r.firewall.rules.length === 0 && r.firewall.$cstNode?.text.trim() === 'off'
                  ? 'off'
                  : {
                      rules: r.firewall.rules.map((fr) => ({
                        action: fr.action,
                        protocol: fr.protocol,
                        portFrom: fr.port?.from,
                        portTo: fr.port?.to ?? fr.port?.from,
                        from: this.endpoint(fr.from),
                        to: this.endpoint(fr.to),
                      })),
                    },
            routes: r.routes.map((s) => ({
              destination: this.cidr(s.destination, s, 'destination').cidr ?? '',
              nexthop: this.ip(s.nexthop) ?? '',
            })),
          } satisfies Omit<M.Router, keyof M.Element>,
        ),
      ),
    );
  }

  private connector(c: ast.Connector): M.Connector {
    return this.register(
      c,
      Object.assign(this.element('connector', c, ['networks', 'bandwidth']), {
        networks: c.networks.map((n) => this.networks.get(ref(n)!)).filter(isDefined),
        bandwidth: c.bandwidth,
      }),
    );
  }

  private securityGroup(g: ast.SecurityGroup): void {
    this.securityGroups.set(
      g,
      this.register(
        g,
        Object.assign(this.element('securityGroup', g, ['project']), {
          project: this.projects.get(ref(g.project)!),
          rules: g.rules.map((r) => ({
            direction: r.direction,
            protocol: r.protocol,
            portFrom: r.port?.from,
            portTo: r.port?.to ?? r.port?.from,
            peer: this.endpoint(r.peer),
          })),
        }),
      ),
    );
  }

  /**
   * Places `total` machines in zones: explicit `zone: n` counts, else round-robin over the listed
   * zones in order, else `perZone` in each zone. Reports counts that contradict each other.
   */
  private placement(
    node: AstNode,
    zoneCounts: ast.ZoneCount[],
    total: number | undefined,
    perZone: number | undefined,
    fallbackZones: M.Zone[],
    what: string,
  ): M.Placement {
    const listed = zoneCounts.map((zc) => ({ zone: this.zone(zc.zone), count: zc.count, zc }));
    const perZoneMap = new Map<M.Zone, number>();
    const add = (z: M.Zone, n: number): void => {
      perZoneMap.set(z, (perZoneMap.get(z) ?? 0) + n);
    };
    const explicit = listed.some((l) => l.count !== undefined);
    if (explicit) {
      for (const l of listed) {
        if (l.count === undefined) {
          this.problem(
            'error',
            'model/placement',
            `give every zone of ${what} a count (\`zone: n\`) or none of them`,
            this.locOf(l.zc),
          );
        } else if (l.zone) add(l.zone, l.count);
      }
      const sum = [...perZoneMap.values()].reduce((a, b) => a + b, 0);
      if (total !== undefined && total !== sum) {
        this.problem(
          'error',
          'model/placement',
          `${what} has replicas ${total} but its zones hold ${sum}: make them agree`,
          this.propLoc(node, 'replicas') ?? this.propLoc(node, 'count') ?? this.locOf(node),
        );
      }
      return { total: sum, perZone: perZoneMap, unplaced: 0, explicit: true };
    }
    const zones = listed.length ? unique(listed.map((l) => l.zone).filter(isDefined)) : fallbackZones;
    if (perZone !== undefined) {
      for (const z of zones) add(z, perZone);
      const sum = perZone * zones.length;
      if (total !== undefined && total !== sum) {
        this.problem(
          'error',
          'model/placement',
          `${what} has replicas ${total} but perZone ${perZone} over ${zones.length} zones makes ${sum}`,
          this.propLoc(node, 'replicas') ?? this.locOf(node),
        );
      }
      return {
        total: zones.length ? sum : perZone,
        perZone: perZoneMap,
        unplaced: zones.length ? 0 : perZone,
        explicit: false,
      };
    }
    const n = total ?? 0;
    if (!zones.length) return { total: n, perZone: perZoneMap, unplaced: n, explicit: false };
    // Round-robin, computed rather than counted out (a count of 10^12 must not loop 10^12 times).
    const k = zones.length;
    zones.forEach((z, i) => {
      const share = Math.floor(n / k) + (i < n % k ? 1 : 0);
      if (share > 0) add(z, share);
    });
    return { total: n, perZone: perZoneMap, unplaced: 0, explicit: false };
  }

  private serversOf(s: ast.Servers): void {
    const count = this.count(s.count, s, 'count');
    const el = this.element('servers', s, [
      'role',
      'count',
      'zones',
      'antiAffinity',
      'flavor',
      'image',
      'networks',
      'securityGroups',
      'volume',
      'floatingIps',
      'password',
      'keyPair',
      'hostname',
      'addresses',
      'project',
    ]);
    this.servers.set(
      s,
      this.register(
        s,
        Object.assign(el, {
          project: this.projects.get(ref(s.project)!),
          role: s.role,
          placement: this.placement(
            s,
            s.zones,
            count ?? (s.zones.some((z) => z.count !== undefined) ? undefined : 1),
            undefined,
            [],
            `servers ${s.name}`,
          ),
          zones: unique(s.zones.map((z) => this.zone(z.zone)).filter(isDefined)),
          antiAffinity: s.antiAffinity ? (s.soft ? 'soft' : 'hard') : undefined,
          flavor: this.str(s.flavor, s, 'flavor'),
          image: this.str(s.image, s, 'image'),
          networks: unique(s.networks.map((n) => this.networks.get(ref(n)!)).filter(isDefined)),
          securityGroups: unique(s.securityGroups.map((g) => this.securityGroups.get(ref(g)!)).filter(isDefined)),
          volumeGiB: sizeGiB(s.volume),
          floatingIps: s.floatingIps,
          password: this.secretValue(s.password),
          keyPair: this.str(s.keyPair, s, 'keyPair'),
          hostname: this.str(s.hostname, s, 'hostname'),
          addresses: this.ips(s.addresses),
        } satisfies Omit<M.Servers, keyof M.Element>),
      ),
    );
  }

  private clusterShell(c: ast.Cluster): void {
    const distribution = c.distribution ?? 'openshift';
    const cp = c.controlPlane;
    const cpReplicas = cp ? this.count(cp.replicas, cp, 'replicas') : undefined;
    const replicas =
      cpReplicas ?? (cp?.zones.some((z) => z.count !== undefined) ? undefined : DEFAULTS.openshiftControlPlane);
    const placement = cp
      ? this.placement(cp, cp.zones, replicas, undefined, [], `the control plane of ${c.name}`)
      : {
          total: DEFAULTS.openshiftControlPlane,
          perZone: new Map(),
          unplaced: DEFAULTS.openshiftControlPlane,
          explicit: false,
        };
    const cpNetworks = unique((cp?.networks ?? []).map((n) => this.networks.get(ref(n)!)).filter(isDefined));
    const cpPlaced = cp
      ? this.placed(
          cp,
          ['replicas', 'zones', 'networks', 'flavor', 'rootVolume', 'serverGroup', 'etcd', 'platform', 'addresses'],
          { named: false },
        )
      : undefined;
    const controlPlane: M.ControlPlane = {
      loc: cpPlaced ? cpPlaced.loc : this.locOf(c),
      props: cpPlaced ? cpPlaced.props : {},
      insertLoc: cpPlaced?.insertLoc,
      indent: cpPlaced ? cpPlaced.indent : '    ',
      replicas: placement.total,
      replicasDeclared: cpReplicas !== undefined || placement.explicit,
      placement,
      zones: cp ? unique(cp.zones.map((z) => this.zone(z.zone)).filter(isDefined)) : [],
      network: cpNetworks[0],
      networks: cpNetworks,
      flavor: this.str(cp?.flavor, c, 'flavor'),
      rootVolume: cp?.rootVolume && { sizeGiB: sizeGiB(cp.rootVolume.size) ?? 0, types: cp.rootVolume.types },
      serverGroup: cp?.serverGroup,
      etcd: cp?.etcd && {
        heartbeatMs: durationMs(cp.etcd.heartbeat),
        electionMs: durationMs(cp.etcd.election),
        profile: cp.etcd.profile,
        loc: this.locOf(cp.etcd),
      },
      platform: cp?.platform,
      addresses: this.ips(cp?.addresses ?? []),
    };
    const workers: M.WorkerPool[] = c.workers.map((w, i) => {
      const wZones = unique(w.zones.map((z) => this.zone(z.zone)).filter(isDefined));
      const perZone = this.count(w.perZone, w, 'perZone');
      const replicas = this.count(w.replicas, w, 'replicas');
      const name = w.name ?? (c.workers.length > 1 ? `worker-${i}` : 'worker');
      const wPlaced = this.placed(
        w,
        ['perZone', 'replicas', 'zones', 'networks', 'flavor', 'rootVolume', 'serverGroup', 'floatingIps', 'addresses'],
        { named: false },
      );
      return {
        name,
        loc: wPlaced.loc,
        props: wPlaced.props,
        insertLoc: wPlaced.insertLoc,
        indent: wPlaced.indent,
        placement: this.placement(w, w.zones, replicas, perZone, controlPlane.zones, `workers ${name} of ${c.name}`),
        zones: wZones.length ? wZones : controlPlane.zones,
        networks: unique(w.networks.map((n) => this.networks.get(ref(n)!)).filter(isDefined)),
        flavor: this.str(w.flavor, w, 'flavor'),
        rootVolume: w.rootVolume && { sizeGiB: sizeGiB(w.rootVolume.size) ?? 0, types: w.rootVolume.types },
        serverGroup: w.serverGroup,
        floatingIps: w.floatingIps,
        addresses: this.ips(w.addresses),
      };
    });
    const endpoint = (e: ast.Endpoints | undefined): M.ClusterEndpoint | undefined =>
      e && { vips: this.ips(e.vips), floatingIps: this.ips(e.floatingIps), loc: this.locOf(e) };
    const networks = unique([...controlPlane.networks, ...workers.flatMap((w) => w.networks)]);
    const zones = unique([
      ...controlPlane.placement.perZone.keys(),
      ...workers.flatMap((w) => [...w.placement.perZone.keys()]),
    ]);
    const machineNetwork = this.cidr(c.machineNetwork, c, 'machineNetwork').cidr ?? controlPlane.network?.cidr;
    // One literal with every field, as for apps (see `element`).
    const el = this.element('cluster', c, [
      'distribution',
      'version',
      'install',
      'baseDomain',
      'controlPlane',
      'workers',
      'api',
      'ingress',
      'loadBalancer',
      'networkType',
      'podNetwork',
      'hostPrefix',
      'serviceNetwork',
      'machineNetwork',
      'cloud',
      'externalNetwork',
      'pullSecret',
      'sshKey',
      'project',
    ]);
    this.clusters.set(
      c,
      this.register(c, {
        kind: el.kind,
        name: el.name,
        loc: el.loc,
        nameLoc: el.nameLoc,
        props: el.props,
        insertLoc: el.insertLoc,
        indent: el.indent,
        refs: el.refs,
        project: this.projects.get(ref(c.project)!),
        distribution,
        // The text as written: `4.10` must not become the number 4.1.
        version:
          c.version === undefined
            ? undefined
            : (findNodeForProperty(c.$cstNode, 'version')?.text ?? String(c.version)).replace(/^"|"$/g, ''),
        install: c.install ?? 'ipi',
        baseDomain: this.str(c.baseDomain, c, 'baseDomain'),
        controlPlane,
        workers,
        api: endpoint(c.api),
        ingress: endpoint(c.ingress),
        loadBalancer: { kind: 'managed' },
        networkType: c.networkType ?? DEFAULTS.networkType,
        podNetwork: c.podNetwork ?? DEFAULTS.clusterNetwork,
        hostPrefix: c.hostPrefix ?? DEFAULTS.hostPrefix,
        serviceNetwork: c.serviceNetwork ?? DEFAULTS.serviceNetwork,
        machineNetwork,
        cloud: this.str(c.cloud, c, 'cloud') ?? DEFAULTS.cloud,
        externalNetwork: this.str(c.externalNetwork, c, 'externalNetwork'),
        pullSecret: this.secretValue(c.pullSecret),
        sshKey: this.secretValue(c.sshKey),
        keepalived: false,
        networks,
        gateways: unique(networks.flatMap((n) => n.gateways)),
        zones,
        regions: unique(zones.map((z) => z.region)),
      }),
    );
  }

  private clusterLinks(c: ast.Cluster): void {
    const cluster = this.clusters.get(c)!;
    if (c.loadBalancer) {
      cluster.loadBalancer = c.loadBalancer.managed
        ? { kind: 'managed', loc: this.locOf(c.loadBalancer) }
        : {
            kind: 'external',
            lb: this.loadBalancers.get(ref(c.loadBalancer.external)!),
            loc: this.locOf(c.loadBalancer),
          };
    }
    // IPI with the platform's own load balancing runs keepalived for the API and ingress VIPs;
    // `loadBalancer external` is `platform.openstack.loadBalancer.type: UserManaged` (installer docs/user/openstack/external_load_balancer.md).
    cluster.keepalived =
      cluster.distribution === 'openshift' && cluster.install === 'ipi' && cluster.loadBalancer.kind === 'managed';
  }

  private loadBalancer(l: ast.LoadBalancer): void {
    // `members web web` lists web once (as gslb backends are): twice would make two pool members per server.
    const members = unique(
      l.members
        .map((m) => ref(m))
        .filter(isDefined)
        .map((m) => (ast.isCluster(m) ? this.clusters.get(m) : this.servers.get(m)))
        .filter(isDefined),
    );
    const zones = this.zonesOf(l.zones);
    const lbNetworks = unique(l.networks.map((n) => this.networks.get(ref(n)!)).filter(isDefined));
    const network = lbNetworks[0];
    const via = l.via ? this.servers.get(ref(l.via)!) : undefined;
    const regions = unique([
      ...zones.map((z) => z.region),
      ...lbNetworks.flatMap((n) => n.zones).map((z) => z.region),
      ...(via?.zones ?? []).map((z) => z.region),
      ...members.flatMap((m) => (m.kind === 'cluster' ? m.regions : m.zones.map((z) => z.region))),
    ]);
    this.loadBalancers.set(
      l,
      this.register(
        l,
        Object.assign(
          this.element('loadBalancer', l, [
            'provider',
            'zones',
            'networks',
            'vip',
            'hostname',
            'listeners',
            'members',
            'health',
            'algorithm',
            'via',
            'project',
          ]),
          {
            project: this.projects.get(ref(l.project)!),
            provider: l.provider as M.LoadBalancer['provider'],
            zones,
            network,
            networks: lbNetworks,
            vip: this.ip(l.vip),
            hostname: this.str(l.hostname, l, 'hostname'),
            listeners: l.listeners.map((x) => ({
              protocol: x.protocol,
              port: x.port,
              tls: x.tls as M.Listener['tls'],
            })),
            members,
            health: this.health(l.health),
            algorithm: l.algorithm,
            via,
            regions,
          },
        ),
      ),
    );
  }

  private gslb(g: ast.Gslb): void {
    this.gslbs.set(
      g,
      this.register(
        g,
        Object.assign(this.element('gslb', g, ['provider', 'backends', 'policy', 'health', 'nameservers']), {
          provider: g.provider as M.Gslb['provider'],
          backends: unique(g.backends.map((b) => this.loadBalancers.get(ref(b)!)).filter(isDefined)),
          policy: g.policy,
          health: this.health(g.health),
          nameservers: g.nameservers.map((n) => this.str(n, g, 'nameservers')).filter(isDefined),
        }),
      ),
    );
  }

  private app(a: ast.App): M.App {
    const clusters = unique(a.clusters.map((c) => this.built(this.clusters, ref(c)!)).filter(isDefined));
    const declared = this.count(a.replicas, a, 'replicas');
    const replicas = declared ?? DEFAULTS.appReplicas;
    const shares = federationSplit(replicas, clusters.length);
    const split = new Map<M.Cluster, number>(clusters.map((c, i) => [c, shares[i]!]));
    // One literal with every field (see `element`).
    const el = this.element('app', a, [
      'clusters',
      'replicas',
      'url',
      'gslb',
      'health',
      'readiness',
      'hpa',
      'tls',
      'spread',
      'storage',
      'image',
      'port',
      'liveness',
      'requests',
      'secrets',
    ]);
    const app: M.App = this.register(a, {
      kind: el.kind,
      name: el.name,
      loc: el.loc,
      nameLoc: el.nameLoc,
      props: el.props,
      insertLoc: el.insertLoc,
      indent: el.indent,
      refs: el.refs,
      clusters,
      replicas,
      replicasDeclared: declared !== undefined,
      split,
      url: this.str(a.url, a, 'url'),
      gslb: a.gslb ? this.built(this.gslbs, ref(a.gslb)!) : undefined,
      health: this.health(a.health),
      readiness: a.readiness,
      hpa: a.hpa && { min: a.hpa.min, max: a.hpa.max, cpuPercent: percent(a.hpa.cpu) },
      tls: a.tls as M.App['tls'],
      spread: a.spread as M.App['spread'],
      storage: [],
      regions: unique(clusters.flatMap((c) => c.regions)),
      image: this.str(a.image, a, 'image'),
      port: a.port,
      liveness: a.liveness,
      requests: a.requests && { cpu: a.requests.cpu, memoryBytes: sizeBytes(a.requests.memory) },
      secrets: unique(a.secrets.map((r) => ref(r)).filter(isDefined)).flatMap((s) =>
        s.source ? [{ name: s.name, ref: { ...this.secretSource(s.source), secretName: s.name } }] : [],
      ),
    });
    app.storage = a.storage.filter((s) => s.name).map((s) => this.storage(s, app));
    return app;
  }

  private storage(s: ast.Storage, app: M.App | undefined): M.Storage {
    const sites = s.sites.map((r) => ref(r)).filter(isDefined);
    const zones = sites
      .filter(ast.isZone)
      .map((z) => this.built(this.zones, z))
      .filter(isDefined);
    const regions = unique([
      ...sites
        .filter(ast.isRegion)
        .map((r) => this.built(this.regions, r))
        .filter(isDefined),
      ...zones.map((z) => z.region),
    ]);
    const backupSite = ref(s.backup?.site);
    return this.register(
      s,
      Object.assign(this.element('storage', s, ['pattern', 'engine', 'sites', 'backup', 'size', 'password']), {
        app,
        pattern: s.pattern as M.Storage['pattern'],
        engine: s.engine,
        regions: sites.length ? regions : (app?.regions ?? []),
        zones,
        sitesDeclared: sites.length > 0,
        backup: s.backup && {
          region:
            backupSite &&
            (ast.isRegion(backupSite)
              ? this.built(this.regions, backupSite)
              : this.built(this.zones, backupSite)?.region),
          zone: backupSite && ast.isZone(backupSite) ? this.built(this.zones, backupSite) : undefined,
          target: s.backup.target,
          intervalMs: durationMs(s.backup.interval),
          loc: this.locOf(s.backup),
        },
        sizeGiB: sizeGiB(s.size),
        password: this.secretValue(s.password),
      }),
    );
  }

  private management(m: ast.Management): M.Management {
    const region = m.hostedOn?.region ? this.regions.get(ref(m.hostedOn.region)!) : undefined;
    return this.register(
      m,
      Object.assign(this.element('management', m, ['hostedOn', 'manages', 'nodes', 'hosts']), {
        hostedOn: m.hostedOn && { platform: m.hostedOn.platform ?? region?.provider, region },
        manages: unique(m.manages.map((r) => this.regions.get(ref(r)!)).filter(isDefined)),
        nodes: m.nodes,
        hosts: m.hosts,
      }),
    );
  }

  private ignores(): M.IgnoreDirective[] {
    const out: M.IgnoreDirective[] = [];
    for (const f of this.files) {
      // Kept per parse of a file (a parse is of one text).
      let list = ignoresByRoot.get(f.root);
      if (!list || list.uri !== f.uri || list.text !== f.text) {
        list = { uri: f.uri, text: f.text, directives: this.ignoresIn(f.uri, f.text) };
        ignoresByRoot.set(f.root, list);
      }
      for (const d of list.directives) out.push(d);
    }
    return out;
  }

  private ignoresIn(uri: string, text: string): M.IgnoreDirective[] {
    // Only lines that contain `topo-ignore` can hold a directive: go to them rather than split
    // and match every line of the file.
    const out: M.IgnoreDirective[] = [];
    let at = text.indexOf('topo-ignore');
    if (at < 0) return out;
    const nl = this.newlinesOf(text);
    while (at >= 0) {
      const i = lineIndex(nl, at);
      const m = /\/\/\s*topo-ignore\s+([\w-]+\/[\w-]+)\s*(?::\s*(.*))?$/.exec(lineOf(text, nl, i)!);
      if (m) out.push({ uri, line: i, ruleId: m[1]!, reason: m[2]?.trim() ?? '' });
      at = i < nl.length ? text.indexOf('topo-ignore', nl[i]! + 1) : -1;
    }
    return out;
  }
}

/**
 * Line `i` of `text` as `text.split(/\r?\n/)[i]` gives it (undefined past the end), from the
 * offsets of its `\n`s; only the lines asked for are cut out.
 */
function lineOf(text: string, nl: readonly number[], i: number): string | undefined {
  if (i < 0 || i > nl.length || !Number.isInteger(i)) return undefined;
  const start = i === 0 ? 0 : nl[i - 1]! + 1;
  let end = i < nl.length ? nl[i]! : text.length;
  if (i < nl.length && end > start && text.charCodeAt(end - 1) === 13 /* \r before \n */) end--;
  return text.slice(start, end);
}

/** The index of the line holding offset `at`: the number of `\n`s before it. */
function lineIndex(nl: readonly number[], at: number): number {
  let lo = 0;
  let hi = nl.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nl[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A symmetric RTT lookup: zone pair first, then the pair of their regions, 0 within a zone. */
function rttLookup(decls: M.RttDecl[]): (a: M.Zone, b: M.Zone) => M.RttEntry | undefined {
  const key = (x: string, y: string): string => (x < y ? `${x}|${y}` : `${y}|${x}`);
  const zonePairs = new Map<string, M.RttDecl>();
  const regionPairs = new Map<string, M.RttDecl>();
  for (const d of decls) (d.aKind === 'zone' ? zonePairs : regionPairs).set(key(d.a, d.b), d);
  return (a, b) => {
    if (a === b) return { ms: 0, source: 'same-zone' };
    const z = zonePairs.get(key(a.id, b.id));
    if (z) return { ms: z.ms, source: 'zone-pair', decl: z.loc };
    if (a.region !== b.region) {
      const r = regionPairs.get(key(a.region.name, b.region.name));
      if (r) return { ms: r.ms, source: 'region-pair', decl: r.loc };
    }
    return undefined;
  };
}

/**
 * Where a reference is written. Kept per reference object: Langium keeps a file's references
 * (and their syntax nodes) from one parse to the next change of that file, relinking them in
 * place, so only the edited file's references get new places on a keystroke.
 */
const refLocs = new WeakMap<object, M.Loc>();

function refLoc(r: { $refNode?: CstNode }, uri: string): M.Loc {
  let loc = refLocs.get(r);
  if (!loc || loc.uri !== uri) {
    loc = { uri, range: r.$refNode!.range };
    refLocs.set(r, loc);
  }
  return loc;
}

interface Placed {
  loc: M.Loc;
  nameLoc: M.Loc;
  props: Record<string, M.Loc | undefined>;
  insertLoc?: M.Loc;
  indent: string;
}

/** The apps' storage, in the apps' order, then the storage declared at the top level. */
function storagesOf(apps: readonly M.App[], top: readonly M.Storage[]): M.Storage[] {
  const out: M.Storage[] = [];
  for (const a of apps) for (const s of a.storage) out.push(s);
  for (const s of top) out.push(s);
  return out;
}

/** The `topo-ignore` directives of a file, per parse. */
const ignoresByRoot = new WeakMap<ast.Document, { uri: string; text: string; directives: M.IgnoreDirective[] }>();

/** The first element of each name among an infrastructure's `elementsBeforeApps` (zones aside). */
const namesBeforeApps = new WeakMap<Infrastructure, Map<string, M.Element>>();

/** `ModelBuilder.placed`, per syntax-tree node (entries go with the parse they belong to). */
const placedByNode = new WeakMap<AstNode, Placed>();

/**
 * Whether the model has a place for a declaration: error recovery can leave one without its name
 * (`cluster {`); the syntax error is reported, and the model leaves the nameless element out
 * rather than carry `undefined`.
 */
function named(el: ast.Element): boolean {
  return ast.isRtt(el) || !!el.name;
}

/** The apps of each file, in the order of the builder's list of elements. */
function appsPerFile(elements: readonly { uri: string; el: ast.Element }[]): Map<string, ast.App[]> {
  const out = new Map<string, ast.App[]>();
  for (const { uri, el } of elements) {
    if (!ast.isApp(el)) continue;
    const list = out.get(uri);
    if (list) list.push(el);
    else out.set(uri, [el]);
  }
  return out;
}

/**
 * The nodes of a file parsed again matched to the previous parse's, for the declarations both
 * parses have at the same places with the same text (the caller checked with sameInfrastructure):
 * the same walk over both trees meets them in the same order.
 */
function matchNodes(
  prior: ast.Document,
  next: ast.Document,
  nodes: ReadonlyMap<AstNode, M.Element>,
): Map<AstNode, M.Element> {
  const out = new Map<AstNode, M.Element>();
  const a = prior.elements.filter((e) => !ast.isApp(e));
  const b = next.elements.filter((e) => !ast.isApp(e));
  a.forEach((el, i) => {
    const other = b[i];
    if (!other) return;
    const left = AstUtils.streamAst(el).toArray();
    const right = AstUtils.streamAst(other).toArray();
    left.forEach((n, j) => {
      const m = nodes.get(n);
      const r = right[j];
      if (m && r) out.set(r, m);
    });
  });
  return out;
}
