import { OperationCancelled } from 'langium';
import { CancellationToken, ResponseError } from 'vscode-languageserver';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { load } from '../../test/support/index.js';
import { guard } from './guard.js';

describe('guard', () => {
  it('turns an exception (thrown or rejected) into a logged error and an empty answer', async () => {
    const log: string[] = [];
    const p = guard(
      'demo',
      {
        sync(): number {
          throw new Error('boom');
        },
        async later(): Promise<number> {
          throw new Error('late boom');
        },
        fine(x: number): number {
          return x + 1;
        },
      },
      (m) => log.push(m),
    );
    expect(p.sync()).toBeUndefined();
    await expect(p.later()).resolves.toBeUndefined();
    expect(p.fine(1)).toBe(2);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^topo: demo\.sync failed \(answered with nothing\): Error: boom/);
    expect(log[1]).toMatch(/demo\.later failed/);
  });

  it('lets cancellation and deliberate LSP errors through', async () => {
    const log: string[] = [];
    const p = guard(
      'demo',
      {
        cancelled(): never {
          throw OperationCancelled;
        },
        invalid(): never {
          throw new ResponseError(-32602, 'bad name');
        },
      },
      (m) => log.push(m),
    );
    expect(() => p.cancelled()).toThrow();
    expect(() => p.invalid()).toThrow(ResponseError);
    expect(log).toEqual([]);
  });
});

describe('every editor provider of the language server is guarded', () => {
  const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  afterEach(() => errors.mockClear());

  it('a model that throws: every provider logs and answers nothing, none throws', async () => {
    const { services, docs } = await load(
      'region dc { zone a zone b zone c }\ncluster k { controlPlane { replicas 3 zones dc.a dc.b dc.c } }\n',
    );
    const doc = docs[0]!;
    const provider = services.topo.ModelProvider;
    provider.analysisFor = () => {
      throw new Error('model exploded');
    };
    provider.analysisOf = () => {
      throw new Error('model exploded');
    };
    const textDocument = { uri: doc.uri.toString() };
    const position = { line: 1, character: 9 };
    const token = CancellationToken.None;
    const lsp = services.lsp;
    const answers = [
      await lsp.HoverProvider!.getHoverContent(doc, { textDocument, position }, token),
      await lsp.CodeLensProvider!.provideCodeLens(doc, { textDocument }, token),
      await lsp.CodeActionProvider!.getCodeActions(
        doc,
        { textDocument, range: { start: position, end: position }, context: { diagnostics: [] } },
        token,
      ),
      await lsp.RenameProvider!.rename(doc, { textDocument, position, newName: 'x' }, token),
      await lsp.RenameProvider!.prepareRename(doc, { textDocument, position }, token),
      await services.shared.lsp.ExecuteCommandHandler!.executeCommand(
        'topo.simulate',
        [{ uri: textDocument.uri }],
        token,
      ),
    ];
    expect(answers).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(errors.mock.calls.map((c) => String(c[0]).split(':')[1]!.trim())).toEqual([
      'hover.getHoverContent failed (answered with nothing)',
      'codeLens.provideCodeLens failed (answered with nothing)',
      'codeAction.getCodeActions failed (answered with nothing)',
      'rename.rename failed (answered with nothing)',
      'rename.prepareRename failed (answered with nothing)',
      'executeCommand.executeCommand failed (answered with nothing)',
    ]);
  });

  it('the default providers too (completion, definition, references, symbols, folding, highlight, formatting, semantic tokens)', async () => {
    const { services, docs } = await load('region dc { zone a }\n');
    const doc = docs[0]!;
    // Break the document under the providers: every one of them must survive it.
    (doc as { parseResult: unknown }).parseResult = undefined;
    (doc.textDocument as { getText: unknown }).getText = () => {
      throw new Error('text exploded');
    };
    const textDocument = { uri: doc.uri.toString() };
    const position = { line: 0, character: 8 };
    const token = CancellationToken.None;
    const lsp = services.lsp;
    const calls: [string, () => unknown][] = [
      ['completion', () => lsp.CompletionProvider!.getCompletion(doc, { textDocument, position }, token)],
      ['definition', () => lsp.DefinitionProvider!.getDefinition(doc, { textDocument, position }, token)],
      [
        'references',
        () =>
          lsp.ReferencesProvider!.findReferences(
            doc,
            { textDocument, position, context: { includeDeclaration: true } },
            token,
          ),
      ],
      ['symbols', () => lsp.DocumentSymbolProvider!.getSymbols(doc, { textDocument }, token)],
      ['folding', () => lsp.FoldingRangeProvider!.getFoldingRanges(doc, { textDocument }, token)],
      ['highlight', () => lsp.DocumentHighlightProvider!.getDocumentHighlight(doc, { textDocument, position }, token)],
      [
        'formatting',
        () => lsp.Formatter!.formatDocument(doc, { textDocument, options: { tabSize: 2, insertSpaces: true } }, token),
      ],
      ['semanticTokens', () => lsp.SemanticTokenProvider!.semanticHighlight(doc, { textDocument }, token)],
    ];
    let empty = 0;
    for (const [, call] of calls) {
      // Never throws: either the provider copes by itself, or the guard answers nothing and logs.
      const answer = await Promise.resolve().then(call);
      if (answer === undefined) empty++;
    }
    expect(empty).toBeGreaterThan(4);
    expect(errors.mock.calls.length).toBe(empty);
  });
});
