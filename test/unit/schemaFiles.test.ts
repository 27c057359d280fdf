import assert from 'node:assert/strict';
import Ajv from 'ajv';
import { schemaFiles } from '../../server/src/core/schema/store';
import { fixture } from './helpers';
import { schemaChecker } from '../../server/src/core/validation/ajv';

/**
 * The schema files as other tools read them (VS Code's JSON support, Red Hat YAML: plain draft-07,
 * our annotations unknown): they take what Qualys takes, quoted values included, and refuse the rest.
 */
describe('schema files, read by a plain draft-07 validator', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  for (const [id, schema] of schemaFiles) ajv.addSchema(schema as object, id);
  const validate = (schema: string, value: unknown): string[] => {
    const fn = ajv.getSchema(`https://schemas.qualys-connector.dev/${schema}`);
    assert.ok(fn, schema);
    return fn(value) ? [] : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
  };
  const aws = (connector: object): unknown => ({ ServiceRequest: { data: { AwsAssetDataConnector: connector } } });

  it('take the body of Qualys\' own Terraform template, quoted "true" and "240" included', () => {
    assert.deepEqual(validate('aws-create.schema.json', JSON.parse(fixture('valid', 'aws-create-terraform.json'))), []);
  });

  it('refuse a quoted value that does not parse as the documented type', () => {
    const errors = validate('aws-create.schema.json', aws({ allRegions: 'yes', runFrequency: 'every four hours', defaultTags: { set: { TagSimple: { id: '0' } } } }));
    for (const path of ['allRegions', 'runFrequency', 'defaultTags/set/TagSimple/id']) assert.ok(errors.some((e) => e.startsWith(`/ServiceRequest/data/AwsAssetDataConnector/${path} `)), `${path}: ${errors.join('; ')}`);
  });

  it('know the read-only fields of a GET answer, and mark them readOnly', () => {
    assert.deepEqual(validate('aws-update.schema.json', aws({ id: 5, connectorState: 'QUEUED', type: 'AWS', lastSync: 'x', isDeleted: 'false', tagMetadata: { id: 1 } })), []);
    const definitions = (schemaFiles.get('https://schemas.qualys-connector.dev/common.schema.json') as { definitions: Record<string, { readOnly?: boolean }> }).definitions;
    for (const def of ['id', 'connectorState', 'connectorType', 'readOnlyText', 'readOnlyFlag', 'tagMetadata']) assert.equal(definitions[def].readOnly, true, def);
  });

  it('take an empty search body', () => {
    assert.deepEqual(validate('search.schema.json', { ServiceRequest: {} }), []);
  });
});

describe('schema files, as the checker compiles them', () => {
  it('are valid draft-07 and compile in strict mode, which the server trusts without checking them at start', () => {
    const checker = schemaChecker(true);
    for (const id of schemaFiles.keys()) {
      assert.equal(checker.validateSchema(checker.getSchema(id)?.schema as object), true, `${id}: ${JSON.stringify(checker.errors)}`);
    }
  });

  it('a schema with a mistake in it is refused when checked, so the check above can fail', () => {
    const checker = schemaChecker(true);
    assert.throws(() => checker.addSchema({ type: 'object', properties: { a: { type: 'no-such-type' } } }, 'https://schemas.qualys-connector.dev/broken.schema.json'), /schema is invalid/);
  });
});
