import { describe, expect, it } from 'vitest';
import { formatText } from '../language/lsp/formatter.js';
import { load } from './support/index.js';

describe('formatting', () => {
  it('re-indents blocks by depth and keeps properties the author put on one line', () => {
    const messy =
      'region dc provider openstack {\nzone az1  zone az2\n      rtt az1 az2 1ms   \n}\ncluster c {\n   controlPlane {\n replicas 3\n }\n}\n';
    expect(formatText(messy)).toBe(
      'region dc provider openstack {\n  zone az1  zone az2\n  rtt az1 az2 1ms\n}\ncluster c {\n  controlPlane {\n    replicas 3\n  }\n}\n',
    );
  });

  it('never touches strings and comments, collapses blank lines and ends with one newline', () => {
    const text = 'app a {\n\n\n  url "x { y"   // a { brace in a comment\n/* keep\n      this */\n}\n\n\n';
    expect(formatText(text)).toBe(
      'app a {\n\n  url "x { y"   // a { brace in a comment\n  /* keep\n      this */\n}\n',
    );
  });

  it('is idempotent and keeps the file parsing to the same model', async () => {
    const text =
      'region r { zone a zone b zone c }\ncluster c {\ncontrolPlane { replicas 3  zones r.a r.b r.c }\n  }\n';
    const once = formatText(text);
    expect(formatText(once)).toBe(once);
    const [before, after] = [await load(text), await load(once)];
    expect(after.diagnostics).toEqual(
      before.diagnostics.map((d) => ({ ...d, range: after.diagnostics.find((x) => x.message === d.message)!.range })),
    );
    expect(after.model.clusters[0]!.controlPlane.placement.total).toBe(3);
  });

  it('is served through the language server as LSP edits', async () => {
    const { services, docs } = await load('cluster c {\ncontrolPlane { replicas 3 }\n}');
    const edits = await services.lsp.Formatter!.formatDocument(docs[0]!, {
      textDocument: { uri: docs[0]!.uri.toString() },
      options: { tabSize: 4, insertSpaces: true },
    });
    expect(edits.map((e) => [e.range.start.line, e.newText])).toEqual([
      [0, 'cluster c {\n    controlPlane { replicas 3 }\n}\n'],
    ]);
  });
});
