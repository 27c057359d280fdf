import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { ClientFiles } from '../../server/src/lsp/clientFiles';
import { startServer } from '../../server/src/lsp/startServer';
import { ListFleetFilesRequest, ListFleetFilesResult, ReadProjectFileParams, ReadProjectFileRequest, ReadProjectFileResult } from '../../server/src/protocol';

/**
 * The browser build's server (`serverWeb.ts` wires the same two pieces to a worker's messages): it has
 * no disk, and reads the record, the rule file and a fleet's inputs by asking the client
 * (`qualys/readProjectFile`). Here the client is a test that answers from a map of URIs, as the web
 * extension answers from vscode.workspace.fs; the URIs are a browser's (a virtual workspace).
 */
const ROOT = 'vscode-remote://127.0.0.1:8080/home/me/repo';

describe('the browser build\'s server reads project files through the client', function () {
  this.timeout(10_000);

  let files: Map<string, ReadProjectFileResult>;
  let folders: Map<string, ListFleetFilesResult>;
  let asked: ReadProjectFileParams[];
  let published: PublishDiagnosticsParams[];
  let client: ProtocolConnection;
  let dispose: () => void;

  beforeEach(async () => {
    files = new Map();
    folders = new Map();
    asked = [];
    published = [];
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(
      server,
      '0.0.0-test',
      new ClientFiles(
        (uri, maxBytes) => server.sendRequest(ReadProjectFileRequest.type, { uri, maxBytes }),
        (uri) => server.sendRequest(ListFleetFilesRequest.type, { uri }),
      ),
    );
    client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    client.onNotification(PublishDiagnosticsNotification.method, (p: PublishDiagnosticsParams) => void published.push(p));
    client.onRequest(ReadProjectFileRequest.type, (p) => {
      asked.push(p);
      return files.get(p.uri) ?? { missing: true };
    });
    client.onRequest(ListFleetFilesRequest.type, (p) => folders.get(p.uri) ?? { names: [] });
    client.listen();
    dispose = () => {
      client.dispose();
      server.dispose();
    };
    await client.sendRequest(InitializeRequest.type, {
      processId: null,
      rootUri: null,
      workspaceFolders: [{ uri: ROOT, name: 'repo' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
      initializationOptions: { validationDelay: 0 },
    });
    await client.sendNotification(InitializedNotification.type, {});
  });

  afterEach(() => dispose());

  async function diagnosticsOf(uri: string, text: string, version = 1): Promise<PublishDiagnosticsParams> {
    const before = published.length;
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'qualys-yaml', version, text } });
    await until(() => published.slice(before).some((p) => p.uri === uri));
    return published.slice(before).filter((p) => p.uri === uri).at(-1) as PublishDiagnosticsParams;
  }

  const REQUEST = 'ServiceRequest:\n  data:\n    OciAssetDataConnector:\n      name: Prod\n      runFrequency: 240\n';

  it('finds the record up to the workspace folder, reads its entry for the file (by its decoded path), and nothing above the folder', async () => {
    files.set(`${ROOT}/qualys-targets.json`, { text: JSON.stringify({ version: 1, targets: { 'my connectors/oci.qualys.yaml': { operation: 'update', id: 'not-a-number' } } }) });
    const d = await diagnosticsOf(`${ROOT}/my%20connectors/oci.qualys.yaml`, REQUEST);
    assert.match(d.diagnostics.map((x) => x.message).join('\n'), /qualys-targets\.json, entry "my connectors\/oci\.qualys\.yaml": the id "not-a-number" is not a connector id/);
    const uris = asked.map((a) => a.uri);
    assert.deepEqual(uris.filter((u) => u.endsWith('qualys-targets.json')).sort(), [`${ROOT}/my%20connectors/qualys-targets.json`, `${ROOT}/qualys-targets.json`]);
    assert.ok(uris.every((u) => u.startsWith(`${ROOT}/`)), `only inside the workspace folder: ${uris.join(', ')}`);
    assert.equal(asked.find((a) => a.uri.endsWith('qualys-targets.json'))?.maxBytes, 4 * 1024 * 1024, 'the record\'s cap');
    // A file no workspace folder holds, and an untitled document: nothing is asked for them.
    const before = asked.length;
    await diagnosticsOf('vscode-remote://127.0.0.1:8080/home/me/elsewhere/x.qualys.yaml', REQUEST);
    await diagnosticsOf('untitled:Untitled-1', REQUEST);
    assert.equal(asked.length, before);
  });

  it('applies the project\'s rule file, says why one the client refused is not used, and reads each file once until the watcher says it changed', async () => {
    files.set(`${ROOT}/.qualys-connector.json`, { text: JSON.stringify({ rules: { 'unknown-field': 'off' } }) });
    const bad = 'ServiceRequest:\n  data:\n    OciAssetDataConnector:\n      naem: Prod\n';
    assert.deepEqual((await diagnosticsOf(`${ROOT}/a.qualys.yaml`, bad)).diagnostics.map((x) => x.code), [], 'unknown-field is off');
    const reads = asked.length;
    await diagnosticsOf(`${ROOT}/b.qualys.yaml`, bad);
    assert.equal(asked.length, reads, 'read once for both files');
    files.set(`${ROOT}/.qualys-connector.json`, { problem: 'is a symbolic link: it must be a regular file in the workspace' });
    const before = published.length;
    await client.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: `${ROOT}/.qualys-connector.json`, type: 2 }] });
    await until(() => published.slice(before).some((p) => p.uri === `${ROOT}/b.qualys.yaml` && p.diagnostics.some((x) => x.code === 'unknown-field')));
    const last = published.filter((p) => p.uri === `${ROOT}/b.qualys.yaml`).at(-1) as PublishDiagnosticsParams;
    assert.match(last.diagnostics.map((x) => x.message).join('\n'), /\.qualys-connector\.json is a symbolic link: it must be a regular file in the workspace, so it is not used\. Its rule levels do not apply\./);
  });

  it('reads a fleet\'s template and inventory inside the workspace only, and checks the fleet with them', async () => {
    files.set(`${ROOT}/fleet/template.qualys.yaml`, { text: 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: ${name}\n      arn: ${arn}\n' });
    files.set(`${ROOT}/fleet/accounts.csv`, { text: 'name,arn\nProd,arn:aws:iam::123456789012:role/R\n' });
    const uri = `${ROOT}/fleet/prod.qualys-fleet.yaml`;
    const ok = await diagnosticsOf(uri, 'template: template.qualys.yaml\ninventory: accounts.csv\nkey: name\n');
    assert.ok(asked.some((a) => a.uri === `${ROOT}/fleet/accounts.csv` && a.maxBytes === 16 * 1024 * 1024), 'the inventory, with its cap');
    assert.deepEqual(ok.diagnostics.filter((x) => x.severity === 1).map((x) => x.message), []);
    const outside = await diagnosticsOf(`${ROOT}/fleet/other.qualys-fleet.yaml`, 'template: ../../../elsewhere/t.qualys.yaml\ninventory: accounts.csv\nkey: name\n');
    assert.match(outside.diagnostics.map((x) => x.message).join('\n'), /outside the workspace/);
    assert.ok(!asked.some((a) => a.uri.includes('elsewhere')), 'never asked for');
    // The inventory changed (no watcher tells of it): the fleet's next check reads it again.
    files.set(`${ROOT}/fleet/accounts.csv`, { text: 'name,arn\nProd,arn:aws:iam::123456789012:role/R\nProd,arn:aws:iam::123456789012:role/S\n' });
    const again = await diagnosticsOf(uri, 'template: template.qualys.yaml\ninventory: accounts.csv\nkey: name\n', 2);
    assert.match(again.diagnostics.map((x) => x.message).join('\n'), /entries 1 and 2 of the inventory have the same name "Prod"/, 'the new inventory, with its duplicate key, is what is checked');
  });

  it('checks a template with the accounts of the fleets beside it that name it, as the Node server does', async () => {
    const template = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n      runFrequency: "${Freq}"\n';
    const dir = `${ROOT}/my%20fleet`;
    files.set(`${dir}/aws.qualys.yaml`, { text: template });
    files.set(`${dir}/accounts.csv`, { text: 'Name,Freq\nprod,240\ndev,often\n' });
    files.set(`${dir}/b.qualys-fleet.yaml`, { text: 'template: aws.qualys.yaml\ninventory: accounts.csv\nkey: Name\n' });
    files.set(`${dir}/other.qualys-fleet.yaml`, { text: 'template: elsewhere.qualys.yaml\ninventory: accounts.csv\nkey: Name\n' });
    folders.set(dir, { names: ['other.qualys-fleet.yaml', 'b.qualys-fleet.yaml', 'notes.txt', '../up.qualys-fleet.yaml'] });
    const found = await diagnosticsOf(`${dir}/aws.qualys.yaml`, template);
    assert.deepEqual(found.diagnostics.map((d) => [d.code, d.range.start.line]), [['fleet-account', 4]]);
    assert.match(String(found.diagnostics[0].message), /^b\.qualys-fleet\.yaml: for dev: .*runFrequency.*"often"/);
    assert.ok(!asked.some((a) => /notes|up\.qualys-fleet/.test(a.uri)), 'only the fleet files listed in the folder are read');
    // No fleet beside it names it (the folder listed with none): the placeholders stand for values of the right shape.
    folders.set(dir, { names: [] });
    const alone = await diagnosticsOf(`${dir}/aws.qualys.yaml`, template, 2);
    assert.deepEqual(alone.diagnostics, []);
  });
});

describe('ClientFiles', () => {
  it('does not keep a read asked for before the file changed: the next check reads it again', async () => {
    const answers: { uri: string; answer: (r: ReadProjectFileResult) => void }[] = [];
    const files = new ClientFiles((uri) => new Promise((answer) => answers.push({ uri, answer })));
    files.setRoots([ROOT]);
    const doc = `${ROOT}/oci.qualys.yaml`;
    const record = `${ROOT}/qualys-targets.json`;
    const first = files.ready(doc, '');
    assert.deepEqual(answers.map((a) => a.uri).sort(), [`${ROOT}/.qualys-connector.json`, record]);
    // The watcher says the record changed while the first read is on its way: what it brings is the old file.
    files.invalidate(record);
    for (const a of answers.splice(0)) a.answer(a.uri === record ? { text: '{ "targets": { "oci.qualys.yaml": { "id": "old" } } }' } : { missing: true });
    await first;
    assert.deepEqual(files.lookup(doc), {}, 'the old record is not kept');
    const second = files.ready(doc, '');
    // Read again (with the rule file, whose read was on its way too when the watcher spoke).
    assert.ok(answers.some((a) => a.uri === record), 'the record is read again');
    for (const a of answers.splice(0)) a.answer(a.uri === record ? { text: '{ "targets": { "oci.qualys.yaml": { "operation": "update", "id": 7 } } }' } : { missing: true });
    await second;
    assert.deepEqual(files.lookup(doc), { recorded: { operation: 'update', id: 7 }, file: record });
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
