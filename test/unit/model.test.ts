import assert from 'node:assert/strict';
import {
  CONNECTOR_ELEMENTS,
  isConnectorId,
  isKind,
  isOperation,
  KIND_NAMES,
  kindOfElement,
  kindOfNoun,
  kindRow,
  needsId,
  OPERATION_NAMES,
  operationRow,
  parseConnectorId,
  SCHEMA_SECRET_FIELDS,
  sendsBody,
  takesId,
} from '../../server/src/core/model';

/*
 * The connector API table every layer reads: what a user gets from it is the operation's method and
 * whether it takes an id and a body, the names flags and files accept, and which fields are secrets.
 * (#25: its mutants.)
 */

describe('model: the operations and kinds', () => {
  it('the six operations in the documentation order, each with its method, id and body', () => {
    const rows = OPERATION_NAMES.map((name) => {
      const r = operationRow(name);
      return `${r.name} ${r.method} id:${r.id} body:${r.body} ${r.effect} ${r.schema ?? '-'}`;
    });
    assert.deepEqual(rows, [
      'create POST id:none body:always creates create',
      'update POST id:optional body:always acts update',
      'search POST id:none body:always reads search',
      'get GET id:required body:never reads -',
      'delete POST id:optional body:without-id acts -',
      'run POST id:required body:never acts -',
    ]);
    for (const name of OPERATION_NAMES) assert.ok(operationRow(name).description.length > 20, name);
  });

  it('an id is needed by get and run always, by update and delete unless filters select, never by create or search', () => {
    const table = OPERATION_NAMES.map((op) => `${op} ${needsId(op, false)} ${needsId(op, true)} ${takesId(op)} ${sendsBody(op)}`);
    assert.deepEqual(table, [
      'create false false false true',
      'update true false true true',
      'search false false false true',
      'get true true true false',
      'delete true false true true',
      'run true true true false',
    ]);
  });

  it('kinds by name, element and URL noun; anything else is none of them', () => {
    assert.deepEqual(KIND_NAMES, ['aws', 'azure', 'gcp', 'oci']);
    for (const kind of KIND_NAMES) {
      const row = kindRow(kind);
      assert.equal(kindOfElement(row.element), kind);
      assert.equal(kindOfNoun(row.noun), kind);
      assert.equal(CONNECTOR_ELEMENTS[kind], row.element);
      assert.equal(row.noun, row.element.toLowerCase());
    }
    assert.deepEqual(KIND_NAMES.map((k) => kindRow(k).label), ['AWS', 'Azure', 'GCP', 'OCI']);
    for (const other of ['', 'AWS', 'awsassetdataconnector ', 'toString', '__proto__', 'constructor']) {
      assert.equal(kindOfElement(other), undefined, other);
      assert.equal(kindOfNoun(other), undefined, other);
      assert.equal(isKind(other), false, other);
      assert.equal(isOperation(other), false, other);
    }
    assert.equal(isKind('gcp'), true);
    assert.equal(isOperation('run'), true);
    assert.equal(isKind(3), false);
    assert.equal(isOperation(undefined), false);
  });
});

describe('model: connector ids', () => {
  it('a positive whole number JavaScript holds exactly', () => {
    for (const ok of [1, 42, Number.MAX_SAFE_INTEGER]) assert.equal(isConnectorId(ok), true, String(ok));
    for (const bad of [0, -1, 1.5, 1e21, Number.MAX_SAFE_INTEGER + 1, NaN, Infinity, '12', null]) assert.equal(isConnectorId(bad), false, String(bad));
  });

  it('typed by a person: digits only, spaces around allowed, no sign, no leading zero, no exponent', () => {
    assert.equal(parseConnectorId('12'), 12);
    assert.equal(parseConnectorId(' 7 '), 7);
    assert.equal(parseConnectorId('9007199254740991'), 9007199254740991);
    for (const bad of ['', '0', '012', '-3', '+3', '1e3', '0x10', '1.0', '12a', 'a12', '1 2', '9007199254740993']) assert.equal(parseConnectorId(bad), undefined, bad);
  });
});

describe('model: the fields the schemas mark secret', () => {
  it('are found wherever the schemas declare them, and only those', () => {
    assert.deepEqual([...SCHEMA_SECRET_FIELDS].sort(), ['authenticationKey', 'passphrase', 'privateKey', 'private_key']);
  });
});
