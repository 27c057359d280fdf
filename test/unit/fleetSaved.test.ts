import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { PlannedFile } from '../../server/src/fleet/planner';
import { readSavedPlan, savePlan, SavedPlan, staleness } from '../../server/src/fleet/saved';

const CWD = join('/ws', 'repo');
const file = (shown: string, action: PlannedFile['action'], extra: Partial<PlannedFile> = {}): PlannedFile =>
  ({ path: join(CWD, shown), shown, kind: 'aws', action, changes: [], prepared: {} as PlannedFile['prepared'], root: CWD, contentHash: `h-${shown}`, ...extra }) as PlannedFile;

describe('a saved plan (plan --out, apply --plan)', () => {
  it('holds each file by its path from the folder, its action, connector and hashes, and the fields it changes without their values', () => {
    const files = [
      file('a/prod.qualys.json', 'update', {
        id: 5,
        liveHash: 'live5',
        changes: [
          { path: 'authRecord.secretKey', action: 'secret' },
          { path: 'description', action: 'value', before: 'old', after: 'new' },
          { path: 'description', action: 'value', before: 'old', after: 'newer' },
        ],
      }),
      file('new.qualys.yaml', 'create', { kind: 'gcp' }),
    ];
    const saved = savePlan(files, CWD, ['**/*.qualys.*'], 'https://qualysapi.qualys.com', 'a');
    assert.equal(saved.format, 'qualys-connector-plan');
    assert.equal(saved.version, 1);
    assert.ok(Math.abs(Date.parse(saved.created) - Date.now()) < 60_000);
    assert.deepEqual({ ...saved, created: undefined }, {
      format: 'qualys-connector-plan',
      version: 1,
      created: undefined,
      platform: 'https://qualysapi.qualys.com',
      patterns: ['**/*.qualys.*'],
      root: 'a',
      files: [
        { file: 'a/prod.qualys.json', action: 'update', kind: 'aws', id: 5, contentHash: 'h-a/prod.qualys.json', liveHash: 'live5', fields: ['authRecord.secretKey', 'description'] },
        { file: 'new.qualys.yaml', action: 'create', kind: 'gcp', contentHash: 'h-new.qualys.yaml', fields: [] },
      ],
    });
    assert.ok(!JSON.stringify(saved).includes('new"'), 'no value');
    assert.ok(!('root' in savePlan(files, CWD, [], 'x')));
  });

  it('reads back what it wrote, and says what is wrong with anything else', () => {
    const saved = savePlan([file('a.qualys.json', 'create')], CWD, ['*'], 'US1');
    assert.deepEqual(readSavedPlan(JSON.stringify(saved)), saved);
    const problem = (v: unknown) => (readSavedPlan(typeof v === 'string' ? v : JSON.stringify(v)) as { problem?: string }).problem;
    assert.match(problem('{') ?? '', /^it is not JSON \(.+\)\.$/);
    assert.equal(problem(null), 'it is not a saved plan (no "format": "qualys-connector-plan").');
    assert.equal(problem(5), 'it is not a saved plan (no "format": "qualys-connector-plan").');
    assert.equal(problem({ format: 'other' }), 'it is not a saved plan (no "format": "qualys-connector-plan").');
    assert.equal(problem({ ...saved, version: 2 }), 'it is version 2; this tool reads version 1. Plan again.');
    assert.equal(problem({ ...saved, version: undefined }), 'it is version undefined; this tool reads version 1. Plan again.');
    assert.equal(problem({ ...saved, patterns: '*' }), '"patterns" must be a list of strings.');
    assert.equal(problem({ ...saved, patterns: ['*', 3] }), '"patterns" must be a list of strings.');
    assert.equal(problem({ ...saved, root: 3 }), '"root" must be a string.');
    assert.equal(problem({ ...saved, root: 'sub' }), undefined);
    assert.equal(problem({ ...saved, platform: 1 }), '"platform" and "files" are missing.');
    assert.equal(problem({ ...saved, files: {} }), '"platform" and "files" are missing.');
    for (const bad of [null, {}, { file: 'a', action: 'create' }, { file: 'a', contentHash: 'h' }, { action: 'create', contentHash: 'h' }]) {
      assert.equal(problem({ ...saved, files: [bad] }), 'each file needs "file", "action" and "contentHash".', JSON.stringify(bad));
    }
  });

  it('says, file by file, why a saved plan is stale, and nothing when it is not', () => {
    const then = [
      file('same.qualys.json', 'update', { id: 1, liveHash: 'l1' }),
      file('edited.qualys.json', 'update', { id: 2 }),
      file('retargeted.qualys.json', 'update', { id: 3 }),
      file('rerun.qualys.json', 'run', { id: 4 }),
      file('now-create.qualys.json', 'update', { id: 8 }),
      file('drifted.qualys.json', 'update', { id: 5, liveHash: 'l5' }),
      file('drifted-filter.qualys.json', 'update-by-filter', { liveHash: 'a' }),
      file('deleted.qualys.json', 'create'),
    ];
    const saved = savePlan(then, CWD, ['*'], 'US1');
    assert.deepEqual(staleness(saved, then, CWD, 'US1'), []);
    const now = [
      file('same.qualys.json', 'update', { id: 1, liveHash: 'l1' }),
      file('edited.qualys.json', 'update', { id: 2, contentHash: 'other' }),
      file('retargeted.qualys.json', 'update', { id: 6 }),
      file('rerun.qualys.json', 'delete', { id: 4 }),
      file('now-create.qualys.json', 'create'),
      file('drifted.qualys.json', 'update', { id: 5, liveHash: 'l5b' }),
      file('drifted-filter.qualys.json', 'update-by-filter', { liveHash: 'b' }),
      file('added.qualys.json', 'create'),
    ];
    assert.deepEqual(staleness(saved, now, CWD, 'EU1'), [
      'the plan was made against US1, not EU1',
      'edited.qualys.json: changed since the plan',
      'retargeted.qualys.json: was update 3, is now update 6',
      'rerun.qualys.json: was run 4, is now delete 4',
      'now-create.qualys.json: was update 8, is now create',
      'drifted.qualys.json: its connector 5 changed on the platform since the plan',
      'drifted-filter.qualys.json: its connector changed on the platform since the plan',
      'deleted.qualys.json: gone since the plan',
      'added.qualys.json: new since the plan',
    ]);
  });

  it('names files from the folder it is applied in, so a plan made in one checkout applies in another', () => {
    const saved: SavedPlan = savePlan([file('d/a.qualys.json', 'create')], CWD, ['*'], 'US1');
    const elsewhere = join('/other', 'clone');
    const moved = [{ ...file('d/a.qualys.json', 'create'), path: join(elsewhere, 'd', 'a.qualys.json') }];
    assert.deepEqual(staleness(saved, moved, elsewhere, 'US1'), []);
    assert.deepEqual(staleness(saved, moved, CWD, 'US1'), ['d/a.qualys.json: gone since the plan', '../../other/clone/d/a.qualys.json: new since the plan']);
  });
});
