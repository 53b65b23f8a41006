import type { LangiumDocument } from 'langium';
import type { RenameProvider } from 'langium/lsp';
import {
  ResponseError,
  type Range,
  type RenameParams,
  type TextDocumentPositionParams,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type * as M from '../model/types.js';
import type { TopoServices } from '../topo-module.js';
import { contains, elementAt } from './locate.js';

const NAME = /^[_a-zA-Z][\w-]*$/;

/**
 * Rename from the model: the declaration and every reference in every file of the topology.
 * Zones are written `region.zone` outside their region, so renaming a zone edits only the zone
 * part of qualified references, and renaming a region edits the region part of its zones'
 * qualified references as well.
 */
export class TopoRenameProvider implements RenameProvider {
  constructor(private readonly services: TopoServices) {}

  prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
    const target = this.target(document, params);
    return target?.range;
  }

  rename(document: LangiumDocument, params: RenameParams): WorkspaceEdit | undefined {
    const target = this.target(document, params);
    if (!target) return undefined;
    if (!NAME.test(params.newName)) {
      throw new ResponseError(
        -32602,
        `"${params.newName}" is not a valid name: start with a letter or _, then letters, digits, _ or -`,
      );
    }
    const changes: Record<string, TextEdit[]> = {};
    const edit = (uri: string, range: Range, newText: string): void => {
      (changes[uri] ??= []).push({ range, newText });
    };
    const el = target.element;
    edit(el.nameLoc.uri, el.nameLoc.range, params.newName);
    for (const ref of el.refs) {
      const text = this.textAt(ref);
      if (el.kind === 'zone' && text.includes('.')) edit(ref.uri, lastSegment(ref.range, text), params.newName);
      else edit(ref.uri, afterDollar(ref.range, text), params.newName);
    }
    if (el.kind === 'region') {
      for (const zone of (el as M.Region).zones) {
        for (const ref of zone.refs) {
          const text = this.textAt(ref);
          if (text.includes('.')) edit(ref.uri, firstSegment(ref.range, text), params.newName);
        }
      }
    }
    return { changes };
  }

  private target(
    document: LangiumDocument,
    params: TextDocumentPositionParams,
  ): { element: M.Element; range: Range } | undefined {
    const uri = document.uri.toString();
    const { model } = this.services.topo.ModelProvider.analysisFor(uri);
    const element = elementAt(model, uri, params.position);
    if (!element) return undefined;
    const at = [element.nameLoc, ...element.refs].find((l) => contains(l, uri, params.position))!;
    const text = this.textAt(at);
    const range =
      element.kind === 'zone' && text.includes('.') ? lastSegment(at.range, text) : afterDollar(at.range, text);
    return { element, range };
  }

  private textAt(loc: M.Loc): string {
    const doc = this.services.shared.workspace.LangiumDocuments.all.find((d) => d.uri.toString() === loc.uri);
    return doc?.textDocument.getText(loc.range) ?? '';
  }
}

function lastSegment(range: Range, text: string): Range {
  const offset = text.lastIndexOf('.') + 1;
  return { start: { line: range.start.line, character: range.start.character + offset }, end: range.end };
}

/** `$subnet` refers to param `subnet`: a rename keeps the `$`. */
function afterDollar(range: Range, text: string): Range {
  return text.startsWith('$')
    ? { start: { line: range.start.line, character: range.start.character + 1 }, end: range.end }
    : range;
}

function firstSegment(range: Range, text: string): Range {
  return { start: range.start, end: { line: range.start.line, character: range.start.character + text.indexOf('.') } };
}
