import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tempDir } from '../harness';
import { join } from 'node:path';
import { validateCommand } from '../../server/src/cli/validate';
import { readRecord, RecordRead, RECORD_FILE } from '../../server/src/workspace/record';
import { RecordResolver } from '../../server/src/workspace/resolver';

const fresh = (): string => realpathSync(tempDir('qc-resolver-'));
const targets = (t: object): string => JSON.stringify({ version: 1, targets: t });

/** A resolver whose reads are counted. */
function counting(): { resolver: RecordResolver; reads: string[] } {
  const reads: string[] = [];
  const resolver = new RecordResolver((file: string, root: string): RecordRead => {
    reads.push(file);
    return readRecord(file, root);
  });
  return { resolver, reads };
}

describe('the record resolver', () => {
  it('reads a record once for all its files, again when it changes or is invalidated', () => {
    const dir = fresh();
    const record = join(dir, RECORD_FILE);
    writeFileSync(record, targets({ 'a.qualys.json': { operation: 'update', id: 1 }, 'b.qualys.json': { operation: 'delete', id: 2 } }));
    const { resolver, reads } = counting();
    assert.deepEqual(resolver.lookup(join(dir, 'a.qualys.json'), dir).recorded, { operation: 'update', id: 1 });
    assert.deepEqual(resolver.lookup(join(dir, 'b.qualys.json'), dir).recorded, { operation: 'delete', id: 2 });
    assert.deepEqual(resolver.lookup(join(dir, 'c.qualys.json'), dir), { file: record });
    assert.equal(reads.length, 1);

    // A new size is a new stamp: read again without being told.
    writeFileSync(record, targets({ 'a.qualys.json': { operation: 'update', id: 10 } }));
    assert.deepEqual(resolver.lookup(join(dir, 'a.qualys.json'), dir).recorded, { operation: 'update', id: 10 });
    assert.equal(reads.length, 2);

    resolver.invalidate(join(dir, 'other', RECORD_FILE));
    resolver.lookup(join(dir, 'a.qualys.json'), dir);
    assert.equal(reads.length, 2, 'another record invalidated: this one is kept');
    resolver.invalidate(record);
    resolver.lookup(join(dir, 'a.qualys.json'), dir);
    assert.equal(reads.length, 3);
    resolver.invalidate();
    resolver.lookup(join(dir, 'a.qualys.json'), dir);
    assert.equal(reads.length, 4);
  });

  it('keeps a record read under one root apart from the same record under another', () => {
    const dir = fresh();
    writeFileSync(join(dir, RECORD_FILE), targets({ 'sub/a.qualys.json': { operation: 'run', id: 3 } }));
    const { resolver, reads } = counting();
    const file = join(dir, 'sub', 'a.qualys.json');
    assert.deepEqual(resolver.lookup(file, dir).recorded, { operation: 'run', id: 3 });
    assert.deepEqual(resolver.lookup(file, join(dir, 'sub')), {}, 'a record above the root is not looked for');
    assert.deepEqual(reads, [join(dir, RECORD_FILE)]);
  });

  it('lets validate read the record once for all the files it checks', async () => {
    const dir = fresh();
    const names = ['a', 'b', 'c', 'd', 'e'].map((n) => `${n}.qualys.json`);
    for (const n of names) writeFileSync(join(dir, n), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { name: n } } } }));
    writeFileSync(join(dir, RECORD_FILE), targets(Object.fromEntries(names.map((n, i) => [n, { operation: 'update', id: i + 1 }]))));
    const { resolver, reads } = counting();
    const err: string[] = [];
    await validateCommand(['--root', '.', '.'], { cwd: dir, out: () => undefined, err: (l) => err.push(l) }, resolver);
    assert.match(err.join('\n'), /^5 files checked/m);
    assert.equal(reads.length, 1);
  });
});

describe('the record resolver, with several records', () => {
  it('keeps each record it read: files of two folders asked in turn read each record once', () => {
    const dir = fresh();
    for (const sub of ['a', 'b']) {
      mkdirSync(join(dir, sub));
      writeFileSync(join(dir, sub, RECORD_FILE), targets({ 'x.qualys.json': { operation: 'run', id: sub === 'a' ? 1 : 2 } }));
    }
    const { resolver, reads } = counting();
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(resolver.lookup(join(dir, 'a', 'x.qualys.json'), dir).recorded, { operation: 'run', id: 1 });
      assert.deepEqual(resolver.lookup(join(dir, 'b', 'x.qualys.json'), dir).recorded, { operation: 'run', id: 2 });
    }
    assert.equal(reads.length, 2);
  });
});
