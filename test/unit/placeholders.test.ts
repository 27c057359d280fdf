import assert from 'node:assert/strict';
import { expandTemplate, placeholdersOf, valueAt } from '../../server/src/core/fleet/placeholders';

const ENTRY = { Id: '111122223333', Name: 'prod', Count: 5, On: true, Off: false, Nothing: null, tags: { team: 'sec' }, list: ['a', 'b'], nested: { deep: { er: 'x' } } };

/** A template's `${…}` filled from one inventory entry: the value where it stands alone, written in otherwise, and the first it cannot fill. */
describe('placeholders of a fleet template', () => {
  it('finds each placeholder once, trimmed, wherever it is, keys and list items included', () => {
    assert.deepEqual(placeholdersOf({ a: '${ Id }-${Name}', b: ['${Id}', { c: 'x ${tags.team} y' }], n: 5 }), ['Id', 'Name', 'tags.team']);
    assert.deepEqual(placeholdersOf('no placeholder'), []);
  });

  it('reads a dotted path through objects and lists by index, own fields only', () => {
    assert.equal(valueAt(ENTRY, 'tags.team'), 'sec');
    assert.equal(valueAt(ENTRY, 'list.1'), 'b');
    assert.equal(valueAt(ENTRY, 'list.x'), undefined);
    assert.equal(valueAt(ENTRY, 'list.1x'), undefined, 'an index is digits only');
    assert.equal(valueAt(ENTRY, 'tags.0'), undefined, 'digits name no field of an object that lacks it');
    assert.equal(valueAt(ENTRY, 'constructor'), undefined);
    assert.equal(valueAt(ENTRY, 'nested.deep.er'), 'x');
    assert.equal(valueAt({ ten: Array.from({ length: 11 }, (_, i) => `v${i}`) }, 'ten.10'), 'v10', 'an index of two digits');
  });

  it('keeps a value standing alone as its type, writes it into text, trims the path, and leaves other values as they are', () => {
    const template = { ServiceRequest: { data: { C: { name: 'aws-${Name}', id: '${Id}', count: '${ Count }', on: '${On}', off: '${Off}', text: '${Count} of ${ Name }', n: 7, b: false, z: null, list: ['${Name}', 'x'] } } } };
    assert.deepEqual(expandTemplate(template, ENTRY), { value: { ServiceRequest: { data: { C: { name: 'aws-prod', id: '111122223333', count: 5, on: true, off: false, text: '5 of prod', n: 7, b: false, z: null, list: ['prod', 'x'] } } } } });
    assert.deepEqual(expandTemplate('${Id}x', ENTRY), { value: '111122223333x' }, 'not alone: written in');
  });

  it('names the first placeholder it cannot fill, where it is in the template, and why', () => {
    const at = (template: unknown) => {
      const r = expandTemplate(template, ENTRY);
      return 'unresolved' in r ? r.unresolved : r;
    };
    assert.deepEqual(at({ ServiceRequest: { data: { C: { name: 'aws-${Missing}' } } } }), { placeholder: '${Missing}', at: 'ServiceRequest.data.C.name', why: 'the entry has no field "Missing"' });
    assert.deepEqual(at({ a: ['ok', '${Nothing}'] }), { placeholder: '${Nothing}', at: 'a[1]', why: 'the entry has no field "Nothing"' });
    assert.deepEqual(at({ a: 'x ${tags} y' }), { placeholder: '${tags}', at: 'a', why: 'the entry\'s "tags" is an object, not a value' });
    assert.deepEqual(at({ a: '${list}' }), { placeholder: '${list}', at: 'a', why: 'the entry\'s "list" is a list, not a value' });
    assert.deepEqual(at({ a: '${}' }), { placeholder: '${}', at: 'a', why: 'the entry has no field ""' });
    assert.deepEqual(at(['${A}', '${B}']), { placeholder: '${A}', at: '[0]', why: 'the entry has no field "A"' }, 'the first only');
    assert.deepEqual(at({ a: '${A} and ${B}' }), { placeholder: '${A}', at: 'a', why: 'the entry has no field "A"' }, 'the first in one string too');
  });

  it('stops at 64 levels: deeper strings are left as written, and their placeholders not looked for', () => {
    let deep: unknown = '${Name}';
    for (let i = 0; i < 66; i++) deep = { k: deep };
    let shallow: unknown = '${Name}';
    for (let i = 0; i < 64; i++) shallow = { k: shallow };
    assert.deepEqual(placeholdersOf(deep), []);
    assert.deepEqual(placeholdersOf(shallow), ['Name']);
    const filled = expandTemplate(shallow, ENTRY);
    let v = 'value' in filled ? filled.value : undefined;
    for (let i = 0; i < 64; i++) v = (v as { k: unknown }).k;
    assert.equal(v, 'prod');
    const left = expandTemplate(deep, ENTRY);
    let w = 'value' in left ? left.value : undefined;
    for (let i = 0; i < 66; i++) w = (w as { k: unknown }).k;
    assert.equal(w, '${Name}');
  });
});
