import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { ConnectorKind, kindRow } from '../../../server/src/core/model';
import { startEmulator } from '../../../server/src/emulator';
import type { TreeSnapshot } from '../../../client/src/connectors/view';
import { EXTENSION_ID } from './editing.e2e';
import { confirmed, waitFor } from './util';

const REPO = join(__dirname, '../../../..');
const USER = process.env.QUALYS_E2E_USER ?? '';
const PASSWORD = process.env.QUALYS_E2E_PASSWORD ?? '';
/** The Azure key of the connectors these tests create: it must never be shown. */
const AZURE_KEY = 'Az-Key-e2e-9f8e7d6c5b4a';

type Outcome = { ok: boolean; summary: string; problem?: string };

function tree(allPages = true): Promise<TreeSnapshot> {
  const api = vscode.extensions.getExtension<{ connectorsTree(allPages?: boolean): Promise<TreeSnapshot> }>(EXTENSION_ID)?.exports;
  assert.ok(api, 'the extension exports its test hook');
  return api.connectorsTree(allPages);
}

function childOf(snapshot: TreeSnapshot, kind: ConnectorKind, id: number): TreeSnapshot['kinds'][number]['children'][number] | undefined {
  return snapshot.kinds.find((k) => k.kind === kind)?.children.find((c) => c.description.startsWith(`#${id} `));
}

/** Calls the emulator as another client would (Basic auth, JSON). */
async function call(url: string, path: string, body?: unknown, auth = { user: USER, password: PASSWORD }): Promise<{ ServiceResponse: { responseCode: string; data?: Record<string, { id: number }>[] } }> {
  const res = await fetch(`${url}/qps/rest/3.0/${path}`, {
    method: 'POST',
    headers: { Authorization: 'Basic ' + Buffer.from(`${auth.user}:${auth.password}`).toString('base64'), 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return (await res.json()) as never;
}

/** Creates a connector from the kind's example with a unique name; its id. */
async function create(url: string, kind: ConnectorKind, name: string, fields: Record<string, unknown> = {}): Promise<number> {
  const example = JSON.parse(readFileSync(join(REPO, `examples/${kind}-create.qualys.json`), 'utf8')) as { ServiceRequest: { data: Record<string, Record<string, unknown>> } };
  const element = kindRow(kind).element;
  const data: Record<string, unknown> = { ...example.ServiceRequest.data[element], name, ...fields };
  if (kind === 'azure') (data.authRecord as Record<string, unknown>).authenticationKey = AZURE_KEY;
  const answer = await call(url, `create/am/${kindRow(kind).noun}`, { ServiceRequest: { data: { [element]: data } } });
  assert.equal(answer.ServiceResponse.responseCode, 'SUCCESS', JSON.stringify(answer));
  const id = answer.ServiceResponse.data?.[0]?.[element]?.id;
  assert.ok(id, JSON.stringify(answer));
  return id;
}

async function usePlatform(url: string, credentials?: { username: string; password: string }): Promise<void> {
  await vscode.workspace.getConfiguration('qualys').update('platformUrl', url, vscode.ConfigurationTarget.Global);
  if (credentials) assert.equal(await vscode.commands.executeCommand('qualys.setCredentials', { ...credentials, platform: url }), true);
}

describe('Connectors view against the emulator', function () {
  this.timeout(90_000);
  const url = process.env.QUALYS_E2E_EMULATOR ?? '';
  const stamp = Date.now().toString(36);

  before(async function () {
    if (!url) this.skip();
    await vscode.workspace.getConfiguration('qualys').update('platform', 'Custom', vscode.ConfigurationTarget.Global);
    await usePlatform(url, { username: USER, password: PASSWORD });
  });

  after(async () => {
    if (url) await usePlatform(url, { username: USER, password: PASSWORD });
  });

  it('loads a kind a page at a time: the first 100 with "Load more…", then the rest', async () => {
    // A platform of its own, with room in its limits for the 105 connectors made here.
    const big = await startEmulator({ port: 0, username: USER, password: PASSWORD, rateLimit: 10_000, concurrencyLimit: 8 });
    try {
      const ids: number[] = [];
      for (let i = 0; i < 105; i++) ids.push(await create(big.url, 'oci', `page-${i}-${stamp}`));
      await usePlatform(big.url, { username: USER, password: PASSWORD });
      await vscode.commands.executeCommand('qualys.connectors.refresh');
      const first = (await tree(false)).kinds.find((k) => k.kind === 'oci');
      assert.ok(first, 'the OCI kind is shown');
      const connectors = first.children.filter((c) => c.contextValue.startsWith('connector'));
      assert.equal(connectors.length, 100, 'one page of 100');
      assert.equal(first.children.at(-1)?.label, 'Load more…');
      assert.equal(first.description, '100+ connectors');
      const searches = big.calls.byOperation.search;
      await vscode.commands.executeCommand('qualys.connectors.loadMore', 'oci');
      assert.equal(big.calls.byOperation.search - searches, 1, 'one search for the next page, the first not fetched again');
      const all = (await tree(false)).kinds.find((k) => k.kind === 'oci');
      assert.equal(all?.children.filter((c) => c.contextValue.startsWith('connector')).length, 105);
      assert.ok(!all?.children.some((c) => c.label === 'Load more…'), 'no more pages');
      assert.deepEqual(all?.children.map((c) => Number(/^#(\d+) /.exec(c.description)?.[1])), ids, 'each connector once, in id order');
    } finally {
      await usePlatform(url, { username: USER, password: PASSWORD });
      await big.close();
    }
  });

  it('lists connectors under their kind with name, id, state and sync, nothing secret', async () => {
    const queued = await create(url, 'gcp', `view-queued-${stamp}`);
    const running = await create(url, 'gcp', `view-running-${stamp}`);
    assert.equal((await call(url, `run/am/${kindRow('gcp').noun}/${running}`)).ServiceResponse.responseCode, 'SUCCESS');
    const azure = await create(url, 'azure', `view-azure-${stamp}`);
    await vscode.commands.executeCommand('qualys.connectors.refresh');
    const snapshot = await tree();
    assert.equal(snapshot.state, 'ready', snapshot.message);
    assert.deepEqual(
      snapshot.kinds.map((k) => k.label),
      ['AWS', 'Azure', 'GCP', 'OCI'],
    );
    const q = childOf(snapshot, 'gcp', queued);
    const r = childOf(snapshot, 'gcp', running);
    assert.ok(q && r, JSON.stringify(snapshot.kinds.find((k) => k.kind === 'gcp')));
    assert.equal(q.label, `view-queued-${stamp}`);
    assert.match(q.description, new RegExp(`^#${queued} · QUEUED · `));
    assert.match(r.description, new RegExp(`^#${running} · RUNNING · `));
    assert.equal(r.icon, 'sync~spin');
    assert.match(r.contextValue, /^connector enabled/);
    assert.match(r.tooltip, /\*\*State:\*\* RUNNING/);
    assert.ok(childOf(snapshot, 'azure', azure));
    const text = JSON.stringify(snapshot);
    assert.ok(!text.includes(PASSWORD), 'no password in the view');
    assert.ok(!text.includes(AZURE_KEY), 'no Azure key in the view');
  });

  it('marks a failing connector (error icon, last error in the tooltip) and a disabled one', async () => {
    const demo = await startEmulator({ port: 0, username: 'demo-e2e', password: 'demo-e2e-Pa55', demo: true });
    try {
      await usePlatform(demo.url, { username: 'demo-e2e', password: 'demo-e2e-Pa55' });
      const snapshot = await waitFor('the demo platform', async () => {
        const s = await tree();
        return s.kinds.find((k) => k.kind === 'aws')?.children.length === 9 ? s : undefined;
      });
      for (const kind of snapshot.kinds) {
        const failing = kind.children.filter((c) => c.icon === 'error');
        assert.equal(failing.length, 1, `${kind.label}: ${JSON.stringify(kind.children)}`);
        assert.match(failing[0].label, / staging 1$/);
        assert.match(failing[0].contextValue, /\bfailing\b/);
        assert.match(failing[0].tooltip, /\*\*Last error:\*\* \S/);
        assert.match(failing[0].description, / · FINISHED_ERRORS · /);
        const disabled = kind.children.filter((c) => c.icon === 'circle-slash');
        assert.ok(disabled.length >= 2, `${kind.label}: ${JSON.stringify(kind.children.map((c) => [c.label, c.icon]))}`);
        assert.ok(disabled.every((c) => /\bdisabled\b/.test(c.contextValue)));
      }
      assert.ok(!JSON.stringify(snapshot).includes('demo-e2e-Pa55'));
    } finally {
      await vscode.commands.executeCommand('qualys.forgetCredentials', { platform: demo.url });
      await usePlatform(url);
      await demo.close();
    }
  });

  it('says there are no credentials, reloads once they are stored, and says when the credentials are refused or the platform cannot be reached', async () => {
    assert.equal(await vscode.commands.executeCommand('qualys.forgetCredentials', { platform: url }), true);
    const none = await waitFor('the no-credentials state', async () => {
      const s = await tree();
      return s.state === 'noCredentials' ? s : undefined;
    });
    assert.deepEqual(none.kinds, []);
    assert.match(none.message, /No Qualys credentials/);
    await usePlatform(url, { username: USER, password: PASSWORD });
    const back = await waitFor('the view to reload', async () => {
      const s = await tree();
      return s.state === 'ready' && s.kinds.length === 4 ? s : undefined;
    });
    assert.ok(back.kinds.every((k) => !k.children.some((c) => c.icon === 'warning')), JSON.stringify(back.kinds));

    // Credentials the platform refuses: the view says so once, without the password.
    await usePlatform(url, { username: USER, password: 'Wr0ng-e2e-password' });
    const refused = await waitFor('the refused state', async () => {
      const s = await tree();
      return s.state === 'refused' ? s : undefined;
    });
    assert.match(refused.message, /refused the credentials/);
    assert.ok(!refused.message.includes('Wr0ng-e2e-password'));
    await usePlatform(url, { username: USER, password: PASSWORD });

    // A port nothing listens on: taken, then freed.
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const port = (server.address() as { port: number }).port;
        server.close(() => resolve(port));
      });
    });
    const closedUrl = `http://127.0.0.1:${closed}`;
    try {
      await usePlatform(closedUrl, { username: USER, password: PASSWORD });
      const down = await waitFor('the unreachable state', async () => {
        const s = await tree();
        return s.state === 'unreachable' ? s : undefined;
      });
      assert.match(down.message, new RegExp(`^Cannot reach 127\\.0\\.0\\.1:${closed}: .*connection refused`));
      assert.ok(!down.message.includes(PASSWORD));
    } finally {
      await vscode.commands.executeCommand('qualys.forgetCredentials', { platform: closedUrl });
      await usePlatform(url);
    }
    await waitFor('the view to come back', async () => (await tree()).state === 'ready');
  });

  it('opens a connector as a request in the chosen format, recorded, valid, and opens the same file again', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const id = await create(url, 'aws', `view-open-${stamp}`);
    const config = vscode.workspace.getConfiguration('qualys.connectors');
    await config.update('format', 'json', vscode.ConfigurationTarget.Global);
    try {
      const opened = await vscode.commands.executeCommand<{ file: string; existing: boolean }>('qualys.connectors.openAsRequest', { kind: 'aws', id });
      assert.ok(opened, 'a file was written');
      assert.equal(opened.existing, false);
      assert.equal(dirname(opened.file), join(folder.uri.fsPath, 'connectors'));
      assert.match(basename(opened.file), new RegExp(`^view-open-${stamp}-${id}\\.qualys\\.json$`));
      const body = JSON.parse(readFileSync(opened.file, 'utf8')) as { ServiceRequest: { data: { AwsAssetDataConnector: { name: string } } } };
      assert.equal(body.ServiceRequest.data.AwsAssetDataConnector.name, `view-open-${stamp}`);
      const record = JSON.parse(readFileSync(join(folder.uri.fsPath, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, unknown> };
      assert.deepEqual(record.targets[`connectors/${basename(opened.file)}`], { operation: 'update', id, kind: 'aws' });
      const uri = vscode.Uri.file(opened.file);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
      // The server has read the file and its record once the Compare lens is there; then no error may be reported.
      await waitFor('the Compare with Live lens', async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return lenses.some((l) => l.command?.command === 'qualys.connectors.compareWithLive');
      });
      const errors = vscode.languages.getDiagnostics(uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(errors.map((d) => d.message), []);
      const again = await vscode.commands.executeCommand<{ file: string; existing: boolean }>('qualys.connectors.openAsRequest', { kind: 'aws', id });
      assert.deepEqual(again, { file: opened.file, existing: true });
      await vscode.commands.executeCommand('qualys.connectors.refresh');
      const tree1 = await tree();
      assert.match(childOf(tree1, 'aws', id)?.contextValue ?? '', /\bhasFile\b/);
    } finally {
      await config.update('format', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('compares a request file with its live connector in a diff, and refreshes the view after a send', async () => {
    const id = await create(url, 'oci', `view-compare-${stamp}`);
    const opened = await vscode.commands.executeCommand<{ file: string }>('qualys.connectors.openAsRequest', { kind: 'oci', id });
    assert.ok(opened && existsSync(opened.file));
    assert.ok(opened.file.endsWith('.qualys.yaml'), opened.file);
    const uri = vscode.Uri.file(opened.file);
    // As pulled, it matches: said so, and no diff of key order or quoting to read.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const clean = await vscode.commands.executeCommand<{ live?: string; file: string; differences?: number }>('qualys.connectors.compareWithLive', uri);
    assert.deepEqual(clean, { file: uri.toString(), differences: 0 });
    assert.ok(!(vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff), 'no diff opened');
    // Edited as a user does, and saved: the file on disk differs from the live connector.
    const edited = `view-compare-edited-${stamp}`;
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), doc.getText().replace(`name: "view-compare-${stamp}"`, `name: "${edited}"`));
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
    assert.ok(readFileSync(opened.file, 'utf8').includes(edited));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const compared = await vscode.commands.executeCommand<{ live: string; file: string; differences?: number }>('qualys.connectors.compareWithLive', uri);
    assert.ok(compared?.live, 'a diff was shown');
    assert.equal(compared.differences, 1, 'the name alone, as plan counts');
    const input = await waitFor('the diff tab', () => {
      const i = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
      return i instanceof vscode.TabInputTextDiff ? i : undefined;
    });
    assert.equal(input.original.scheme, 'qualys-live');
    assert.equal(input.modified.fsPath, uri.fsPath);
    const live = await vscode.workspace.openTextDocument(input.original);
    assert.match(live.getText(), new RegExp(`name: "view-compare-${stamp}"\\n`));
    assert.ok(!live.getText().includes(edited));
    assert.ok(!live.getText().includes(PASSWORD));
    const file = await vscode.workspace.openTextDocument(input.modified);
    assert.ok(file.getText().includes(`name: "${edited}"`));
    // From the tree, the connector's recorded file is the one compared.
    const fromTree = await vscode.commands.executeCommand<{ file: string }>('qualys.connectors.compareWithLive', { kind: 'oci', id });
    assert.equal(fromTree?.file, uri.toString());

    // Sending the edited file updates the connector; the view shows the new name without a Refresh.
    await tree();
    const sent = await vscode.commands.executeCommand<{ ok?: boolean }>('qualys.sendRequest', uri);
    assert.equal(sent.ok, true, JSON.stringify(sent));
    await waitFor('the view to show the new name', async () => childOf(await tree(), 'oci', id)?.label === edited);
  });

  it('runs, copies the id of and deletes a connector; a disabled one is refused with Qualys\'s message', async () => {
    const id = await create(url, 'azure', `view-run-${stamp}`);
    const off = await create(url, 'azure', `view-off-${stamp}`, { disabled: true });
    await vscode.commands.executeCommand('qualys.connectors.refresh');
    assert.match(childOf(await tree(), 'azure', id)?.description ?? '', / · QUEUED · /);

    const ran = await vscode.commands.executeCommand<Outcome>('qualys.connectors.run', { kind: 'azure', id });
    assert.equal(ran?.ok, true, JSON.stringify(ran));
    await waitFor('RUNNING in the view', async () => / · RUNNING · /.test(childOf(await tree(), 'azure', id)?.description ?? ''));

    const refused = await vscode.commands.executeCommand<Outcome>('qualys.connectors.run', { kind: 'azure', id: off });
    assert.equal(refused?.ok, false);
    assert.match(refused?.problem ?? '', /disabled/);

    assert.equal(await vscode.commands.executeCommand('qualys.connectors.copyId', { kind: 'azure', id }), id);
    assert.equal(await vscode.env.clipboard.readText(), String(id));

    // `confirmed: true` in the argument, as another extension or a command link could pass it, confirms nothing.
    const forged = await Promise.resolve(vscode.commands.executeCommand<Outcome | undefined>('qualys.connectors.delete', { kind: 'azure', id, confirmed: true })).catch(() => undefined);
    assert.equal(forged, undefined, JSON.stringify(forged));
    assert.equal((await call(url, `get/am/${kindRow('azure').noun}/${id}`)).ServiceResponse.responseCode, 'SUCCESS', 'not deleted without the question');
    const deleted = await confirmed(() => vscode.commands.executeCommand<Outcome>('qualys.connectors.delete', { kind: 'azure', id }));
    assert.equal(deleted?.ok, true, JSON.stringify(deleted));
    await waitFor('the connector to leave the view', async () => {
      const s = await tree();
      return !childOf(s, 'azure', id) && childOf(s, 'azure', off) ? s : undefined;
    });
    const text = JSON.stringify(await tree());
    assert.ok(!text.includes(AZURE_KEY) && !text.includes(PASSWORD));
    await confirmed(() => vscode.commands.executeCommand('qualys.connectors.delete', { kind: 'azure', id: off }));
  });
});
