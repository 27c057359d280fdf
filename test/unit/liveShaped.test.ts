import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { service } from './service';

/** What Compare with Live shows on its live side for a file and a live connector. */
function shaped(fileName: string, text: string, live: Record<string, unknown>): string | undefined {
  const result = service.compareLive(TextDocument.create(`file:///test/${fileName}`, fileName.split('.').pop() ?? '', 1, text), live);
  assert.ok('changes' in result, JSON.stringify(result));
  return result.shaped;
}

describe('the live connector in the file\'s shape (Compare with Live)', () => {
  it('replaces only the values that differ, in each format\'s own writing', () => {
    const json = '{\n  "ServiceRequest": {"data": {"AwsAssetDataConnector": {\n    "runFrequency": 4321,\n    "name": "a <b> & c",\n    "disabled": true\n  }}}\n}\n';
    assert.equal(shaped('aws-update.qualys.json', json, { name: 'x "y"', runFrequency: 240, disabled: true }), json.replace('4321', '240').replace('"a <b> & c"', '"x \\"y\\""'));
    const xml = '<ServiceRequest><data><AwsAssetDataConnector><name>new</name><runFrequency>4321</runFrequency></AwsAssetDataConnector></data></ServiceRequest>';
    assert.equal(shaped('aws-update.qualys.xml', xml, { name: 'a <b> & c', runFrequency: 240 }), xml.replace('>new<', '>a &lt;b> &amp; c<').replace('4321', '240'));
    const yaml = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: new\n      description: "d"\n';
    assert.equal(shaped('aws-update.qualys.yaml', yaml, { name: 'true', description: 'old: one' }), yaml.replace('name: new', 'name: "true"').replace('"d"', '"old: one"'));
    assert.equal(shaped('aws-update.qualys.yaml', yaml, { name: 'prod-1', description: 'd' }), yaml.replace('name: new', 'name: prod-1'));
  });

  it('gives none when a change is not one value in place: the connector is written afresh then', () => {
    const yaml = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: new\n      description: "d"\n';
    assert.equal(shaped('aws-update.qualys.yaml', yaml, { name: 'new' }), undefined, 'a field the connector lacks');
  });
});
