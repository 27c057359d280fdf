import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, CodeActionRequest, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, Hover, HoverRequest, MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspClient } from './lspClient';
import { tempDir } from '../harness';

const REQUEST = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "x"\n      arn: "arn:aws:iam:::12345678911/role:testrole"\n      id: 5\n';

describe('language server: rules users can tune', function () {
  this.timeout(20000);

  it('applies the project file, the setting over it, and says what is wrong with the rule file on the file itself', async () => {
    const dir = tempDir('qc-lsp-rules-');
    mkdirSync(join(dir, '.git'));
    const request = join(dir, 'a.qualys.yaml');
    const rulesFile = join(dir, '.qualys-connector.json');
    writeFileSync(request, REQUEST);
    writeFileSync(rulesFile, '{"rules": {"suspicious-arn": "error"}}');
    const uri = pathToFileURL(request).href;
    const rulesUri = pathToFileURL(rulesFile).href;
    const client = new LspClient();
    const shown: string[] = [];
    client.connection.onNotification('window/showMessage', (p: { message: string }) => {
      shown.push(p.message);
    });
    try {
      await client.initialize({ rules: { 'read-only-field': 'information', nope: 'off' }, workspaceValidation: false }, { watchFiles: true, folders: [pathToFileURL(dir).href] });
      await client.open(uri, 'qualys-yaml', REQUEST);
      const first = await client.diagnosticsFor(uri, 1);
      assert.deepEqual(first.map((d) => [d.code, d.severity]), [['suspicious-arn', 1], ['read-only-field', 3]], 'the project file makes it an error, the setting an information');
      assert.match(shown.join('\n'), /qualys.rules: "nope" is not a finding code\. .*It is ignored; the other rule levels apply\./);

      const hover = (await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 20 } })) as Hover;
      assert.match((hover.contents as MarkupContent).value as string, /\*\*suspicious-arn\*\*.*\n\nSeverity: error \(set by the rule settings; by default warning\)/);

      const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: first[0].range, context: { diagnostics: [first[0]] } })) as CodeAction[];
      const ignore = actions.find((a) => a.title === 'Ignore suspicious-arn on this line');
      assert.deepEqual(ignore?.edit?.changes?.[uri], [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, newText: '      # qualys-ignore-next-line suspicious-arn\n' }]);

      // The rule file changes on disk: the watcher's event re-checks the open request.
      writeFileSync(rulesFile, '{"rules": {"suspicious-arn": "off", "syntax": "off"}}');
      await client.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: rulesUri, type: FileChangeType.Changed }] });
      assert.deepEqual((await client.diagnosticsFor(uri, 2)).map((d) => d.code), ['read-only-field']);

      await client.open(rulesUri, 'json', '{"rules": {"suspicious-arn": "off", "syntax": "off"}}');
      const own = await client.diagnosticsFor(rulesUri, 1);
      assert.deepEqual(own.map((d) => [d.code, d.range.start.character]), [['bad-rule-config', 36]]);
      assert.match(String(own[0].message), /syntax cannot be changed/);

      await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { qualys: { rules: { 'read-only-field': 'off' } } } });
      assert.deepEqual(await client.diagnosticsFor(uri, 3), [], 'the new setting applies at once');
    } finally {
      await client.stop();
    }
  });
});
