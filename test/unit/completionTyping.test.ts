import assert from 'node:assert/strict';
import { TextEdit } from 'vscode-languageserver-types';
import { LanguageService } from '../../server/src/service/languageService';
import { accept, completions, labels, service, withCursor } from './service';

const CPS = (value: string): string =>
  `ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      connectorScanConfig:\n        set:\n          ConnectorScanConfiguration:\n            recurrence: ${value}\n`;

/** What VS Code keeps of a list: the items whose filter text starts like the text their edit replaces up to the cursor. */
function shown(source: string, fileName: string): string[] {
  const { document, offset } = withCursor(source, fileName);
  return completions(source, fileName)
    .items.filter((i) => {
      const edit = i.textEdit as TextEdit;
      const typed = document.getText({ start: edit.range.start, end: document.positionAt(offset) });
      return (i.filterText ?? String(i.label)).toLowerCase().startsWith(typed.toLowerCase());
    })
    .map((i) => String(i.label));
}

describe('completion while typing by hand', () => {
  it('YAML: a value typed in double quotes is completed, and keeps its quotes', () => {
    assert.deepEqual(shown(CPS('"WE|"'), 'r.yaml'), ['WEEKLY']);
    assert.match(accept(CPS('"WE|"'), 'r.yaml', 'WEEKLY'), /recurrence: "WEEKLY"\n$/);
  });

  it("YAML: single quotes too, and an unquoted value stays unquoted", () => {
    assert.deepEqual(shown(CPS("'D|'"), 'r.yaml'), ['DAILY']);
    assert.match(accept(CPS("'D|'"), 'r.yaml', 'DAILY'), /recurrence: 'DAILY'\n$/);
    assert.deepEqual(shown(CPS('WE|'), 'r.yaml'), ['WEEKLY']);
    assert.match(accept(CPS('WE|'), 'r.yaml', 'WEEKLY'), /recurrence: WEEKLY\n$/);
  });

  it('YAML: a quoted list item is completed', () => {
    const src = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      activation:\n        set:\n          ActivationModule:\n            - "S|"\n';
    assert.deepEqual(shown(src, 'r.yaml'), ['SCA']);
  });

  it('never offers the fields Qualys only reports (id, state, syncs) in a request', () => {
    for (const [src, name] of [
      ['{"ServiceRequest": {"data": {"AwsAssetDataConnector": {|}}}}', 'aws-create.qualys.json'],
      ['ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n      |\n', 'azure-update.qualys.yaml'],
      ['<ServiceRequest><data><GcpAssetDataConnector><|</GcpAssetDataConnector></data></ServiceRequest>', 'gcp-create.qualys.xml'],
    ]) {
      const got = labels(src, name);
      assert.ok(got.includes('name'), `${name}: ${got.join(', ')}`);
      for (const readOnly of ['id', 'connectorState', 'lastSync', 'nextSync', 'lastError']) assert.ok(!got.includes(readOnly), `${name} offers ${readOnly}`);
    }
  });

  it('does not offer a list item the list holds already, in any format', () => {
    const yaml = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      activation:\n        set:\n          ActivationModule:\n            - VM\n            - PC\n            - |\n';
    assert.deepEqual(labels(yaml, 'r.yaml'), ['SCA', 'CERTVIEW', 'CLOUDVIEW']);
    const xml = '<ServiceRequest><data><AwsAssetDataConnector><activation><set><ActivationModule>SCA</ActivationModule><ActivationModule>|</ActivationModule></set></activation></AwsAssetDataConnector></data></ServiceRequest>';
    assert.deepEqual(labels(xml, 'r.xml'), ['VM', 'PC', 'CERTVIEW', 'CLOUDVIEW']);
  });

  it('does not offer NOT EQUALS in an update\'s filters, which Qualys refuses; a search still gets it', () => {
    const criteria = 'ServiceRequest:\n  filters:\n    Criteria:\n      - field: name\n        operator: |\n';
    const update = `${criteria}  data:\n    AwsAssetDataConnector:\n      name: x\n`;
    assert.deepEqual(labels(update, 'aws-update.qualys.yaml'), ['EQUALS', 'CONTAINS', 'GREATER', 'LESSER', 'IN', 'NONE']);
    assert.ok(labels(criteria, 'aws-search.qualys.yaml').includes('NOT EQUALS'));
  });

  it('puts a create\'s required fields first and says so, the ones beside a $ref and the ones a rule requires included', () => {
    /** The labels in the order VS Code shows them (by sortText), required ones starred. */
    const ordered = (source: string, fileName: string): string[] =>
      completions(source, fileName)
        .items.filter((i) => !String(i.label).startsWith('qualys-'))
        .sort((a, b) => (a.sortText ?? String(a.label)).localeCompare(b.sortText ?? String(b.label)))
        .map((i) => `${String(i.label)}${i.labelDetails?.description === 'required' && i.detail === 'required' ? '*' : ''}`);
    const gcp = 'ServiceRequest:\n  data:\n    GcpAssetDataConnector:\n      description: x\n      |\n';
    // gcp-create.schema.json lists them beside the connector's $ref, as ajv's strict mode wants.
    assert.deepEqual(ordered(gcp, 'gcp-create.qualys.yaml').slice(0, 5), ['name*', 'authRecord*', 'runFrequency*', 'connectorAppInfos*', 'disabled']);
    assert.ok(!ordered(gcp, 'gcp-update.qualys.yaml').some((l) => l.endsWith('*')), 'an update requires none of them');
    const azure = (inner: string) => `{"ServiceRequest": {"data": {"AzureAssetDataConnector": {${inner}}}}}`;
    assert.equal(ordered(azure('|'), 'azure-create.qualys.json')[0], 'authRecord*');
    assert.deepEqual(ordered(azure('"authRecord": {|}'), 'azure-create.qualys.json'), ['applicationId*', 'directoryId*', 'subscriptionId*', 'authenticationKey*', 'id']);
    assert.deepEqual(ordered(azure('"authRecord": {|}'), 'azure-update.qualys.json').filter((l) => l.endsWith('*')), []);
  });

  it('a filter\'s value follows the field it names: the skeleton\'s `field: id` gets a number, `disabled` gets true/false, `name` no boolean', () => {
    const update = (criteria: string) => `ServiceRequest:\n  filters:\n    Criteria:\n${criteria}  data:\n    AwsAssetDataConnector:\n      disabled: true\n`;
    const skeleton = completions('ServiceRequest:\n  |\n  data:\n    AwsAssetDataConnector:\n      disabled: true\n', 'aws-update.qualys.yaml').items.find((i) => i.label === 'filters');
    assert.equal((skeleton?.textEdit as TextEdit).newText, 'filters:\n    Criteria:\n      field: ${1:id}\n      operator: ${2|EQUALS,CONTAINS,GREATER,LESSER,IN,NONE|}\n      value: ${3:1}');
    const search = completions('{"ServiceRequest": {"preferences": {"limitResults": 10}, |}}', 'aws-search.qualys.json').items.find((i) => i.label === 'filters');
    assert.match((search?.textEdit as TextEdit).newText, /"operator": "\$\{2\|EQUALS,NOT EQUALS,/, 'a search may filter with NOT EQUALS');
    assert.match((search?.textEdit as TextEdit).newText, /"value": \$\{3:1\}/);
    assert.deepEqual(labels(update('      - field: disabled\n        operator: EQUALS\n        value: |\n'), 'aws-update.qualys.yaml'), ['true', 'false']);
    assert.deepEqual(labels(update('      field: isGovCloudConfigured\n      operator: EQUALS\n      value: |\n'), 'aws-update.qualys.yaml'), ['true', 'false']);
    assert.deepEqual(labels(update('      - field: name\n        operator: EQUALS\n        value: |\n'), 'aws-update.qualys.yaml'), []);
    assert.deepEqual(labels(update('      - field: colour\n        operator: EQUALS\n        value: |\n'), 'aws-update.qualys.yaml'), [], 'a field the connector does not have: no guess');
  });

  it('in an empty file, the whole-request snippets the file\'s name and record name come first', () => {
    const first = (fileName: string, svc = service): string[] => {
      const { document } = withCursor('|', fileName);
      return (svc.doComplete(document, { line: 0, character: 0 })?.items ?? [])
        .sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''))
        .map((i) => String(i.label))
        .slice(0, 3);
    };
    assert.deepEqual(first('my-azure-create.qualys.yaml'), ['qualys-azure-create', 'qualys-azure-update', 'qualys-aws-create']);
    assert.deepEqual(first('oci-prod-update.qualys.xml'), ['qualys-oci-update', 'qualys-oci-create', 'qualys-aws-update']);
    assert.deepEqual(first('create.qualys.json'), ['qualys-aws-create', 'qualys-azure-create', 'qualys-gcp-create']);
    assert.deepEqual(first('request.qualys.yaml'), ['qualys-aws-create', 'qualys-aws-update', 'qualys-azure-create'], 'nothing said: the fixed order');
    const recorded = new LanguageService({ include: [], resolveRecord: () => ({ recorded: { operation: 'update', id: 7, kind: 'gcp' } }) });
    assert.deepEqual(first('prod.qualys.json', recorded), ['qualys-gcp-update', 'qualys-gcp-create', 'qualys-aws-update']);
  });

  it('JSON is unchanged: quoted values are filtered with their quote', () => {
    const src = '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"connectorScanConfig": {"set": {"ConnectorScanConfiguration": {"recurrence": "WE|"}}}}}}}';
    assert.deepEqual(shown(src, 'r.json'), ['WEEKLY']);
  });
});
