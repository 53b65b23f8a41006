// The topo extension in a VS Code extension host, through the `vscode` API only: activation,
// diagnostics, quick fix, hover, completion, symbols, code lenses and the extension's commands.
// The workspace is test/vscode/workspace (made by run.mjs: the e2e fixtures).
'use strict';
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'topo-dev.topo';

function folder() {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the test workspace is open');
  return f.uri;
}
const file = (...segments) => vscode.Uri.joinPath(folder(), ...segments);

async function until(what, fn, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeout} ms (last: ${JSON.stringify(last)})`);
}

const codeOf = (d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''));

suite('topo extension', () => {
  const ha = () => file('ha-demo', 'ha-demo.topo');
  const retail = () => file('retail', 'sites.topo');

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(retail()));
    await ext.activate();
  });

  test('activates on a .topo file, with the topo language', async () => {
    const doc = await vscode.workspace.openTextDocument(retail());
    assert.equal(doc.languageId, 'topo');
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID).isActive, true);
  });

  test('contributes its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of [
      'topo.generateNow',
      'topo.simulate',
      'topo.openGenerated',
      'topo.newTopology',
      'topo.restartServer',
      'topo.showOutput',
    ]) {
      assert.ok(commands.includes(c), `${c} is registered`);
    }
  });

  test('reports quorum/zone-loss with a link to its docs', async () => {
    const doc = await vscode.workspace.openTextDocument(ha());
    await vscode.window.showTextDocument(doc);
    const diags = await until(
      'quorum/zone-loss',
      () =>
        vscode.languages.getDiagnostics(ha()).filter((d) => codeOf(d) === 'quorum/zone-loss').length &&
        vscode.languages.getDiagnostics(ha()),
    );
    const d = diags.find((x) => codeOf(x) === 'quorum/zone-loss');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d.source, 'topo');
    assert.match(d.message, /majority is 2/);
    assert.match(String(d.code.target), /rules\.md#quorumzone-loss$/);
  });

  test('hover gives the quorum facts', async () => {
    const doc = await vscode.workspace.openTextDocument(retail());
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('cluster ocp-east'));
    const hovers = await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      retail(),
      new vscode.Position(line, 10),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /majority 2/);
  });

  test('completion offers keywords and declared names', async () => {
    const doc = await vscode.workspace.openTextDocument(file('retail', 'apps.topo'));
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('clusters ocp-east'));
    const at = new vscode.Position(line, doc.lineAt(line).text.indexOf('ocp-east'));
    const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('ocp-east'), `labels: ${labels}`);
    const top = await vscode.commands.executeCommand(
      'vscode.executeCompletionItemProvider',
      doc.uri,
      new vscode.Position(doc.lineCount - 1, 0),
    );
    const keywords = top.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(keywords.includes('cluster') && keywords.includes('region'), `keywords: ${keywords}`);
  });

  test('the outline lists the elements', async () => {
    const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', retail());
    const names = symbols.map((s) => s.name);
    for (const n of ['dc-east', 'ctrl', 'edge1', 'ocp-east']) assert.ok(names.includes(n), `symbols: ${names}`);
  });

  test('code lenses give the survivability', async () => {
    const lenses = await until('a survivability lens', async () => {
      const list = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', retail(), 10);
      return list.some((l) => /survives any one zone/.test(l.command?.title ?? '')) && list;
    });
    assert.ok(lenses.length >= 1);
  });

  test('"topo: Generate Now" writes the artifacts', async () => {
    const result = await vscode.commands.executeCommand('topo.generateNow', retail());
    assert.ok(result, "the command returns the server's answer");
    assert.equal(result.blockedBy, undefined);
    assert.ok(
      result.written.some((f) => f.endsWith('install-config.yaml')),
      JSON.stringify(result),
    );
    for (const f of result.written) assert.ok(fs.existsSync(f), `${f} exists`);
  });

  test('"topo: Simulate a Failure…" of a zone gives its markdown', async () => {
    const markdown = await vscode.commands.executeCommand('topo.simulate', retail(), 'dc-east.az1');
    assert.match(markdown, /dc-east\.az1/);
  });

  test('the quick fix removes the diagnostic', async () => {
    const diag = vscode.languages.getDiagnostics(ha()).find((d) => codeOf(d) === 'quorum/zone-loss');
    const actions = await vscode.commands.executeCommand(
      'vscode.executeCodeActionProvider',
      ha(),
      diag.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((a) => /^Spread the 3 control-plane members/.test(a.title));
    assert.ok(fix, `actions: ${actions.map((a) => a.title)}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await until(
      'no quorum/zone-loss',
      () => !vscode.languages.getDiagnostics(ha()).some((d) => codeOf(d) === 'quorum/zone-loss'),
    );
    const doc = await vscode.workspace.openTextDocument(ha());
    assert.match(doc.getText(), /zones dc-east\.az1 dc-east\.az2 dc-east\.az3/);
    await doc.save();
  });

  suiteTeardown(() => {
    fs.rmSync(path.join(folder().fsPath, 'retail', 'generated'), { recursive: true, force: true });
  });
});
