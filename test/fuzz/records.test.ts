import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { OPERATION_NAMES } from '../../server/src/core/model';
import { lookupRecord, MAX_RECORD_BYTES, writeRecord } from '../../server/src/workspace/record';
import { prng } from './mutate';
import { tempDir } from '../harness';

/**
 * Hostile `qualys-targets.json` files, as a cloned repository may hold them: random entries (odd
 * operations, ids of every shape, wrong types, control characters), broken JSON, links to devices
 * and to places outside, FIFOs, sparse giants. Each must end in a record that is used exactly or a
 * problem that says why, quickly, with nothing written outside the workspace.
 * `npm run fuzz` runs more (FUZZ_PER_FIXTURE, FUZZ_SEED).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const COUNT = Number(process.env.FUZZ_PER_FIXTURE ?? 3) * 20;
const REQUEST = '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"name": "x"}}}}';

type Shape = (dir: string, r: () => number) => void;
/** Folders made outside the fuzzed workspaces, removed at the end. */
const made: string[] = [];
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const OPERATIONS = [...OPERATION_NAMES, 'delete\n', 'DELETE', ' update', 'run\u001b[2J', '', 'create\u0000', 'purge', 7, null, ['run'], { op: 'get' }];
const IDS = [843003, 1, 0, -5, 1.5, 9007199254740991, 1e21, '0x10', '12', null, true, [], {}, Number.MAX_VALUE];

const SHAPES: Record<string, Shape> = {
  'random entries': (dir, r) => {
    const targets: Record<string, unknown> = {};
    for (let i = 0, n = 1 + Math.floor(r() * 5); i < n; i++) {
      const entry: Record<string, unknown> = {};
      if (r() < 0.9) entry.operation = pick(r, OPERATIONS);
      if (r() < 0.7) entry.id = pick(r, IDS);
      if (r() < 0.2) entry.kind = pick(r, ['aws', 'azure', 'gcp', 'oci', 'AWS', 'x', 3]);
      targets[r() < 0.6 ? 'a.qualys.json' : pick(r, ['../a.qualys.json', '__proto__', 'a.qualys.json\n', '', 'b/a.qualys.json'])] = r() < 0.9 ? entry : pick(r, ['update', 3, null, []]);
    }
    writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify(r() < 0.8 ? { version: 1, targets } : pick(r, [[], 'x', null, { targets: [] }, { targets: 'a' }])));
  },
  'broken JSON': (dir, r) => {
    const text = JSON.stringify({ targets: { 'a.qualys.json': { operation: 'update', id: 5 } } });
    writeFileSync(join(dir, 'qualys-targets.json'), text.slice(0, Math.floor(r() * text.length)) + pick(r, ['', '\u0000', '}}}}', '\ufeff']));
  },
  'link to a device': (dir, r) => symlinkSync(pick(r, ['/dev/zero', '/dev/urandom', '/dev/null']), join(dir, 'qualys-targets.json')),
  'link outside': (dir) => {
    const outside = tempDir('qc-outside-');
    made.push(outside);
    writeFileSync(join(outside, 'x.json'), JSON.stringify({ targets: { 'a.qualys.json': { operation: 'delete', id: 5 } } }));
    symlinkSync(join(outside, 'x.json'), join(dir, 'qualys-targets.json'));
  },
  fifo: (dir) => execFileSync('mkfifo', [join(dir, 'qualys-targets.json')]),
  'sparse giant': (dir, r) => {
    writeFileSync(join(dir, 'qualys-targets.json'), '{');
    truncateSync(join(dir, 'qualys-targets.json'), MAX_RECORD_BYTES + 1 + Math.floor(r() * 2 ** 31));
  },
  'a folder': (dir) => mkdirSync(join(dir, 'qualys-targets.json')),
};

describe(`fuzzing qualys-targets.json (seed ${SEED}, ${COUNT} records)`, function () {
  this.timeout(120_000);
  after(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('every record is used exactly or refused with a reason, within 1 s, and never written through', async () => {
    const r = prng(SEED);
    const names = Object.keys(SHAPES);
    for (let i = 0; i < COUNT; i++) {
      const shape = names[i % names.length];
      const dir = tempDir('qc-fuzz-record-');
      try {
        SHAPES[shape](dir, r);
        const request = join(dir, 'a.qualys.json');
        writeFileSync(request, REQUEST);
        const started = Date.now();
        const lookup = lookupRecord(request, dir);
        const analysis = analyze(REQUEST, request, undefined, { record: lookup });
        assert.ok(Date.now() - started < 1000, `${shape}: ${Date.now() - started} ms`);
        const recorded = lookup.recorded;
        if (recorded?.operation !== undefined) assert.ok(OPERATION_NAMES.includes(recorded.operation), `${shape}: ${JSON.stringify(recorded)}`);
        if (recorded?.id !== undefined) assert.ok(Number.isSafeInteger(recorded.id) && recorded.id > 0, `${shape}: ${JSON.stringify(recorded)}`);
        if (lookup.problem) {
          assert.ok(analysis.findings.some((f) => f.code === 'bad-record' && f.severity === 'error'), `${shape}: the problem is shown`);
          // eslint-disable-next-line no-control-regex -- control characters are what must not be there
          assert.doesNotMatch(lookup.problem, /[\u0000-\u0008\u000b-\u001f]/, `${shape}: no raw control characters in ${JSON.stringify(lookup.problem)}`);
        }
        if (shape !== 'random entries' && shape !== 'broken JSON') assert.ok(lookup.problem, `${shape}: refused`);
        // Writing never goes through a link or past a record it cannot read.
        await writeRecord(request, { operation: 'get', id: 1 }, dir).then(
          () => assert.ok(!['link to a device', 'link outside', 'fifo', 'sparse giant', 'a folder'].includes(shape), `${shape}: written`),
          (e: Error) => assert.ok(e.message.length > 0),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });
});
