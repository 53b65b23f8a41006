/**
 * Runs one fuzz input through everything the product does with a topology, in process:
 * parse, link and validate (Langium), the semantic model, every rule, the failure analysis (every
 * single failure, table and detail), every generator, the formatter, and (when asked) the editor
 * features at a few positions. Returns what went wrong; never throws for the input's sake.
 *
 * A failure is anything a user would call a bug: an exception (also one the product caught and
 * logged: a rule that threw, an analysis that failed, an error Langium swallowed while linking or
 * validating), a generator that failed internally or named an unsafe file, a formatter that
 * changed a token or is not idempotent, a quick fix or rename that breaks the syntax, or generated
 * output the validators reject.
 */
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { CancellationToken, type TextEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type * as ast from '../../language/generated/ast.js';
import { analyseAll, failureDomains } from '../../language/analysis/failure.js';
import { renderDetail, renderTable } from '../../language/analysis/report.js';
import { renderJson } from '../../language/cli/simulate-json.js';
import { generate, generators, type GeneratedFile, type GenerationTarget } from '../../language/generators/index.js';
import { commentPrefixFor, unsafePathReason } from '../../language/generators/writer.js';
import { formatText } from '../../language/lsp/formatter.js';
import type { SecretRef, TopoModel } from '../../language/model/types.js';
import { stderrLogger } from '../../language/logger.js';
import { createTopoServices, type TopoServices } from '../../language/topo-module.js';
import { checkTerraformFormat, validateTerraform } from '../validators/terraform.js';
import { validateInstallConfig } from '../validators/install-config.js';
import { validateKustomizations, validateManifest } from '../validators/kubernetes.js';
import { parseAllDocuments } from 'yaml';
import type { FuzzCase } from './inputs.js';
import { Rng } from './rng.js';

export interface Failure {
  stage: string;
  message: string;
}

export interface HarnessOptions {
  /** Validate install-config (schema) and Terraform (hcl2json + provider arguments, fmt). */
  validate?: boolean;
  /** Return the HOT templates of a generated input, for Heat (batched by the caller). */
  collectHeat?: boolean;
  /** Editor features (hover, completion, definition, references, rename, code actions, ...) at this many random positions. */
  lspPositions?: number;
}

export interface Outcome {
  failures: Failure[];
  /** No blocking error: the product would have generated (and written) this topology. */
  generatable: boolean;
  generatedFiles: number;
  heat: { name: string; content: string }[];
  /** Per-stage milliseconds. */
  ms: Record<string, number>;
}

export const FOLDER = '/fuzz/topology';

/** Secrets by reference: deterministic, sometimes valid, sometimes missing or malformed. */
export function fakeSecrets(ref: SecretRef): string | undefined {
  const r = ref.reference ?? '';
  let h = 0;
  for (let i = 0; i < r.length; i++) h = (h * 31 + r.charCodeAt(i)) | 0;
  if (/pull/i.test(r) || (h >>> 0) % 5 === 0) return '{"auths":{"quay.io":{"auth":"ZnV6ejpmdXp6"}}}';
  if (/ssh|key|pub|id_/i.test(r) || (h >>> 0) % 5 === 1)
    return 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzzFuzz fuzz@example.com';
  if ((h >>> 0) % 5 === 2) return undefined;
  if ((h >>> 0) % 5 === 3) return 'not a secret\n';
  return 'p@ss"w:o\'rd\n';
}

export class Harness {
  private readonly topo: TopoServices;
  private readonly logged: string[] = [];

  constructor() {
    this.topo = createTopoServices(EmptyFileSystem, {
      topo: { Logger: () => ({ ...stderrLogger, error: (m: string) => this.logged.push(m) }) },
    }).Topo;
  }

  async run(input: FuzzCase & { params?: Record<string, string> }, options: HarnessOptions = {}): Promise<Outcome> {
    const failures: Failure[] = [];
    const ms: Record<string, number> = {};
    const outcome: Outcome = { failures, generatable: false, generatedFiles: 0, heat: [], ms };
    const fail = (stage: string, e: unknown): void => {
      failures.push({
        stage,
        message:
          e instanceof Error
            ? `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 8).join('\n')}`
            : String(e),
      });
    };
    const timed = async <T>(stage: string, f: () => T | Promise<T>): Promise<T | undefined> => {
      const t0 = performance.now();
      try {
        return await f();
      } catch (e) {
        fail(stage, e);
        return undefined;
      } finally {
        ms[stage] = (ms[stage] ?? 0) + performance.now() - t0;
      }
    };

    // Anything logged through console.error is an exception somebody caught: a failure for us.
    this.logged.length = 0;
    const originalError = console.error;
    console.error = (...args: unknown[]) => {
      this.logged.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' '));
    };
    const shared = this.topo.shared;
    const provider = this.topo.topo.ModelProvider;
    try {
      provider.configure({}, input.params ?? {});
      const docs = await timed('parse+link+validate', async () => {
        const list: LangiumDocument<ast.Document>[] = [];
        for (const [name, text] of Object.entries(input.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
          const doc = shared.workspace.LangiumDocumentFactory.fromString<ast.Document>(
            text,
            URI.file(`${FOLDER}/${name}`),
          );
          shared.workspace.LangiumDocuments.addDocument(doc);
          list.push(doc);
        }
        await shared.workspace.DocumentBuilder.build(list, { validation: true });
        return list;
      });
      if (!docs) return outcome;
      for (const d of docs) {
        for (const x of d.diagnostics ?? []) {
          const text = typeof x.message === 'string' ? x.message : x.message.value;
          if (/An error occurred/.test(text)) failures.push({ stage: 'langium', message: `${d.uri.path}: ${text}` });
        }
      }

      const key = URI.file(`${FOLDER}/x.topo`)
        .toString()
        .replace(/\/x\.topo$/, '');
      const analysis = await timed('model+rules', () => provider.analysisOf(key));
      if (!analysis) return outcome;
      const { model, findings } = analysis;
      for (const f of findings)
        if (f.ruleId === 'internal/rule-failed') failures.push({ stage: 'rules', message: f.message });

      await timed('failure-analysis', () => {
        const domains = failureDomains(model);
        const impacts = analyseAll(model);
        if (impacts.length !== domains.length)
          throw new Error(`analyseAll gave ${impacts.length} impacts for ${domains.length} domains`);
        renderTable(model, impacts);
        renderJson(model, impacts);
        // Every detail for small models; a sample of them for huge ones (10 000 zones).
        const step = Math.max(1, Math.floor(impacts.length / 200));
        for (let i = 0; i < impacts.length; i += step) renderDetail(model, impacts[i]!);
      });

      // What blocks generation in the product (lsp/generation.ts syntaxErrors + workspace/generation.ts).
      const blocking =
        docs.some((d) =>
          (d.diagnostics ?? []).some(
            (x) => x.severity === 1 && (String(x.code).startsWith('syntax/') || x.code === 'ref/unresolved'),
          ),
        ) ||
        model.problems.some((p) => p.severity === 'error') ||
        findings.some((f) => f.severity === 'error');

      // Generators run as the product runs them: only on a topology without errors.
      const result = blocking
        ? undefined
        : await timed('generators', () => {
            const sourceFiles = Object.fromEntries(
              model.files.map((uri) => [uri, uri.slice(uri.lastIndexOf('/') + 1)]),
            );
            return generate(model, { sourceFiles, resolveSecret: fakeSecrets });
          });
      if (result) {
        for (const p of result.problems) {
          if (p.code.endsWith('/internal'))
            failures.push({
              stage: 'generators',
              message: `${p.code}: ${p.message}${this.generatorStack(p.target, model)}`,
            });
          else if (!p.message.trim() || !p.code.startsWith(`${p.target}/`))
            failures.push({ stage: 'generators', message: `unclear problem ${JSON.stringify(p)}` });
        }
        for (const f of result.files) {
          const unsafe = unsafePathReason(f.path);
          if (unsafe) failures.push({ stage: 'generators', message: `${f.path}: ${unsafe}` });
          else if (!commentPrefixFor(f.path))
            failures.push({ stage: 'generators', message: `${f.path}: no comment syntax for the hash line` });
        }
        outcome.generatable = !blocking;
        outcome.generatedFiles = result.files.length;
        if (!blocking && options.validate) await timed('validators', () => this.validate(result.files, failures));
        if (!blocking && options.collectHeat) {
          outcome.heat = result.files
            .filter((f) => f.target === 'heat')
            .map((f) => ({ name: `${input.id}/${f.path}`, content: f.content }));
        }
      }

      await timed('formatter', () => {
        for (const d of docs) this.checkFormatter(d.uri.path, d.textDocument.getText(), failures);
      });

      if (options.lspPositions)
        await timed('editor', () => this.editorFeatures(docs, input.id, options.lspPositions!, failures));
    } finally {
      console.error = originalError;
      for (const m of this.logged)
        failures.push({ stage: 'logged-error', message: m.split('\n').slice(0, 8).join('\n') });
      await this.reset();
    }
    return outcome;
  }

  /** Forgets the input's documents (and their index entries) so the next input starts clean. */
  private async reset(): Promise<void> {
    const originalError = console.error;
    console.error = () => undefined;
    try {
      await this.topo.shared.workspace.DocumentBuilder.update([], [URI.file(FOLDER)]);
    } finally {
      console.error = originalError;
    }
    this.topo.topo.ModelProvider.invalidate();
  }

  /** The stack of a generator's exception (generate() keeps only the message). */
  private generatorStack(target: GenerationTarget, model: TopoModel): string {
    try {
      generators[target]?.(model, { resolveSecret: fakeSecrets, report: () => undefined });
      return '';
    } catch (e) {
      return `\n${((e as Error).stack ?? '').split('\n').slice(1, 8).join('\n')}`;
    }
  }

  private async validate(files: GeneratedFile[], failures: Failure[]): Promise<void> {
    for (const f of files.filter((x) => x.target === 'openshift')) {
      if (f.path.endsWith('/install-config.yaml')) {
        const r = validateInstallConfig(f.content);
        if (!r.valid)
          failures.push({ stage: 'validate-install-config', message: `${f.path}: ${r.errors.slice(0, 5).join('; ')}` });
      } else if (/\.ya?ml$/.test(f.path)) {
        const docs = parseAllDocuments(f.content);
        const errors = (Array.isArray(docs) ? docs : [docs]).flatMap((d) => d.errors.map((e) => e.message));
        if (errors.length)
          failures.push({ stage: 'validate-openshift-yaml', message: `${f.path}: ${errors.slice(0, 3).join('; ')}` });
      }
    }
    const apps = files.filter((x) => x.target === 'apps');
    for (const f of apps) {
      if (f.path.endsWith('/kustomization.yaml')) continue;
      const r = validateManifest(f.content);
      if (!r.valid) failures.push({ stage: 'validate-apps', message: `${f.path}: ${r.errors.slice(0, 5).join('; ')}` });
    }
    const kustomize = validateKustomizations(apps);
    if (kustomize.length) failures.push({ stage: 'validate-apps', message: kustomize.slice(0, 5).join('; ') });
    const tf = files.filter((x) => x.target === 'terraform');
    if (tf.length) {
      const r = await validateTerraform(tf.map((f) => ({ name: f.path, content: f.content })));
      if (r.errors.length) failures.push({ stage: 'validate-terraform', message: r.errors.slice(0, 5).join('; ') });
      for (const f of tf.filter((x) => x.path.endsWith('.tf'))) {
        const fmt = checkTerraformFormat(f.content);
        if (fmt.length)
          failures.push({ stage: 'validate-terraform-fmt', message: `${f.path}: ${fmt.slice(0, 3).join('; ')}` });
      }
    }
  }

  /** Formatting (as the editor applies it) keeps every token, up to trailing blanks in comments, and is idempotent. */
  private checkFormatter(path: string, text: string, failures: Failure[]): void {
    const formatter = this.topo.lsp.Formatter!;
    const format = (t: string): string => {
      const td = TextDocument.create('file:///f.topo', 'topo', 1, t);
      const edits = formatter.formatDocument({ textDocument: td } as unknown as LangiumDocument, {
        textDocument: { uri: td.uri },
        options: { tabSize: 2, insertSpaces: true },
      }) as TextEdit[];
      return TextDocument.applyEdits(td, edits);
    };
    const once = format(text);
    const twice = format(once);
    if (twice !== once)
      failures.push({ stage: 'formatter', message: `${path}: formatting twice differs from formatting once` });
    const a = this.tokenImages(text);
    const b = this.tokenImages(once);
    if (a.length !== b.length || a.some((t, i) => t !== b[i])) {
      const i = a.findIndex((t, k) => t !== b[k]);
      failures.push({
        stage: 'formatter',
        message: `${path}: formatting changed token ${i}: ${JSON.stringify(a[i]?.slice(0, 80))} became ${JSON.stringify(b[i]?.slice(0, 80))}`,
      });
    }
    if (formatText(formatText(text)) !== formatText(text))
      failures.push({ stage: 'formatter', message: `${path}: formatText is not idempotent` });
  }

  private tokenImages(text: string): string[] {
    const r = this.topo.parser.Lexer.tokenize(text);
    const all = [...r.tokens, ...((r as { hidden?: typeof r.tokens }).hidden ?? [])].sort(
      (x, y) => x.startOffset - y.startOffset,
    );
    return all
      .filter((t) => t.tokenType.name !== 'WS')
      .map(
        (t) =>
          `${t.tokenType.name}:${t.tokenType.name.endsWith('_COMMENT') ? t.image.replace(/[ \t\f\v\u00a0\ufeff\u2028\u2029]+(?=\r\n|\r|\n|$)/g, '') : t.image}`,
      )
      .concat(r.errors.map((e) => `lexer-error:${text.substr(e.offset, e.length)}`));
  }

  /** The editor's providers at random positions; quick fixes and renames must keep the syntax valid. */
  private async editorFeatures(
    docs: LangiumDocument[],
    id: string,
    positions: number,
    failures: Failure[],
  ): Promise<void> {
    const lsp = this.topo.lsp;
    const rng = new Rng(`lsp:${id}`);
    const token = CancellationToken.None;
    const call = async (what: string, f: () => unknown): Promise<unknown> => {
      try {
        return await f();
      } catch (e) {
        failures.push({
          stage: `editor:${what}`,
          message:
            e instanceof Error ? `${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(e),
        });
        return undefined;
      }
    };
    for (const doc of docs) {
      const text = doc.textDocument.getText();
      const textDocument = { uri: doc.uri.toString() };
      const syntaxOk = !doc.parseResult.lexerErrors.length && !doc.parseResult.parserErrors.length;
      await call('codeLens', () => lsp.CodeLensProvider?.provideCodeLens(doc, { textDocument }, token));
      await call('semanticTokens', () => lsp.SemanticTokenProvider?.semanticHighlight(doc, { textDocument }, token));
      await call('documentSymbols', () => lsp.DocumentSymbolProvider?.getSymbols(doc, { textDocument }, token));
      await call('folding', () => lsp.FoldingRangeProvider?.getFoldingRanges(doc, { textDocument }, token));
      await call('formatting', () =>
        lsp.Formatter?.formatDocument(
          doc,
          { textDocument, options: { tabSize: rng.pick([2, 4, 0, 100]), insertSpaces: rng.chance(0.8) } },
          token,
        ),
      );
      await call('simulate', () =>
        this.topo.shared.lsp.ExecuteCommandHandler?.executeCommand('topo.simulate', [{ uri: textDocument.uri }], token),
      );
      const actions = await call('codeAction', () =>
        lsp.CodeActionProvider?.getCodeActions(
          doc,
          {
            textDocument,
            range: { start: { line: 0, character: 0 }, end: doc.textDocument.positionAt(text.length) },
            context: { diagnostics: doc.diagnostics ?? [] },
          },
          token,
        ),
      );
      if (syntaxOk && Array.isArray(actions)) {
        for (const a of actions as {
          title?: string;
          edit?: { changes?: Record<string, { range: any; newText: string }[]> };
        }[]) {
          const edits = a.edit?.changes?.[textDocument.uri];
          if (edits) this.checkStillParses(`quick fix "${a.title}"`, doc, edits, failures);
        }
      }
      for (let k = 0; k < positions; k++) {
        const position = doc.textDocument.positionAt(rng.int(text.length + 1));
        const p = { textDocument, position };
        await call('hover', () => lsp.HoverProvider?.getHoverContent(doc, p, token));
        await call('completion', () => lsp.CompletionProvider?.getCompletion(doc, p, token));
        await call('definition', () => lsp.DefinitionProvider?.getDefinition(doc, p, token));
        await call('references', () =>
          lsp.ReferencesProvider?.findReferences(doc, { ...p, context: { includeDeclaration: true } }, token),
        );
        await call('highlight', () => lsp.DocumentHighlightProvider?.getDocumentHighlight(doc, p, token));
        await call('prepareRename', () => lsp.RenameProvider?.prepareRename(doc, p, token));
        const edit = (await call('rename', () =>
          lsp.RenameProvider?.rename(doc, { ...p, newName: 'renamed_x' }, token),
        )) as { changes?: Record<string, { range: any; newText: string }[]> } | undefined;
        const own = edit?.changes?.[textDocument.uri];
        if (syntaxOk && own) this.checkStillParses('rename', doc, own, failures);
      }
    }
  }

  private checkStillParses(
    what: string,
    doc: LangiumDocument,
    edits: { range: any; newText: string }[],
    failures: Failure[],
  ): void {
    const td = doc.textDocument;
    const sorted = [...edits].sort((x, y) => td.offsetAt(y.range.start) - td.offsetAt(x.range.start));
    let text = td.getText();
    for (const e of sorted)
      text = text.slice(0, td.offsetAt(e.range.start)) + e.newText + text.slice(td.offsetAt(e.range.end));
    const r = this.topo.parser.LangiumParser.parse(text);
    if (r.lexerErrors.length || r.parserErrors.length) {
      failures.push({
        stage: 'editor:edit-breaks-syntax',
        message: `${what} in ${doc.uri.path} gives a syntax error: ${(r.parserErrors[0]?.message ?? r.lexerErrors[0]?.message ?? '').slice(0, 200)}`,
      });
    }
  }
}
