import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TreeSnapshot } from '../../../client/src/connectors/view';
import { EXTENSION_ID } from './editing.e2e';
import { confirmed, open, waitFor } from './util';

interface PlanResult {
  summary: string;
  changes: number;
  errors: number;
  files: { file: string; action: string; kind: string; id?: number; changes: { path: string; action: string; before?: unknown; after?: unknown }[] }[];
  text: string;
}

interface ApplyResult {
  applied: number;
  failed: number;
  notSent: number;
  summary: string;
  details: string[];
  outcome?: string;
}

interface Change {
  kind: string;
  ids: number[];
  deleted?: boolean;
}

const AWS = (name: string, extra: Record<string, unknown> = {}) => ({
  ServiceRequest: { data: { AwsAssetDataConnector: { name, arn: 'arn:aws:iam::123456789012:role/R', externalId: 'ext-1', allRegions: true, runFrequency: 240, ...extra } } },
});

describe('Plan Workspace and Apply Workspace against the emulator', () => {
  const url = process.env.QUALYS_E2E_EMULATOR ?? '';
  const password = process.env.QUALYS_E2E_PASSWORD ?? '';
  const auth = 'Basic ' + Buffer.from(`${process.env.QUALYS_E2E_USER}:${password}`).toString('base64');
  const changes: Change[] = [];
  let subscription: vscode.Disposable | undefined;

  /** One call to the emulator, as another Qualys client would make it. */
  const call = async (path: string, body?: unknown): Promise<Record<string, unknown>[]> => {
    const res = await fetch(`${url}/qps/rest/3.0/${path}`, { method: 'POST', headers: { Authorization: auth, 'Content-Type': 'application/json', Accept: 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = (await res.json()) as { ServiceResponse: { responseCode: string; data?: Record<string, Record<string, unknown>>[] } };
    assert.equal(answer.ServiceResponse.responseCode, 'SUCCESS', JSON.stringify(answer));
    return (answer.ServiceResponse.data ?? []).map((d) => Object.values(d)[0]);
  };
  const named = (prefix: string) => call('search/am/awsassetdataconnector', { ServiceRequest: { filters: { Criteria: [{ field: 'name', operator: 'CONTAINS', value: prefix }] } } });

  /** A fresh folder of the shared workspace: other tests leave their files beside it. */
  const freshFolder = (name: string): { dir: string; uri: vscode.Uri; stamp: string } => {
    const root = vscode.workspace.workspaceFolders?.[0];
    assert.ok(root);
    const stamp = `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const dir = join(root.uri.fsPath, stamp);
    mkdirSync(dir);
    // Its own record: creates are recorded here, not in the workspace's shared one.
    writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: {} }));
    return { dir, uri: vscode.Uri.file(dir), stamp };
  };
  const write = (dir: string, name: string, value: unknown) => writeFileSync(join(dir, name), JSON.stringify(value, null, 2));
  const plan = (uri: vscode.Uri) => vscode.commands.executeCommand<PlanResult>('qualys.planWorkspace', { uri });
  const apply = (uri: vscode.Uri) => confirmed(() => vscode.commands.executeCommand<ApplyResult>('qualys.applyWorkspace', { uri }));
  const planDocument = () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'qualys-plan');
  const records = (dir: string) => (JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { operation: string; id: number; kind: string }> }).targets;

  before(async function () {
    if (!url) this.skip();
    const config = vscode.workspace.getConfiguration('qualys');
    await config.update('platform', 'Custom', vscode.ConfigurationTarget.Global);
    await config.update('platformUrl', url, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('qualys.setCredentials', { username: process.env.QUALYS_E2E_USER, password, platform: url }), true);
    const api = vscode.extensions.getExtension<{ onConnectorChange: vscode.Event<Change> }>(EXTENSION_ID)?.exports;
    assert.ok(api?.onConnectorChange);
    subscription = api.onConnectorChange((c) => changes.push(c));
  });

  after(() => subscription?.dispose());

  const connectorsTree = (): Promise<TreeSnapshot> => {
    const api = vscode.extensions.getExtension<{ connectorsTree(): Promise<TreeSnapshot> }>(EXTENSION_ID)?.exports;
    assert.ok(api, 'the extension exports its test hook');
    return api.connectorsTree();
  };

  it('plans a fleet file: one create per account of its inventory, linked to the fleet file; applies them; then "No changes"', async () => {
    const { dir, uri, stamp } = freshFolder('fleet');
    writeFileSync(join(dir, 'account.qualys.yaml'), `ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "${stamp}-\${Name}"\n      arn: "arn:aws:iam::\${Id}:role/QualysRole"\n      externalId: "qualys-\${Id}"\n      allRegions: true\n      runFrequency: 240\n`);
    write(dir, 'accounts.json', { Accounts: [{ Id: '111122223333', Name: 'prod', Status: 'ACTIVE' }, { Id: '444455556666', Name: 'old', Status: 'SUSPENDED' }] });
    writeFileSync(join(dir, 'org.qualys-fleet.yaml'), 'template: account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }\n');
    const planned = await plan(uri);
    assert.equal(planned.errors, 0, planned.text);
    assert.equal(planned.changes, 1, planned.text);
    assert.match(planned.text, new RegExp(`^\\+ ${stamp}/org\\.qualys-fleet\\.yaml \\[111122223333 prod\\]: create aws connector$`, 'm'));
    const doc = await waitFor('the plan document', () => planDocument()?.getText().includes(`${stamp}/org.qualys-fleet.yaml [111122223333 prod]`) && planDocument());
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    assert.ok(links.some((l) => l.target?.fsPath === join(dir, 'org.qualys-fleet.yaml')), JSON.stringify(links.map((l) => l.target?.fsPath)));
    const applied = await apply(uri);
    assert.deepEqual([applied.applied, applied.failed], [1, 0], JSON.stringify(applied));
    const id = records(dir)['org.qualys-fleet.yaml#111122223333'].id;
    assert.ok(id > 0);
    assert.equal((await named(`${stamp}-prod`)).length, 1);
    // The Connectors view names the fleet and the key; Open as Request opens the fleet file, writing no request file.
    await vscode.commands.executeCommand('qualys.connectors.refresh');
    const node = await waitFor('the fleet in the Connectors view', async () =>
      (await connectorsTree()).kinds.find((k) => k.kind === 'aws')?.children.find((c) => c.description.startsWith(`#${id} `) && c.description.endsWith(' · org.qualys-fleet.yaml [111122223333]')),
    );
    assert.match(node.tooltip, /\*\*Account key:\*\* 111122223333$/);
    assert.match(node.contextValue, /\binFleet\b/);
    const opened = await vscode.commands.executeCommand('qualys.connectors.openAsRequest', { kind: 'aws', id });
    assert.deepEqual(opened, { file: join(dir, 'org.qualys-fleet.yaml'), existing: true, fleetKey: '111122223333' });
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, join(dir, 'org.qualys-fleet.yaml'));
    const again = await plan(uri);
    assert.equal(again.changes, 0, again.text);
    // The fleet file's own lens plans it.
    const fleetDoc = await vscode.workspace.openTextDocument(join(dir, 'org.qualys-fleet.yaml'));
    const lenses = await waitFor('the fleet lens', async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fleetDoc.uri)).find((l) => l.command?.title === 'Plan this fleet'));
    const viaLens = await vscode.commands.executeCommand<PlanResult>(lenses.command?.command ?? '', ...(lenses.command?.arguments ?? []));
    assert.match(viaLens.text, /^No changes\. The requests match /m);
  });

  it('plans an update and a create with links, applies both, records the create, then plans "No changes"', async () => {
    const { dir, uri, stamp } = freshFolder('plan');
    const [live] = await call('create/am/awsassetdataconnector', AWS(`${stamp}-existing`, { description: 'before' }));
    const id = Number(live.id);
    write(dir, 'existing.qualys.json', AWS(`${stamp}-existing`, { description: 'after' }));
    write(dir, 'qualys-targets.json', { version: 1, targets: { 'existing.qualys.json': { operation: 'update', id, kind: 'aws' } } });
    write(dir, 'new-create.qualys.json', AWS(`${stamp}-new`));

    // Credentials are stored: a prompt would block here until mocha's timeout.
    const planned = await plan(uri);
    assert.equal(planned.errors, 0, planned.text);
    assert.equal(planned.changes, 2, planned.text);
    const update = planned.files.find((f) => f.file === `${stamp}/existing.qualys.json`);
    assert.equal(update?.action, 'update', JSON.stringify(planned.files));
    assert.equal(update.id, id);
    assert.deepEqual(update.changes, [{ path: 'description', action: 'value', before: 'before', after: 'after' }]);
    assert.equal(planned.files.find((f) => f.file === `${stamp}/new-create.qualys.json`)?.action, 'create');
    assert.match(planned.text, /^Plan: 1 to create, 1 to update, 0 to delete, 0 to run; 0 unchanged\.$/m);

    const doc = await waitFor('the plan document', () => planDocument()?.getText().includes(`${stamp}/existing.qualys.json`) && planDocument());
    assert.equal(doc.languageId, 'qualys-plan');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const targets = links.map((l) => l.target?.fsPath);
    assert.ok(targets.includes(join(dir, 'existing.qualys.json')), JSON.stringify(targets));
    assert.ok(targets.includes(join(dir, 'new-create.qualys.json')), JSON.stringify(targets));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(lenses.some((l) => l.command?.title.includes('Apply 2 changes')), JSON.stringify(lenses.map((l) => l.command?.title)));

    // `confirmed: true` in the argument, as another extension or a command link could pass it, confirms nothing: the question is asked (and refused in tests).
    const forged = await Promise.resolve(vscode.commands.executeCommand<ApplyResult>('qualys.applyWorkspace', { uri, confirmed: true })).catch(() => undefined);
    assert.ok(forged === undefined || ('outcome' in forged && forged.outcome === 'not-sent'), JSON.stringify(forged));
    assert.equal(records(dir)['new-create.qualys.json'], undefined, 'nothing created without the question');

    changes.length = 0;
    const applied = await apply(uri);
    assert.deepEqual([applied.applied, applied.failed, applied.notSent], [2, 0, 0], JSON.stringify(applied));
    assert.match(applied.summary, /^Applied 2 of 2 on /);
    const created = records(dir)['new-create.qualys.json'];
    assert.equal(created.operation, 'update');
    assert.equal(created.kind, 'aws');
    assert.ok(created.id > 0 && created.id !== id);
    assert.deepEqual(changes.map((c) => c.ids[0]).sort(), [id, created.id].sort());
    assert.ok(changes.every((c) => c.kind === 'aws' && !c.deleted));
    const [after] = await call(`get/am/awsassetdataconnector/${id}`);
    assert.equal(after.description, 'after');

    const again = await plan(uri);
    assert.equal(again.changes, 0, again.text);
    assert.match(again.text, /^No changes\. The requests match /m);
    await waitFor('"No changes" in the plan document', () => planDocument()?.getText().includes('No changes'));
  });

  it('plans what the editor holds once { save: true } saved the dirty request files', async () => {
    const { dir, uri, stamp } = freshFolder('plan-dirty');
    const path = join(dir, 'dirty-create.qualys.json');
    write(dir, 'dirty-create.qualys.json', AWS(`${stamp}-on-disk`));
    const editor = await open(vscode.Uri.file(path));
    const at = editor.document.getText().indexOf('-on-disk');
    await editor.edit((b) => b.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + '-on-disk'.length)), '-edited'));
    assert.equal(editor.document.isDirty, true);
    const planned = await vscode.commands.executeCommand<PlanResult>('qualys.planWorkspace', { uri, save: true });
    assert.equal(editor.document.isDirty, false);
    assert.match(readFileSync(path, 'utf8'), new RegExp(`${stamp}-edited`));
    assert.equal(planned.changes, 1, planned.text);
  });

  it('lists a file with errors, linked, and sends nothing', async () => {
    const { dir, uri, stamp } = freshFolder('plan-errors');
    write(dir, 'bad.qualys.json', AWS(`${stamp}-bad`, { runFrequency: 'often' }));
    write(dir, 'good-create.qualys.json', AWS(`${stamp}-good`));
    const planned = await plan(uri);
    assert.equal(planned.errors, 1, planned.text);
    assert.equal(planned.changes, 0);
    assert.match(planned.text, new RegExp(`^x ${stamp}/bad\\.qualys\\.json: `, 'm'));
    assert.match(planned.text, /1 file with errors: nothing was fetched/);
    const doc = await waitFor('the errors in the plan document', () => planDocument()?.getText().includes(`${stamp}/bad.qualys.json`) && planDocument());
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    assert.deepEqual(links.map((l) => l.target?.fsPath), [join(dir, 'bad.qualys.json')]);
    const applied = await apply(uri);
    assert.deepEqual(applied, { outcome: 'not-sent', reason: 'errors' });
    assert.deepEqual(await named(`${stamp}-good`), []);
  });

  it('refuses to apply when an update names a connector that does not exist', async () => {
    const { dir, uri } = freshFolder('plan-missing');
    write(dir, 'gone.qualys.json', AWS('plan-missing', { description: 'x' }));
    write(dir, 'qualys-targets.json', { version: 1, targets: { 'gone.qualys.json': { operation: 'update', id: 999999999, kind: 'aws' } } });
    const planned = await plan(uri);
    assert.equal(planned.files[0]?.action, 'missing', planned.text);
    assert.match(planned.text, /Apply refuses while an update names a connector that does not exist/);
    assert.deepEqual(await apply(uri), { outcome: 'not-sent', reason: 'missing' });
  });

  it('cancels an apply: what was sent is recorded, the rest is not sent, and applying again creates nothing twice', async () => {
    const { dir, uri, stamp } = freshFolder('plan-cancel');
    const total = 12;
    for (let i = 0; i < total; i++) write(dir, `c${i}-create.qualys.json`, AWS(`${stamp}-${i}`));
    const cancelling = vscode.extensions.getExtension<{ onConnectorChange: vscode.Event<Change> }>(EXTENSION_ID)?.exports.onConnectorChange(() => {
      cancelling?.dispose();
      void vscode.commands.executeCommand('qualys.cancelApply');
    });
    const first = await apply(uri);
    cancelling?.dispose();
    assert.equal(first.failed, 0, JSON.stringify(first));
    assert.equal(first.applied + first.notSent, total, JSON.stringify(first));
    assert.ok(first.applied >= 1 && first.notSent >= 1, JSON.stringify(first));
    assert.match(first.summary, new RegExp(`^Applied ${first.applied} of ${total} on .*: ${first.notSent} not sent \\(cancelled\\)\\.$`));
    assert.equal(first.details.filter((d) => d.includes('not sent')).length, first.notSent);
    assert.equal(Object.keys(records(dir)).length, first.applied);

    const second = await apply(uri);
    assert.deepEqual([second.applied, second.failed, second.notSent], [first.notSent, 0, 0], JSON.stringify(second));
    const live = await named(stamp);
    assert.equal(live.length, total, 'each file created once');
    assert.deepEqual(Object.values(records(dir)).map((r) => r.id).sort(), live.map((c) => Number(c.id)).sort());
  });

  it('never shows an Azure authentication key or the password: the plan says "(secret, sent)"', async () => {
    const { dir, uri, stamp } = freshFolder('plan-secret');
    const key = 'AzureKey-e2e-S3cret-7f3a9c';
    write(dir, 'azure-create.qualys.json', {
      ServiceRequest: {
        data: {
          AzureAssetDataConnector: {
            name: `${stamp}-azure`,
            runFrequency: 240,
            authRecord: { applicationId: '00000000-0000-0000-0000-000000000001', directoryId: '00000000-0000-0000-0000-000000000002', subscriptionId: '00000000-0000-0000-0000-000000000003', authenticationKey: key },
          },
        },
      },
    });
    const planned = await plan(uri);
    assert.equal(planned.changes, 1, planned.text);
    assert.match(planned.text, /authRecord\.authenticationKey: \(secret, sent\)/);
    const applied = await apply(uri);
    assert.equal(applied.applied, 1, JSON.stringify(applied));
    const seen = [planned.text, JSON.stringify(planned.files), JSON.stringify(applied), planDocument()?.getText() ?? ''].join('\n');
    assert.ok(!seen.includes(key), 'the key is never shown');
    assert.ok(!seen.includes(password), 'the password is never shown');
  });
});
