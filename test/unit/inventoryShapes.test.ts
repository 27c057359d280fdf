import assert from 'node:assert/strict';
import { MAX_INVENTORY_BYTES, MAX_INVENTORY_ENTRIES, readInventory } from '../../server/src/core/fleet/inventory';

const shapeOf = (text: string, name = 'accounts.json'): string => {
  const r = readInventory(text, name);
  return 'problem' in r ? r.problem : r.shape.id;
};

/** Which cloud CLI printed an inventory, told by its first entry, and the limits of each kind of file. */
describe('inventories: shapes and limits', () => {
  it('tells gcloud projects from az accounts by the fields beside the id, and refuses a list of neither', () => {
    assert.equal(shapeOf('[{"projectId": "p", "lifecycleState": "ACTIVE"}]'), 'gcp-projects');
    assert.equal(shapeOf('[{"projectId": "p", "projectNumber": "1"}]'), 'gcp-projects');
    assert.equal(shapeOf('[{"id": "s", "tenantId": "t"}]'), 'azure-subscriptions');
    assert.equal(shapeOf('[{"id": "s", "homeTenantId": "t"}]'), 'azure-subscriptions');
    for (const neither of ['[{"projectId": "p"}]', '[{"id": "s"}]', '[{"lifecycleState": "ACTIVE", "tenantId": "t"}]', '["projectId"]', '[]', '{"Accounts": 5}', '{"accounts": []}']) {
      assert.match(shapeOf(neither), /^the inventory is none of the shapes this tool reads: aws organizations list-accounts --output json \(\{"Accounts": \[\.\.\.\]\}\), az account list --output json .*gcloud projects list --format=json/, neither);
    }
    assert.equal(shapeOf('\ufeff{"Accounts": [{"Id": "1"}]}'), 'aws-organizations', 'a byte order mark is not content');
    assert.match(shapeOf('{"Accounts": [1]}'), /^entry 1 of the inventory is not an object \(as aws organizations list-accounts --output json prints each account\)\.$/);
  });

  it('reads CSV by the name alone, any case, and JSON otherwise', () => {
    assert.equal(shapeOf('Id\n1\n', 'a.CSV'), 'csv');
    assert.match(shapeOf('Id\n1\n', 'a.csv.json'), /^the inventory is not JSON/);
    assert.match(shapeOf('Id\n1\n', 'a.csvx'), /^the inventory is not JSON/);
  });

  it('refuses a file, a list or a CSV past its bounds, and says each bound', () => {
    assert.equal(shapeOf('{}', 'a.json').startsWith('the inventory is none'), true);
    const big = readInventory('Id\n1\n', 'a.csv', MAX_INVENTORY_BYTES + 1);
    assert.deepEqual(big, { problem: 'the inventory is 16,777,217 bytes, more than the 16,777,216 an inventory may be.' });
    assert.ok(!('problem' in readInventory('Id\n1\n', 'a.csv', MAX_INVENTORY_BYTES)), 'exactly the cap is read');
    const rows = (n: number): string => `Id\n${Array.from({ length: n }, (_, i) => i).join('\n')}\n`;
    assert.ok(!('problem' in readInventory(rows(MAX_INVENTORY_ENTRIES), 'a.csv')));
    assert.deepEqual(readInventory(rows(MAX_INVENTORY_ENTRIES + 1), 'a.csv'), { problem: 'the inventory has 25,001 entries, more than the 25,000 a fleet may have.' });
    const accounts = (n: number): string => JSON.stringify({ Accounts: Array.from({ length: n }, (_, i) => ({ Id: String(i) })) });
    assert.ok(!('problem' in readInventory(accounts(MAX_INVENTORY_ENTRIES), 'a.json')));
    assert.match(shapeOf(accounts(MAX_INVENTORY_ENTRIES + 1)), /^the inventory has 25,001 entries/);
    const columns = (n: number): string => `${Array.from({ length: n }, (_, i) => `c${i}`).join(',')}\n`;
    assert.ok(!('problem' in readInventory(columns(200), 'a.csv')));
    assert.deepEqual(readInventory(columns(201), 'a.csv'), { problem: 'the CSV inventory has 201 columns, more than 200.' });
  });

  it('names a CSV header\'s empty or repeated column, trimmed, and a row of the wrong length', () => {
    assert.deepEqual(readInventory('Id, ,Name\n', 'a.csv'), { problem: 'the CSV inventory\'s header has an empty name in column 2: every column needs a name.' });
    assert.deepEqual(readInventory(`Id,${'n'.repeat(70)}, ${'n'.repeat(70)} \n`, 'a.csv'), { problem: `the CSV inventory's header names the column ${JSON.stringify('n'.repeat(60))} twice.` });
    assert.deepEqual(readInventory('Id,Name\n1,a\n2\n', 'a.csv'), { problem: 'the CSV inventory, row 3: 1 fields where the header names 2.' });
    assert.deepEqual(readInventory('', 'a.csv'), { problem: 'the CSV inventory is empty: its first line must name the columns.' });
    const r = readInventory(' Id , Name \n1,a\n', 'a.csv');
    assert.deepEqual('problem' in r ? r : r.entries, [{ Id: '1', Name: 'a' }], 'names trimmed');
  });
});
