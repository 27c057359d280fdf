import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { lookupRecord, MAX_RECORD_BYTES, RECORD_FILE, writeRecord, writeRecords } from '../../server/src/workspace/record';
import { tempDir } from '../harness';

describe('qualys-targets.json: the writer keeps to the size the reader accepts', () => {
  it('refuses to write a record the reader would refuse, and leaves the one there usable', async () => {
    const repo = tempDir('qc-record-cap-');
    const first = join(repo, 'first.qualys.json');
    await writeRecord(first, { operation: 'update', id: 1 }, repo);
    const before = readFileSync(join(repo, RECORD_FILE), 'utf8');
    // Pulled files of about 135 bytes of record each: twice what a record may be.
    const count = Math.ceil((2 * MAX_RECORD_BYTES) / 135);
    const many = Array.from({ length: count }, (_, i) => ({ file: join(repo, 'connectors', `aws-production-account-${String(i).padStart(5, '0')}.qualys.yaml`), target: { operation: 'update' as const, id: 1_000_000 + i, kind: 'aws' as const } }));
    await assert.rejects(writeRecords(many, repo), new RegExp(`would grow past ${MAX_RECORD_BYTES} bytes`));
    assert.equal(readFileSync(join(repo, RECORD_FILE), 'utf8'), before, 'the record is as it was');
    assert.ok(statSync(join(repo, RECORD_FILE)).size <= MAX_RECORD_BYTES);
    assert.deepEqual(lookupRecord(first, repo).recorded, { operation: 'update', id: 1 }, 'and its targets still read');
  });

  it('writes a record of 1,500 files under the cap, which reads back whole', async () => {
    const repo = tempDir('qc-record-cap-');
    const many = Array.from({ length: 1500 }, (_, i) => ({ file: join(repo, `c${i}.qualys.json`), target: { operation: 'update' as const, id: i + 1 } }));
    await writeRecords(many, repo);
    assert.ok(statSync(join(repo, RECORD_FILE)).size <= MAX_RECORD_BYTES);
    assert.deepEqual(lookupRecord(join(repo, 'c1499.qualys.json'), repo).recorded, { operation: 'update', id: 1500 });
  });
});
