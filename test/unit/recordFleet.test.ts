import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordProblem } from '../../server/src/workspace/record';

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
