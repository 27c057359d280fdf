import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { bundleSchema } from '../../server/src/core/schema/bundle';
import { STANDALONE_BASE, standaloneSchemas } from '../../server/src/core/schema/standalone';
import { JsonSchema, schemaFiles } from '../../server/src/core/schema/store';
import { fixture, fixtureNames } from './helpers';

const STANDALONE_DIR = join(__dirname, '../../../schemas/standalone');
const generated = standaloneSchemas();

/** Every `$ref` in a schema, with the path where it is written. */
function refs(node: unknown, at = '#'): [string, string][] {
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [[at, v] as [string, string]] : refs(v, `${at}/${k}`)));
}

function at(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.replace(/^#/, '').split('/').filter(Boolean)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

/** The JSON fixtures, valid and invalid (span markers taken out), that parse. */
function jsonDocuments(): [string, unknown][] {
  return ['valid', 'invalid'].flatMap((dir) =>
    fixtureNames(dir)
      .filter((f) => f.endsWith('.json') && f !== 'cases.json')
      .flatMap((f): [string, unknown][] => {
        try {
          return [[`${dir}/${f}`, JSON.parse(fixture(dir, f).replace(/[«»]/g, ''))]];
        } catch {
          return [];
        }
      }),
  );
}

describe('standalone schemas', () => {
  it('match the committed files in schemas/standalone/, one a request schema', () => {
    const committed = readdirSync(STANDALONE_DIR).filter((f) => f.endsWith('.json')).sort();
    assert.deepEqual(committed, generated.map((s) => `${s.name}.schema.json`).sort(), 'schemas/standalone/ does not hold one file a request schema: run npm run schemas');
    for (const { name, text } of generated) {
      assert.equal(readFileSync(join(STANDALONE_DIR, `${name}.schema.json`), 'utf8'), text, `schemas/standalone/${name}.schema.json is out of date with schemas/: run npm run schemas`);
    }
  });

  for (const { name, schema } of generated) {
    describe(name, () => {
      it('is draft-07 with its own $id, a title and a description', () => {
        assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
        assert.equal(schema.$id, `${STANDALONE_BASE}${name}.schema.json`);
        assert.ok(schema.title && schema.description);
      });

      it('has no $ref leaving the file, and each one resolves', () => {
        const all = refs(schema);
        assert.ok(all.length > 0 || name === 'search');
        for (const [where, ref] of all) {
          assert.match(ref, /^#/, `${where}: ${ref} leaves the file`);
          assert.notEqual(at(schema, ref), undefined, `${where}: ${ref} points at nothing`);
        }
      });

      it('compiles in ajv strict mode knowing only the editors\' enumDescriptions', () => {
        const ajv = new Ajv({ strict: true, allowUnionTypes: true });
        ajv.addKeyword({ keyword: 'enumDescriptions', schemaType: 'array' });
        ajv.compile(schema);
      });
    });
  }

  it('judges every JSON fixture as the multi-file schemas do', () => {
    const original = new Ajv({ strict: false, allErrors: true });
    for (const [id, s] of schemaFiles) original.addSchema(s as object, id);
    const docs = jsonDocuments();
    let passes = 0;
    let fails = 0;
    for (const { schema, source } of generated) {
      const before = original.getSchema(source);
      assert.ok(before, `no source schema ${source}`);
      const after = new Ajv({ strict: false, allErrors: true }).compile(schema);
      for (const [file, doc] of docs) {
        const verdict = after(doc);
        assert.equal(verdict, before(doc), `${file} against ${schema.$id}`);
        const errors = (e: typeof after.errors) => (e ?? []).map((x) => `${x.instancePath} ${x.keyword} ${x.message}`).sort();
        assert.deepEqual(errors(after.errors), errors(before.errors), `${file} against ${schema.$id}`);
        if (verdict) passes++;
        else fails++;
      }
    }
    assert.ok(passes > 0 && fails > 0, `both verdicts seen (${passes} pass, ${fails} fail)`);
  });
});

describe('bundleSchema', () => {
  const files = (...schemas: JsonSchema[]): Map<string, JsonSchema> => new Map(schemas.map((s) => [s.$id as string, s]));
  const base = 'https://example.test/s/';

  it('takes only the definitions the root reaches, through chains and cycles', () => {
    const lib: JsonSchema = { $id: `${base}lib.schema.json`, definitions: { a: { $ref: '#/definitions/b' }, b: { properties: { again: { $ref: '#/definitions/a' } } }, unused: { type: 'string' } } };
    const root: JsonSchema = { $id: `${base}root.schema.json`, properties: { x: { $ref: 'lib.schema.json#/definitions/a' } } };
    const out = bundleSchema(root.$id as string, files(root, lib));
    assert.deepEqual(Object.keys(out.definitions ?? {}).sort(), ['lib__a', 'lib__b']);
    assert.equal(out.properties?.x.$ref, '#/definitions/lib__a');
    assert.equal(out.$id, undefined);
  });

  it('takes a whole file when a $ref names its root or a property, and escapes pointer parts', () => {
    const other: JsonSchema = { $id: `${base}other.schema.json`, type: 'object', properties: { 'a/b': { type: 'string' } } };
    const root: JsonSchema = { $id: `${base}root.schema.json`, properties: { whole: { $ref: 'other.schema.json' }, part: { $ref: 'other.schema.json#/properties/a~1b' }, self: { $ref: '#/properties/whole' } } };
    const out = bundleSchema(root.$id as string, files(root, other));
    assert.equal(out.properties?.whole.$ref, '#/definitions/other');
    assert.equal(out.properties?.part.$ref, '#/definitions/other/properties/a~1b');
    assert.equal(out.properties?.self.$ref, '#/properties/whole');
    assert.deepEqual(at(out, '#/definitions/other/properties/a~1b'), { type: 'string' });
  });

  it('leaves data alone: an enum value or a property named $ref or $id is not a keyword', () => {
    const root: JsonSchema = { $id: `${base}root.schema.json`, properties: { $ref: { type: 'string' }, $id: { enum: ['#/x'] } } as Record<string, JsonSchema> };
    const out = bundleSchema(root.$id as string, files(root));
    assert.deepEqual(out.properties, root.properties);
  });

  it('says which $ref is broken rather than writing a schema that points at nothing', () => {
    const root: JsonSchema = { $id: `${base}root.schema.json`, properties: { a: { $ref: 'missing.schema.json#/definitions/a' }, b: { $ref: '#/definitions/nope' } } };
    assert.throws(() => bundleSchema(root.$id as string, files(root)), /missing\.schema\.json.*not one of the schemas/);
    const onlyB: JsonSchema = { ...root, properties: { b: { $ref: '#/definitions/nope' } } };
    assert.throws(() => bundleSchema(root.$id as string, files(onlyB)), /"#\/definitions\/nope" in .*root\.schema\.json points at nothing/);
  });
});
