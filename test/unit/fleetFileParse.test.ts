import assert from 'node:assert/strict';
import { FLEET_NAME, parseFleet } from '../../server/src/core/fleet/fleetFile';

/** Each problem of a fleet file: the text it lies on, and what it says. */
function problems(text: string, name = 'f.qualys-fleet.yaml'): [string, string][] {
  return parseFleet(text, name).problems.map((p) => [text.slice(p.span.start, p.span.end), p.message]);
}

/** A fleet file as the user writes it: every mistake on its key or value, in words that say what to write. */
describe('fleet files, field by field', () => {
  it('is known by its name, in YAML or JSON, whatever the case', () => {
    for (const n of ['a.qualys-fleet.yaml', 'a.qualys-fleet.yml', 'A.QUALYS-FLEET.JSON']) assert.ok(FLEET_NAME.test(n), n);
    for (const n of ['a.qualys-fleet.yaml.bak', 'a.qualys-fleet.ymll', 'a.qualys.yaml']) assert.ok(!FLEET_NAME.test(n), n);
  });

  it('reads a JSON fleet file as JSON: a YAML-only spelling there is a syntax error', () => {
    const json = '{"template": "t.qualys.json", "inventory": "a.csv", "key": "Name", "where": {"Status": ["ACTIVE", 1, true]}, "onRemoved": "keep"}';
    const spec = parseFleet(json, 'f.qualys-fleet.json').spec;
    assert.deepEqual(spec && [spec.template, spec.inventory, spec.key, [...spec.where], spec.onRemoved], ['t.qualys.json', 'a.csv', 'Name', [['Status', ['ACTIVE', '1', 'true']]], 'keep']);
    assert.ok(problems('template: t.qualys.yaml\ninventory: a.csv\n', 'f.qualys-fleet.json').length > 0, 'YAML in a .json fleet file');
    assert.deepEqual(parseFleet('template: t.qualys.yaml\ninventory: a.csv\n', 'f.qualys-fleet.yaml').spec?.onRemoved, 'disable', 'disable by default');
  });

  it('says a file that is no object, a field twice, an unknown field and a missing one, each where it is', () => {
    assert.deepEqual(problems('- a\n'), [['- a\n', 'A fleet file is an object such as:\ntemplate: aws-account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }']]);
    assert.deepEqual(problems(''), [['', 'A fleet file is an object such as:\ntemplate: aws-account.qualys.yaml\ninventory: accounts.json\nwhere: { Status: ACTIVE }']]);
    const text = `template: t.qualys.yaml\ntemplate: u.qualys.yaml\n${'x'.repeat(70)}: 1\n`;
    assert.deepEqual(problems(text), [
      ['template', '"template" is written twice: only one may be given.'],
      ['x'.repeat(70), `Unknown field "${'x'.repeat(60)}" in a fleet file; expected template, inventory, key, where, onRemoved.`],
      [text, 'A fleet file needs "inventory": the file of accounts, as the cloud\'s CLI prints it, relative to the fleet file.'],
    ]);
    assert.deepEqual(problems('inventory: a.csv\n').map((p) => p[1]), ['A fleet file needs "template": the create request file made for each account, relative to the fleet file.']);
  });

  it('takes template, inventory and key only as non-empty text, and paths only relative with /', () => {
    assert.deepEqual(problems('template: [a]\ninventory: "  "\nkey: 5\n'), [
      ['[a]', '"template" must be a non-empty text.'],
      ['"  "', '"inventory" must be a non-empty text.'],
      ['5', '"key" must be a non-empty text.'],
    ]);
    for (const path of ['/etc/passwd', 'C:/x.csv', 'c:\\\\x.csv', 'a\\\\b.csv']) {
      const text = `template: t.qualys.yaml\ninventory: "${path}"\n`;
      const found = problems(text);
      assert.equal(found.length, 1, path);
      assert.match(found[0][1], /^"inventory" must be a path relative to the fleet file, with \/, inside the workspace; got /, path);
    }
    assert.deepEqual(problems('template: "Cx:/a.qualys.yaml"\ninventory: a.csv\n'), [], 'a drive letter needs a colon and a slash right after it');
    const long = 'y'.repeat(100);
    assert.deepEqual(problems(`template: "/${long}"\ninventory: a.csv\n`)[0][1], `"template" must be a path relative to the fleet file, with /, inside the workspace; got ${JSON.stringify(`/${long}`.slice(0, 80))}.`);
  });

  it('takes where as field: value or a list of values, and onRemoved as keep, disable or delete', () => {
    const base = 'template: t.qualys.yaml\ninventory: a.csv\n';
    assert.deepEqual(problems(`${base}where: ACTIVE\n`), [['ACTIVE', '"where" must be an object of field: value (a list of values means any of them), such as { Status: ACTIVE }.']]);
    assert.deepEqual(problems(`${base}where: { Status: [ACTIVE, { a: 1 }, null], Tag: [] }\n`), [
      ['{ a: 1 }', '"where.Status" takes a value or a list of values (text, number or boolean).'],
      ['null', '"where.Status" takes a value or a list of values (text, number or boolean).'],
      ['[]', '"where.Tag" is an empty list: it would select no entry.'],
    ]);
    assert.deepEqual(problems(`${base}onRemoved: destroy\n`), [['destroy', '"onRemoved" is "destroy"; expected keep, disable (the default: the connector stays, disabled) or delete.']]);
    assert.deepEqual(problems(`${base}onRemoved: [delete]\n`), [['[delete]', '"onRemoved" is "array"; expected keep, disable (the default: the connector stays, disabled) or delete.']]);
    for (const o of ['keep', 'disable', 'delete']) assert.equal(parseFleet(`${base}onRemoved: ${o}\n`, 'f.qualys-fleet.yaml').spec?.onRemoved, o);
    assert.deepEqual(parseFleet(base, 'f.qualys-fleet.yaml').spec?.key, undefined);
  });
});
