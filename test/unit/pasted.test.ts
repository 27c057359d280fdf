import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { analyze } from '../../server/src/core/analyze';
import { LanguageService } from '../../server/src/service/languageService';

const service = new LanguageService({ include: [] });

/** A GET answer as the response view shows it (JSON): lists, read-only fields, an empty authRecord, strings for numbers. */
const JSON_ANSWER = JSON.stringify({
  ServiceResponse: {
    responseCode: 'SUCCESS',
    count: 1,
    hasMoreRecords: 'false',
    data: [
      {
        AwsAssetDataConnector: {
          id: 1672603,
          name: 'prod payments',
          connectorState: 'FINISHED_SUCCESS',
          type: 'AWS',
          runFrequency: '240',
          disabled: 'false',
          arn: 'arn:aws:iam::111122223333:role/QualysRole',
          externalId: 'ext-1',
          lastSync: '2026-12-01T10:00:00Z',
          authRecord: {},
          defaultTags: { list: { TagSimple: [{ id: 12345, name: 'prod' }] } },
          activation: { list: { ActivationModule: ['VM', 'PC'] } },
        },
      },
    ],
  },
});

const XML_ANSWER = `<?xml version="1.0" encoding="UTF-8"?>
<ServiceResponse><responseCode>SUCCESS</responseCode><count>1</count><hasMoreRecords>false</hasMoreRecords>
<data><AzureAssetDataConnector><id>1672612</id><name>dev sub</name><connectorState>QUEUED</connectorState><type>AZURE</type>
<runFrequency>720</runFrequency><isRemediationEnabled>false</isRemediationEnabled>
<activation><list><ActivationModule>VM</ActivationModule></list></activation></AzureAssetDataConnector></data></ServiceResponse>`;

function fix(text: string, fileName: string): { made: string; command: unknown; message: string } {
  const document = TextDocument.create(`file:///w/${fileName}`, fileName.split('.').pop() as string, 1, text);
  const diagnostics = service.doValidation(document);
  assert.deepEqual(diagnostics.map((d) => d.code), ['pasted-response'], 'one finding at the root, not one per list');
  const actions = service.getCodeActions(document, diagnostics[0].range, diagnostics);
  assert.equal(actions.length, 1);
  return { made: TextDocument.applyEdits(document, actions[0].edit?.changes?.[document.uri] as TextEdit[]), command: actions[0].command, message: String(diagnostics[0].message) };
}

describe('a pasted answer becomes a request', () => {
  for (const format of ['json', 'yaml'] as const) {
    it(`a JSON answer in a .qualys.${format} file: the update of its connector, its id recorded`, () => {
      const { made, command, message } = fix(JSON_ANSWER, `pasted.qualys.${format}`);
      assert.match(message, /Qualys answer \(ServiceResponse\).*update request of aws connector 1672603/);
      assert.deepEqual(command, { title: 'Record the id', command: 'qualys.setTarget', arguments: [{ uri: `file:///w/pasted.qualys.${format}`, operation: 'update', id: 1672603 }] });
      const analysis = analyze(made, `pasted.qualys.${format}`, undefined, { record: { recorded: { operation: 'update', id: 1672603 } } });
      assert.deepEqual(analysis.findings.map((f) => f.code), [], made);
      for (const gone of ['connectorState', 'lastSync', 'list', 'ServiceResponse', '"type"', 'authRecord']) assert.ok(!made.includes(gone), `${gone} is dropped`);
      assert.match(made, /set/);
      assert.match(made, format === 'json' ? /"runFrequency": 240/ : /runFrequency: 240/);
    });
  }

  it('an XML answer in a .qualys.xml file', () => {
    const { made } = fix(XML_ANSWER, 'pasted.qualys.xml');
    assert.match(made, /<AzureAssetDataConnector>/);
    assert.match(made, /<set>\s*<ActivationModule>VM<\/ActivationModule>\s*<\/set>/);
    assert.deepEqual(analyze(made, 'pasted.qualys.xml', undefined, { record: { recorded: { operation: 'update', id: 1672612 } } }).findings.map((f) => f.code), []);
  });

  it('says why an answer of many connectors, or of none, has no fix', () => {
    const two = JSON.stringify({ ServiceResponse: { data: [{ AwsAssetDataConnector: { id: 1 } }, { AwsAssetDataConnector: { id: 2 } }] } });
    const document = TextDocument.create('file:///w/two.qualys.json', 'json', 1, two);
    const diagnostics = service.doValidation(document);
    assert.match(String(diagnostics[0].message), /holds 2 connectors: keep one of them/);
    assert.deepEqual(service.getCodeActions(document, diagnostics[0].range, diagnostics), []);
    assert.match(analyze('{"ServiceResponse": {"responseCode": "SUCCESS"}}', 'e.qualys.json').findings[0].message, /holds no connector/);
  });
});

describe('a fleet template on its own', () => {
  const TEMPLATE = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-${Name}"\n      arn: "arn:aws:iam::${Id}:role/Q"\n      runFrequency: "${Freq}"\n      allRegions: "yes"\n';

  it('validates with each placeholder standing for a value of the right shape; a mistake elsewhere still shows; sending it is still refused', () => {
    const document = TextDocument.create('file:///w/aws-template.qualys.yaml', 'qualys-yaml', 1, TEMPLATE);
    assert.deepEqual(service.doValidation(document).map((d) => d.code), ['wrong-type'], 'only allRegions "yes"');
    const prepared = service.prepareSend(document, {});
    const errors = 'prepared' in prepared ? prepared.prepared.errors : [];
    assert.match(errors.join('\n'), /runFrequency must be an integer \(minutes\); found "\$\{Freq\}"/, 'a placeholder is not a value Qualys takes: Send asks about it');
  });
});
