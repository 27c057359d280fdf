import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { serialize } from '../../server/src/core/serialize';
import { Format } from '../../server/src/core/tree';
import { codesAndPaths, errorsOf, fixture, fixtureNames, plain } from './helpers';

const FORMATS: Format[] = ['xml', 'json', 'yaml'];
const bases = [...new Set(fixtureNames('valid').map((f) => f.replace(/\.(xml|json|yaml)$/, '')))];

describe('documentation samples', () => {
  it('has every sample of both seed pages, and the GCP and OCI pages, and the requests of Qualys\' own automation, in all three formats', () => {
    assert.deepEqual(bases, [
      'aws-create-gov-cloud',
      'aws-create-terraform',
      'aws-update-basic',
      'aws-update-cps',
      'aws-update-json',
      'azure-create-auth-record-by-id',
      'azure-create-cps',
      'azure-create-multi-tag',
      'azure-create-single-tag',
      'azure-create-tenant-connector',
      'azure-search-by-subscription',
      'azure-update-tags-from-csv',
      'gcp-update-basic',
      'oci-create-basic',
      'search-page-by-offset',
    ]);
    for (const base of bases) for (const f of FORMATS) assert.ok(fixture('valid', `${base}.${f}`).length > 0);
  });

  for (const base of bases) {
    describe(base, () => {
      for (const format of FORMATS) {
        it(`validates with no error in ${format.toUpperCase()}`, () => {
          const name = `${base}.${format}`;
          const result = analyze(fixture('valid', name), name);
          assert.equal(result.isRequest, true);
          assert.deepEqual(errorsOf(result.findings).map((f) => `${f.code}: ${f.message}`), []);
        });
      }

      it('reads as the same request in XML, JSON and YAML', () => {
        const [xml, json, yaml] = FORMATS.map((f) => plain(analyze(fixture('valid', `${base}.${f}`), `${base}.${f}`).bound?.value));
        assert.ok(json);
        assert.deepEqual(xml, json);
        assert.deepEqual(yaml, json);
      });

      it('yields the same findings in XML, JSON and YAML', () => {
        const [xml, json, yaml] = FORMATS.map((f) => codesAndPaths(fixture('valid', `${base}.${f}`), `${base}.${f}`));
        // XML text has no quotes to drop: a quoted value is a JSON and YAML finding only.
        assert.deepEqual(xml, json.filter((f) => !f.includes(' quoted-value ')));
        assert.deepEqual(yaml, json);
      });

      it('converts to each format and back without loss', () => {
        const original = plain(analyze(fixture('valid', `${base}.json`), `${base}.json`).bound?.value);
        for (const format of FORMATS) {
          const text = serialize(original, format);
          const again = analyze(text, `${base}.${format}`);
          assert.deepEqual(errorsOf(again.findings), [], `${format}:\n${text}`);
          assert.deepEqual(plain(again.bound?.value), original, format);
        }
      });
    });
  }

  it('types XML text by the schema: numbers, booleans and strings', () => {
    const value = plain(analyze(fixture('valid', 'aws-update-basic.xml'), 'aws-update-basic.xml').bound?.value) as {
      ServiceRequest: { data: { AwsAssetDataConnector: Record<string, unknown> } };
    };
    const c = value.ServiceRequest.data.AwsAssetDataConnector;
    assert.equal(c.runFrequency, 120);
    assert.equal(c.allRegions, true);
    assert.equal(c.disabled, false);
    assert.equal(c.externalId, 'POD-999999-11213331');
    assert.deepEqual(c.defaultTags, { set: { TagSimple: [{ id: 42458382 }] } });
  });

  it('notes, never errs, on the strings Qualys\' own Terraform template sends for a boolean and an integer', () => {
    for (const format of ['json', 'yaml']) {
      const name = `aws-create-terraform.${format}`;
      assert.deepEqual(
        analyze(fixture('valid', name), name).findings.map((f) => `${f.severity} ${f.code} ${f.path}`),
        ['information quoted-value ServiceRequest.data.AwsAssetDataConnector.allRegions', 'information quoted-value ServiceRequest.data.AwsAssetDataConnector.runFrequency'],
      );
    }
    const typed = plain(analyze(fixture('valid', 'aws-create-terraform.json'), 'aws-create-terraform.json').bound?.value) as {
      ServiceRequest: { data: { AwsAssetDataConnector: Record<string, unknown> } };
    };
    assert.equal(typed.ServiceRequest.data.AwsAssetDataConnector.allRegions, true);
    assert.equal(typed.ServiceRequest.data.AwsAssetDataConnector.runFrequency, 240);
  });

  it('checks an empty body recorded as a search as a clean search, in every format', () => {
    for (const [format, text] of [['json', '{"ServiceRequest": {}}'], ['yaml', 'ServiceRequest: {}\n'], ['xml', '<ServiceRequest></ServiceRequest>']]) {
      const result = analyze(text, `connectors.${format}`, undefined, { treatAsRequest: true, operation: 'search' });
      assert.equal(result.schema, 'search');
      assert.deepEqual(result.findings, [], format);
    }
  });

  it('warns, never errs, on the doc samples\' placeholders and day-first dates', () => {
    const cps = analyze(fixture('valid', 'azure-create-cps.xml'), 'azure-create-cps.xml');
    assert.deepEqual(cps.findings.map((f) => `${f.severity} ${f.code}`), ['warning date-day-first']);
    const multi = analyze(fixture('valid', 'azure-create-multi-tag.json'), 'azure-create-multi-tag.json');
    assert.ok(multi.findings.some((f) => f.code === 'duplicate-tag' && f.severity === 'warning'));
    assert.ok(multi.findings.some((f) => f.code === 'suspicious-guid' && f.severity === 'warning'));
  });
});
