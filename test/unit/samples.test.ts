import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { serialize } from '../../server/src/core/serialize';
import { Format } from '../../server/src/core/tree';
import { codesAndPaths, errorsOf, fixture, fixtureNames, plain } from './helpers';

const FORMATS: Format[] = ['xml', 'json', 'yaml'];
const bases = [...new Set(fixtureNames('valid').map((f) => f.replace(/\.(xml|json|yaml)$/, '')))];

describe('documentation samples', () => {
  it('has every sample of the documentation pages in all three formats', () => {
    assert.deepEqual(bases, ['aws-update-basic', 'aws-update-cps', 'aws-update-json', 'azure-create-cps', 'azure-create-multi-tag', 'azure-create-single-tag', 'gcp-update-basic', 'oci-create-basic']);
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
        assert.deepEqual(xml, json);
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

  it('warns, never errs, on the doc samples\' placeholders and day-first dates', () => {
    const cps = analyze(fixture('valid', 'azure-create-cps.xml'), 'azure-create-cps.xml');
    assert.deepEqual(cps.findings.map((f) => `${f.severity} ${f.code}`), ['warning date-day-first']);
    const multi = analyze(fixture('valid', 'azure-create-multi-tag.json'), 'azure-create-multi-tag.json');
    assert.ok(multi.findings.some((f) => f.code === 'duplicate-tag' && f.severity === 'warning'));
    assert.ok(multi.findings.some((f) => f.code === 'suspicious-guid' && f.severity === 'warning'));
  });
});
