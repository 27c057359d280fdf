import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, FileChangeType } from 'vscode-languageserver-protocol/node';
import { DescribeFileRequest } from '../../server/src/protocol';
import { LspClient, SERVER, waitFor } from './lspClient';
import { tempDir } from '../harness';

const version = (JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string }).version;

/** A body that is a clean update by filter, and has a field a create may not have (filters). */
const BY_FILTER = '{"ServiceRequest": {"filters": {"Criteria": {"field": "name", "operator": "EQUALS", "value": "x"}}, "data": {"AwsAssetDataConnector": {"disabled": true}}}}';

describe('language server: the record of targets and opening files', function () {
  this.timeout(20000);

  it('re-checks open files when qualys-targets.json changes on disk, with no edit', async () => {
    const dir = tempDir('qc-watch-');
    const file = join(dir, 'prod.qualys.json');
    writeFileSync(file, BY_FILTER);
    const uri = pathToFileURL(file).href;
    const client = new LspClient();
    try {
      await client.initialize({ validationDelay: 10_000, workspaceValidation: false }, { watchFiles: true, folders: [pathToFileURL(dir).href] });
      await client.open(uri, 'qualys-json', BY_FILTER);
      assert.deepEqual(await client.diagnosticsFor(uri, 1), [], 'no record: an update by filter');
      await waitFor(() => client.registrations.some((r) => r.method === DidChangeWatchedFilesNotification.method), 'the server registers a watcher');
      const watcher = client.registrations.find((r) => r.method === DidChangeWatchedFilesNotification.method);
      assert.deepEqual(watcher?.registerOptions, {
        watchers: [
          ...['**/qualys-targets.json', '**/.qualys-connector.json', '**/*.qualys.{xml,json,yaml,yml}', '**/*.qualys-fleet.{json,yaml,yml}'].map((globPattern) => ({ globPattern })),
          { globPattern: '**/*', kind: 5 },
        ],
      });

      const record = join(dir, 'qualys-targets.json');
      writeFileSync(record, JSON.stringify({ version: 1, targets: { 'prod.qualys.json': { operation: 'create' } } }));
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(record).href, type: FileChangeType.Created }] });
      assert.deepEqual((await client.diagnosticsFor(uri, 2)).map((d) => d.code), ['unknown-field'], 'recorded as a create: filters are not allowed');

      writeFileSync(record, JSON.stringify({ version: 1, targets: { 'prod.qualys.json': { operation: 'delete\n' } } }));
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(record).href, type: FileChangeType.Changed }] });
      const bad = await client.diagnosticsFor(uri, 3);
      assert.deepEqual(bad.map((d) => d.code), ['bad-record']);
      assert.match(String(bad[0].message), /unknown operation "delete\\n"; expected one of create, update, search, get, delete, run/);
      assert.deepEqual(bad[0].range.start, { line: 0, character: 1 }, 'on the ServiceRequest key, not the first character');
    } finally {
      await client.stop();
    }
  });

  it('gives the same verdicts as validate on every file, record included', async () => {
    const dir = tempDir('qc-agree-');
    const files: Record<string, string> = {
      'by-filter.qualys.json': BY_FILTER,
      'recorded-create.qualys.json': BY_FILTER,
      'bad-entry.qualys.yaml': 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: x\n',
      'plain.qualys.xml': '<ServiceRequest><data><AzureAssetDataConnector><arn>x</arn></AzureAssetDataConnector></data></ServiceRequest>',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ targets: { 'recorded-create.qualys.json': { operation: 'create' }, 'bad-entry.qualys.yaml': { operation: 'update', id: 1e21 } } }));
    const cli = spawnSync(process.execPath, [join(SERVER, '../cli.js'), 'validate', '--format', 'json', ...Object.keys(files)], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    const fromCli = new Map((JSON.parse(cli.stdout) as { file: string; diagnostics: { code: string; range: unknown }[] }[]).map((r) => [r.file, r.diagnostics.map((d) => [d.code, d.range])]));
    const client = new LspClient();
    try {
      await client.initialize({ workspaceValidation: false }, { folders: [pathToFileURL(dir).href] });
      for (const [name, text] of Object.entries(files)) {
        const uri = pathToFileURL(join(dir, name)).href;
        await client.open(uri, `qualys-${name.split('.').pop()}`, text);
        const fromServer = (await client.diagnosticsFor(uri)).map((d) => [d.code, d.range]);
        assert.deepEqual(fromServer, fromCli.get(name), name);
      }
      assert.deepEqual(fromCli.get('recorded-create.qualys.json')?.map((d) => d[0]), ['unknown-field']);
      assert.deepEqual(fromCli.get('bad-entry.qualys.yaml')?.map((d) => d[0]), ['bad-record']);
      assert.deepEqual(fromCli.get('by-filter.qualys.json'), []);
    } finally {
      await client.stop();
    }
  });

  it('describes a file a Send Request create recorded as an update of the connector it made, and says when it made it', async () => {
    const dir = tempDir('qc-created-');
    const file = join(dir, 'azure-create.qualys.json');
    const text = '{"ServiceRequest": {"data": {"AzureAssetDataConnector": {"name": "x"}}}}';
    writeFileSync(file, text);
    writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'azure-create.qualys.json': { operation: 'update', id: 1672637, kind: 'azure', created: '2026-12-05T22:07:00.000Z' } } }));
    const uri = pathToFileURL(file).href;
    const client = new LspClient();
    try {
      await client.initialize({ workspaceValidation: false }, { folders: [pathToFileURL(dir).href] });
      await client.open(uri, 'qualys-json', text);
      const described = await client.connection.sendRequest(DescribeFileRequest.type, { uri });
      assert.equal(described?.operation, 'update', 'the file named *create* now updates what it made');
      assert.equal(described?.id, 1672637);
      assert.deepEqual(described?.created, { id: 1672637, at: '2026-12-05T22:07:00.000Z' });
    } finally {
      await client.stop();
    }
  });

  it('publishes diagnostics at once on open, whatever the typing delay', async () => {
    const client = new LspClient();
    try {
      await client.initialize({ validationDelay: 10_000 });
      const started = Date.now();
      await client.open('file:///w/slow.qualys.json', 'qualys-json', '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"naem": "x"}}}}');
      const d = await client.diagnosticsFor('file:///w/slow.qualys.json', 1, 5000);
      assert.deepEqual(d.map((x) => x.code), ['unknown-field']);
      // Generous: the bug was a wait of the whole typing delay (10 s here).
      assert.ok(Date.now() - started < 3000, `published after ${Date.now() - started} ms`);
    } finally {
      await client.stop();
    }
  });

  it('prints its usage for --help and its version for --version, and refuses no channel', () => {
    const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(help.status, 0, help.stderr);
    assert.match(help.stdout, /^Usage: qualys-connector-ls --stdio/);
    assert.equal(help.stderr, '');
    const v = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, `qualys-connector-ls ${version}\n`);
    const none = spawnSync(process.execPath, [SERVER], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /say how to talk to the editor/);
    assert.doesNotMatch(none.stderr, /at .*\.js:\d+/, 'no stack trace');
  });
});
