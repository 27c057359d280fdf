import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../server/src/core/fleet/csv';
import { parseFleet } from '../../server/src/core/fleet/fleetFile';
import { Inventory, MAX_INVENTORY_ENTRIES, readInventory } from '../../server/src/core/fleet/inventory';
import { expandTemplate, placeholdersOf } from '../../server/src/core/fleet/placeholders';
import { selectEntries } from '../../server/src/core/fleet/select';

const FIXTURES = join(__dirname, '../../../test/fixtures/inventory');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

function inventory(name: string): Inventory {
  const read = readInventory(fixture(name), name);
  assert.ok(!('problem' in read), 'problem' in read ? read.problem : '');
  return read;
}

function problemOf(read: ReturnType<typeof readInventory> | ReturnType<typeof selectEntries>): string {
  assert.ok('problem' in read, 'expected a problem');
  return read.problem;
}

describe('fleet inventories, recognised by their shape', () => {
  it('reads aws organizations list-accounts, keyed by Id, and where selects the ACTIVE ones', () => {
    const inv = inventory('aws-list-accounts.json');
    assert.equal(inv.shape.id, 'aws-organizations');
    const sel = selectEntries(inv, new Map([['Status', ['ACTIVE']]]));
    assert.ok(!('problem' in sel));
    assert.deepEqual(sel.entries.map((e) => [e.key, e.name]), [['111122223333', 'prod-payments'], ['777788889999', 'data-lake']]);
    assert.equal(sel.filteredOut, 1);
  });

  it('reads az account list, keyed by id; a list in where means any of', () => {
    const inv = inventory('az-account-list.json');
    assert.equal(inv.shape.id, 'azure-subscriptions');
    const sel = selectEntries(inv, new Map([['state', ['Enabled', 'Warned']]]));
    assert.ok(!('problem' in sel));
    assert.deepEqual(sel.entries.map((e) => e.key), ['11111111-1111-1111-1111-111111111111']);
  });

  it('reads gcloud projects list, keyed by projectId, and filters on a nested label', () => {
    const inv = inventory('gcloud-projects-list.json');
    assert.equal(inv.shape.id, 'gcp-projects');
    const sel = selectEntries(inv, new Map([['labels.env', ['prod']]]));
    assert.ok(!('problem' in sel));
    assert.deepEqual(sel.entries.map((e) => [e.key, e.name]), [['payments-prod-4821', 'Payments']]);
  });

  it('reads CSV with quotes (commas, "" and line breaks in a field); it has no default key', () => {
    const inv = inventory('oci-tenancies.csv');
    assert.equal(inv.shape.id, 'csv');
    assert.equal(inv.entries.length, 2);
    assert.equal(inv.entries[0].name, 'Acme, Inc.');
    assert.equal(inv.entries[0].note, 'says "hello"\non two lines');
    assert.equal(inv.entries[1].note, '');
    assert.match(problemOf(selectEntries(inv, new Map())), /"key" is needed for a CSV file with a header row/);
    const sel = selectEntries(inv, new Map(), 'tenancy');
    assert.ok(!('problem' in sel));
    assert.equal(sel.entries[1].key, 'ocid1.tenancy.oc1..aaaaaaaaqwertyuiopasdfghjklzxcvbnm1234567890qwertyuiopasdfg');
  });

  it('says what is wrong with a file of no known shape, and with broken CSV', () => {
    assert.match(problemOf(readInventory('{"Items": []}', 'x.json')), /none of the shapes this tool reads: aws organizations list-accounts/);
    assert.match(problemOf(readInventory('[{"name": "a"}]', 'x.json')), /none of the shapes/);
    assert.match(problemOf(readInventory('{"Accounts": [5]}', 'x.json')), /entry 1 of the inventory is not an object/);
    assert.match(problemOf(readInventory('not json', 'x.json')), /is not JSON/);
    assert.match(problemOf(readInventory('a,b\n1,2,3\n', 'x.csv')), /row 2: 3 fields where the header names 2/);
    assert.match(problemOf(readInventory('a,a\n1,2\n', 'x.csv')), /names the column "a" twice/);
    assert.match(problemOf(readInventory('a,b\n"1,2\n', 'x.csv')), /line 2: a quoted field is never closed/);
    assert.match(problemOf(readInventory('a,b\n1"x,2\n', 'x.csv')), /line 2: a quote inside a field/);
    assert.match(problemOf(readInventory('', 'x.csv')), /empty/);
    assert.match(problemOf(readInventory('x', 'x.json', 50 * 1024 * 1024)), /52,428,800 bytes, more than the 16,777,216/);
  });

  it('refuses duplicate keys, a missing key and too many entries', () => {
    const dup = readInventory(JSON.stringify({ Accounts: [{ Id: '1' }, { Id: '2' }, { Id: '1' }] }), 'a.json') as Inventory;
    assert.match(problemOf(selectEntries(dup, new Map())), /entries 1 and 3 of the inventory have the same Id "1"/);
    const missing = readInventory(JSON.stringify({ Accounts: [{ Id: '1' }, { Name: 'x' }] }), 'a.json') as Inventory;
    assert.match(problemOf(selectEntries(missing, new Map())), /entry 2 of the inventory has no "Id"/);
    const many = JSON.stringify({ Accounts: Array.from({ length: MAX_INVENTORY_ENTRIES + 1 }, (_, i) => ({ Id: String(i) })) });
    assert.match(problemOf(readInventory(many, 'a.json')), /25,001 entries, more than the 25,000/);
  });

  it('reads 10,000 CSV rows and selects 10,000 keys in linear time', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `${100000000000 + i},"account ${i}",ACTIVE`).join('\n');
    const started = performance.now();
    const inv = readInventory(`Id,Name,Status\n${rows}\n`, 'big.csv') as Inventory;
    const sel = selectEntries(inv, new Map([['Status', ['ACTIVE']]]), 'Id');
    assert.ok(!('problem' in sel) && sel.entries.length === 10_000);
    assert.ok(performance.now() - started < 1000, `took ${performance.now() - started} ms`);
  });
});

describe('CSV', () => {
  it('takes CRLF, a BOM, a blank last line and an empty quoted field', () => {
    assert.deepEqual(parseCsv('\ufeffa,b\r\n"",x\r\n\r\n'), { rows: [['a', 'b'], ['', 'x']] });
    assert.deepEqual(parseCsv('a\n"q""uote"'), { rows: [['a'], ['q"uote']] });
  });
});

describe('template placeholders', () => {
  const template = { ServiceRequest: { data: { AwsAssetDataConnector: { name: 'aws-${Name}', arn: 'arn:aws:iam::${Id}:role/QualysRole', runFrequency: '${freq}', tags: ['${labels.team}'] } } } };

  it('expands dotted paths, keeps a lone placeholder\'s type, and lists the placeholders', () => {
    assert.deepEqual(placeholdersOf(template).sort(), ['Id', 'Name', 'freq', 'labels.team']);
    const out = expandTemplate(template, { Id: '111122223333', Name: 'prod', freq: 240, labels: { team: 'payments' } });
    assert.deepEqual(out, { value: { ServiceRequest: { data: { AwsAssetDataConnector: { name: 'aws-prod', arn: 'arn:aws:iam::111122223333:role/QualysRole', runFrequency: 240, tags: ['payments'] } } } } });
  });

  it('names the placeholder, where it is and why it does not resolve', () => {
    const out = expandTemplate(template, { Id: '1', Name: 'x', labels: { team: 'a' } });
    assert.deepEqual(out, { unresolved: { placeholder: '${freq}', at: 'ServiceRequest.data.AwsAssetDataConnector.runFrequency', why: 'the entry has no field "freq"' } });
    const nested = expandTemplate(template, { Id: '1', Name: 'x', freq: 1, labels: { team: { a: 1 } } });
    assert.ok('unresolved' in nested && nested.unresolved.why === 'the entry\'s "labels.team" is an object, not a value');
    const proto = expandTemplate({ a: '${constructor}' }, {});
    assert.ok('unresolved' in proto, 'only the entry\'s own fields');
  });
});

describe('fleet files', () => {
  it('reads a fleet file in YAML and in JSON, with onRemoved defaulting to disable', () => {
    const yaml = parseFleet('template: aws.qualys.yaml\ninventory: accounts.json\nwhere:\n  Status: ACTIVE\n  Name: [a, b]\n', 'org.qualys-fleet.yaml');
    assert.ok(yaml.spec);
    assert.equal(yaml.spec.onRemoved, 'disable');
    assert.deepEqual([...yaml.spec.where], [['Status', ['ACTIVE']], ['Name', ['a', 'b']]]);
    const json = parseFleet('{"template": "t.qualys.json", "inventory": "i.csv", "key": "tenancy", "onRemoved": "delete"}', 'x.qualys-fleet.json');
    assert.equal(json.spec?.key, 'tenancy');
    assert.equal(json.spec?.onRemoved, 'delete');
  });

  it('finds each mistake on its key or value', () => {
    const text = 'template: /etc/passwd\ninventory: [a]\nonRemoved: destroy\nwhere: { Status: [] }\ncolour: red\n';
    const r = parseFleet(text, 'x.qualys-fleet.yaml');
    assert.equal(r.spec, undefined);
    const at = r.problems.map((p) => [text.slice(p.span.start, p.span.end), p.message.split(';')[0].split(':')[0]]);
    assert.deepEqual(at.sort(), [
      ['/etc/passwd', '"template" must be a path relative to the fleet file, with /, inside the workspace'],
      ['[]', '"where.Status" is an empty list'],
      ['[a]', '"inventory" must be a non-empty text.'],
      ['colour', 'Unknown field "colour" in a fleet file'],
      ['destroy', '"onRemoved" is "destroy"'],
    ]);
    assert.match(parseFleet('inventory: a.json\n', 'x.qualys-fleet.yaml').problems[0].message, /needs "template"/);
    assert.match(parseFleet('[1]', 'x.qualys-fleet.json').problems[0].message, /A fleet file is an object/);
  });
});
