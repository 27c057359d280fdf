import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { MAX_RECORD_BYTES, projectRoot, readBounded as readRecordBounded, RECORD_FILE, recordProblem, writeRecord } from '../../server/src/workspace/record';
import { MAX_RECORD_FILES, recordedIds } from '../../server/src/workspace/recorded';
import { fileStamp, findUp, isInside, readBounded, readProjectFile } from '../../server/src/workspace/projectFile';
import { tempDir } from '../harness';

/** The record text for one entry `{operation: update}` under a key of `n` characters, as the writer lays it out. */
const overhead = JSON.stringify({ version: 1, targets: { '': { operation: 'update' } } }, null, 2).length + 1;

describe('the record and project files at their bounds', () => {
  it('writes a record of exactly MAX_RECORD_BYTES, and refuses one byte more before writing anything', async () => {
    const root = tempDir('qc-bound-');
    const exact = join(root, 'a'.repeat(MAX_RECORD_BYTES - overhead));
    assert.equal(recordProblem([{ file: exact, target: { operation: 'update' } }], root), undefined);
    const written = await writeRecord(exact, { operation: 'update' }, root);
    assert.equal(statSync(written).size, MAX_RECORD_BYTES);
    const over = join(root, 'b'.repeat(MAX_RECORD_BYTES - overhead + 1));
    const fresh = tempDir('qc-bound-over-');
    assert.equal(recordProblem([{ file: join(fresh, over.slice(root.length + 1)), target: { operation: 'update' } }], fresh), `${RECORD_FILE} would grow past ${MAX_RECORD_BYTES} bytes; it is not written.`);
    await assert.rejects(writeRecord(join(fresh, over.slice(root.length + 1)), { operation: 'update' }, fresh), /would grow past/);
    assert.throws(() => statSync(join(fresh, RECORD_FILE)), 'nothing written');
  });

  it(`reads the ids of exactly ${MAX_RECORD_FILES} records under a root, and refuses one more by name`, async () => {
    const root = tempDir('qc-bound-many-');
    for (let i = 0; i < MAX_RECORD_FILES; i++) {
      mkdirSync(join(root, `d${i}`));
      writeFileSync(join(root, `d${i}`, RECORD_FILE), JSON.stringify({ targets: { 'a.qualys.json': { operation: 'update', id: i + 1 } } }));
    }
    const ids = await recordedIds(root);
    assert.ok(ids instanceof Set && ids.size === MAX_RECORD_FILES && ids.has(1) && ids.has(MAX_RECORD_FILES));
    mkdirSync(join(root, 'one-more'));
    writeFileSync(join(root, 'one-more', RECORD_FILE), '{"targets": {}}');
    assert.deepEqual(await recordedIds(root), { problem: `more than ${MAX_RECORD_FILES} ${RECORD_FILE} files under ${root}; plan a smaller folder (--root).` });
  });

  it('reads a project file of exactly its cap, refuses one byte more, and names what it refused', () => {
    const root = tempDir('qc-bound-pf-');
    writeFileSync(join(root, 'x.json'), 'a'.repeat(100));
    assert.deepEqual(readProjectFile(join(root, 'x.json'), root, 100, 'the file'), { text: 'a'.repeat(100), stamp: fileStamp(join(root, 'x.json')) });
    const over = readProjectFile(join(root, 'x.json'), root, 99, 'the thing');
    assert.equal('problem' in over && over.problem, 'x.json is 100 bytes, more than the 99 the thing may be, so it is not used.');
    symlinkSync(join(root, 'x.json'), join(root, 'link.json'));
    const link = readProjectFile(join(root, 'link.json'), root, 1000, 'the thing');
    assert.equal('problem' in link && link.problem, 'link.json is a symbolic link: the thing must be a regular file in the workspace, so it is not used.');
    assert.equal(fileStamp(join(root, 'missing.json')), 'none');
    assert.equal(readFileSync(join(root, 'x.json'), 'utf8').length, 100);
  });

  it('looks for a project file up to the root and never above it; a file outside the root has none', () => {
    const outer = tempDir('qc-bound-up-');
    const root = join(outer, 'repo');
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(outer, 'rules.json'), '{}');
    assert.equal(findUp(join(root, 'a', 'b', 'f.qualys.yaml'), root, 'rules.json'), undefined, 'the one above the root is not read');
    writeFileSync(join(root, 'a', 'rules.json'), '{}');
    assert.equal(findUp(join(root, 'a', 'b', 'f.qualys.yaml'), root, 'rules.json'), join(root, 'a', 'rules.json'));
    assert.equal(findUp(join(outer, 'f.qualys.yaml'), root, 'rules.json'), undefined);
    assert.ok(isInside(root, root) && isInside(root, join(root, 'a')) && !isInside(root, outer) && !isInside(root, join(root, '..', 'repo2')));
  });

  it('reads no record under node_modules or .git: what a dependency or git\'s own files hold names no connector of this repository', async () => {
    const root = tempDir('qc-bound-ids-');
    const record = (dir: string, id: number): void => {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, RECORD_FILE), JSON.stringify({ version: 1, targets: { 'a.qualys.json': { operation: 'update', id } } }));
    };
    record('app', 5);
    record('node_modules/pkg', 6);
    record('app/node_modules/pkg', 7);
    record('.git/x', 8);
    assert.deepEqual(await recordedIds(root), new Set([5]));
  });

  it('looks no more than 128 folders up: a hostile tree of nested folders costs a bounded walk', () => {
    const root = tempDir('qc-bound-deep-');
    writeFileSync(join(root, 'rules.json'), '{}');
    const at = (depth: number): string => join(root, ...Array.from({ length: depth }, () => 'd'));
    mkdirSync(at(129), { recursive: true });
    assert.equal(findUp(join(at(127), 'f.qualys.yaml'), root, 'rules.json'), join(root, 'rules.json'), '127 folders down: the 128th folder looked at is the root');
    assert.equal(findUp(join(at(128), 'f.qualys.yaml'), root, 'rules.json'), undefined, 'the root is the 129th folder up');
    mkdirSync(join(root, '.git'));
    assert.equal(projectRoot(join(at(127), 'f.qualys.yaml')), root, 'the project root is found 128 folders up');
    assert.equal(projectRoot(join(at(128), 'f.qualys.yaml')), at(128), 'and no further: the file\'s own folder is its root then');
  });

  it('refuses what is not a regular file when it is opened (a folder or a FIFO put there after the check), without waiting on it', () => {
    const root = tempDir('qc-bound-fifo-');
    mkdirSync(join(root, 'dir'));
    assert.throws(() => readBounded(join(root, 'dir'), 100), /^Error: not a regular file$/);
    writeFileSync(join(root, 'record.json'), 'a'.repeat(MAX_RECORD_BYTES));
    assert.equal(readRecordBounded(join(root, 'record.json')).length, MAX_RECORD_BYTES, 'the record\'s cap by default');
    writeFileSync(join(root, 'record.json'), 'a'.repeat(MAX_RECORD_BYTES + 1));
    assert.throws(() => readRecordBounded(join(root, 'record.json')), new RegExp(`^Error: larger than ${MAX_RECORD_BYTES} bytes$`));
    if (process.platform === 'win32') return;
    execFileSync('mkfifo', [join(root, 'fifo')]);
    assert.throws(() => readBounded(join(root, 'fifo'), 100), /^Error: not a regular file$/);
  });

  it('reads a file that holds more than its size said (it grew after it was measured) whole, up to the cap, and refuses it past the cap', function () {
    // Linux's /proc files say they are empty and hold text: the one portable way to grow a file between its size and its read.
    const grown = '/proc/self/status';
    if (!existsSync(grown)) this.skip();
    const text = readBounded(grown, 1 << 20);
    assert.match(text, /^Name:[\s\S]*\nPid:\s+\d+\n[\s\S]*\n$/, 'the whole file, its last line included');
    assert.ok(text.length > 200);
    assert.throws(() => readBounded(grown, 100), /^Error: larger than 100 bytes$/);
    const refused = readProjectFile(grown, '/proc', 100, 'the thing');
    assert.equal('problem' in refused && refused.problem, 'status could not be read: larger than 100 bytes');
  });

  it('closes every file it opens, read or refused', function () {
    if (!existsSync('/proc/self/fd')) this.skip();
    const root = tempDir('qc-bound-fd-');
    writeFileSync(join(root, 'x.json'), 'a'.repeat(50));
    mkdirSync(join(root, 'dir'));
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 50; i++) {
      assert.equal(readBounded(join(root, 'x.json'), 100), 'a'.repeat(50));
      assert.throws(() => readBounded(join(root, 'x.json'), 10), /larger than 10 bytes/);
      assert.throws(() => readBounded(join(root, 'dir'), 100), /not a regular file/);
    }
    assert.ok(open() < before + 10, `${open() - before} more descriptors open after 150 reads`);
  });
});
