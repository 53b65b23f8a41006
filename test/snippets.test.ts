/**
 * The extension's snippets (snippets/topo.json): each body, with its placeholders at their defaults
 * (the first choice of a `${N|a,b|}`), parses without errors on its own, and a topology assembled
 * from them the way a user would (two sites, a cluster in each, an app behind a GSLB) links and
 * passes the HA rules without errors.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { load } from './support/index.js';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}
const snippets = JSON.parse(readFileSync(new URL('../snippets/topo.json', import.meta.url), 'utf8')) as Record<
  string,
  Snippet
>;

/** Expands VS Code snippet syntax with the defaults, or with `values` by placeholder number. */
function expand(body: string | string[], values: Record<number, string> = {}): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const defaults = new Map<string, string>();
  // Defaults first: `$3` may come before or after `${3:az1}`.
  for (const m of text.matchAll(/\$\{(\d+):([^}]*)\}/g)) defaults.set(m[1]!, m[2]!);
  for (const m of text.matchAll(/\$\{(\d+)\|([^|}]*)\|\}/g)) defaults.set(m[1]!, m[2]!.split(',')[0]!);
  const value = (n: string): string => values[Number(n)] ?? defaults.get(n) ?? '';
  return text
    .replace(/\$\{(\d+):[^}]*\}/g, (_, n: string) => value(n))
    .replace(/\$\{(\d+)\|[^|}]*\|\}/g, (_, n: string) => value(n))
    .replace(/\$\{(\d+)\}/g, (_, n: string) => value(n))
    .replace(/\$(\d+)/g, (_, n: string) => value(n))
    .replace(/\\\$/g, '$');
}

/** Lexer and parser errors (not linking or rule findings). */
async function syntaxErrors(text: string): Promise<string[]> {
  const { docs } = await load(text);
  const doc = docs[0]!;
  return [...doc.parseResult.lexerErrors.map((e) => e.message), ...doc.parseResult.parserErrors.map((e) => e.message)];
}

describe('snippets/topo.json', () => {
  it('has the building blocks the extension promises', () => {
    const names = Object.keys(snippets);
    expect(names).toEqual(
      expect.arrayContaining(['Region with three zones', 'OpenShift cluster over three zones', 'App behind a GSLB']),
    );
    for (const [name, s] of Object.entries(snippets)) {
      expect(s.description, name).toBeTruthy();
      expect(s.prefix.length, name).toBeGreaterThan(0);
    }
  });

  it('expands placeholders, choices and mirrors', () => {
    expect(expand(['a ${1:x} ${2|p,q|} $1 ${1}', '$0'])).toBe('a x p x x\n');
    expect(expand('${1:x} $1', { 1: 'y' })).toBe('y y');
  });

  for (const [name, snippet] of Object.entries(snippets)) {
    it(`"${name}" parses without errors`, async () => {
      const text = expand(snippet.body);
      // Storage goes inside an app block.
      const wrapped = name === 'Storage of an app' ? `app a {\n${text}\n}\n` : text;
      expect(await syntaxErrors(wrapped)).toEqual([]);
    });
  }

  it('a topology assembled from the snippets links and has no errors', async () => {
    const s = (name: string, values: Record<number, string> = {}): string => expand(snippets[name]!.body, values);
    const text = [
      s('Topology header'),
      s('Region with three zones'),
      s('Region with three zones', { 1: 'dc-west' }),
      s('RTT between sites'),
      s('Stretched L2 network with an HA gateway'),
      s('Stretched L2 network with an HA gateway', { 1: 'ctrl-west', 2: '10.30.0.0/24', 3: 'dc-west', 4: 'edge2' }),
      s('OpenShift cluster over three zones', { 1: 'ocp-east' }),
      s('OpenShift cluster over three zones', {
        1: 'ocp-west',
        5: 'dc-west',
        9: '10.30.0.5',
        10: '10.30.0.7',
        12: 'ctrl-west',
      }),
      s('Load balancer (LTM)', { 5: 'ocp-east' }),
      s('Load balancer (LTM)', { 1: 'ltm-west', 3: 'dc-west', 4: '10.30.0.10', 5: 'ocp-west', 6: 'ctrl-west' }),
      s('App behind a GSLB').replace(/\n\}\n?$/, `\n${s('Storage of an app')}\n}\n`),
    ].join('\n');
    const { diagnostics } = await load(text);
    const errors = diagnostics
      .filter((d) => d.severity === 1)
      .map((d) => `${d.range.start.line + 1}: ${String(d.code ?? '')} ${d.message}`);
    expect(errors, text).toEqual([]);
  });
});
