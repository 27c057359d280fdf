import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { LspClient, waitFor } from './lspClient';
import { tempDir } from '../harness';

const WRONG_TYPE = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: x\n      runFrequency: often\n';
const CLEAN = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: x\n      runFrequency: 600\n';
const AZURE_ARN = '<ServiceRequest><data><AzureAssetDataConnector><arn>x</arn></AzureAssetDataConnector></data></ServiceRequest>';

/** Writes `files` (relative path → text) under `dir`; their URIs by the same names. */
function workspace(dir: string, files: Record<string, string>): Record<string, string> {
  const uris: Record<string, string> = {};
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
    uris[name] = pathToFileURL(join(dir, name)).href;
  }
  return uris;
}

const codes = (client: LspClient, uri: string): string[] | undefined => client.latest(uri)?.map((d) => String(d.code));

describe('language server: Problems for the whole workspace (files not open)', function () {
  this.timeout(20000);

  it('checks closed request files on disk, follows their changes and deletions, and lets an open document win', async () => {
    const dir = tempDir('qc-ws-');
    const outside = tempDir('qc-ws-out-');
    writeFileSync(join(outside, 'secret.qualys.yaml'), WRONG_TYPE);
    const uris = workspace(dir, {
      'bad.qualys.yaml': WRONG_TYPE,
      'clean.qualys.yaml': CLEAN,
      'deep/er/azure.qualys.xml': AZURE_ARN,
      '.hidden/bad.qualys.yaml': WRONG_TYPE,
      'node_modules/pkg/bad.qualys.yaml': WRONG_TYPE,
      'notes.yaml': WRONG_TYPE,
    });
    symlinkSync(join(outside, 'secret.qualys.yaml'), join(dir, 'link.qualys.yaml'));
    symlinkSync(outside, join(dir, 'linked-folder'));
    const link = pathToFileURL(join(dir, 'link.qualys.yaml')).href;
    const throughFolder = pathToFileURL(join(dir, 'linked-folder', 'secret.qualys.yaml')).href;
    const client = new LspClient();
    try {
      await client.initialize({ validationDelay: 0 }, { watchFiles: true, folders: [pathToFileURL(dir).href] });
      await waitFor(() => codes(client, uris['bad.qualys.yaml'])?.[0] === 'wrong-type' && codes(client, uris['deep/er/azure.qualys.xml'])?.[0] === 'wrong-connector-field', 'the closed files with errors get diagnostics');
      // What a walk left out is never published: dot folders, node_modules, other names, links (to files and folders).
      for (const uri of [uris['.hidden/bad.qualys.yaml'], uris['node_modules/pkg/bad.qualys.yaml'], uris['notes.yaml'], link, throughFolder, uris['clean.qualys.yaml']]) {
        assert.equal(client.published(uri), 0, uri);
      }

      // Open with the mistake fixed: the live version wins; closed again, the file on disk speaks.
      const bad = uris['bad.qualys.yaml'];
      await client.open(bad, 'qualys-yaml', CLEAN);
      await waitFor(() => codes(client, bad)?.length === 0, 'the open document wins');
      await client.close(bad);
      await waitFor(() => codes(client, bad)?.[0] === 'wrong-type', 'closed, the file on disk is shown again');

      // Changed on disk: checked again.
      const clean = uris['clean.qualys.yaml'];
      writeFileSync(join(dir, 'clean.qualys.yaml'), WRONG_TYPE);
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: clean, type: FileChangeType.Changed }] });
      await waitFor(() => codes(client, clean)?.[0] === 'wrong-type', 'a file changed on disk is checked again');

      // A new folder (a checkout) is reported as itself: the workspace is walked again.
      const added = workspace(dir, { 'added/later.qualys.yaml': WRONG_TYPE })['added/later.qualys.yaml'];
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(dir, 'added')).href, type: FileChangeType.Created }] });
      await waitFor(() => codes(client, added)?.[0] === 'wrong-type', 'a file in a new folder is checked');

      // Deleted: its diagnostics are cleared; a deleted folder clears the files in it.
      rmSync(join(dir, 'bad.qualys.yaml'));
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: bad, type: FileChangeType.Deleted }] });
      await waitFor(() => codes(client, bad)?.length === 0, 'a deleted file loses its diagnostics');
      rmSync(join(dir, 'deep'), { recursive: true });
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(dir, 'deep')).href, type: FileChangeType.Deleted }] });
      await waitFor(() => codes(client, uris['deep/er/azure.qualys.xml'])?.length === 0, 'a deleted folder clears its files');
    } finally {
      await client.stop();
    }
  });

  it('watches the files qualys.files.include names once it is set, instead of the watchers it started with', async () => {
    const dir = tempDir('qc-ws-');
    const uris = workspace(dir, { 'requests/aws.xml': AZURE_ARN.replace(/Azure/g, 'Aws').replace('<arn>x</arn>', '<runFrequency>often</runFrequency>') });
    const request = uris['requests/aws.xml'];
    const client = new LspClient();
    const globs = (i: number): string[] => (client.registrations[i].registerOptions as { watchers: { globPattern: string }[] }).watchers.map((w) => w.globPattern);
    try {
      await client.initialize({ validationDelay: 0 }, { watchFiles: true, folders: [pathToFileURL(dir).href] });
      await waitFor(() => client.registrations.length === 1, 'the watchers are registered');
      assert.ok(!globs(0).includes('**/requests/*.xml'));
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { qualys: { files: { include: ['requests/*.xml', '', '**/more/*.json'] } } } });
      await waitFor(() => client.registrations.length === 2, 'registered again with the include globs');
      assert.deepEqual(client.unregistrations, [client.registrations[0].id], 'the first watchers are replaced, not added to');
      assert.deepEqual(globs(1).filter((g) => !globs(0).includes(g)), ['**/requests/*.xml', '**/more/*.json']);
      await waitFor(() => codes(client, request)?.[0] === 'wrong-type', 'the included file is checked on disk');
      writeFileSync(join(dir, 'requests/aws.xml'), AZURE_ARN.replace(/Azure/g, 'Aws').replace('<arn>x</arn>', '<runFrequency>600</runFrequency>'));
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: request, type: FileChangeType.Changed }] });
      await waitFor(() => codes(client, request)?.length === 0, 'its change on disk is followed');
      // The same include again: nothing is registered anew.
      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { qualys: { files: { include: ['requests/*.xml', '**/more/*.json'] }, validation: { delay: 0 } } } });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(client.registrations.length, 2);
    } finally {
      await client.stop();
    }
  });

  it('stops at qualys.validation.workspaceMaxFiles and says so once', async () => {
    const dir = tempDir('qc-ws-cap-');
    const uris = workspace(dir, { 'a.qualys.yaml': WRONG_TYPE, 'b.qualys.yaml': WRONG_TYPE, 'c.qualys.yaml': WRONG_TYPE });
    const client = new LspClient();
    try {
      await client.initialize({ validationDelay: 0, workspaceMaxFiles: 2 }, { watchFiles: true, folders: [pathToFileURL(dir).href] });
      await waitFor(() => client.messages.length > 0 && client.published(uris['b.qualys.yaml']) > 0, 'the cap is reported');
      assert.match(client.messages[0], /first 2 request files of the workspace \(qualys\.validation\.workspaceMaxFiles\)/);
      assert.equal(client.published(uris['a.qualys.yaml']), 1);
      assert.equal(client.published(uris['c.qualys.yaml']), 0, 'the file past the cap is not checked');
      // Checked again (a record changed): the cap is reached again, and not said again.
      writeFileSync(join(dir, 'qualys-targets.json'), '{"targets": {}}');
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(dir, 'qualys-targets.json')).href, type: FileChangeType.Created }] });
      await waitFor(() => client.published(uris['a.qualys.yaml']) === 2, 'the workspace is checked again');
      assert.equal(client.messages.length, 1);
    } finally {
      await client.stop();
    }
  });

  it('checks nothing on disk when qualys.validation.workspace is off', async () => {
    const dir = tempDir('qc-ws-off-');
    const uris = workspace(dir, { 'a.qualys.yaml': WRONG_TYPE, 'b.qualys.yaml': WRONG_TYPE });
    const b = uris['b.qualys.yaml'];
    const client = new LspClient();
    try {
      await client.initialize({ validationDelay: 0, workspaceValidation: false }, { folders: [pathToFileURL(dir).href] });
      // An open file is still checked; closed, it is cleared, not shown from disk.
      await client.open(b, 'qualys-yaml', CLEAN);
      assert.deepEqual(await client.diagnosticsFor(b, 1), []);
      await client.open(uris['a.qualys.yaml'], 'qualys-yaml', WRONG_TYPE);
      assert.deepEqual((await client.diagnosticsFor(uris['a.qualys.yaml'], 1)).map((d) => d.code), ['wrong-type']);
      await client.close(b);
      assert.deepEqual(await client.diagnosticsFor(b, 2), []);
      assert.equal(client.published(uris['a.qualys.yaml']), 1, 'only the open document was checked');
    } finally {
      await client.stop();
    }
  });
});
