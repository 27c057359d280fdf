import assert from 'node:assert/strict';
import { readInventory } from '../../server/src/core/fleet/inventory';
import { MAX_KEY_CHARS, Selection, selectEntries } from '../../server/src/core/fleet/select';

/** A CSV inventory's selection: its accounts' keys and names, or the problem a user reads. */
function select(csv: string, where: [string, string[]][] = [], key = 'Id'): Selection {
  const inv = readInventory(csv, 'accounts.csv');
  assert.ok(!('problem' in inv), 'problem' in inv ? inv.problem : '');
  return selectEntries(inv, new Map(where), key);
}
const keys = (s: Selection): unknown => ('problem' in s ? s.problem : s.entries.map((e) => [e.key, e.name]));

/** Which accounts a fleet takes from its inventory, and why one cannot be taken. */
describe('selecting the accounts of a fleet', () => {
  it('compares where as text, and an entry without the field is never selected, not even by an empty value', () => {
    const csv = 'Id,Status,Name\n1,ACTIVE,one\n2,,two\n3,SUSPENDED,three\n';
    assert.deepEqual(keys(select(csv, [['Status', ['ACTIVE']]])), [['1', 'one']]);
    assert.deepEqual(keys(select(csv, [['Status', ['']]])), [['2', 'two']], 'an empty cell is the value ""');
    assert.deepEqual(keys(select(csv, [['Missing', ['']]])), [], 'no such field: nothing matches');
    const s = select(csv, [['Status', ['ACTIVE', 'SUSPENDED']]]);
    assert.ok(!('problem' in s) && s.filteredOut === 1);
  });

  it('refuses an empty, blank, too long or control-character key by the entry it is on', () => {
    assert.equal(keys(select('Id,Name\n1,a\n  ,b\n')), 'entry 2 of the inventory has no "Id" (the key that names an account across runs).');
    const long = 'k'.repeat(MAX_KEY_CHARS + 1);
    assert.equal(keys(select(`Id\n${'k'.repeat(MAX_KEY_CHARS)}\n${long}\n`)), `entry 2 of the inventory has a "Id" that is no account key (longer than ${MAX_KEY_CHARS} characters, or with control characters).`);
    assert.equal(keys(select('Id\n"a\tb"\n')), `entry 1 of the inventory has a "Id" that is no account key (longer than ${MAX_KEY_CHARS} characters, or with control characters).`);
    assert.equal(keys(select('Id\n"a\u007fb"\n')), `entry 1 of the inventory has a "Id" that is no account key (longer than ${MAX_KEY_CHARS} characters, or with control characters).`);
  });

  it('shows a name beside the key only when it differs, cut to 80 characters and made printable', () => {
    assert.deepEqual(keys(select(`Id,Name\nsame,same\n2,${'n'.repeat(100)}\n3,"a\nb"\n`)), [['same', undefined], ['2', 'n'.repeat(80)], ['3', 'a\\nb']]);
    assert.deepEqual(keys(select('Id,name\n1,lower\n', [], 'Id')), [['1', 'lower']]);
    assert.deepEqual(keys(select('Id,displayName\n1,shown\n', [], 'Id')), [['1', 'shown']]);
  });
});
