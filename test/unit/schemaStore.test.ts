import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/analyze';
import { KIND_NAMES } from '../../server/src/core/model';
import { connectorSchema, deref, itemSchema, propertySchema, readOnlyFieldNames, requestSchema, requestSchemaId, requiredNames, SchemaAt, typesOf } from '../../server/src/core/schema/store';

/*
 * The schema store: which schema a request is checked against, the fields each connector reports
 * but does not take, what a key like `constructor` is, and the descriptions hover shows where a
 * `$ref` carries its own. (#25: its mutants.)
 */

const at = (root: SchemaAt, ...keys: string[]): SchemaAt => {
  let s: SchemaAt | undefined = root;
  for (const k of keys) s = s && propertySchema(s, k);
  assert.ok(s, keys.join('.'));
  return s;
};

describe('schema store: which schema, which fields', () => {
  it('a search is checked against the one search schema, whatever the kind; the others against their kind\'s', () => {
    for (const kind of KIND_NAMES) {
      assert.equal(requestSchemaId(kind, 'search'), 'https://schemas.qualys-connector.dev/search.schema.json');
      assert.equal(requestSchemaId(kind, 'create'), `https://schemas.qualys-connector.dev/${kind}-create.schema.json`);
      assert.equal(requestSchemaId(kind, 'update'), `https://schemas.qualys-connector.dev/${kind}-update.schema.json`);
      assert.equal(requestSchema(kind, 'update').file, requestSchemaId(kind, 'update'));
    }
  });

  it("each kind's connector schema is its own, and asked twice gives the same", () => {
    for (const kind of KIND_NAMES) {
      const c = connectorSchema(kind);
      assert.equal(c.file, `https://schemas.qualys-connector.dev/${kind}-connector.schema.json`);
      assert.equal(c.schema['x-connectorKind'] ?? kind, kind);
      assert.equal(connectorSchema(kind), c);
    }
  });

  it('the read-only fields of each kind: what Qualys reports and a request may not carry', () => {
    const common = ['id', 'connectorState', 'type', 'lastSync', 'nextSync', 'lastError', 'tagMetadata', 'isDeleted', 'cloudviewUuid'];
    assert.deepEqual([...readOnlyFieldNames('gcp')].sort(), [...common].sort());
    assert.deepEqual([...readOnlyFieldNames('oci')].sort(), [...common].sort());
    assert.deepEqual([...readOnlyFieldNames('azure')].sort(), [...common, 'awsAccountId', 'isAttachedToOrgConnector'].sort());
    assert.deepEqual([...readOnlyFieldNames('aws')].sort(), [...common, 'awsAccountId', 'qualysAwsAccountId', 'isAttachedToOrgConnector'].sort());
    assert.ok(!readOnlyFieldNames('aws').has('name'));
  });

  it('a key named like a member of every object is an unknown field, not a schema', () => {
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      const found = analyze(`{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "n", "${key}": 1}}}}`, 'aws-update.qualys.json').findings;
      assert.deepEqual(found.map((f) => `${f.code} ${f.path}`), [`unknown-field ServiceRequest.data.AwsAssetDataConnector.${key}`], key);
      assert.equal(propertySchema(connectorSchema('aws'), key), undefined, key);
    }
  });
});

describe('schema store: following $refs', () => {
  const aws = connectorSchema('aws');

  it('a description beside a $ref wins over its target\'s, for the value and for its items', () => {
    const set = at(aws, 'activation', 'set');
    const add = at(aws, 'activation', 'add');
    assert.equal(set.description, 'Replaces the activated modules with these.');
    assert.equal(add.description, 'Adds these modules.');
    assert.equal(set.schema, add.schema, 'one schema, two uses');
    const setItem = itemSchema(at(set, 'ActivationModule'));
    assert.ok(setItem);
    assert.deepEqual(typesOf(setItem), ['string']);
    assert.ok(setItem.schema.enum?.includes('VM'));
  });

  it('an item of a one-or-many value is described as the field that holds it', () => {
    const holder = at(aws, 'defaultTags', 'set', 'TagSimple');
    const item = itemSchema(holder);
    assert.ok(item);
    assert.equal(item.description, 'A tag, referenced by its ID. One object or a list of them.');
    assert.equal(item.schema.description, 'A tag, referenced by its ID.');
    assert.equal(itemSchema(holder), item, 'asked again, the same');
  });

  it("a create's connector requires what its request schema lists beside the $ref (GCP, OCI); the others only their own", () => {
    const connectorOf = (kind: 'gcp' | 'oci' | 'aws', element: string): SchemaAt => at(requestSchema(kind, 'create'), 'ServiceRequest', 'data', element);
    assert.deepEqual([...requiredNames(connectorOf('gcp', 'GcpAssetDataConnector'))], ['name', 'authRecord', 'runFrequency', 'connectorAppInfos']);
    assert.deepEqual([...requiredNames(connectorOf('oci', 'OciAssetDataConnector'))], ['name', 'homeRegion', 'runFrequency', 'authRecord', 'connectorAppInfos']);
    assert.deepEqual([...requiredNames(connectorOf('aws', 'AwsAssetDataConnector'))], []);
    assert.deepEqual([...requiredNames(at(aws, 'defaultTags'))], []);
  });

  it('a description of its own is kept, and a schema without one says nothing', () => {
    const name = at(aws, 'name');
    assert.equal(name.description, 'Name of the connector.');
    assert.equal(deref(name), name, 'a schema already followed is not copied');
    const bare = deref({ schema: { type: 'string' }, file: aws.file });
    assert.equal(bare.description, undefined);
    assert.deepEqual(typesOf(bare), ['string']);
  });

  it('names required beside a $ref are added to the target\'s own', () => {
    const target = deref({ schema: { $ref: '#/definitions/Criteria', required: ['extra'] }, file: 'https://schemas.qualys-connector.dev/common.schema.json' });
    assert.deepEqual([...requiredNames(target)].sort(), ['extra', 'field', 'operator', 'value']);
    assert.equal(target.description?.startsWith('A filter criterion'), true);
    const again = deref(target);
    assert.deepEqual([...requiredNames(again)].sort(), ['extra', 'field', 'operator', 'value']);
    assert.deepEqual([...requiredNames(deref({ schema: { type: 'object' }, file: aws.file }))], []);
  });

  it('a $ref to nothing says which and where', () => {
    assert.throws(() => deref({ schema: { $ref: '#/definitions/Nope' }, file: 'https://schemas.qualys-connector.dev/common.schema.json' }), /^Error: Unresolvable \$ref #\/definitions\/Nope in https:\/\/schemas\.qualys-connector\.dev\/common\.schema\.json$/);
    assert.throws(() => deref({ schema: { $ref: 'nowhere.schema.json#/x' }, file: 'https://schemas.qualys-connector.dev/common.schema.json' }), /Unresolvable \$ref nowhere\.schema\.json#\/x/);
  });

  it('the types a value may have: one-or-many as a list, a quotable value as its documented type', () => {
    assert.deepEqual(typesOf(at(aws, 'activation', 'set', 'ActivationModule')), ['array']);
    assert.deepEqual(typesOf(at(aws, 'runFrequency')), ['integer']);
    assert.deepEqual(typesOf(at(aws, 'disabled')), ['boolean']);
    assert.deepEqual(typesOf(deref({ schema: { $ref: '#/definitions/Criteria' }, file: 'https://schemas.qualys-connector.dev/common.schema.json' })), ['object']);
    const value = propertySchema(deref({ schema: { $ref: '#/definitions/Criteria' }, file: 'https://schemas.qualys-connector.dev/common.schema.json' }), 'value');
    assert.ok(value);
    assert.deepEqual(typesOf(value), ['string', 'number', 'boolean']);
    assert.deepEqual(typesOf(deref({ schema: {}, file: aws.file })), []);
    assert.equal(itemSchema(at(aws, 'name')), undefined, 'a string has no items');
  });
});
