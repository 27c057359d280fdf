import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { asksFixAll } from '../../server/src/service/fixAll';
import { service } from './service';

/** The file after its source.fixAll.qualys action, and what is left to fix. */
function fixAll(text: string, name: string): { text: string; codes: string[] } {
  const document = TextDocument.create(`file:///test/${name}`, 'qualys-json', 1, text);
  const [action] = service.getCodeActions(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll.qualys']);
  const after = TextDocument.applyEdits(document, action.edit?.changes?.[document.uri] as TextEdit[]);
  return { text: after, codes: service.doValidation(TextDocument.create(document.uri, 'qualys-json', 2, after)).map((d) => String(d.code)) };
}

describe('Fix all', () => {
  it('takes a fix that two findings share once, with the others that touch other text', () => {
    // Both read-only findings offer the one fix that removes both fields: taken once, not twice over the same text.
    const text = '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x", "id": 5, "connectorState": "FINISHED_SUCCESS", "lastSynced": "2026-01-01", "runFrequency": "240"}}}}';
    const fixed = fixAll(text, 'aws-create.qualys.json');
    assert.equal(fixed.text, '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x", "lastSync": "2026-01-01", "runFrequency": 240}}}}');
    // The renamed field turns out read-only too: a second Fix all takes it.
    assert.deepEqual(fixed.codes, ['read-only-field']);
  });

  it('answers the kinds that hold source.fixAll.qualys', () => {
    assert.deepEqual(
      [['source'], ['source.fixAll'], ['source.fixAll.qualys'], ['quickfix'], ['source.fixAll.eslint'], ['source.fix'], undefined].map(asksFixAll),
      [true, true, true, false, false, false, false],
    );
  });
});
