import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspSession } from './support/lsp-client.js';
import { positionOf } from './support/index.js';

const TEXT = `topology lsp-test
region dc-east provider openstack {
  zone az1
  zone az2
  zone az3
  rtt az1 az2 1ms
  rtt az2 az3 1ms
  rtt az1 az3 1ms
}
network ctrl {
  kind stretched-l2
  cidr 10.0.0.0/24
  zones dc-east.az1 dc-east.az2 dc-east.az3
}
cluster ocp {
  controlPlane { replicas 3  zones dc-east.az1 dc-east.az2  network ctrl }
}
`;

/** The position of the `<|>` marker of `needle` in TEXT. */
const at = (needle: string) => positionOf(TEXT, needle);

describe('the bundled language server over stdio', () => {
  let session: LspSession;
  let uri: string;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'topo-lsp-'));
    const file = join(dir, 'main.topo');
    writeFileSync(file, TEXT);
    uri = pathToFileURL(file).toString();
    session = await LspSession.start(dir);
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'topo', version: 1, text: readFileSync(file, 'utf8') },
    });
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('publishes the quorum diagnostic with its rule id, a docs link and the numbers', async () => {
    const diags = await session.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'quorum/zone-loss'));
    const d = diags.find((x) => x.code === 'quorum/zone-loss')!;
    expect(d.message).toBe(
      'control plane of ocp loses quorum if dc-east.az1 fails: 2 of 3 members there, 1 left, majority is 2',
    );
    expect(d.range.start).toEqual(at('zones dc-east.az1 dc-east.az2  network'));
    expect(d.codeDescription?.href).toMatch(/rules\.md#quorumzone-loss$/);
  });

  it('answers completion with keywords and declared names', async () => {
    // Inside the control plane block, after `network `: the declared network is offered.
    const items = (await session.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: at('network <|>ctrl }'),
    })) as { items?: { label: string }[] } | { label: string }[];
    const labels = (Array.isArray(items) ? items : (items.items ?? [])).map((i) => i.label);
    expect(labels).toContain('ctrl');
    const top = (await session.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: TEXT.split('\n').length - 1, character: 0 },
    })) as { items?: { label: string }[] } | { label: string }[];
    const topLabels = (Array.isArray(top) ? top : (top.items ?? [])).map((i) => i.label);
    expect(topLabels).toEqual(expect.arrayContaining(['cluster', 'region', 'network', 'app']));
  });

  it('answers hover on a cluster with the quorum facts', async () => {
    const hover = (await session.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: at('cluster o<|>cp'),
    })) as { contents: { value: string } };
    expect(hover.contents.value).toContain('control plane: 3 members, majority 2, tolerates 1 failure');
    expect(hover.contents.value).toContain('members per zone: dc-east.az1 2, dc-east.az2 1');
    // An IPI cluster's keepalived VRRP ids, as runtimecfg derives them from the name "ocp".
    expect(hover.contents.value).toContain('keepalived VRRP ids: api 23, ingress 134');
  });

  it('answers go to definition from a zone reference to its declaration', async () => {
    const def = (await session.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: at('dc-east.a<|>z1 dc-east.az2  network'),
    })) as {
      targetUri?: string;
      uri?: string;
      targetRange?: { start: { line: number } };
      range?: { start: { line: number } };
    }[];
    const first = def[0]!;
    expect(first.targetUri ?? first.uri).toBe(uri);
    expect((first.targetRange ?? first.range)!.start.line).toBe(at('zone az1').line);
  });

  it('offers the respread quick fix for the finding', async () => {
    const diags = await session.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'quorum/zone-loss'));
    const d = diags.find((x) => x.code === 'quorum/zone-loss')!;
    const actions = (await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as { title: string; edit?: { changes: Record<string, { newText: string }[]> } }[];
    const fix = actions.find((a) => a.title.startsWith('Spread the 3 control-plane members'));
    expect(fix?.edit?.changes[uri]?.[0]?.newText).toBe('zones dc-east.az1 dc-east.az2 dc-east.az3');
  });
});
