import { DocumentState, EmptyFileSystem, isOperationCancelled, URI, type LangiumDocument } from 'langium';
import { CancellationTokenSource } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { reportBuildProgress } from '../lsp/progress.js';
import { createTopoServices } from '../topo-module.js';
import type { TopoDocumentBuilder, BuildProgress } from './document-builder.js';

/** A workspace of `n` files, one region and a cluster per file, none validated yet. */
function workspace(n: number) {
  const { Topo } = createTopoServices(EmptyFileSystem);
  const ws = Topo.shared.workspace;
  const docs: LangiumDocument[] = [];
  for (let i = 0; i < n; i++) {
    const name = `f${String(i).padStart(2, '0')}`;
    const doc = ws.LangiumDocumentFactory.fromString(
      `region r${name} { zone a zone b zone c }\ncluster k${name} { controlPlane { replicas 3 zones r${name}.a r${name}.b } }\n`,
      URI.file(`/ws/${name}.topo`),
    );
    ws.LangiumDocuments.addDocument(doc);
    docs.push(doc);
  }
  const open = (doc: LangiumDocument) =>
    (ws as unknown as { TextDocuments: { set(d: TextDocument): void } }).TextDocuments.set(
      TextDocument.create(doc.uri.toString(), 'topo', 1, doc.textDocument.getText()),
    );
  return { Topo, builder: ws.DocumentBuilder as TopoDocumentBuilder, docs, open };
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
      check: (ctx: Parameters<typeof r.check>[0]) => {
        stages++;
        if (i === 0) cts.cancel();
        return r.check(ctx);
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
});
