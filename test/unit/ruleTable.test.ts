import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codesTable, explainCode, RULE_TABLE } from '../../server/src/core/findingCodes';
import { RULES } from '../../server/src/core/validation/rules';
import { analyze } from '../../server/src/core/analyze';

describe('the table of finding codes and their evidence', () => {
  it('is the README\'s table of codes, word for word (npm run readme:codes writes it)', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const block = /<!-- codes:start[^\n]*-->\n([\s\S]*?)\n<!-- codes:end -->/.exec(readme);
    assert.ok(block, 'the README has the codes block');
    assert.equal(block[1], codesTable());
  });

  it('gives every code a meaning, a severity and at least one source; a disputed rule is at most a warning', () => {
    for (const [code, row] of Object.entries(RULE_TABLE)) {
      assert.ok(row.meaning.length > 10, code);
      assert.ok(row.sources.length > 0, `${code} has no source`);
      if (row.disputed) assert.notEqual(row.severity, 'error', `${code} is disputed yet an error`);
      if (row.disputed) assert.ok(row.sources.length >= 2, `${code}: a dispute needs two sides`);
    }
  });

  it('states each prose rule at the severity the table gives its code', () => {
    for (const rule of RULES) assert.equal(rule.severity, RULE_TABLE[rule.code].severity, rule.code);
  });

  it('explains a code with its sources, and says when a setting changed its level', () => {
    const text = explainCode('recurrence-monthly');
    assert.match(text, /^recurrence-monthly: /);
    assert.match(text, /Severity: warning\./);
    assert.match(text, /they disagree/);
    assert.match(text, /Qualys' own tooling: .*TenantConnector/);
    assert.match(text, /XSD: /);
    assert.match(explainCode('pc-with-sca'), /Severity: off \(turned on, it is a warning\)/);
    assert.match(explainCode('suspicious-arn', 'off'), /Severity: off \(set by the rule settings; by default warning\)/);
    assert.match(explainCode('syntax'), /cannot be changed or suppressed/);
  });
});

describe('where the sources disagree, judged in three formats', () => {
  const FORMATS = ['xml', 'json', 'yaml'] as const;
  const read = (f: string): string => readFileSync(join(__dirname, '../../../test/fixtures/valid', `azure-create-tenant-connector.${f}`), 'utf8');

  it("Qualys' TenantConnector request is no error; with MONTHLY, a warning that says who says what", () => {
    for (const f of FORMATS) {
      const name = `azure-create-tenant-connector.${f}`;
      assert.deepEqual(analyze(read(f), name).findings.map((x) => `${x.severity} ${x.code}`), ['warning suspicious-guid', 'warning suspicious-guid'], name);
      const monthly = analyze(read(f).replace(/WEEKLY/, 'MONTHLY'), name).findings.filter((x) => x.code !== 'suspicious-guid');
      assert.deepEqual(monthly.map((x) => `${x.severity} ${x.code}`), ['warning days-without-weekly', 'warning recurrence-monthly'], name);
      assert.match(monthly[1].message, /TenantConnector script accepts it, but .* allow only DAILY or WEEKLY/);
    }
  });

  it("the Terraform provider's AWS create, with the empty sets it always sends: no error, a warning on each that says the sources disagree", () => {
    // sjackson0109/terraform-provider-qualys, qps/awsconnector.go awsInputToWire over qps/connector.go baseInputToWire:
    // activation and defaultTags are always written with an explicit empty set, "to clear" them (unverified
    // against a live tenant, its comment says); field order of its Go structs, a user's values. XML cannot
    // write an empty list, so this request is JSON and YAML only (in XML an empty <set/> is the same verdict).
    const body = { ServiceRequest: { data: { AwsAssetDataConnector: { name: 'aws-prod', description: 'Managed by Terraform', runFrequency: 240, disabled: false, isRemediationEnabled: false, activation: { set: { ActivationModule: [] } }, defaultTags: { set: { TagSimple: [] } }, arn: 'arn:aws:iam::123456789012:role/QualysConnectorRole', externalId: 'qualys-external-id', allRegions: true } } } };
    const yaml = 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "aws-prod"\n      activation:\n        set:\n          ActivationModule: []\n      defaultTags:\n        set:\n          TagSimple: []\n';
    const xml = '<ServiceRequest><data><AwsAssetDataConnector><name>aws-prod</name><activation><set/></activation><defaultTags><set></set></defaultTags></AwsAssetDataConnector></data></ServiceRequest>';
    for (const [text, name] of [[JSON.stringify(body, null, 2), 'tf-create.qualys.json'], [yaml, 'tf-create.qualys.yaml'], [xml, 'tf-create.qualys.xml']]) {
      const findings = analyze(text, name).findings;
      assert.deepEqual(findings.map((x) => `${x.severity} ${x.code}`), ['warning empty-set', 'warning empty-set'], name);
      assert.match(findings[0].message, /An empty set clears activation: the third-party Terraform provider sends one .* no Qualys page or script shows it/);
    }
  });
});
