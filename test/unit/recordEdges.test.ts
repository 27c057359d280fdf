import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkEntry, entryFor, findRecord, isInside, lookupRecord, MAX_RECORD_BYTES, projectRoot, readRecord, RECORD_FILE, recordStamp, writeRecords } from '../../server/src/workspace/record';
import { writeAtomically } from '../../server/src/workspace/atomic';
import { tempDir } from '../harness';

/** What the record's messages and edges look like to a user: where it is looked for, what each refusal says. */
describe('qualys-targets.json: where it is found and what its messages say', () => {
  it('takes the project root given, else the nearest folder with .git, else the file\'s folder', () => {
    const base = tempDir('qc-record-edges-');
    mkdirSync(join(base, 'repo', '.git'), { recursive: true });
    mkdirSync(join(base, 'repo', 'a', 'b'), { recursive: true });
    const file = join(base, 'repo', 'a', 'b', 'x.qualys.json');
    assert.equal(projectRoot(file), join(base, 'repo'));
    assert.equal(projectRoot(file, join(base, 'repo', 'a')), join(base, 'repo', 'a'));
    mkdirSync(join(base, 'loose', 'c'), { recursive: true });
    assert.equal(projectRoot(join(base, 'loose', 'c', 'y.qualys.json')), join(base, 'loose', 'c'));
  });

  it('finds the nearest record up to the root, and none above it or for a file outside it', () => {
    const root = tempDir('qc-record-edges-');
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, RECORD_FILE), '{"targets": {}}');
    const file = join(root, 'a', 'b', 'x.qualys.json');
    assert.equal(findRecord(file, root), join(root, RECORD_FILE));
    writeFileSync(join(root, 'a', RECORD_FILE), '{"targets": {}}');
    assert.equal(findRecord(file, root), join(root, 'a', RECORD_FILE), 'the nearest wins');
    assert.equal(findRecord(file, join(root, 'a', 'b')), undefined, 'nothing above the root is read');
    assert.equal(findRecord(join(tempDir('qc-record-edges-'), 'y.qualys.json'), root), undefined);
    assert.ok(isInside(root, root) && isInside(root, file) && !isInside(join(root, 'a'), root));
  });

  it('names what is wrong with the record or an entry, in words a user can act on', () => {
    const root = tempDir('qc-record-edges-');
    const record = join(root, RECORD_FILE);
    writeFileSync(record, '{"targets": ["x.qualys.json"]}');
    assert.equal(readRecord(record, root).problem, `${RECORD_FILE}: "targets" must be an object of request file names.`);
    mkdirSync(join(root, 'dir', RECORD_FILE), { recursive: true });
    assert.equal(readRecord(join(root, 'dir', RECORD_FILE), root).problem, `${RECORD_FILE} is not a regular file, so it is not used.`);
    assert.equal(readRecord(join(root, 'none', RECORD_FILE), root).problem, `${RECORD_FILE} could not be read.`);
    mkdirSync(join(root, 'link'));
    symlinkSync(record, join(root, 'link', RECORD_FILE));
    assert.equal(readRecord(join(root, 'link', RECORD_FILE), root).problem, `${RECORD_FILE} is a symbolic link: the record of request targets must be a regular file in the workspace, so it is not used.`);
    assert.deepEqual(checkEntry({ operation: 'remove' }), { problem: 'unknown operation "remove"; expected one of create, update, search, get, delete, run.' });
    assert.deepEqual(checkEntry({ kind: 'gcc' }), { problem: 'unknown connector kind "gcc"; expected one of aws, azure, gcp, oci.' });
    assert.deepEqual(checkEntry({ id: '12' }), { problem: `the id "12" is not a connector id (a positive whole number up to ${Number.MAX_SAFE_INTEGER}).` });
    assert.deepEqual(checkEntry({ id: 1.5 }), { problem: `the id 1.5 is not a connector id (a positive whole number up to ${Number.MAX_SAFE_INTEGER}).` });
    assert.deepEqual(checkEntry([]), { problem: 'each entry must be an object such as {"operation": "update", "id": 843003}.' });
    assert.deepEqual(checkEntry(null), { problem: 'each entry must be an object such as {"operation": "update", "id": 843003}.' });
    const long = `${'a'.repeat(90)}\u0007.qualys.json`;
    writeFileSync(record, JSON.stringify({ targets: { [long]: { operation: 'x' } } }));
    const problem = lookupRecord(join(root, long), root).problem ?? '';
    assert.equal(problem.slice(0, problem.indexOf(':')), `${RECORD_FILE}, entry "${'a'.repeat(77)}..."`, 'a long key is cut to 80 characters');
    writeFileSync(record, JSON.stringify({ targets: { 'b\u0007.qualys.json': { operation: 'x' } } }));
    assert.match(lookupRecord(join(root, 'b\u0007.qualys.json'), root).problem ?? '', /entry "b\?\.qualys\.json"/, 'control characters are shown as ?');
  });

  it('reads a record of exactly the size allowed, and says which record an unrecorded file was looked up in', () => {
    const root = tempDir('qc-record-edges-');
    const record = join(root, RECORD_FILE);
    const text = '{"targets": {"a.qualys.json": {"operation": "get", "id": 4}}';
    // Its last byte closes the JSON: a reader that stops one byte short would find it broken.
    writeFileSync(record, text + ' '.repeat(MAX_RECORD_BYTES - text.length - 1) + '}');
    const read = readRecord(record, root);
    assert.equal(read.problem, undefined);
    assert.deepEqual(entryFor(read, join(root, 'a.qualys.json')), { recorded: { operation: 'get', id: 4 }, file: record });
    assert.deepEqual(entryFor(read, join(root, 'b.qualys.json')), { file: record });
    writeFileSync(record, '{"version": 1}');
    assert.equal(readRecord(record, root).problem, undefined, 'a record with no targets yet is fine');
  });

  it('writes entries sorted by file, ending in a newline, and a stamp that changes with the file', async () => {
    const root = tempDir('qc-record-edges-');
    const record = join(root, RECORD_FILE);
    assert.equal(recordStamp(record), 'none');
    await writeRecords(['b', 'a', 'c'].map((n) => ({ file: join(root, `${n}.qualys.json`), target: { operation: 'run' as const, id: 9 } })), root);
    const first = recordStamp(record);
    const text = readFileSync(record, 'utf8');
    assert.deepEqual(Object.keys((JSON.parse(text) as { targets: object }).targets), ['a.qualys.json', 'b.qualys.json', 'c.qualys.json']);
    assert.ok(text.endsWith('}\n'));
    await writeRecords([{ file: join(root, 'd.qualys.json'), target: { kind: 'gcp' } }], root);
    assert.notEqual(recordStamp(record), first);
    assert.deepEqual(lookupRecord(join(root, 'd.qualys.json'), root).recorded, { kind: 'gcp' });
  });
});

describe("the record's entries: apply's create time, and what a problem quotes", () => {
  it('takes the time apply sent a create with or without milliseconds, and says what a bad one should be', () => {
    assert.deepEqual(checkEntry({ operation: 'create', creating: '2026-12-05T01:02:03Z' }), { operation: 'create', creating: '2026-12-05T01:02:03Z' });
    assert.deepEqual(checkEntry({ creating: '2026-12-05T01:02:03.456Z' }), { creating: '2026-12-05T01:02:03.456Z' });
    for (const bad of ['yesterday', 'x2026-12-05T01:02:03Z', '2026-12-05T01:02:03Zx', '2026-12-05 01:02:03Z', '2026-12-05T01:02:03', '2026-12-05T01:02:03.4567Z', 5]) {
      assert.deepEqual(checkEntry({ creating: bad }), { problem: `"creating" must be the time apply sent the create (1970-01-01T00:00:00.000Z); got ${JSON.stringify(bad)}.` }, String(bad));
    }
  });

  it('quotes a wrong value as JSON, cut at 80 characters', () => {
    assert.deepEqual(checkEntry({ operation: { run: true } }), { problem: 'unknown operation {"run":true}; expected one of create, update, search, get, delete, run.' });
    const exactly = 'x'.repeat(78); // 80 with its quotes
    assert.deepEqual(checkEntry({ kind: exactly }), { problem: `unknown connector kind "${exactly}"; expected one of aws, azure, gcp, oci.` });
    assert.deepEqual(checkEntry({ kind: `${exactly}y` }), { problem: `unknown connector kind "${'x'.repeat(76)}...; expected one of aws, azure, gcp, oci.` });
  });

  it("writes the time apply sent a create, so that the next plan may adopt what it made", async () => {
    const root = realpathSync(tempDir('qc-record-edges-'));
    const file = join(root, 'new.qualys.json');
    await writeRecords([{ file, target: { operation: 'create', kind: 'oci', creating: '2026-12-05T01:02:03.000Z' } }], root);
    assert.deepEqual(lookupRecord(file, root).recorded, { operation: 'create', kind: 'oci', creating: '2026-12-05T01:02:03.000Z' });
  });

  it('writes the entries of many files sorted, whatever order they come in', async () => {
    const root = realpathSync(tempDir('qc-record-edges-'));
    const names = 'qwertyuiopasdfghjklzxcvbnm'.split('').map((c) => `${c}.qualys.json`);
    await writeRecords(names.map((n, i) => ({ file: join(root, n), target: { operation: 'run' as const, id: i + 1 } })), root);
    const written = JSON.parse(readFileSync(join(root, RECORD_FILE), 'utf8')) as { targets: Record<string, unknown> };
    assert.deepEqual(Object.keys(written.targets), [...names].sort());
  });

  it('loses no entry when a write starts while an earlier one to the same record is still on its way (two sends in one editor)', async () => {
    const root = realpathSync(tempDir('qc-record-edges-'));
    const write = (name: string, id: number): Promise<string[]> => writeRecords([{ file: join(root, name), target: { operation: 'update', id } }], root);
    for (let round = 0; round < 5; round++) {
      const first = write(`a${round}.qualys.json`, 1);
      const second = write(`b${round}.qualys.json`, 2);
      await first;
      // The second is being written now; a third must wait for it, not read the record beside it.
      await Promise.all([second, write(`c${round}.qualys.json`, 3)]);
    }
    const written = JSON.parse(readFileSync(join(root, RECORD_FILE), 'utf8')) as { targets: Record<string, unknown> };
    assert.equal(Object.keys(written.targets).length, 15, Object.keys(written.targets).join(' '));
  });

  it('writes a file whole or not at all: a write that cannot replace its target leaves nothing beside it, and no file open', async function () {
    const root = realpathSync(tempDir('qc-record-edges-'));
    mkdirSync(join(root, 'taken'));
    writeFileSync(join(root, 'taken', 'x'), '');
    await assert.rejects(writeAtomically(join(root, 'taken'), '{}'), /EISDIR|ENOTEMPTY|EEXIST/);
    assert.deepEqual(readdirSync(root), ['taken'], 'the temporary file was removed');
    if (!existsSync('/proc/self/fd')) this.skip();
    const before = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 40; i++) await writeAtomically(join(root, 'x.json'), `{"n": ${i}}`);
    assert.equal(readFileSync(join(root, 'x.json'), 'utf8'), '{"n": 39}');
    assert.ok(readdirSync('/proc/self/fd').length < before + 10, 'each write closed its file');
  });

  it('finds no record for a file outside the root, even one beside it', () => {
    const root = realpathSync(tempDir('qc-record-edges-'));
    const outside = realpathSync(tempDir('qc-record-edges-'));
    writeFileSync(join(outside, RECORD_FILE), JSON.stringify({ version: 1, targets: { 'a.qualys.json': { id: 1 } } }));
    assert.equal(findRecord(join(outside, 'a.qualys.json'), root), undefined);
  });
});
