import { EmptyFileSystem, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { createTopoServices } from '../topo-module.js';
import { loadDocuments } from './load.js';

const region = (name: string) => `region ${name} { zone a zone b zone c }\n`;

async function topology() {
  const { Topo } = createTopoServices(EmptyFileSystem);
  const docs = await loadDocuments(Topo, [
    { path: '/t/a.topo', text: region('ra') },
    { path: '/t/b.topo', text: region('rb') },
    { path: '/other/c.topo', text: region('rc') },
  ]);
  const provider = Topo.topo.ModelProvider;
  const regions = (uri: string) =>
    provider
      .analysisFor(uri)
      .model.regions.map((r) => r.name)
      .sort();
  return { Topo, docs, provider, regions };
}

describe('TopoModelProvider: the analysis of a topology stays cached exactly while nothing it read changed', () => {
  it('is the same analysis while nothing changes, in the topology or beside it', async () => {
    const { Topo, docs, provider } = await topology();
    const a = docs[0]!.uri.toString();
    const first = provider.analysisFor(a);
    expect(provider.analysisFor(a)).toBe(first);
    // A change in another folder leaves this topology's analysis alone.
    const c = docs[2]!.uri;
    const ws = Topo.shared.workspace as unknown as { TextDocuments: { set(d: TextDocument): void } };
    ws.TextDocuments.set(TextDocument.create(c.toString(), 'topo', 2, region('rc2')));
    await Topo.shared.workspace.DocumentBuilder.update([c], []);
    expect(provider.analysisFor(a)).toBe(first);
  });

  it('reads an edited file again', async () => {
    const { Topo, docs, regions } = await topology();
    const b = docs[1]!.uri;
    const ws = Topo.shared.workspace as unknown as { TextDocuments: { set(d: TextDocument): void } };
    ws.TextDocuments.set(TextDocument.create(b.toString(), 'topo', 2, region('rb2')));
    await Topo.shared.workspace.DocumentBuilder.update([b], []);
    expect(regions(b.toString())).toEqual(['ra', 'rb2']);
  });

  it('sees a file added to or removed from the folder, even before a build', async () => {
    const { Topo, docs, regions } = await topology();
    const a = docs[0]!.uri.toString();
    expect(regions(a)).toEqual(['ra', 'rb']);
    const ws = Topo.shared.workspace;
    ws.LangiumDocuments.addDocument(ws.LangiumDocumentFactory.fromString(region('rd'), URI.file('/t/d.topo')));
    expect(regions(a)).toEqual(['ra', 'rb', 'rd']);
    ws.LangiumDocuments.deleteDocument(docs[1]!.uri);
    expect(regions(a)).toEqual(['ra', 'rd']);
    ws.LangiumDocuments.deleteDocuments(URI.file('/t'));
    expect(regions(a)).toEqual([]);
  });

  it('forgets analyses when the settings change', async () => {
    const { docs, provider } = await topology();
    const a = docs[0]!.uri.toString();
    const first = provider.analysisFor(a);
    provider.configure({ rules: {} });
    expect(provider.analysisFor(a)).not.toBe(first);
  });
});
