import { EmptyFileSystem, URI } from 'langium';
import { CancellationToken } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { createTopoServices } from '../topo-module.js';
import { TopoLangiumDocumentFactory } from './document-factory.js';

const BEFORE = 'region dc { zone a  zone b  zone c }\n';
const AFTER = 'region dc { zone a  zone b  zone c }\ncluster k { controlPlane { replicas 3  zones dc.a dc.b } }\n';

/** A workspace holding one document of text BEFORE, and the editor's text of it. */
function workspace() {
  const { Topo } = createTopoServices(EmptyFileSystem);
  const ws = Topo.shared.workspace;
  const factory = ws.LangiumDocumentFactory as TopoLangiumDocumentFactory;
  expect(factory).toBeInstanceOf(TopoLangiumDocumentFactory);
  const uri = URI.file('/ws/main.topo');
  const doc = factory.fromString(BEFORE, uri);
  ws.LangiumDocuments.addDocument(doc);
  let version = 0;
  /** The editor's text of the document becomes `text` (a didChange). */
  const type = (text: string) =>
    (ws as unknown as { TextDocuments: { set(d: TextDocument): void } }).TextDocuments.set(
      TextDocument.create(uri.toString(), 'topo', ++version, text),
    );
  return { factory, uri, doc, type };
}

describe('a text parsed ahead of the workspace build', () => {
  it('is the parse the build takes for that text: the file is not parsed twice', async () => {
    const { factory, uri, doc, type } = workspace();
    type(AFTER);
    const ahead = factory.parseAhead(uri, AFTER);
    await factory.update(doc, CancellationToken.None);
    expect(doc.parseResult).toBe(ahead);
    expect(doc.parseResult.value.$document).toBe(doc);
    expect(doc.parseResult.value.$cstNode?.root.fullText).toBe(AFTER);
  });

  it('is not taken for another text: the build parses the text it has', async () => {
    const { factory, uri, doc, type } = workspace();
    const ahead = factory.parseAhead(uri, AFTER);
    type(`${AFTER}// a comment typed since\n`);
    await factory.update(doc, CancellationToken.None);
    expect(doc.parseResult).not.toBe(ahead);
    expect(doc.parseResult.value.$cstNode?.root.fullText).toBe(`${AFTER}// a comment typed since\n`);
  });

  it('is not kept once forgotten', async () => {
    const { factory, uri, doc, type } = workspace();
    type(AFTER);
    const ahead = factory.parseAhead(uri, AFTER);
    factory.forgetAhead();
    await factory.update(doc, CancellationToken.None);
    expect(doc.parseResult).not.toBe(ahead);
  });

  it("is the workspace document's own parse when the document holds that text already", () => {
    const { factory, uri, doc } = workspace();
    expect(factory.parseAhead(uri, BEFORE)).toBe(doc.parseResult);
    expect(factory.parseAhead(uri, AFTER)).not.toBe(doc.parseResult);
  });
});
