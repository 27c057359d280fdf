import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { lookupRecord } from '../../server/src/workspace/record';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextEdit } from 'vscode-languageserver-types';
import { analyze } from '../../server/src/core/analyze';
import { serialize } from '../../server/src/core/serialize';
import { errorsOf, fixture, marked } from './helpers';
import { LanguageService } from '../../server/src/service/languageService';
import { service, withCursor } from './service';
import { tempDir } from '../harness';

function hoverText(source: string, fileName: string): string {
  const { document, offset } = withCursor(source, fileName);
  const hover = service.doHover(document, document.positionAt(offset));
  const contents = hover?.contents as { value: string } | undefined;
  return contents?.value ?? '';
}

/** Applies the quick fix titled `title` for the first diagnostic with `code`. */
function quickFix(text: string, fileName: string, code: string, title: string): string {
  const ext = fileName.split('.').pop() as string;
  const document = TextDocument.create(`file:///test/${fileName}`, ext, 1, text);
  const diagnostics = service.doValidation(document).filter((d) => d.code === code);
  assert.ok(diagnostics.length > 0, `no ${code} diagnostic`);
  const actions = service.getCodeActions(document, diagnostics[0].range, diagnostics);
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no action "${title}"; got ${actions.map((a) => a.title).join(', ')}`);
  const edits = action.edit?.changes?.[document.uri] as TextEdit[];
  return TextDocument.applyEdits(document, edits);
}

describe('hover', () => {
  it('shows the description, type and unit of an XML element', () => {
    const text = hoverText('<ServiceRequest><data><AwsAssetDataConnector><runFre|quency>240</runFrequency></AwsAssetDataConnector></data></ServiceRequest>', 'r.xml');
    assert.match(text, /\*\*runFrequency\*\* · integer \(minutes\)/);
    assert.match(text, /Specified in minutes/);
  });

  it('shows <prefix>-<connectorId>-<timestamp> as text, not as HTML that vanishes, and says a secret once', () => {
    const prefix = hoverText(fixture('valid', 'aws-update-cps.yaml').replace('scanPrefix:', 'scanPre|fix:'), 'r.yaml');
    assert.match(prefix, /format: \\<prefix>-\\<connectorId>-\\<timestamp>/);
    const key = hoverText('ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n      authRecord:\n        authentication|Key: x\n', 'azure-create.qualys.yaml');
    assert.equal(key.match(/A secret/g)?.length, 1, key);
  });

  it('explains AI, CI and CSA on a ConnectorAppInfo name in YAML', () => {
    const text = hoverText(fixture('valid', 'azure-create-single-tag.yaml').replace('name: "AI"', 'na|me: "AI"'), 'r.yaml');
    assert.match(text, /AI \(Asset Inventory\)/);
    assert.match(text, /`CSA`: Cloud Security Assessment/);
  });

  it('explains an enum value in JSON', () => {
    const text = hoverText(fixture('valid', 'aws-update-json.json').replace('"SCA"', '"S|CA"'), 'r.json');
    assert.match(text, /\*\*SCA\*\*: Security Configuration Assessment/);
  });

  it('says a one-or-many field takes one value or a list', () => {
    const text = hoverText(fixture('valid', 'aws-update-basic.xml').replace('<TagSimple>', '<Tag|Simple>'), 'r.xml');
    assert.match(text, /one object or a list of them/);
  });

  it('documents an XML element from its closing tag too', () => {
    const text = hoverText(fixture('valid', 'aws-update-cps.xml').replace('</recurrence>', '</recur|rence>'), 'r.xml');
    assert.match(text, /\*\*recurrence\*\* · enum/);
    const outer = hoverText(fixture('valid', 'aws-update-cps.xml').replace('</connectorScanSetting>', '</connectorScan|Setting>'), 'r.xml');
    assert.match(outer, /\*\*connectorScanSetting\*\*/);
  });

  it('has no field to document on an unknown field, only the rule of its finding and the rule\'s sources', () => {
    const text = hoverText('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"na|em": 1}}}}', 'r.json');
    assert.match(text, /^\*\*unknown-field\*\*: A field the connector does not have/);
    assert.match(text, /Severity: error\.\n\nSources:\n- documented: /);
    assert.doesNotMatch(text, /· /, 'no field description');
  });

  it('puts the rule of a finding above the field it is on, with the level a setting gave it', () => {
    const text = hoverText('ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      arn: "arn:aws:iam:::1/ro|le:x"\n', 'r.qualys.yaml');
    assert.match(text, /^\*\*suspicious-arn\*\*: .*\n\nSeverity: warning\.[\s\S]*---[\s\S]*\*\*arn\*\*/);
  });
});

describe('quick fixes', () => {
  it('renames an unknown XML element, start and end tags', () => {
    const fixed = quickFix('<ServiceRequest><data><AwsAssetDataConnector><naem>x</naem></AwsAssetDataConnector></data></ServiceRequest>', 'r.xml', 'unknown-field', 'Change to "name"');
    assert.equal(fixed, '<ServiceRequest><data><AwsAssetDataConnector><name>x</name></AwsAssetDataConnector></data></ServiceRequest>');
    const removed = quickFix('{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x", "colour": "red"}}}}', 'r.json', 'unknown-field', 'Remove colour');
    assert.equal(removed, '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x"}}}}', 'or removes one with no near name');
  });

  it('writes a quoted boolean or integer as its typed value (JSON, YAML)', () => {
    const json = '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"allRegions": "true", "runFrequency": "240"}}}}';
    const once = quickFix(json, 'aws-create.json', 'quoted-value', 'Change to true');
    assert.equal(once, '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"allRegions": true, "runFrequency": "240"}}}}');
    assert.equal(quickFix(once, 'aws-create.json', 'quoted-value', 'Change to 240'), json.replace('"true"', 'true').replace('"240"', '240'));
    const yaml = "ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      runFrequency: '240'\n";
    assert.equal(quickFix(yaml, 'aws-create.yaml', 'quoted-value', 'Change to 240'), yaml.replace("'240'", '240'));
  });

  for (const format of ['xml', 'json', 'yaml'] as const) {
    it(`removes every read-only field copied from a GET answer in one fix, leaving well-formed text (${format.toUpperCase()})`, () => {
      const { text } = marked(fixture('invalid', `aws-update-read-only-fields.${format}`));
      const fixed = quickFix(text, `aws-update-read-only-fields.${format}`, 'read-only-field', `Remove the ${format === 'yaml' ? 8 : format === 'xml' ? 9 : 10} read-only fields`);
      const after = analyze(fixed, `aws-update.${format}`);
      assert.deepEqual(after.findings.map((f) => `${f.severity} ${f.code}`), []);
      assert.deepEqual(Object.keys((after.bound?.value as { ServiceRequest: { data: { AwsAssetDataConnector: object } } }).ServiceRequest.data.AwsAssetDataConnector), ['name', 'disabled', 'arn', ...(format === 'json' ? ['externalId'] : []), 'runFrequency']);
    });
  }

  it('removes read-only fields that end an object without leaving a comma behind (JSON)', () => {
    const text = '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x", "id": 12, "type": "AWS"}}}}';
    assert.equal(quickFix(text, 'aws-update.json', 'read-only-field', 'Remove the 2 read-only fields'), '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x"}}}}');
  });

  it('reports an empty Azure connector once, as the wrong type it is, not also as missing its authRecord', () => {
    const codes = (text: string) => analyze(text, 'azure-create.qualys.yaml').findings.map((f) => f.code);
    assert.deepEqual(codes('ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n'), ['wrong-type']);
    assert.deepEqual(codes('ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n      name: x\n'), ['missing-field'], 'a connector without authRecord still gets it');
  });

  it('reports a miscased WEEKLY once, as the invalid value it is, not also as "daysOfWeek ignored"', () => {
    const codes = analyze(fixture('valid', 'aws-update-cps.yaml').replace('"WEEKLY"', '"Weekly"'), 'r.yaml').findings.map((f) => f.code);
    assert.ok(codes.includes('invalid-enum'), codes.join());
    assert.ok(!codes.includes('days-without-weekly'), codes.join());
    const daily = analyze(fixture('valid', 'aws-update-cps.yaml').replace('"WEEKLY"', '"DAILY"'), 'r.yaml').findings.map((f) => f.code);
    assert.ok(daily.includes('days-without-weekly'), 'a real other recurrence still gets it');
  });

  it('fixes the casing of an enum value in YAML', () => {
    const fixed = quickFix(fixture('valid', 'aws-update-cps.yaml').replace('"WEEKLY"', '"weekly"'), 'r.yaml', 'invalid-enum', 'Change to "WEEKLY"');
    assert.equal(fixed, fixture('valid', 'aws-update-cps.yaml'));
  });

  it('removes daysOfWeek when the scan is DAILY, commas included (JSON)', () => {
    const original = fixture('valid', 'aws-update-cps.json').replace('"WEEKLY"', '"DAILY"');
    const fixed = quickFix(original, 'r.json', 'days-without-weekly', 'Remove daysOfWeek');
    const value = JSON.parse(fixed) as { ServiceRequest: { data: { AwsAssetDataConnector: { connectorScanConfig: { set: { ConnectorScanConfiguration: Record<string, unknown> } } } } } };
    const config = value.ServiceRequest.data.AwsAssetDataConnector.connectorScanConfig.set.ConnectorScanConfiguration;
    assert.deepEqual(Object.keys(config), ['optionProfileId', 'recurrence', 'scanPrefix', 'startDate', 'startTime', 'timezone']);
    assert.deepEqual(analyze(fixed, 'r.json').findings.map((f) => f.code), ['date-day-first']);
  });

  it('or sets recurrence to WEEKLY (XML)', () => {
    const original = fixture('valid', 'aws-update-cps.xml').replace('>WEEKLY<', '>DAILY<');
    assert.equal(quickFix(original, 'r.xml', 'days-without-weekly', 'Set recurrence to WEEKLY'), fixture('valid', 'aws-update-cps.xml'));
  });

  for (const format of ['xml', 'json', 'yaml']) {
    it(`writes an ISO startDate (2022-05-31) as mm/dd/yyyy (${format.toUpperCase()})`, () => {
      const original = fixture('valid', `aws-update-cps.${format}`);
      const fixed = quickFix(original.replace('31/05/2022', '2022-05-31'), `r.${format}`, 'invalid-format', 'Change to "05/31/2022"');
      assert.equal(fixed, original.replace('31/05/2022', '05/31/2022'));
      assert.deepEqual(analyze(fixed, `r.${format}`).findings.map((f) => f.code), []);
    });
  }

  it('offers the mm/dd/yyyy form for an unquoted YAML date, and none for a day that does not exist', () => {
    const original = fixture('valid', 'aws-update-cps.yaml');
    assert.equal(quickFix(original.replace('"31/05/2022"', '2022-05-31'), 'r.yaml', 'invalid-format', 'Change to "05/31/2022"'), original.replace('"31/05/2022"', '05/31/2022'));
    const [impossible] = analyze(original.replace('31/05/2022', '2022-02-30'), 'r.yaml').findings;
    assert.equal(impossible.code, 'invalid-format');
    assert.equal(impossible.fix, undefined);
    assert.doesNotMatch(impossible.message, /Did you mean/);
  });

  for (const format of ['xml', 'json', 'yaml']) {
    it(`adds an Azure create's missing authRecord with the four fields it needs (${format.toUpperCase()})`, () => {
      const text =
        format === 'json'
          ? JSON.stringify({ ServiceRequest: { data: { AzureAssetDataConnector: { name: 'n', disabled: false } } } }, null, 2)
          : format === 'yaml'
            ? 'ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n      name: n\n      disabled: false\n'
            : '<ServiceRequest>\n  <data>\n    <AzureAssetDataConnector>\n      <name>n</name>\n      <disabled>false</disabled>\n    </AzureAssetDataConnector>\n  </data>\n</ServiceRequest>\n';
      const fixed = quickFix(text, `azure-create.${format}`, 'missing-field', 'Add authRecord');
      const after = analyze(fixed, `azure-create.${format}`);
      const auth = (JSON.parse(JSON.stringify(after.bound?.value)) as { ServiceRequest: { data: { AzureAssetDataConnector: { authRecord: Record<string, unknown> } } } }).ServiceRequest.data.AzureAssetDataConnector.authRecord;
      assert.deepEqual(auth, { applicationId: '', directoryId: '', subscriptionId: '', authenticationKey: '' }, fixed);
      assert.ok(!after.findings.some((f) => f.code === 'missing-field' || f.code === 'wrong-type'), 'left to fill in, nothing missing');
    });
  }

  for (const format of ['xml', 'json', 'yaml']) {
    it(`removes a field of another kind, arn under Azure (${format.toUpperCase()})`, () => {
      const text =
        format === 'json'
          ? JSON.stringify({ ServiceRequest: { data: { AzureAssetDataConnector: { name: 'n', arn: 'arn:aws:iam::123456789012:role/R', disabled: false } } } }, null, 2)
          : format === 'yaml'
            ? 'ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n      name: n\n      arn: "arn:aws:iam::123456789012:role/R"\n      disabled: false\n'
            : '<ServiceRequest>\n  <data>\n    <AzureAssetDataConnector>\n      <name>n</name>\n      <arn>arn:aws:iam::123456789012:role/R</arn>\n      <disabled>false</disabled>\n    </AzureAssetDataConnector>\n  </data>\n</ServiceRequest>\n';
      const fixed = quickFix(text, `azure-update.${format}`, 'wrong-connector-field', 'Remove arn');
      assert.deepEqual(analyze(fixed, `azure-update.${format}`).findings.map((f) => f.code), [], fixed);
      assert.ok(!fixed.includes('arn'), fixed);
    });
  }

  it('removes a field from one-line JSON without leaving a double space, the middle field or the last', () => {
    const line = (fields: string) => `{"ServiceRequest": {"data": {"AzureAssetDataConnector": {${fields}}}}}`;
    const arn = '"arn": "arn:aws:iam::123456789012:role/R"';
    assert.equal(quickFix(line(`"name": "n", ${arn}, "disabled": false`), 'azure-update.json', 'wrong-connector-field', 'Remove arn'), line('"name": "n", "disabled": false'));
    assert.equal(quickFix(line(`"name": "n", ${arn}`), 'azure-update.json', 'wrong-connector-field', 'Remove arn'), line('"name": "n"'));
  });

  describe('NOT EQUALS in an update\'s filters', () => {
    const criteria = (format: string, ops: string[]): string =>
      format === 'xml'
        ? `<ServiceRequest>\n  <filters>\n${ops.map((op, i) => `    <Criteria field="f${i}" operator="${op}">x</Criteria>\n`).join('')}  </filters>\n  <data>\n    <AwsAssetDataConnector>\n      <disabled>true</disabled>\n    </AwsAssetDataConnector>\n  </data>\n</ServiceRequest>\n`
        : format === 'yaml'
          ? `ServiceRequest:\n  filters:\n    Criteria:\n${ops.map((op, i) => `      - field: f${i}\n        operator: ${op}\n        value: x\n`).join('')}  data:\n    AwsAssetDataConnector:\n      disabled: true\n`
          : JSON.stringify({ ServiceRequest: { filters: { Criteria: ops.map((op, i) => ({ field: `f${i}`, operator: op, value: 'x' })) }, data: { AwsAssetDataConnector: { disabled: true } } } }, null, 2) + '\n';
    for (const format of ['xml', 'json', 'yaml']) {
      it(`changes it to EQUALS, or removes that filter, leaving a clean update (${format.toUpperCase()})`, () => {
        const text = criteria(format, ['EQUALS', 'NOT EQUALS']);
        assert.equal(quickFix(text, `aws-update.${format}`, 'not-equals-update', 'Change to EQUALS'), criteria(format, ['EQUALS', 'EQUALS']));
        const removed = quickFix(text, `aws-update.${format}`, 'not-equals-update', 'Remove the filter on f1');
        assert.deepEqual(errorsOf(analyze(removed, `aws-update.${format}`).findings), [], removed);
        const left = (JSON.parse(JSON.stringify(analyze(removed, `aws-update.${format}`).bound?.value)) as { ServiceRequest: { filters: { Criteria: unknown } } }).ServiceRequest.filters.Criteria;
        assert.deepEqual([left].flat(), [{ field: 'f0', operator: 'EQUALS', value: 'x' }]);
      });
    }

    it('removes the filters with their only criterion, whatever the format wrote (YAML map, JSON list)', () => {
      const yaml = 'ServiceRequest:\n  filters:\n    Criteria:\n      field: name\n      operator: NOT EQUALS\n      value: x\n  data:\n    AwsAssetDataConnector:\n      disabled: true\n';
      assert.equal(quickFix(yaml, 'aws-update.yaml', 'not-equals-update', 'Remove the filters (their one criterion is on name)'), 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      disabled: true\n');
      const json = criteria('json', ['NOT EQUALS']);
      assert.deepEqual(JSON.parse(quickFix(json, 'aws-update.json', 'not-equals-update', 'Remove the filters (their one criterion is on f0)')), { ServiceRequest: { data: { AwsAssetDataConnector: { disabled: true } } } });
    });
  });

  for (const format of ['xml', 'json', 'yaml']) {
    it(`adds the missing connectorScanConfig skeleton (${format.toUpperCase()})`, () => {
      const value = { ServiceRequest: { data: { AzureAssetDataConnector: { name: 'n', isCPSEnabled: true, connectorScanSetting: { isCustomScanConfigEnabled: true }, disabled: false } } } };
      const text =
        format === 'json'
          ? JSON.stringify(value, null, 2)
          : format === 'yaml'
            ? 'ServiceRequest:\n  data:\n    AzureAssetDataConnector:\n      name: n\n      isCPSEnabled: true\n      connectorScanSetting:\n        isCustomScanConfigEnabled: true\n      disabled: false\n'
            : '<ServiceRequest>\n  <data>\n    <AzureAssetDataConnector>\n      <name>n</name>\n      <isCPSEnabled>true</isCPSEnabled>\n      <connectorScanSetting>\n        <isCustomScanConfigEnabled>true</isCustomScanConfigEnabled>\n      </connectorScanSetting>\n      <disabled>false</disabled>\n    </AzureAssetDataConnector>\n  </data>\n</ServiceRequest>\n';
      const fixed = quickFix(text, `r.${format}`, 'missing-scan-config', 'Add connectorScanConfig');
      const after = analyze(fixed, `r.${format}`);
      assert.deepEqual(errorsOf(after.findings), [], fixed);
      assert.ok(fixed.includes('connectorScanConfig'), fixed);
      const bound = JSON.parse(JSON.stringify(after.bound?.value)) as { ServiceRequest: { data: { AzureAssetDataConnector: Record<string, unknown> } } };
      assert.deepEqual(Object.keys(bound.ServiceRequest.data.AzureAssetDataConnector), ['name', 'isCPSEnabled', 'connectorScanSetting', 'connectorScanConfig', 'disabled']);
    });
  }
});

describe('outline and folding', () => {
  it('nests symbols as the request nests, in every format', () => {
    for (const format of ['xml', 'json', 'yaml']) {
      const document = TextDocument.create(`file:///t/a.${format}`, format, 1, fixture('valid', `azure-create-single-tag.${format}`));
      const [root] = service.findDocumentSymbols(document);
      assert.equal(root.name, 'ServiceRequest');
      const connector = root.children?.[0]?.children?.[0];
      assert.equal(connector?.name, 'AzureAssetDataConnector');
      const names = connector?.children?.map((c) => c.name);
      assert.deepEqual(names?.slice(0, 4), ['name', 'description', 'defaultTags', 'activation']);
      const key = connector?.children?.find((c) => c.name === 'authRecord')?.children?.find((c) => c.name === 'authenticationKey');
      assert.equal(key?.detail, '••••••', 'the secret is not shown in the outline');
      const folds = service.getFoldingRanges(document);
      assert.ok(folds.length >= 10, `${format}: ${folds.length} folds`);
      assert.ok(folds.every((f) => f.endLine > f.startLine));
    }
  });
});

describe('convert', () => {
  it('keeps single items single and lists as lists', () => {
    const document = TextDocument.create('file:///t/a.json', 'json', 1, fixture('valid', 'azure-create-multi-tag.json'));
    const result = service.convert(document, 'json');
    assert.ok('text' in result);
    assert.deepEqual(JSON.parse(result.text), JSON.parse(fixture('valid', 'azure-create-multi-tag.json')));
  });

  it('refuses a file with a syntax error, saying where', () => {
    const document = TextDocument.create('file:///t/a.json', 'json', 1, '{"ServiceRequest": {"data": {,}}}');
    const result = service.convert(document, 'xml');
    assert.ok('error' in result);
    assert.match(result.error, /syntax error at line 1, column \d+/);
  });
});

describe('which files are requests', () => {
  it('checks files matching qualys.files.include even without a ServiceRequest root', () => {
    const included = new LanguageService({ include: ['**/connectors/*.yaml'] });
    const inside = TextDocument.create('file:///work/connectors/prod.yaml', 'yaml', 1, 'name: x\n');
    const outside = TextDocument.create('file:///work/other/prod.yaml', 'yaml', 1, 'name: x\n');
    assert.deepEqual(included.doValidation(inside).map((d) => d.code), ['not-a-request']);
    assert.deepEqual(included.doValidation(outside), []);
  });

  it('leaves other XML, JSON and YAML files alone, and checks those whose root is ServiceRequest', () => {
    const plain = new LanguageService({ include: [] });
    assert.deepEqual(plain.doValidation(TextDocument.create('file:///w/package.json', 'json', 1, '{"name": 1}')), []);
    const request = TextDocument.create('file:///w/a.xml', 'xml', 1, '<ServiceRequest><data><AwsAssetDataConnector><naem/></AwsAssetDataConnector></data></ServiceRequest>');
    assert.deepEqual(plain.doValidation(request).map((d) => d.code), ['unknown-field']);
  });
});

describe('search requests', () => {
  it('are checked against the search schema, in every format', () => {
    const value = { ServiceRequest: { preferences: { limitResults: 0 }, filters: { Criteria: { field: 'name', operator: 'NOT EQUALS', value: 'x' } } } };
    for (const format of ['xml', 'json', 'yaml'] as const) {
      const text = serialize(value, format);
      const a = analyze(text, `search.${format}`);
      assert.equal(a.schema, 'search');
      // NOT EQUALS is refused for updates only; a search may use it.
      assert.deepEqual(a.findings.map((f) => `${f.code} ${f.path}`), ['out-of-range ServiceRequest.preferences.limitResults'], format);
    }
  });
});

describe('the recorded target', () => {
  it('decides the schema: a file recorded as a create may not carry filters', () => {
    const dir = tempDir('qc-target-');
    const file = join(dir, 'prod.qualys.json');
    const text = '{"ServiceRequest": {"filters": {"Criteria": {"field": "name", "operator": "EQUALS", "value": "x"}}, "data": {"AwsAssetDataConnector": {"disabled": true}}}}';
    writeFileSync(file, text);
    const svc = new LanguageService({ include: [], resolveRecord: (uri) => lookupRecord(fileURLToPath(uri), dir) });
    const doc = (v: number): TextDocument => TextDocument.create(pathToFileURL(file).href, 'json', v, text);
    assert.deepEqual(svc.doValidation(doc(1)), [], 'without a record: an update by filter');
    writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'prod.qualys.json': { operation: 'create' } } }));
    assert.deepEqual(svc.doValidation(doc(2)).map((d) => d.code), ['unknown-field'], 'recorded as a create');
  });
});
