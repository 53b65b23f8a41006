import { describe, expect, it } from 'vitest';
import { AppPiece, listPiece, resultsOf } from './findings-by-file.js';
import type { Finding } from './types.js';

/** A finding of app `app` in file `uri` (its message says which). */
const finding = (app: number, uri: string, n = 0): Finding => ({
  ruleId: 'test/rule',
  severity: 'info',
  message: `app ${app} #${n} in ${uri}`,
  loc: { uri, range: { start: { line: app, character: 0 }, end: { line: app, character: 1 } } },
});

/** A per-app rule's piece from each app's findings, or the next one after `prior`'s. */
const piece = (perApp: Finding[][], prior?: { piece: AppPiece; changed: number[] }): AppPiece =>
  prior ? prior.piece.after(perApp, new Set(prior.changed)) : AppPiece.of('test/rule', perApp);

const messages = (list: readonly Finding[] | undefined): string[] => (list ?? []).map((f) => f.message);

describe("a per-app rule's findings per file", () => {
  it('after changes that move findings between files, equal those of a fresh grouping', () => {
    const files = ['a', 'b', 'c'];
    let perApp: Finding[][] = Array.from({ length: 12 }, (_, i) => [finding(i, files[i % 3]!)]);
    let current = piece(perApp);
    current.inFile('a'); // grouped: the next pieces are made from it
    const steps: [number, Finding[]][][] = [
      [[4, []]], // an app loses its finding
      [[4, [finding(4, 'c'), finding(4, 'a', 1)]]], // and gets two, in two files
      [
        [0, [finding(0, 'b')]],
        [11, []],
      ], // the first moves to another file, the last loses its
      [[7, [finding(7, 'd')]]], // a file that had none
      [[7, []]], // and has none again
    ];
    for (const changes of steps) {
      perApp = perApp.map((list, i) => changes.find(([k]) => k === i)?.[1] ?? list);
      current = piece(perApp, { piece: current, changed: changes.map(([i]) => i) });
      const fresh = piece(perApp);
      for (const uri of [...files, 'd']) expect(messages(current.inFile(uri))).toEqual(messages(fresh.inFile(uri)));
    }
    expect(messages(current.inFile('a'))).toEqual(['app 3 #0 in a', 'app 4 #1 in a', 'app 6 #0 in a', 'app 9 #0 in a']);
    expect(current.inFile('d')).toBeUndefined();
  });

  it('is the same piece when the list is', () => {
    const perApp = [[finding(0, 'a')], []];
    const first = piece(perApp);
    const again = first.after(perApp, new Set([1]));
    expect(again).toBe(first);
  });
});

describe('the findings of a run per file', () => {
  it('follow the pieces in order and leave out what topo-ignore silences in files with directives', () => {
    const kept = [finding(1, 'a'), finding(2, 'b')];
    const apps = piece([[finding(0, 'a')], [finding(1, 'b')], [finding(2, 'a', 1)]]);
    const silenced = apps.flat[2]!;
    const all = [...kept, ...apps.flat].filter((f) => f !== silenced);
    const results = resultsOf([listPiece('test/other', kept), apps], {
      files: new Set(['a']),
      named: new Set(['test/rule']),
      kept: (f) => f !== silenced,
      failed: 'internal/rule-failed',
    });
    expect(messages(results.inFile('a'))).toEqual(['app 1 #0 in a', 'app 0 #0 in a']);
    expect(messages(results.inFile('b'))).toEqual(['app 2 #0 in b', 'app 1 #0 in b']);
    expect(results.inFile('c')).toEqual([]);
    expect(results.findings).toEqual(all);
  });
});
