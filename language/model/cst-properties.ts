/**
 * Where the properties of an AST node are written: the CST nodes assigned to each property (one
 * walk of a node's CST, kept per node), and a property's range with the keyword that leads it
 * (`replicas 3`), which diagnostics underline and quick fixes replace.
 */
import { AstUtils, GrammarAST, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import type * as M from './types.js';

/**
 * The CST nodes assigned to each property of an AST node, in document order: for every property,
 * exactly what Langium's GrammarUtils.findNodesForProperty returns, computed in one walk of the
 * node's CST and kept per node. Langium walks the block's CST again for each property asked, which
 * with the dozen property names of a block made building the model the slowest stage (profiled:
 * 60% of the model's time, and most of its garbage).
 */
const propertyIndexes = new WeakMap<CstNode, Map<string, CstNode[]>>();
const NONE: readonly CstNode[] = [];

export function findNodesForProperty(node: CstNode | undefined, prop: string): readonly CstNode[] {
  if (!node) return NONE;
  let index = propertyIndexes.get(node);
  if (!index) {
    index = new Map();
    indexProperties(node, node.astNode, [], index);
    propertyIndexes.set(node, index);
  }
  return index.get(prop) ?? NONE;
}

/**
 * The property a CST node is assigned to (the feature of the grammar assignment around its grammar
 * element), as Langium's property search reads it; kept per grammar element, of which there are a
 * few hundred, rather than walking up the grammar for every node.
 */
const features = new Map<object, string | undefined>();

function featureOf(node: CstNode): string | undefined {
  const source = node.grammarSource;
  if (!source) return undefined;
  if (features.has(source)) return features.get(source);
  const feature = AstUtils.getContainerOfType(source, GrammarAST.isAssignment)?.feature;
  features.set(source, feature);
  return feature;
}

/** The first of `findNodesForProperty(node, prop)`, stopping at it (names come first in a block). */
export function firstNodeForProperty(node: CstNode | undefined, prop: string): CstNode | undefined {
  if (!node) return undefined;
  const index = propertyIndexes.get(node);
  return index ? index.get(prop)?.[0] : firstHit(node, node.astNode, prop);
}

function firstHit(node: CstNode, element: AstNode, prop: string): CstNode | undefined {
  if (!isCompositeCstNode(node)) return undefined;
  for (const child of node.content) {
    const feature = featureOf(child);
    if (feature === prop) return child;
    if (isCompositeCstNode(child) && child.astNode === element) {
      const hit = firstHit(child, element, prop);
      if (hit) return hit;
    }
  }
  return undefined;
}

export function findNodeForProperty(node: CstNode | undefined, prop: string, index?: number): CstNode | undefined {
  const all = findNodesForProperty(node, prop);
  if (!all.length) return undefined;
  return all[index === undefined ? 0 : Math.max(0, Math.min(index, all.length - 1))];
}

/**
 * Langium's search, for one property P: a child assigned to P is a hit (not searched further);
 * any other child that is a composite of the same AST node is searched. So a node is a hit for
 * its own property unless an enclosing node (below the root) is assigned to that same property:
 * `blocked` holds the properties of the enclosing nodes.
 */
function indexProperties(
  node: CstNode,
  element: AstNode,
  blocked: readonly string[],
  out: Map<string, CstNode[]>,
): void {
  if (!isCompositeCstNode(node)) return;
  for (const child of node.content) {
    const feature = featureOf(child);
    if (feature !== undefined && !blocked.includes(feature)) {
      const list = out.get(feature);
      if (list) list.push(child);
      else out.set(feature, [child]);
    }
    if (isCompositeCstNode(child) && child.astNode === element) {
      indexProperties(
        child,
        element,
        feature === undefined || blocked.includes(feature) ? blocked : [...blocked, feature],
        out,
      );
    }
  }
}

/** The token written just before a property's value in the same rule (its keyword). */
function previousLeaf(node: CstNode): CstNode | undefined {
  const siblings = node.container?.content ?? [];
  for (let i = siblings.indexOf(node) - 1; i >= 0; i--) {
    if (!siblings[i]!.hidden) return siblings[i];
  }
  return undefined;
}

function isKeywordLeaf(node: CstNode): boolean {
  return /^[A-Za-z][\w-]*$/.test(node.text) && node.grammarSource?.$type === 'Keyword';
}

/** True when `leaf` is the keyword the grammar writes right before `value`'s property (`replicas` of `'replicas' replicas=Count`), on whatever line. */
function leadsProperty(leaf: CstNode, value: CstNode): boolean {
  const assignment = AstUtils.getContainerOfType(value.grammarSource, GrammarAST.isAssignment);
  const group = assignment?.$container;
  if (!assignment || !GrammarAST.isGroup(group)) return false;
  const before = group.elements[group.elements.indexOf(assignment) - 1];
  const keywords = GrammarAST.isKeyword(before)
    ? [before]
    : GrammarAST.isAlternatives(before)
      ? before.elements.filter(GrammarAST.isKeyword)
      : [];
  return keywords.some((k) => k === leaf.grammarSource);
}

/** Locations of the keyword-led properties of a block, plus the keyword itself (`replicas 3`). */
export function propLocs(node: AstNode, names: string[], uri: string): Record<string, M.Loc | undefined> {
  const out: Record<string, M.Loc | undefined> = {};
  for (const name of names) {
    const all = findNodesForProperty(node.$cstNode, name);
    const valueCst = all[0];
    if (!valueCst) continue;
    // Extend the range back to the property keyword that precedes the value, so that a fix can
    // replace the whole `replicas 3` and a diagnostic underlines it.
    const prev = previousLeaf(valueCst);
    const start =
      prev &&
      isKeywordLeaf(prev) &&
      (prev.range.end.line === valueCst.range.start.line || leadsProperty(prev, valueCst))
        ? prev.range.start
        : valueCst.range.start;
    const last = all[all.length - 1]!;
    out[name] = { uri, range: { start, end: last.range.end } };
  }
  return out;
}
