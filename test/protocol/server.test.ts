import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CodeActionRequest,
  CompletionList,
  CompletionRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { CompareLiveRequest, ConvertRequest } from '../../server/src/protocol';
import { LspClient } from './lspClient';

const FIXTURES = join(__dirname, '../../../test/fixtures');
const read = (...p: string[]): string => readFileSync(join(FIXTURES, ...p), 'utf8');

describe('language server over stdio (real process)', function () {
  this.timeout(20000);
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    const init = await client.initialize({ validationDelay: 50 });
    assert.equal(init.serverInfo?.name, 'qualys-connector-ls');
  });

  after(async () => {
    const code = await client.stop();
    assert.equal(code, 0, 'the server exits cleanly on shutdown/exit');
  });

  it('publishes diagnostics on open, for each format', async () => {
    const xml = read('invalid', 'aws-update-unknown-field.xml').replace(/[«»]/g, '');
    await client.open('file:///w/a.xml', 'xml', xml);
    const d = await client.diagnosticsFor('file:///w/a.xml');
    assert.deepEqual(d.map((x) => [x.code, x.source]), [['unknown-field', 'qualys']]);
    await client.open('file:///w/b.qualys.yaml', 'qualys-yaml', read('valid', 'azure-create-cps.yaml'));
    assert.deepEqual((await client.diagnosticsFor('file:///w/b.qualys.yaml')).map((x) => x.code), ['date-day-first']);
    await client.open('file:///w/package.json', 'json', '{"name": "not-a-request"}');
    assert.deepEqual(await client.diagnosticsFor('file:///w/package.json'), []);
  });

  it('follows edits after the pause, and clears on close', async () => {
    const uri = 'file:///w/edit.json';
    await client.open(uri, 'json', read('valid', 'aws-update-json.json'));
    const errors = (list: { severity?: number }[]): unknown[] => list.filter((x) => x.severity === 1);
    assert.deepEqual(errors(await client.diagnosticsFor(uri, 1)), []);
    await client.change(uri, 2, read('valid', 'aws-update-json.json').replace('"runFrequency": 600', '"runFrequency": "every ten hours"'));
    const after = errors(await client.diagnosticsFor(uri, 2)) as { code: string; range: { start: { line: number } } }[];
    assert.deepEqual(after.map((x) => x.code), ['wrong-type']);
    assert.equal(after[0].range.start.line, 23);
    await client.close(uri);
    assert.deepEqual(await client.diagnosticsFor(uri, 3), []);
  });

  it('answers completion with edits that leave well-formed text', async () => {
    const uri = 'file:///w/c.yaml';
    const text = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      activation:\n        set:\n          ActivationModule: \n';
    await client.open(uri, 'yaml', text);
    const list = (await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 5, character: 28 } })) as CompletionList;
    assert.deepEqual(list.items.map((i) => i.label), ['VM', 'PC', 'SCA', 'CERTVIEW', 'CLOUDVIEW']);
    const edit = list.items[0].textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 5, character: 28 }, end: { line: 5, character: 28 } });
    assert.equal(edit.newText, 'VM');
  });

  it('answers hover with the documented description', async () => {
    const uri = 'file:///w/h.xml';
    await client.open(uri, 'xml', read('valid', 'aws-update-basic.xml'));
    const lines = read('valid', 'aws-update-basic.xml').split('\n');
    const line = lines.findIndex((l) => l.includes('<externalId>'));
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character: lines[line].indexOf('externalId') + 2 } });
    assert.match((hover?.contents as MarkupContent).value, /Random string which is unique for each user/);
  });

  it('answers code actions for its diagnostics', async () => {
    const uri = 'file:///w/q.json';
    await client.open(uri, 'json', '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"naem": "x"}}}}');
    const diagnostics = await client.diagnosticsFor(uri);
    const actions = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
    const titles = (actions ?? []).map((a) => ('title' in a ? a.title : ''));
    assert.deepEqual(titles, ['Change to "name"', 'Remove naem']);
  });

  it('answers document symbols and folding ranges', async () => {
    const uri = 'file:///w/s.json';
    await client.open(uri, 'json', read('valid', 'azure-create-cps.json'));
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
    assert.equal(symbols?.[0]?.name, 'ServiceRequest');
    const folds = await client.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } });
    assert.ok((folds?.length ?? 0) > 5);
  });

  it('converts a request through qualys/convert', async () => {
    const uri = 'file:///w/conv.xml';
    await client.open(uri, 'xml', read('valid', 'azure-create-single-tag.xml'));
    const result = await client.connection.sendRequest(ConvertRequest.type, { uri, format: 'json' });
    assert.ok('text' in result);
    assert.deepEqual(JSON.parse(result.text), JSON.parse(read('valid', 'azure-create-single-tag.json')));
  });

  it('compares a request with a live connector as plan does: not key order, quoting or wrappers; secrets not comparable', async () => {
    const uri = 'file:///w/azure-live.qualys.yaml';
    const text = [
      'ServiceRequest:',
      '  data:',
      '    AzureAssetDataConnector:',
      '      runFrequency: "240"',
      "      name: 'prod'",
      '      defaultTags:',
      '        set:',
      '          TagSimple:',
      '            id: 7',
      '      authRecord:',
      '        applicationId: a',
      '        authenticationKey: k',
      '',
    ].join('\n');
    await client.open(uri, 'qualys-yaml', text);
    const live = { id: 5, name: 'prod', runFrequency: 240, defaultTags: { list: { TagSimple: [{ id: 7 }] } }, authRecord: { applicationId: 'a' } };
    const same = await client.connection.sendRequest(CompareLiveRequest.type, { uri, live });
    assert.ok('changes' in same, JSON.stringify(same));
    assert.deepEqual(same.changes, [{ path: 'authRecord.authenticationKey', action: 'secret' }]);
    const renamed = await client.connection.sendRequest(CompareLiveRequest.type, { uri, live: { ...live, name: 'old' } });
    assert.ok('changes' in renamed);
    assert.deepEqual(renamed.changes.filter((c) => c.action !== 'secret'), [{ path: 'name', action: 'value', before: 'old', after: 'prod' }]);
    // The live side in the file's shape: only the differing value replaced, the secret marked as not comparable.
    const secret = text.replace('authenticationKey: k', 'authenticationKey: "(secret: not comparable)"');
    assert.equal('shaped' in same && same.shaped, secret);
    assert.equal(renamed.shaped, secret.replace("name: 'prod'", "name: 'old'"));
    const retagged = await client.connection.sendRequest(CompareLiveRequest.type, { uri, live: { ...live, defaultTags: { list: { TagSimple: [{ id: 8 }] } } } });
    assert.ok('changes' in retagged);
    assert.equal(retagged.shaped, undefined, 'a collection replaced: the connector is written afresh instead');
    const notOpen = await client.connection.sendRequest(CompareLiveRequest.type, { uri: 'file:///w/closed.qualys.yaml', live });
    assert.deepEqual(notOpen, { error: 'The document is not open.' });
  });
});
