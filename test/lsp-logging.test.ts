import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessageType } from 'vscode-languageserver-protocol';
import { catalogue } from '../language/rules/catalogue.js';
import { defineRule } from '../language/rules/types.js';
import type { TopoServices } from '../language/topo-module.js';
import { LspClient, tempTopology } from './support/lsp-client.js';

const TEXT = `topology shop
region dc { zone a  zone b  zone c }
cluster k { controlPlane { replicas 3  zones dc.a dc.b dc.c } }
`;

/** A rule with a bug. */
const exploding = defineRule({
  id: 'test/explodes',
  title: 'A rule that throws',
  severity: 'warning',
  description: 'Throws on every topology.',
  rationale: 'A bug in one rule must not hide the findings of the others.',
  sources: [],
  examples: { fires: '', passes: '' },
  check(): void {
    throw new Error('rule exploded');
  },
});

// The server runs in this process (its own wiring, over in-memory streams) so that the test can
// break a rule, a provider and the generator; the client sees only what goes over LSP.
describe('what goes wrong in the language server reaches the "topo" output channel', () => {
  let session: LspClient;
  let services: TopoServices;
  let uri: string;

  beforeAll(async () => {
    const topology = tempTopology(TEXT, 'shop');
    uri = topology.uri;
    session = await LspClient.inProcess(topology.dir, (s) => {
      services = s;
      s.topo.ModelProvider.rules = [...catalogue, exploding];
    });
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'topo', version: 1, text: readFileSync(topology.file, 'utf8') },
    });
  });

  afterAll(async () => {
    await session?.stop();
  });

  it('a rule that throws: its error and stack are logged, and the topology still gets a diagnostic', async () => {
    const diagnostics = await session.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'internal/rule-failed'));
    expect(diagnostics.find((x) => x.code === 'internal/rule-failed')!.message).toContain(
      'rule test/explodes could not run on this topology (rule exploded)',
    );
    const logged = await session.waitForLog((m) => m.message.includes('test/explodes'));
    expect(logged.type).toBe(MessageType.Error);
    expect(logged.message).toMatch(/^rule test\/explodes failed: Error: rule exploded\n\s+at /);
  });

  it('a provider that throws: its error and stack are logged, and the request is answered with nothing', async () => {
    const provider = services.topo.ModelProvider;
    const analysisFor = provider.analysisFor;
    provider.analysisFor = () => {
      throw new Error('model exploded');
    };
    try {
      const hover = await session.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: { line: 2, character: 8 },
      });
      expect(hover).toBeNull();
    } finally {
      provider.analysisFor = analysisFor;
    }
    const logged = await session.waitForLog((m) => m.message.includes('hover'));
    expect(logged.type).toBe(MessageType.Error);
    expect(logged.message).toMatch(
      /^topo: hover\.getHoverContent failed \(answered with nothing\): Error: model exploded\n\s+at /,
    );
  });

  it('a generation on save that fails: its error and stack are logged', async () => {
    services.topo.Generation.generate = () => Promise.reject(new Error('disk full'));
    await session.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const logged = await session.waitForLog((m) => m.message.includes('on save'));
    expect(logged.type).toBe(MessageType.Error);
    expect(logged.message).toMatch(/^topo: generation on save failed: Error: disk full\n\s+at /);
  });
});
