import { describe, expect, it } from 'vitest';
import { load } from '../../test/support/index.js';
import type { TopoDocumentValidator } from './validator.js';

const VALID = `topology shop
region dc { zone a  zone b  zone c }
cluster k { controlPlane { replicas 3  zones dc.a dc.b } }
`;

/** Texts that do not parse, each its own way. */
const BROKEN: Record<string, string> = {
  'a character that is no token': VALID.replace('zone c }', 'zone c § }'),
  'an unclosed string': `${VALID}app shop { url "shop.example.com }\n`,
  'a property outside its block': VALID.replace('cluster k {', 'replicas 3\ncluster k {'),
  'a value missing': VALID.replace('replicas 3', 'replicas'),
  'a brace missing at the end': VALID.replace(/\}\s*$/, ''),
  'lexer and parser errors together': VALID.replace('zone c }', 'zone c ~').replace('replicas 3', 'replicas'),
};

/** The diagnostics an editor gets for `text` alone, before its workspace is built (the early list). */
function early(services: Awaited<ReturnType<typeof load>>['services'], text: string) {
  const validator = services.validation.DocumentValidator as TopoDocumentValidator;
  return validator.syntaxDiagnostics(services.parser.LangiumParser.parse(text));
}

describe('the syntax diagnostics published before the workspace is built', () => {
  for (const [name, text] of Object.entries(BROKEN)) {
    it(`are the full validation's lexer and parser diagnostics: ${name}`, async () => {
      const full = await load(text);
      const syntax = full.diagnostics
        .filter((d) => String(d.code).startsWith('syntax/'))
        .map(({ file: _file, ...d }) => d);
      expect(syntax.length).toBeGreaterThan(0);
      // Same ranges, messages, severity, source, codes and data, in the same order.
      expect(early(full.services, text)).toEqual(syntax);
    });
  }

  it('are none for a valid file, whose full validation has findings', async () => {
    const full = await load(VALID);
    expect(full.diagnostics.map((d) => d.code)).toContain('quorum/zone-loss');
    expect(early(full.services, VALID)).toEqual([]);
  });

  it('leave unresolved names to the build: a name declared in another file is no error yet', async () => {
    const text = 'cluster k { controlPlane { replicas 3  zones elsewhere.a elsewhere.b elsewhere.c } }\n';
    const full = await load(text);
    expect(full.diagnostics.map((d) => d.code)).toContain('ref/unresolved');
    expect(early(full.services, text)).toEqual([]);
  });
});
