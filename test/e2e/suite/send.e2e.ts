import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './editing.e2e';
import { codeOf, confirmed, open, qualysDiagnostics, waitFor } from './util';

const REPO = join(__dirname, '../../../..');

interface Outcome {
  outcome: string;
  ok?: boolean;
  summary?: string;
  ids?: number[];
}

describe('sending a request from VS Code to the local Qualys API emulator', () => {
  const url = process.env.QUALYS_E2E_EMULATOR ?? '';

  before(async function () {
    if (!url) this.skip();
    const config = vscode.workspace.getConfiguration('qualys');
    await config.update('platform', 'Custom', vscode.ConfigurationTarget.Global);
    await config.update('platformUrl', url, vscode.ConfigurationTarget.Global);
    const stored = await vscode.commands.executeCommand('qualys.setCredentials', { username: process.env.QUALYS_E2E_USER, password: process.env.QUALYS_E2E_PASSWORD, platform: url });
    assert.equal(stored, true);
  });

  it('sends, and shows SUCCESS in the response view and the CodeLens', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const path = join(folder.uri.fsPath, 'send-create.qualys.xml');
    writeFileSync(path, readFileSync(join(REPO, 'test/fixtures/valid/azure-create-single-tag.xml'), 'utf8'));
    const uri = vscode.Uri.file(path);
    await open(uri);
    const outcome = await vscode.commands.executeCommand<Outcome>('qualys.sendRequest', uri);
    assert.equal(outcome.outcome, 'answered', JSON.stringify(outcome));
    assert.equal(outcome.ok, true, JSON.stringify(outcome));
    assert.match(outcome.summary ?? '', /^SUCCESS · id \d+ · QUEUED · \d+ ms$/);
    const api = vscode.extensions.getExtension<{ responseHtml(uri: string): string | undefined }>(EXTENSION_ID)?.exports;
    const html = await waitFor('the response view', () => api?.responseHtml(uri.toString()));
    assert.match(html, /SUCCESS/);
    assert.match(html, /QUEUED/);
    assert.ok(!html.includes('02LCb8'), 'the authentication key is not in the view');
    const lenses = await waitFor('the summary lens', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l.some((x) => x.command?.title.includes('SUCCESS')) ? l : undefined;
    });
    assert.ok(lenses.some((x) => x.command?.command === 'qualys.sendRequest'));
  });

  it('puts an INVALID_REQUEST on the field Qualys names, and clears it on edit', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const path = join(folder.uri.fsPath, 'filter-update.qualys.json');
    // Valid for the schema (any field name may be filtered on), refused by the API for an unknown field.
    writeFileSync(
      path,
      JSON.stringify({ ServiceRequest: { filters: { Criteria: [{ field: 'colour', operator: 'EQUALS', value: 'red' }] }, data: { AwsAssetDataConnector: { disabled: true } } } }, null, 2),
    );
    const uri = vscode.Uri.file(path);
    const editor = await open(uri);
    const outcome = await vscode.commands.executeCommand<Outcome & { responseCode?: string }>('qualys.sendRequest', uri);
    assert.equal(outcome.outcome, 'answered', JSON.stringify(outcome));
    assert.equal(outcome.responseCode, 'INVALID_REQUEST');
    const d = await waitFor('the API diagnostic', () => qualysDiagnostics(uri, 'qualys-api')[0]);
    assert.equal(codeOf(d), 'INVALID_REQUEST');
    assert.match(d.message, /colour/);
    assert.equal(editor.document.getText(d.range).trimStart().startsWith('{'), true, editor.document.getText(d.range));
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), ' '));
    await waitFor('the API diagnostic to clear on edit', () => qualysDiagnostics(uri, 'qualys-api').length === 0);
  });

  it('records a create for its file, which then updates what it made, and asks before a second create from it', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const path = join(folder.uri.fsPath, 'twice-create.qualys.json');
    writeFileSync(path, readFileSync(join(REPO, 'examples/azure-create.qualys.json'), 'utf8'));
    const uri = vscode.Uri.file(path);
    await open(uri);
    const lensTitles = async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)).map((l) => l.command?.title ?? '');
    assert.ok((await lensTitles()).some((t) => t.includes('Send · create')));
    const first = await vscode.commands.executeCommand<Outcome>('qualys.sendRequest', uri);
    assert.equal(first.ok, true, JSON.stringify(first));
    const id = first.ids?.[0];
    assert.ok(id);
    const record = () => (JSON.parse(readFileSync(join(folder.uri.fsPath, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { operation?: string; id?: number; created?: string }> }).targets['twice-create.qualys.json'];
    assert.equal(record().operation, 'update');
    assert.equal(record().id, id);
    assert.match(record().created ?? '', /^\d{4}-\d\d-\d\dT/);
    await waitFor('the lens to say update', async () => (await lensTitles()).some((t) => t.includes(`Send · update #${id}`)));

    // Sent again as it stands: an update of the same connector, nothing new.
    const again = await vscode.commands.executeCommand<Outcome>('qualys.sendRequest', uri);
    assert.equal(again.ok, true, JSON.stringify(again));
    assert.deepEqual(again.ids, [id]);

    // Made a create on purpose: the question comes first (refused in tests), then, confirmed, a second connector.
    await vscode.commands.executeCommand('qualys.setTarget', { operation: 'create', uri: uri.toString() });
    assert.equal(record().operation, 'create');
    assert.equal(record().id, id, 'what it created is kept with a create');
    await waitFor('the lens to say create', async () => (await lensTitles()).some((t) => t.includes('Send · create')));
    const refused = await Promise.resolve(vscode.commands.executeCommand<Outcome & { reason?: string }>('qualys.sendRequest', uri)).catch(() => undefined);
    assert.ok(refused === undefined || (refused.outcome === 'not-sent' && refused.reason === 'second create not confirmed'), JSON.stringify(refused));
    assert.equal(record().id, id, 'nothing created without the question');
    const second = await confirmed(() => vscode.commands.executeCommand<Outcome>('qualys.sendRequest', uri));
    assert.equal(second.ok, true, JSON.stringify(second));
    assert.notEqual(second.ids?.[0], id);
    assert.equal(record().id, second.ids?.[0]);
  });

  for (const kind of ['aws', 'azure', 'gcp', 'oci']) {
    it(`creates, updates, gets, runs and deletes a ${kind.toUpperCase()} connector from the editor`, async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      assert.ok(folder);
      const path = join(folder.uri.fsPath, `round-trip-${kind}.qualys.json`);
      writeFileSync(path, readFileSync(join(REPO, `examples/${kind}-create.qualys.json`), 'utf8'));
      const uri = vscode.Uri.file(path);
      await open(uri);
      const sendAs = async (operation: string, id?: number): Promise<Outcome & { responseCode?: string }> => {
        const target = await vscode.commands.executeCommand('qualys.setTarget', { operation, ...(id !== undefined ? { id } : {}), uri: uri.toString() });
        assert.ok(target, `target ${operation} recorded`);
        return vscode.commands.executeCommand<Outcome & { responseCode?: string }>('qualys.sendRequest', uri);
      };
      const created = await sendAs('create');
      assert.equal(created.ok, true, JSON.stringify(created));
      const id = created.ids?.[0];
      assert.ok(id, JSON.stringify(created));
      for (const operation of ['update', 'get', 'run', 'delete']) {
        const done = await sendAs(operation, id);
        assert.equal(done.ok, true, `${operation}: ${JSON.stringify(done)}`);
      }
      const gone = await sendAs('get', id);
      assert.equal(gone.ok, false);
      assert.equal(gone.responseCode, 'OBJECT_NOT_FOUND');
    });
  }
});
