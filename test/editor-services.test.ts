import type { LangiumDocument } from 'langium';
import { referenceParams, textDocumentParams, textDocumentPositionParams } from 'langium/test';
import { describe, expect, it } from 'vitest';
import { applyEdits, load, offsetOf } from './support/index.js';

const FILES = {
  '/ws/t/regions.topo': 'region dc-east { zone az1  zone az2  rtt az1 az2 1ms }\n',
  '/ws/t/main.topo':
    'network ctrl { kind stretched-l2  zones dc-east.az1 dc-east.az2 }\ncluster ocp { controlPlane { zones dc-east.az1 dc-east.az2  network ctrl } }\n',
};

/** Renames what the `<|>` marker of `needle` points at in `file`, and applies the edits to every file. */
async function rename(files: Record<string, string>, file: string, needle: string, newName: string) {
  const r = await load(files);
  const doc = r.docs.find((d) => d.uri.path === file)! as LangiumDocument;
  const edit = await r.services.lsp.RenameProvider!.rename(doc, {
    ...textDocumentPositionParams(doc, offsetOf(files[file]!, needle)),
    newName,
  });
  const out: Record<string, string> = {};
  for (const [path, text] of Object.entries(files))
    out[path] = applyEdits(text, edit?.changes?.[`file://${path}`] ?? []);
  return out;
}

describe('rename', () => {
  it('renames a network at its declaration and every reference', async () => {
    const out = await rename(FILES, '/ws/t/main.topo', 'network <|>ctrl }', 'control');
    expect(out['/ws/t/main.topo']).toBe(
      'network control { kind stretched-l2  zones dc-east.az1 dc-east.az2 }\ncluster ocp { controlPlane { zones dc-east.az1 dc-east.az2  network control } }\n',
    );
  });

  it('renames a zone in qualified references across files, keeping the region part', async () => {
    const out = await rename(FILES, '/ws/t/main.topo', 'dc-east.a<|>z1', 'zone-a');
    expect(out['/ws/t/regions.topo']).toBe('region dc-east { zone zone-a  zone az2  rtt zone-a az2 1ms }\n');
    expect(out['/ws/t/main.topo']).toContain('zones dc-east.zone-a dc-east.az2  network');
    expect((await load(out)).diagnostics.filter((d) => d.code === 'ref/unresolved')).toEqual([]);
  });

  it("renames a region and the region part of its zones' qualified references", async () => {
    const out = await rename(FILES, '/ws/t/regions.topo', 'dc<|>-east', 'fra1');
    expect(out['/ws/t/regions.topo']).toBe('region fra1 { zone az1  zone az2  rtt az1 az2 1ms }\n');
    expect(out['/ws/t/main.topo']).toBe(
      'network ctrl { kind stretched-l2  zones fra1.az1 fra1.az2 }\ncluster ocp { controlPlane { zones fra1.az1 fra1.az2  network ctrl } }\n',
    );
  });

  it('refuses a name the language cannot parse', async () => {
    await expect(rename(FILES, '/ws/t/main.topo', 'network c<|>trl }', '9lives')).rejects.toThrow(
      '"9lives" is not a valid name',
    );
  });
});

describe('outline, references, folding, semantic tokens', () => {
  it("lists the topology's elements in the outline, zones under their region", async () => {
    const r = await load(FILES);
    const regions = r.docs.find((d) => d.uri.path.endsWith('regions.topo'))!;
    const symbols = await r.services.lsp.DocumentSymbolProvider!.getSymbols(regions, textDocumentParams(regions));
    expect(symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)])).toEqual([['dc-east', ['az1', 'az2']]]);
  });

  it('finds the references of a zone in every file', async () => {
    const r = await load(FILES);
    const regions = r.docs.find((d) => d.uri.path.endsWith('regions.topo'))!;
    const refs = await r.services.lsp.ReferencesProvider!.findReferences(
      regions,
      referenceParams(regions, offsetOf(FILES['/ws/t/regions.topo'], 'zone <|>az1'), false),
    );
    expect(refs.map((l) => `${l.uri.split('/').pop()}:${l.range.start.line}`).sort()).toEqual([
      'main.topo:0',
      'main.topo:1',
      'regions.topo:0',
    ]);
  });

  it('folds multi-line blocks', async () => {
    const text = 'cluster c {\n  controlPlane {\n    replicas 3\n  }\n}\n';
    const r = await load(text);
    const ranges = await r.services.lsp.FoldingRangeProvider!.getFoldingRanges(
      r.docs[0]!,
      textDocumentParams(r.docs[0]!),
    );
    expect(ranges.map((f) => [f.startLine, f.endLine])).toEqual(
      expect.arrayContaining([
        [0, 3],
        [1, 2],
      ]),
    );
  });

  it('colours declared names and references by what they name', async () => {
    const r = await load(FILES);
    const main = r.docs.find((d) => d.uri.path.endsWith('main.topo'))!;
    const tokens = await r.services.lsp.SemanticTokenProvider!.semanticHighlight(main, textDocumentParams(main));
    // 5 values per token; network decl, 2 zones, cluster decl, 2 zones, network ref = 7 tokens
    expect(tokens.data.length / 5).toBe(7);
  });
});

describe('completion in an app block', () => {
  it("offers the apps target's properties, and the declared secrets after `secrets`", async () => {
    const text = 'secret db-password env DB_PASSWORD\napp shop {\n  replicas 2\n  \n  secrets \n}\n';
    const r = await load({ '/ws/c/main.topo': text });
    const doc = r.docs[0]! as LangiumDocument;
    const complete = async (position: { line: number; character: number }) => {
      const list = await r.services.lsp.CompletionProvider!.getCompletion(doc, {
        textDocument: { uri: doc.uri.toString() },
        position,
      });
      return (list?.items ?? []).map((i) => i.label);
    };
    expect(await complete({ line: 3, character: 2 })).toEqual(
      expect.arrayContaining(['image', 'port', 'liveness', 'requests', 'secrets']),
    );
    expect(await complete({ line: 4, character: 10 })).toContain('db-password');
  });
});
