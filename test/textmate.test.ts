import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const ROOT = resolve(import.meta.dirname, '..');
let grammar: vsctm.IGrammar;

/** The scopes of each token of one line, as VS Code's TextMate engine computes them. */
function scopes(line: string): [string, string][] {
  const { tokens } = grammar.tokenizeLine(line, vsctm.INITIAL);
  return tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]!]);
}

function scopeOf(line: string, text: string): string | undefined {
  return scopes(line).find(([t]) => t === text)?.[1];
}

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      vsctm.parseRawGrammar(
        readFileSync(resolve(ROOT, 'syntaxes/topo.tmLanguage.json'), 'utf8'),
        'topo.tmLanguage.json',
      ),
  });
  grammar = (await registry.loadGrammar('source.topo'))!;
});

describe('the TextMate grammar (syntaxes/topo.tmLanguage.json)', () => {
  it('is generated from the current grammar', () => {
    expect(() =>
      execFileSync(process.execPath, [resolve(ROOT, 'scripts/gen-textmate.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('colours a declaration keyword and the declared name', () => {
    expect(scopeOf('cluster ocp-east {', 'cluster')).toBe('storage.type.topo');
    expect(scopeOf('cluster ocp-east {', 'ocp-east')).toBe('entity.name.type.topo');
  });

  it('colours units, CIDRs, IPs, parameters and value keywords', () => {
    const line =
      '  rtt az1 az2 1.1ms  cidr 10.20.0.0/24  vip 10.20.0.5  kind stretched-l2  cidr cidrsubnet($subnet, 8, 1)';
    expect(scopeOf(line, 'rtt')).toBe('keyword.control.topo');
    expect(scopeOf(line, '1.1')).toBe('constant.numeric.topo');
    expect(scopeOf(line, 'ms')).toBe('keyword.other.unit.topo');
    expect(scopeOf(line, '10.20.0.0/24')).toBe('constant.numeric.cidr.topo');
    expect(scopeOf(line, '10.20.0.5')).toBe('constant.numeric.ip.topo');
    expect(scopeOf(line, 'stretched-l2')).toBe('constant.language.topo');
    expect(scopeOf(line, '$subnet')).toBe('variable.other.parameter.topo');
    expect(scopeOf(line, 'kind')).toBe('keyword.other.property.topo');
  });

  it('colours comments, topo-ignore directives and string interpolation', () => {
    expect(scopeOf('// topo-ignore quorum/zone-loss: lab only', 'topo-ignore')).toBe('keyword.other.directive.topo');
    expect(scopes('url "shop.${env}.example.com"').find(([t]) => t === 'env')?.[1]).toBe(
      'variable.other.parameter.topo',
    );
    expect(scopeOf('/* block */', '/*')).toBe('punctuation.definition.comment.topo');
  });

  it('gives every keyword of the language a scope', () => {
    const langium = readFileSync(resolve(ROOT, 'language/topo.langium'), 'utf8');
    const keywords = [...new Set([...langium.matchAll(/'([A-Za-z][\w-]*)'/g)].map((m) => m[1]!))];
    const plain = keywords.filter((k) => (scopeOf(`${k} `, k) ?? 'source.topo') === 'source.topo');
    expect(plain).toEqual([]);
  });
});
