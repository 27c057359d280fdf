import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { service } from './service';

/*
 * The binder as a user meets it: the findings it makes (duplicates), the types XML text is read as,
 * what a conversion writes, and where a quick fix's edit lands. (#25: its mutants.)
 */

const AWS = (inner: string): string => `<ServiceRequest><data><AwsAssetDataConnector><name>n</name>${inner}</AwsAssetDataConnector></data></ServiceRequest>`;

describe('bind: XML elements given several times', () => {
  it('removing an unknown element given several times removes them all, not leaving the last closing tag', () => {
    for (const repeated of ['<foo>1</foo><foo>2</foo>', '<foo><a>1</a></foo>\n<foo/><foo><a>2</a></foo>']) {
      const document = TextDocument.create('file:///test/aws-update.qualys.xml', 'xml', 1, AWS(repeated));
      const diagnostics = service.doValidation(document).filter((d) => d.code === 'unknown-field');
      const action = service.getCodeActions(document, diagnostics[0].range, diagnostics).find((a) => a.title === 'Remove foo');
      assert.ok(action, 'a Remove foo action');
      assert.equal(TextDocument.applyEdits(document, action.edit?.changes?.[document.uri] as TextEdit[]), AWS(''), repeated);
    }
  });
});
