import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkEntry, fleetEntryOf, fleetKeys, recordProblem, writeRecord, writeRecords } from '../../server/src/workspace/record';
import { MAX_RECORD_FILES, recordedIds } from '../../server/src/workspace/recorded';
import { tempDir } from '../harness';

describe('the record holds a fleet', () => {
  it('takes 10,000 connectors, and says up front when entries would not fit, writing nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'qc-record-'));
    try {
      const items = (n: number) => Array.from({ length: n }, (_, i) => ({ file: join(dir, `account-${i}-${1000000 + i}.qualys.yaml`), target: { operation: 'update' as const, id: 1000000 + i, kind: 'aws' as const } }));
      assert.equal(recordProblem(items(10_000), dir), undefined, '10,000 connectors fit');
      assert.match(recordProblem(items(60_000), dir) ?? '', /would grow past/);
      assert.ok(!existsSync(join(dir, 'qualys-targets.json')), 'nothing is written');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a fleet account\'s entry name', () => {
  it('reads back the fleet file and the key it was written with, and nothing from a request file\'s entry', () => {
    for (const key of ['111122223333', 'a b/c#d%e', 'é\u202e']) assert.deepEqual(fleetEntryOf(`dir/a#b.qualys-fleet.yaml#${encodeURIComponent(key)}`), { fleet: 'dir/a#b.qualys-fleet.yaml', key });
    assert.deepEqual(fleetEntryOf('a.QUALYS-FLEET.yml#%E0%A4%A'), { fleet: 'a.QUALYS-FLEET.yml' }, 'not a key this tool wrote: the fleet\'s, with no account');
    for (const name of ['a.qualys.yaml', 'a.qualys.yaml#1', 'a.qualys-fleet.yaml', 'a.qualys-fleet.yaml#', 'a.qualys-fleet.yaml#x/y', 'a.qualys-fleet.toml#1']) assert.equal(fleetEntryOf(name), undefined, name);
  });

  it('lists the accounts the record holds for one fleet file, and says why when it cannot', () => {
    const root = tempDir('qc-record-keys-');
    const fleet = join(root, 'prod.qualys-fleet.yaml');
    assert.deepEqual(fleetKeys(fleet, root), { keys: new Map() }, 'no record: no account yet');
    const targets = {
      'prod.qualys-fleet.yaml#111122223333': { operation: 'update', id: 5, kind: 'aws' },
      'prod.qualys-fleet.yaml#a%20b%2Fc': { operation: 'update', id: 6, kind: 'aws' },
      'prod.qualys-fleet.yaml.bak#1': { operation: 'update', id: 7 },
      'test.qualys-fleet.yaml#111122223333': { operation: 'update', id: 8 },
      'prod.qualys.yaml': { operation: 'update', id: 9 },
    };
    writeFileSync(join(root, 'qualys-targets.json'), JSON.stringify({ version: 1, targets }));
    const read = fleetKeys(fleet, root);
    assert.equal(read.problem, undefined);
    assert.deepEqual([...read.keys].map(([key, lookup]) => [key, lookup.recorded?.id]), [['111122223333', 5], ['a b/c', 6]]);
    writeFileSync(join(root, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { ...targets, 'prod.qualys-fleet.yaml#%E0%A4%A': { id: 10 } } }));
    assert.deepEqual(fleetKeys(fleet, root), { keys: new Map([['111122223333', { recorded: { operation: 'update', id: 5, kind: 'aws' }, file: join(root, 'qualys-targets.json') }], ['a b/c', { recorded: { operation: 'update', id: 6, kind: 'aws' }, file: join(root, 'qualys-targets.json') }]]), problem: 'qualys-targets.json, entry "prod.qualys-fleet.yaml#%E0%A4%A": not an account key this tool wrote.' });
    writeFileSync(join(root, 'qualys-targets.json'), '{"version": 1, "targets": ');
    const broken = fleetKeys(fleet, root);
    assert.equal(broken.keys.size, 0);
    assert.match(broken.problem ?? '', /^qualys-targets\.json /);
  });
});

describe('the record as apply journals a create', () => {
  it('takes "creating" only as the time apply sent the create', () => {
    assert.deepEqual(checkEntry({ operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' }), { operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' });
    for (const bad of ['yesterday', '2026-12-05', '2026-12-05T00:00:00+01:00', 5, true, {}, ['2026-12-05T00:00:00.000Z']]) {
      const checked = checkEntry({ operation: 'create', creating: bad });
      assert.ok('problem' in checked && /"creating" must be the time apply sent the create/.test(checked.problem), JSON.stringify(bad));
    }
  });

  it('keeps "created", the time Send Request created the connector, and refuses anything else there', async () => {
    assert.deepEqual(checkEntry({ operation: 'update', id: 9, created: '2026-12-05T22:07:00.000Z' }), { operation: 'update', id: 9, created: '2026-12-05T22:07:00.000Z' });
    for (const bad of ['22:07', 7, null, ['2026-12-05T22:07:00.000Z']]) {
      const checked = checkEntry({ operation: 'update', id: 9, created: bad });
      assert.ok('problem' in checked && /"created" must be the time Send Request created the connector/.test(checked.problem), JSON.stringify(bad));
    }
    const dir = tempDir('qc-record-');
    const a = join(dir, 'a.qualys.json');
    await writeRecord(a, { operation: 'update', id: 9, kind: 'azure', created: '2026-12-05T22:07:00.000Z' }, dir);
    const record = JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, unknown> };
    assert.deepEqual(record.targets, { 'a.qualys.json': { operation: 'update', id: 9, kind: 'azure', created: '2026-12-05T22:07:00.000Z' } });
  });

  it('takes a file\'s entry out when written null, and keeps the others', async () => {
    const dir = tempDir('qc-record-');
    const a = join(dir, 'a.qualys.json');
    const b = join(dir, 'b.qualys.json');
    await writeRecords([{ file: a, target: { operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' } }, { file: b, target: { operation: 'update', id: 7 } }], dir);
    await writeRecord(a, null, dir);
    const record = JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, unknown> };
    assert.deepEqual(record.targets, { 'b.qualys.json': { operation: 'update', id: 7 } });
  });
});

describe('the ids every record under a root names', () => {
  it('reads each record below the root, skipping links, broken records and wrong entries', async () => {
    const dir = tempDir('qc-recorded-');
    const outside = tempDir('qc-recorded-outside-');
    mkdirSync(join(dir, 'aws'));
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'a.qualys.json': { operation: 'update', id: 1 }, 'b.qualys.json': { id: 'two' }, 'c.qualys.json': { operation: 'create' } } }));
    writeFileSync(join(dir, 'aws', 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'd.qualys.json': { operation: 'update', id: 3, kind: 'aws' } } }));
    writeFileSync(join(dir, 'node_modules', 'x', 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'e.qualys.json': { id: 4 } } }));
    writeFileSync(join(outside, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'f.qualys.json': { id: 5 } } }));
    mkdirSync(join(dir, 'linked'));
    symlinkSync(join(outside, 'qualys-targets.json'), join(dir, 'linked', 'qualys-targets.json'));
    mkdirSync(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'qualys-targets.json'), '{ not json');
    mkdirSync(join(dir, '.git', 'x'), { recursive: true });
    writeFileSync(join(dir, '.git', 'x', 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'g.qualys.json': { id: 6 } } }));
    symlinkSync(outside, join(dir, 'folder-link'));
    assert.deepEqual([...((await recordedIds(dir)) as Set<number>)].sort(), [1, 3]);
  });

  it('refuses a root with more records than it reads, rather than guess', async () => {
    const dir = tempDir('qc-recorded-');
    for (let i = 0; i <= MAX_RECORD_FILES; i++) {
      mkdirSync(join(dir, `f${i}`));
      writeFileSync(join(dir, `f${i}`, 'qualys-targets.json'), '{"version": 1, "targets": {}}');
    }
    const got = await recordedIds(dir);
    assert.ok('problem' in got && new RegExp(`more than ${MAX_RECORD_FILES}`).test(got.problem));
  });
});
