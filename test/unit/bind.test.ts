import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { analyze } from '../../server/src/core/analyze';
import { documentValue, documentValueAt } from '../../server/src/core/bind';
import { marked, plain } from './helpers';
import { LanguageService } from '../../server/src/service/languageService';

/*
 * A service per test: a shared one keeps its analysis of a document across tests, and so across
 * Stryker's mutants, which then meet the analysis of unmutated code.
 */
const fresh = (): LanguageService => new LanguageService({ include: [] });

/*
 * The binder as a user meets it: the findings it makes (duplicates), the types XML text is read as,
 * what a conversion writes, and where a quick fix's edit lands. (#25: its mutants.)
 */

const AWS = (inner: string): string => `<ServiceRequest><data><AwsAssetDataConnector><name>n</name>${inner}</AwsAssetDataConnector></data></ServiceRequest>`;

function written(text: string, name: string): unknown {
  const bound = analyze(text, name).bound;
  assert.ok(bound, 'bound');
  return plain(documentValue(bound));
}

describe('bind: duplicate keys and elements', () => {
  it('a JSON key given twice is an error on the second, with its path and the count, and the last one counts', () => {
    const { text, spans } = marked('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "a", «"name"»: "b"}}}}');
    const a = analyze(text, 'aws-update.qualys.json');
    const dups = a.findings.filter((f) => f.code === 'duplicate-key');
    assert.deepEqual(dups.map((f) => [f.span, f.path, f.severity, f.message]), [
      [spans[0], 'ServiceRequest.data.AwsAssetDataConnector.name', 'error', 'Duplicate key "name": it appears 2 times and only the last one counts.'],
    ]);
    assert.equal((written(text, 'aws-update.qualys.json') as { ServiceRequest: { data: { AwsAssetDataConnector: { name: string } } } }).ServiceRequest.data.AwsAssetDataConnector.name, 'b');
  });

  it('a YAML key given twice at the root is named by the key alone', () => {
    const text = 'ServiceRequest:\n  data: {}\nServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: n\n';
    const dup = analyze(text, 'aws-update.qualys.yaml').findings.find((f) => f.code === 'duplicate-key');
    assert.equal(dup?.path, 'ServiceRequest');
  });

  it('an XML element that may appear once, given three times: two errors, saying so in XML terms', () => {
    const { text, spans } = marked(AWS('<runFrequency>60</runFrequency><«runFrequency»>120</runFrequency><«runFrequency»>240</runFrequency>'));
    const dups = analyze(text, 'aws-update.qualys.xml').findings.filter((f) => f.code === 'duplicate-element');
    assert.deepEqual(dups.map((f) => f.span), spans);
    assert.equal(dups[0].message, '<runFrequency> may appear only once here; it appears 3 times and only the last one counts.');
    assert.equal(dups[0].path, 'ServiceRequest.data.AwsAssetDataConnector.runFrequency');
  });

  it('an unknown JSON key given twice is a duplicate too, not a list', () => {
    const found = analyze('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "a", "colour": 1, "colour": 2}}}}', 'aws-update.qualys.json').findings;
    assert.deepEqual(found.map((f) => f.code).sort(), ['duplicate-key', 'unknown-field']);
  });

  it('a duplicate among more than eight keys is still found', () => {
    const fields = ['"description": "d"', '"runFrequency": 60', '"disabled": false', '"isRemediationEnabled": false', '"isGovCloudConfigured": false', '"isChinaConfigured": false', '"isCPSEnabled": false', '"arn": "x"'];
    const { text, spans } = marked(`{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "a", ${fields.join(', ')}, «"name"»: "b"}}}}`);
    const dups = analyze(text, 'aws-update.qualys.json').findings.filter((f) => f.code === 'duplicate-key');
    assert.deepEqual(dups.map((f) => f.span), spans);
  });
});

describe('bind: XML text typed by the schema', () => {
  it('a criterion value is a number when it reads as one, text otherwise', () => {
    const criteria = [['12', 12], ['-1.5e3', -1500], ['.5', 0.5], ['.25', 0.25], ['123.5', 123.5], ['7.', 7], ['1e-3', 0.001], ['2E10', 2e10], ['ab12', 'ab12'], ['12ab', '12ab'], ['1e', '1e'], ['true', true]] as const;
    const xml = `<ServiceRequest><filters>${criteria.map(([v]) => `<Criteria field="name" operator="EQUALS">${v}</Criteria>`).join('')}</filters></ServiceRequest>`;
    const a = analyze(xml, 's.qualys.xml', undefined, { operation: 'search' });
    assert.ok(a.bound);
    const values = (plain(documentValue(a.bound)) as { ServiceRequest: { filters: { Criteria: { value: unknown }[] } } }).ServiceRequest.filters.Criteria.map((c) => c.value);
    assert.deepEqual(values, criteria.map(([, v]) => v));
  });

  it('text where an object belongs is refused as text, and an empty element there is an empty object', () => {
    const text = analyze(AWS('<defaultTags>abc</defaultTags>'), 'aws-update.qualys.xml').findings.find((f) => f.code === 'wrong-type');
    assert.equal(text?.message, 'defaultTags must be an object; found "abc".');
    const empty = analyze(AWS('<defaultTags></defaultTags>'), 'aws-update.qualys.xml').findings;
    assert.ok(!empty.some((f) => f.code === 'wrong-type'), empty.map((f) => f.message).join('\n'));
  });

  it('a single item beside a repeated unknown element converts as one item, the repeated one as a list', () => {
    const value = written(AWS('<activation><set><ActivationModule>VM</ActivationModule><foo>1</foo><foo>2</foo></set></activation>'), 'aws-update.qualys.xml');
    assert.deepEqual((value as { ServiceRequest: { data: { AwsAssetDataConnector: { activation: unknown } } } }).ServiceRequest.data.AwsAssetDataConnector.activation, { set: { ActivationModule: 'VM', foo: ['1', '2'] } });
  });

  it('a list under an unknown key is kept as a list, its items as written', () => {
    const value = written('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "n", "extra": [1, "a", {"b": true}]}}}}', 'aws-update.qualys.json');
    assert.deepEqual((value as { ServiceRequest: { data: { AwsAssetDataConnector: { extra: unknown } } } }).ServiceRequest.data.AwsAssetDataConnector.extra, [1, 'a', { b: true }]);
  });

  it('removing an unknown element given several times removes them all, not leaving the last closing tag', () => {
    for (const repeated of ['<foo>1</foo><foo>2</foo>', '<foo><a>1</a></foo>\n<foo/><foo><a>2</a></foo>']) {
      const document = TextDocument.create('file:///test/aws-update.qualys.xml', 'xml', 1, AWS(repeated));
      const service = fresh();
      const diagnostics = service.doValidation(document).filter((d) => d.code === 'unknown-field');
      const action = service.getCodeActions(document, diagnostics[0].range, diagnostics).find((a) => a.title === 'Remove foo');
      assert.ok(action, 'a Remove foo action');
      assert.equal(TextDocument.applyEdits(document, action.edit?.changes?.[document.uri] as TextEdit[]), AWS(''), repeated);
    }
  });
});

describe('bind: what the rules and hover read from it', () => {
  it('an empty set is warned of in every format', () => {
    for (const [text, name] of [
      [AWS('<activation><set/></activation>'), 'aws-update.qualys.xml'],
      ['{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "n", "activation": {"set": {}}}}}}', 'aws-update.qualys.json'],
      ['ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: n\n      activation:\n        set: {}\n', 'aws-update.qualys.yaml'],
    ]) {
      assert.ok(analyze(text, name).findings.some((f) => f.code === 'empty-set'), name);
    }
  });

  it('a MONTHLY recurrence is warned of', () => {
    const text = AWS('<connectorScanConfig><set><ConnectorScanConfiguration><recurrence>MONTHLY</recurrence></ConnectorScanConfiguration></set></connectorScanConfig>');
    assert.ok(analyze(text, 'aws-update.qualys.xml').findings.some((f) => f.code === 'recurrence-monthly'));
  });

  it('set and add share a schema, and hover tells each its own description', () => {
    const text = AWS('<activation><set><ActivationModule>VM</ActivationModule></set><add><ActivationModule>PC</ActivationModule></add></activation>');
    const at = (key: string): string => {
      const document = TextDocument.create('file:///test/aws-update.qualys.xml', 'xml', 1, text);
      const hover = fresh().doHover(document, document.positionAt(text.indexOf(`<${key}>`) + 2));
      return (hover?.contents as { value: string } | undefined)?.value ?? '';
    };
    assert.match(at('set'), /Replaces the activated modules with these\./);
    assert.match(at('add'), /Adds these modules\./);
    assert.doesNotMatch(at('add'), /Replaces/);
  });
});

describe('bind: documentValueAt past what the document holds', () => {
  const text = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: n\n      activation:\n        set:\n          ActivationModule: [VM, PC]\n';
  const list = ['ServiceRequest', 'data', 'AwsAssetDataConnector', 'activation', 'set', 'ActivationModule'];

  it('an index past a list, or a segment no index is spelled as, finds nothing, as indexing the value does', () => {
    const bound = analyze(text, 'aws-update.qualys.yaml').bound;
    assert.ok(bound);
    assert.equal(documentValueAt(bound, [...list, 1]), 'PC');
    assert.equal(documentValueAt(bound, [...list, '1']), 'PC');
    for (const step of [2, 7, '01', '', '1.0', ' 1', 'length']) assert.equal(documentValueAt(bound, [...list, step]), undefined, JSON.stringify(step));
  });
});
