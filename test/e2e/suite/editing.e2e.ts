import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { after, codeOf, open, qualysDiagnostics, waitFor } from './util';

const REPO = join(__dirname, '../../../..');
const VALID = join(REPO, 'test/fixtures/valid');
export const EXTENSION_ID = 'qualys-connector-tools.qualys-connector';

function workspaceFile(name: string, text: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run in a workspace folder');
  const path = join(folder.uri.fsPath, name);
  writeFileSync(path, text);
  return vscode.Uri.file(path);
}

describe('editing requests in VS Code', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is loaded`);
    await ext.activate();
  });

  it('shows diagnostics for each kind of request as it opens', async () => {
    const cases: [string, string, string][] = [
      ['aws-update.qualys.xml', readFileSync(join(VALID, 'aws-update-basic.xml'), 'utf8'), 'suspicious-arn'],
      ['azure-create.qualys.json', readFileSync(join(VALID, 'azure-create-multi-tag.json'), 'utf8'), 'duplicate-tag'],
      ['cps.qualys.yaml', readFileSync(join(VALID, 'aws-update-cps.yaml'), 'utf8'), 'date-day-first'],
      ['plain-name.xml', '<ServiceRequest><data><AzureAssetDataConnector><arn>x</arn></AzureAssetDataConnector></data></ServiceRequest>', 'wrong-connector-field'],
    ];
    for (const [name, text, code] of cases) {
      const uri = workspaceFile(name, text);
      const editor = await open(uri);
      assert.ok(editor.document.languageId.startsWith('qualys-') || name === 'plain-name.xml', editor.document.languageId);
      const found = await waitFor(`${code} in ${name}`, () => qualysDiagnostics(uri).find((d) => codeOf(d) === code));
      assert.ok(found.range.start.line > 0 || found.range.start.character > 0, 'not on the first character of the file');
    }
  });

  it('shows a request file that is not open in Problems, follows it on disk, and clears it when deleted', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
    const path = join(folder, 'never-opened', 'closed.qualys.yaml');
    mkdirSync(join(folder, 'never-opened'), { recursive: true });
    writeFileSync(path, 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: x\n      runFrequency: often\n');
    const uri = vscode.Uri.file(path);
    await waitFor('wrong-type of the file no editor holds', () => qualysDiagnostics(uri).find((d) => codeOf(d) === 'wrong-type'));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the file was never opened');
    writeFileSync(path, 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: x\n      runFrequency: 240\n      naem: y\n');
    await waitFor('unknown-field once it changes on disk', () => qualysDiagnostics(uri).find((d) => codeOf(d) === 'unknown-field') && !qualysDiagnostics(uri).some((d) => codeOf(d) === 'wrong-type'));
    await vscode.workspace.fs.delete(vscode.Uri.file(join(folder, 'never-opened')), { recursive: true });
    await waitFor('no diagnostics once deleted', () => qualysDiagnostics(uri).length === 0);
  });

  it('follows qualys-targets.json: a change on disk changes the diagnostics of an open file, with no edit', async () => {
    const body = '{"ServiceRequest": {"filters": {"Criteria": {"field": "name", "operator": "EQUALS", "value": "x"}}, "data": {"AwsAssetDataConnector": {"disabled": true}}}}';
    const uri = workspaceFile('recorded.qualys.json', body);
    await open(uri);
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath as string;
    const record = join(folder, 'qualys-targets.json');
    const before = (() => {
      try {
        return JSON.parse(readFileSync(record, 'utf8')) as { targets?: Record<string, unknown> };
      } catch {
        return {};
      }
    })();
    writeFileSync(record, JSON.stringify({ version: 1, targets: { ...(before.targets ?? {}), 'recorded.qualys.json': { operation: 'create' } } }, null, 2));
    const found = await waitFor('unknown-field once the record says create', () => qualysDiagnostics(uri).find((d) => codeOf(d) === 'unknown-field'));
    assert.match(found.message, /filters/);
    writeFileSync(record, JSON.stringify({ version: 1, targets: { ...(before.targets ?? {}), 'recorded.qualys.json': { operation: 'update' } } }, null, 2));
    await waitFor('clean again once the record says update', () => qualysDiagnostics(uri).length === 0);
  });

  it('completes keys and values in XML, JSON and YAML', async () => {
    const xml = await open(workspaceFile('complete.qualys.xml', '<ServiceRequest><data><AwsAssetDataConnector><activation><set><ActivationModule></ActivationModule></set></activation></AwsAssetDataConnector></data></ServiceRequest>'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', xml.document.uri, after(xml.document, '<ActivationModule>'));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const v of ['VM', 'PC', 'SCA', 'CERTVIEW', 'CLOUDVIEW']) assert.ok(labels.includes(v), `${v} in ${labels.join()}`);

    const json = await open(workspaceFile('complete.qualys.json', '{"ServiceRequest": {"data": {"AzureAssetDataConnector": {"name": "x", }}}}'));
    const jl = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', json.document.uri, after(json.document, '"name": "x", '));
    const jlabels = jl.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(jlabels.includes('authRecord') && !jlabels.includes('arn'), jlabels.join());

    const yaml = await open(workspaceFile('complete.qualys.yaml', 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      connectorScanConfig:\n        set:\n          ConnectorScanConfiguration:\n            recurrence: \n'));
    const yl = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', yaml.document.uri, after(yaml.document, 'recurrence: '));
    const ylabels = yl.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(ylabels.includes('DAILY') && ylabels.includes('WEEKLY'), ylabels.join());
  });

  it('shows hover documentation', async () => {
    const editor = await open(workspaceFile('hover.qualys.xml', readFileSync(join(VALID, 'aws-update-basic.xml'), 'utf8')));
    const pos = after(editor.document, '<runFreq');
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, pos);
      return h.length > 0 ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Specified in minutes/);
  });

  it('inserts a snippet that validates clean', async () => {
    const uri = workspaceFile('snippet-create.qualys.json', '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"naem": 1}}}}');
    const editor = await open(uri);
    await waitFor('the deliberate error first', () => qualysDiagnostics(uri).some((d) => codeOf(d) === 'unknown-field'));
    const snippets = JSON.parse(readFileSync(join(REPO, 'snippets/json.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
    const snippet = Object.values(snippets).find((s) => s.prefix === 'qualys-aws-create');
    assert.ok(snippet);
    const all = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
    assert.ok(await editor.insertSnippet(new vscode.SnippetString(snippet.body.join('\n')), all));
    await waitFor('no error after the snippet', () => editor.document.getText().includes('QualysConnectorRole') && qualysDiagnostics(uri).every((d) => d.severity !== vscode.DiagnosticSeverity.Error) && !qualysDiagnostics(uri).some((d) => codeOf(d) === 'unknown-field'));
  });

  it('converts a request to YAML with the command', async () => {
    await open(workspaceFile('convert.qualys.xml', readFileSync(join(VALID, 'azure-create-single-tag.xml'), 'utf8')));
    const uri = await vscode.commands.executeCommand<vscode.Uri>('qualys.convertToYaml');
    assert.equal(uri.scheme, 'untitled');
    assert.equal(uri.path, 'convert.qualys.yaml', 'named after its source');
    const converted = await waitFor('the YAML document', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString() && e.document.getText().startsWith('ServiceRequest:')));
    assert.equal(converted.document.languageId, 'qualys-yaml');
    assert.match(converted.document.getText(), /^ {6}name: "Azure Connector Via API"$/m);
  });

  it('names a new request after its kind and operation, keeps the operation chosen and the request language, and Convert keeps both', async () => {
    const lensOf = async (uri: vscode.Uri) => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title ?? '').find((t) => t.includes('Send'));
    const first = await vscode.commands.executeCommand<vscode.Uri>('qualys.newRequest', { kind: 'azure', operation: 'update', format: 'yaml' });
    assert.equal(first.toString(), 'untitled:azure-update.qualys.yaml');
    const doc = await waitFor('the new request', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === first.toString() && d.getText().startsWith('ServiceRequest:')));
    assert.equal(doc.languageId, 'qualys-yaml');
    // The name alone would not make it an update (a create is inferred from *create*, nothing from *update*): the picker's choice is kept.
    assert.match((await waitFor('the lens', () => lensOf(first))) ?? '', /Send · update ·/);
    const second = await vscode.commands.executeCommand<vscode.Uri>('qualys.newRequest', { kind: 'azure', operation: 'update', format: 'yaml' });
    assert.equal(second.toString(), 'untitled:azure-update-2.qualys.yaml', 'a second one gets a name of its own');

    await vscode.window.showTextDocument(doc);
    const json = await vscode.commands.executeCommand<vscode.Uri>('qualys.convertToJson');
    assert.equal(json.toString(), 'untitled:azure-update.qualys.json');
    const converted = await waitFor('the JSON request', () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === json.toString() && d.getText().includes('AzureAssetDataConnector')));
    assert.equal(converted.languageId, 'qualys-json');
    assert.match((await waitFor('the converted lens', () => lensOf(json))) ?? '', /Send · update ·/);
  });

  it('shows the Send button on request files only, not on qualys-targets.json or other JSON', async () => {
    const api = vscode.extensions.getExtension<{ activeIsRequest(): boolean }>(EXTENSION_ID)?.exports;
    assert.ok(api);
    const shown = async (uri: vscode.Uri, expected: boolean) => {
      await open(uri);
      await waitFor(`the Send button ${expected ? 'shown' : 'hidden'} on ${uri.path}`, () => api.activeIsRequest() === expected);
    };
    await shown(workspaceFile('button.qualys.json', '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x"}}}}'), true);
    mkdirSync(join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '', 'button'), { recursive: true });
    await shown(workspaceFile('button/qualys-targets.json', JSON.stringify({ version: 1, targets: {} })), false);
    await shown(workspaceFile('plain-request.json', '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x"}}}}'), true);
    await shown(workspaceFile('settings-like.json', '{"editor.tabSize": 2}'), false);
  });

  it('applies a quick fix', async () => {
    const uri = workspaceFile('fix.qualys.json', '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"naem": "x"}}}}');
    await open(uri);
    const d = await waitFor('unknown-field', () => qualysDiagnostics(uri).find((x) => codeOf(x) === 'unknown-field'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change to "name"');
    assert.ok(fix?.edit, actions.map((a) => a.title).join());
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitFor('the fix to clear the error', () => qualysDiagnostics(uri).length === 0);
    assert.match((await vscode.workspace.openTextDocument(uri)).getText(), /"name": "x"/);
  });
});
