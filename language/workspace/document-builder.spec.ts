import { DocumentState, EmptyFileSystem, isOperationCancelled, URI, type LangiumDocument } from 'langium';
import { CancellationTokenSource } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { addDiagnosticsHandler } from 'langium/lsp';
import { reportBuildProgress } from '../lsp/progress.js';
import { createTopoServices } from '../topo-module.js';
import type { TopoDocumentBuilder, BuildProgress } from './document-builder.js';
import type { RuleContext } from '../rules/types.js';

/** The text of file `i` of a test workspace: a region and a cluster of its own. */
function text(i: number): string {
  const name = `f${String(i).padStart(2, '0')}`;
  return `region r${name} { zone a zone b zone c }\ncluster k${name} { controlPlane { replicas 3 zones r${name}.a r${name}.b } }\n`;
}

/** The text of a file that declares a region alone. */
function region(i: number): string {
  return `region rf${String(i).padStart(2, '0')} { zone a zone b zone c }\n`;
}

/** A workspace of `n` files (by default `text(i)` each), none validated yet. */
function workspace(n: number, texts: (i: number) => string = text) {
  const { Topo } = createTopoServices(EmptyFileSystem);
  const ws = Topo.shared.workspace;
  const docs: LangiumDocument[] = [];
  for (let i = 0; i < n; i++) {
    const doc = ws.LangiumDocumentFactory.fromString(texts(i), URI.file(`/ws/f${String(i).padStart(2, '0')}.topo`));
    ws.LangiumDocuments.addDocument(doc);
    docs.push(doc);
  }
  const versions = new Map<string, number>();
  const set = (uri: URI, content: string) => {
    const version = (versions.get(uri.toString()) ?? 0) + 1;
    versions.set(uri.toString(), version);
    (ws as unknown as { TextDocuments: { set(d: TextDocument): void } }).TextDocuments.set(
      TextDocument.create(uri.toString(), 'topo', version, content),
    );
  };
  const open = (doc: LangiumDocument) => set(doc.uri, doc.textDocument.getText());
  /** What an editor sees: the diagnostics the server sends, per file, in the order sent. */
  const published: { uri: string; codes: string[] }[] = [];
  addDiagnosticsHandler(
    {
      sendDiagnostics: (p: { uri: string; diagnostics: { code?: unknown }[] }) =>
        void published.push({ uri: p.uri.replace(/^.*\//, ''), codes: p.diagnostics.map((d) => String(d.code)) }),
    } as never,
    Topo.shared,
  );
  /** A didChange: the editor's text of `doc` becomes `content`, then Langium updates. */
  const edit = async (doc: LangiumDocument, content: string) => {
    set(doc.uri, content);
    published.length = 0;
    await (ws.DocumentBuilder as TopoDocumentBuilder).update([doc.uri], []);
  };
  return { Topo, builder: ws.DocumentBuilder as TopoDocumentBuilder, docs, open, published, edit };
}

/** Every file's diagnostics (codes) after a cold build of the texts the workspace's files now have. */
async function coldDiagnostics(docs: LangiumDocument[]): Promise<Record<string, string[]>> {
  const texts = docs.map((d) => d.textDocument.getText());
  const cold = workspace(texts.length, (i) => texts[i]!);
  await cold.builder.build(cold.docs, { validation: true });
  return Object.fromEntries(cold.docs.map((d) => [d.uri.path, (d.diagnostics ?? []).map((x) => String(x.code))]));
}

function diagnosticsOf(docs: LangiumDocument[]): Record<string, string[]> {
  return Object.fromEntries(docs.map((d) => [d.uri.path, (d.diagnostics ?? []).map((x) => String(x.code))]));
}

describe('TopoDocumentBuilder', () => {
  it('validates (and so publishes) the documents the editor has open first, then the rest', async () => {
    const { builder, docs, open } = workspace(25);
    open(docs[24]!);
    open(docs[13]!);
    const order: string[] = [];
    builder.onDocumentPhase(DocumentState.Validated, (d) => void order.push(d.uri.path));
    await builder.build(docs, { validation: true });
    expect(order.slice(0, 2).sort()).toEqual(['/ws/f13.topo', '/ws/f24.topo']);
    expect(order).toHaveLength(25);
    // Every document was validated: it has its diagnostics (published as it was checked).
    expect(docs.every((d) => Array.isArray(d.diagnostics))).toBe(true);
  });

  it("the workspace's first build, cancelled by the update of the file the editor opens, leaves no file unchecked", async () => {
    // The editor's didOpen arrives while the first build runs: its update cancels that build and
    // continues the cancelled documents with the first build's options.
    const { Topo, builder, docs, open, published } = workspace(12);
    const cts = new CancellationTokenSource();
    const stop = builder.onBuildPhase(DocumentState.IndexedContent, () => cts.cancel());
    const first = await builder.build(docs, Topo.shared.workspace.WorkspaceManager.initialBuildOptions, cts.token).then(
      () => 'done',
      (e: unknown) => (isOperationCancelled(e) ? 'cancelled' : e),
    );
    stop.dispose();
    expect(first).toBe('cancelled');
    open(docs[5]!);
    await builder.update([docs[5]!.uri], []);
    expect(docs.filter((d) => d.state < DocumentState.Validated).map((d) => d.uri.path)).toEqual([]);
    expect(new Set(published.map((p) => p.uri)).size).toBe(12);
    expect(diagnosticsOf(docs)).toEqual(await coldDiagnostics(docs));
  });

  it('reports files checked out of the files a build checks, and the end', async () => {
    const { builder, docs } = workspace(21);
    const seen: BuildProgress[] = [];
    builder.onProgress((p) => void seen.push(p));
    await builder.build(docs, { validation: true });
    expect(seen[0]).toEqual({ checked: 0, total: 21, done: false });
    expect(seen.filter((p) => !p.done).map((p) => p.checked)).toEqual([...Array(22).keys()]);
    expect(seen.at(-1)).toEqual({ checked: 21, total: 21, done: true });
  });

  it('shows that progress in the editor: begin, "n/total files checked", done', async () => {
    const { builder, docs } = workspace(21);
    const sent: string[] = [];
    const reporter = {
      begin: (title: string, percent: number, message: string) =>
        void sent.push(`begin ${title} ${percent}% ${message}`),
      report: (percent: number, message: string) => void sent.push(`report ${percent}% ${message}`),
      done: () => void sent.push('done'),
    };
    const connection = { window: { createWorkDoneProgress: async () => reporter } } as never;
    reportBuildProgress(connection, builder, { minFiles: 20, delayMs: 0 });
    // The reporter starts once a timer fires: let the build yield to it after each document.
    builder.onDocumentPhase(DocumentState.Validated, () => new Promise((r) => setTimeout(r, 2)));
    await builder.build(docs, { validation: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(sent[0]).toMatch(/^begin topo \d+% \d+\/21 files checked$/);
    expect(sent).toContain('report 100% 21/21 files checked');
    expect(sent.at(-1)).toBe('done');
  });

  it('shows no progress for a small workspace', async () => {
    const { builder, docs } = workspace(5);
    let created = 0;
    reportBuildProgress({ window: { createWorkDoneProgress: async () => (created++, {}) } } as never, builder, {
      minFiles: 20,
      delayMs: 0,
    });
    await builder.build(docs, { validation: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(created).toBe(0);
  });

  it('stops the analysis of a superseded version between its stages, caching nothing', async () => {
    const { Topo, builder, docs } = workspace(3);
    await builder.build(docs, { validation: true });
    const provider = Topo.topo.ModelProvider;
    const uri = docs[0]!.uri;
    // A new version of the first file, then a build of it cancelled while the analysis runs.
    const ws = Topo.shared.workspace as unknown as { TextDocuments: { set(d: TextDocument): void } };
    ws.TextDocuments.set(
      TextDocument.create(
        uri.toString(),
        'topo',
        2,
        docs[0]!.textDocument.getText().replace('replicas 3', 'replicas 5'),
      ),
    );
    const cts = new CancellationTokenSource();
    let stages = 0;
    const rules = provider.rules;
    // The first rule cancels (as a didChange arriving then would): no other rule runs after it.
    provider.rules = rules.map((r, i) => ({
      ...r,
      check: (ctx: RuleContext) => {
        stages++;
        if (i === 0) cts.cancel();
        return r.check?.(ctx);
      },
    }));
    const cancelled = await builder.update([uri], [], cts.token).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOperationCancelled(cancelled)).toBe(true);
    expect(stages).toBe(1);
    expect(Topo.shared.workspace.LangiumDocuments.getDocument(uri)!.state).toBeLessThan(DocumentState.Validated);
    // The next build finishes the work: the new version's analysis, nothing stale.
    provider.rules = rules;
    await builder.update([], []);
    const analysis = provider.analysisFor(uri.toString());
    expect(analysis.model.clusters.find((c) => c.name === 'kf00')!.controlPlane.replicas).toBe(5);
    expect(Topo.shared.workspace.LangiumDocuments.getDocument(uri)!.state).toBe(DocumentState.Validated);
  });

  it('an edit that changes nothing in the other files publishes the edited file alone', async () => {
    const { builder, docs, published, edit } = workspace(100);
    await builder.build(docs, { validation: true });
    expect(published).toHaveLength(100);
    const f05 = docs[5]!;
    await edit(f05, f05.textDocument.getText().replace('replicas 3', 'replicas 2'));
    expect(published.map((p) => p.uri)).toEqual(['f05.topo']);
    // The edit did change what the file shows (two control-plane replicas lose quorum with one down).
    expect(published[0]!.codes).not.toEqual(diagnosticsOf([docs[4]!])['/ws/f04.topo']);
    expect(diagnosticsOf(docs)).toEqual(await coldDiagnostics(docs));
  });

  it("an edit that changes another file's findings publishes that file too, and no other", async () => {
    // Two files name the topology; when the names differ, the second one (f01) shows the conflict
    // (and the cluster there is no longer checked for generation). The other files hold regions.
    const named = (i: number) => (i < 2 ? `topology shop\n${text(i)}` : region(i));
    const { builder, docs, published, edit } = workspace(30, named);
    await builder.build(docs, { validation: true });
    expect(diagnosticsOf(docs)['/ws/f01.topo']).not.toContain('model/topology-name');
    const f00 = docs[0]!;
    await edit(f00, f00.textDocument.getText().replace('topology shop', 'topology other'));
    expect(published.map((p) => p.uri).sort()).toEqual(['f00.topo', 'f01.topo']);
    expect(published.find((p) => p.uri === 'f01.topo')!.codes).toContain('model/topology-name');
    expect(diagnosticsOf(docs)).toEqual(await coldDiagnostics(docs));
    // And back: the conflict is gone from f01.
    await edit(f00, f00.textDocument.getText().replace('topology other', 'topology shop'));
    expect(published.map((p) => p.uri).sort()).toEqual(['f00.topo', 'f01.topo']);
    expect(published.find((p) => p.uri === 'f01.topo')!.codes).not.toContain('model/topology-name');
    expect(diagnosticsOf(docs)).toEqual(await coldDiagnostics(docs));
  });

  it('deleting a file publishes the files whose findings it changed', async () => {
    const named = (i: number) => (i < 2 ? `topology ${i ? 'shop' : 'other'}\n${text(i)}` : region(i));
    const { builder, docs, published } = workspace(10, named);
    await builder.build(docs, { validation: true });
    expect(diagnosticsOf(docs)['/ws/f01.topo']).toContain('model/topology-name');
    published.length = 0;
    await builder.update([], [docs[0]!.uri]);
    // Langium clears the deleted file's diagnostics; f01's conflict is gone with it.
    expect(published.map((p) => p.uri).sort()).toEqual(['f00.topo', 'f01.topo']);
    expect(published.find((p) => p.uri === 'f00.topo')!.codes).toEqual([]);
    expect(published.find((p) => p.uri === 'f01.topo')!.codes).not.toContain('model/topology-name');
  });

  it('an edit whose build is cancelled before the other files are compared has them published by the next build', async () => {
    const named = (i: number) => (i < 2 ? `topology shop\n${text(i)}` : region(i));
    const { Topo, builder, docs, published } = workspace(10, named);
    await builder.build(docs, { validation: true });
    const f00 = docs[0]!;
    const ws = Topo.shared.workspace as unknown as { TextDocuments: { set(d: TextDocument): void } };
    ws.TextDocuments.set(
      TextDocument.create(f00.uri.toString(), 'topo', 2, f00.textDocument.getText().replace('shop', 'other')),
    );
    // A newer change arrives as soon as the edited file is validated.
    const cts = new CancellationTokenSource();
    const stop = builder.onDocumentPhase(DocumentState.Validated, () => cts.cancel());
    published.length = 0;
    const outcome = await builder.update([f00.uri], [], cts.token).then(
      () => 'done',
      (e: unknown) => (isOperationCancelled(e) ? 'cancelled' : e),
    );
    stop.dispose();
    expect(outcome).toBe('cancelled');
    expect(published.map((p) => p.uri)).not.toContain('f01.topo');
    // The next build (nothing changed since) brings f01 up to date.
    await builder.update([], []);
    expect(published.find((p) => p.uri === 'f01.topo')!.codes).toContain('model/topology-name');
    expect(diagnosticsOf(docs)).toEqual(await coldDiagnostics(docs));
  });
});
