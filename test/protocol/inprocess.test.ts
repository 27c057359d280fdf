import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createConnection } from 'vscode-languageserver/node';
import {
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { RecordCache } from '../../server/src/lsp/records';
import { startServer } from '../../server/src/lsp/startServer';
import { LanguageService } from '../../server/src/service/languageService';

describe('language server in process (startServer on a pair of streams)', function () {
  this.timeout(10_000);

  it('serves a connection it is given, and applies settings pushed to it', async () => {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const server = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    startServer(server, '0.0.0-test', new RecordCache());
    const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const published: PublishDiagnosticsParams[] = [];
    client.onNotification(PublishDiagnosticsNotification.method, (p: PublishDiagnosticsParams) => {
      published.push(p);
    });
    client.listen();
    try {
      const init = await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {}, initializationOptions: { validationDelay: 0 } });
      assert.deepEqual(init.serverInfo, { name: 'qualys-connector-ls', version: '0.0.0-test' });
      await client.sendNotification(InitializedNotification.type, {});
      await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: 'file:///w/conf/prod.yaml', languageId: 'yaml', version: 1, text: 'name: x\n' } });
      await until(() => published.some((p) => p.uri === 'file:///w/conf/prod.yaml'));
      assert.deepEqual(published.at(-1)?.diagnostics, [], 'not a request: left alone');
      await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { qualys: { files: { include: ['**/conf/*.yaml'] } } } });
      await until(() => (published.at(-1)?.diagnostics.length ?? 0) > 0);
      assert.deepEqual(published.at(-1)?.diagnostics.map((d) => d.code), ['not-a-request']);
    } finally {
      client.dispose();
      server.dispose();
    }
  });
});

describe('reconfiguring the language service', () => {
  it('keeps its analyses when a setting they do not depend on changes, and drops them when the file globs change', () => {
    const service = new LanguageService({ include: [], editorSnippetLanguages: [] });
    const doc = TextDocument.create('file:///w/a.qualys.json', 'qualys-json', 1, '{"ServiceRequest": {}}');
    const first = service.analysis(doc);
    service.configure({ include: [], editorSnippetLanguages: ['json'] });
    assert.equal(service.analysis(doc), first, 'the cached analysis is kept');
    service.configure({ include: ['**/*.json'], editorSnippetLanguages: ['json'] });
    assert.notEqual(service.analysis(doc), first, 'new globs: analysed again');
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
