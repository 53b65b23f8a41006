import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type * as ast from '../generated/ast.js';
import { createTopoServices } from '../topo-module.js';
import { defineRule, type Finding } from './types.js';

/** Reports every app by name, and throws for an app whose name starts with `boom`. */
const perApp = defineRule({
  id: 'test/per-app',
  title: 'Reports each app',
  severity: 'info',
  description: 'One finding per app; throws for apps named boom*.',
  rationale: 'Exercises the engine.',
  sources: [],
  examples: { fires: '', passes: '' },
  checkApp(app, { report }) {
    report({ message: `app ${app.name}`, loc: app.nameLoc });
    if (app.name.startsWith('boom')) throw new Error(`no ${app.name}`);
  },
});

const URI_OF = URI.file('/engine-spec/topology/apps.topo');

/** Reports every app by name, as `perApp` does, under another id. */
const perAppToo = defineRule({
  ...perApp,
  id: 'test/per-app-too',
  checkApp: (app, { report }) => report({ message: `app ${app.name}`, loc: app.nameLoc }),
});

/** Reports an app as many times as the digit its name ends with says (`a3`: three findings). */
const perAppMany = defineRule({
  ...perApp,
  id: 'test/per-app-many',
  checkApp: (app, { report }) => {
    for (let k = 0; k < Number(app.name.slice(-1)); k++) report({ message: `app ${app.name} #${k}`, loc: app.nameLoc });
  },
});

/** A workspace of one file checked with `perApp` alone: cold (a fresh one per text) or edited. */
async function workspace(text: string, incremental: boolean, rules = [perApp]) {
  const { Topo } = createTopoServices(EmptyFileSystem);
  Topo.topo.ModelProvider.rules = rules;
  Topo.topo.ModelProvider.incremental = incremental;
  const ws = Topo.shared.workspace;
  const doc: LangiumDocument<ast.Document> = ws.LangiumDocumentFactory.fromString(text, URI_OF);
  ws.LangiumDocuments.addDocument(doc);
  await ws.DocumentBuilder.build([doc], { validation: true });
  let version = 1;
  return {
    async change(next: string): Promise<void> {
      (ws as unknown as { TextDocuments: { set(d: TextDocument): void } }).TextDocuments.set(
        TextDocument.create(URI_OF.toString(), 'topo', ++version, next),
      );
      await ws.DocumentBuilder.update([URI_OF], []);
    },
    async findings(): Promise<string[]> {
      const analysis = await Topo.topo.ModelProvider.analysisForAsync(URI_OF.toString());
      // What the file shows (its findings as the analysis gives them per file) is every finding.
      expect(Topo.topo.ModelProvider.inFile(analysis, URI_OF.toString()).findings).toEqual(analysis.findings);
      return analysis.findings.map((f: Finding) => `${f.ruleId}: ${f.message.replace(/\(.*$/s, '')}`);
    },
  };
}

/** A topology of one cluster and an app of each name on it. */
function text(names: string[]): string {
  return `cluster c { }\n${names.map((n) => `app ${n} { clusters c }`).join('\n')}\n`;
}

describe('rules engine: an edit checks only the apps it changed', () => {
  it('a rule that throws for an edited app reports what one pass over every app reports', async () => {
    const steps = [
      ['a', 'b', 'c', 'd', 'e'],
      ['a', 'b', 'c', 'boom', 'e'], // the fourth app throws: a, b, c and boom reported, e not
      ['a', 'x', 'c', 'boom', 'e'], // an app before it changes too
      ['a', 'x', 'c', 'd', 'e'],
    ];
    const edited = await workspace(text(steps[0]!), true);
    for (const names of steps.slice(1)) {
      await edited.change(text(names));
      const cold = await (await workspace(text(names), false)).findings();
      expect(await edited.findings()).toEqual(cold);
    }
    expect(await edited.findings()).toEqual([
      'test/per-app: app a',
      'test/per-app: app x',
      'test/per-app: app c',
      'test/per-app: app d',
      'test/per-app: app e',
    ]);
    await edited.change(text(steps[1]!));
    expect(await edited.findings()).toEqual([
      'test/per-app: app a',
      'test/per-app: app b',
      'test/per-app: app c',
      'test/per-app: app boom',
      'internal/rule-failed: rule test/per-app could not run on this topology ',
    ]);
  });
});

describe('rules engine: topo-ignore', () => {
  it('silences the rule it names on its line and the next, and no other rule', async () => {
    const text = [
      'cluster c { }',
      '// topo-ignore test/per-app: a is fine',
      'app a { clusters c }',
      'app b { clusters c } // topo-ignore test/per-app-too: so is b',
      '',
      'app c2 { clusters c }',
      '',
    ].join('\n');
    const ws = await workspace(text, true, [perApp, perAppToo]);
    expect(await ws.findings()).toEqual([
      'test/per-app: app b',
      'test/per-app: app c2',
      'test/per-app-too: app a',
      'test/per-app-too: app c2',
    ]);
  });

  it('silences the report of a rule that failed, and only that', async () => {
    const text =
      '// topo-ignore internal/rule-failed: known\ncluster c { }\napp boom { clusters c }\napp e { clusters c }\n';
    const ws = await workspace(text, true, [perApp, perAppToo]);
    expect(await ws.findings()).toEqual([
      'test/per-app: app boom',
      'test/per-app-too: app boom',
      'test/per-app-too: app e',
    ]);
  });
});

describe("rules engine: an edit replaces the changed apps' findings among the others'", () => {
  it('when changed apps gain or lose findings, before, between and after unchanged ones', async () => {
    const steps = [
      ['p2', 'q0', 'r1', 's3', 't0'],
      ['p0', 'q0', 'r1', 's4', 't0'], // the first loses its findings, the fourth gains one
      ['p0', 'q2', 'r1', 's4', 't1'], // two apps with none gain some, one of them the last
      ['p3', 'q2', 'r0', 's4', 't1'],
      ['p3', 'q2', 'r0', 's4', 't1'], // nothing changes
    ];
    const edited = await workspace(text(steps[0]!), true, [perAppMany, perApp]);
    for (const names of steps.slice(1)) {
      await edited.change(text(names));
      const cold = await (await workspace(text(names), false, [perAppMany, perApp])).findings();
      expect(await edited.findings()).toEqual(cold);
    }
    expect((await edited.findings()).filter((f) => f.startsWith('test/per-app-many'))).toHaveLength(10);
  });
});
