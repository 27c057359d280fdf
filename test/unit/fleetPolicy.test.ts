import assert from 'node:assert/strict';
import type { Outcome } from '../../server/src/fleet/apply';
import { summarize } from '../../server/src/fleet/outcomes';
import type { Plan, PlannedFile } from '../../server/src/fleet/planner';
import { blockers, filesOf, sendSignature, stateOf, tally } from '../../server/src/fleet/policy';
import { appliedLine, outcomeTable, planOutput, refusalLines } from '../../server/src/fleet/views/text';
import { planLines, summaryLine } from '../../server/src/fleet/render';

const file = (shown: string, action: PlannedFile['action'], extra: Partial<PlannedFile> = {}): PlannedFile =>
  ({ path: `/ws/${shown}`, shown, kind: 'aws', action, changes: [], prepared: {} as PlannedFile['prepared'], root: '/ws', ...extra }) as PlannedFile;

describe('the fleet engine decides, once', () => {
  it('blocks apply on files with errors, or on updates of connectors that do not exist, and says which', () => {
    const errors: Plan = { ok: false, errors: [{ path: '/ws/bad.qualys.json', shown: 'bad.qualys.json', messages: ['x'] }] };
    assert.deepEqual(blockers(errors), [{ reason: 'errors', errors: errors.errors }]);
    assert.equal(stateOf(errors), 'blocked');
    assert.deepEqual(filesOf(errors), []);

    const gone = file('gone.qualys.json', 'missing', { id: 9 });
    const missing: Plan = { ok: true, files: [file('new.qualys.json', 'create'), gone] };
    assert.deepEqual(blockers(missing), [{ reason: 'missing', files: [gone] }]);
    assert.equal(stateOf(missing), 'blocked', 'a plan with changes still may not be applied');

    assert.deepEqual(blockers({ ok: true, files: [file('a.qualys.json', 'create')] }), []);
    assert.equal(stateOf({ ok: true, files: [file('a.qualys.json', 'create')] }), 'changes');
    assert.equal(stateOf({ ok: true, files: [file('a.qualys.json', 'unchanged'), file('b.qualys.json', 'skip'), file('c.qualys.json', 'gone')] }), 'same');
  });

  it('counts an update by filter as an update', () => {
    const t = tally([file('a', 'update'), file('b', 'update-by-filter'), file('c', 'create'), file('d', 'skip')]);
    assert.deepEqual(t, { create: 1, adopt: 0, update: 2, delete: 0, run: 0, unchanged: 0, gone: 0, skip: 1, missing: 0 });
  });

  it('sums an apply up once: counts, and rows by file name, then what was not sent', () => {
    const outcomes: Outcome[] = [
      { file: file('b.qualys.json', 'update', { id: 4 }), ok: true, id: 4, detail: 'SUCCESS' },
      { file: file('a.qualys.json', 'create'), ok: false, detail: 'INVALID' },
    ];
    const s = summarize({ outcomes, notSent: [file('c.qualys.json', 'run', { id: 5 })] });
    assert.deepEqual({ ...s, rows: s.rows.map((r) => [r.file.shown, r.result, r.detail]) }, {
      applied: 1,
      failed: 1,
      notSent: 1,
      total: 3,
      rows: [
        ['a.qualys.json', 'FAILED', 'INVALID'],
        ['b.qualys.json', 'ok', 'SUCCESS'],
        ['c.qualys.json', 'not sent', 'cancelled before it was sent'],
      ],
    });
  });
});

describe('the terminal view of plan and apply', () => {
  it('prints the plan lines, then the summary', () => {
    const files = [file('a.qualys.json', 'create'), file('b.qualys.json', 'unchanged')];
    assert.deepEqual(planOutput(files), [...planLines(files), summaryLine(files)]);
  });

  it('says why nothing was sent, naming the command', () => {
    assert.deepEqual(refusalLines({ reason: 'errors', errors: [{ path: '/ws/a', shown: 'a', messages: ['one', 'two'] }] }, 'plan'), [
      'a: one',
      'a: two',
      'qualys-connector plan: 1 file with errors; nothing was fetched or sent. Run validate to see every finding.',
    ]);
    assert.deepEqual(refusalLines({ reason: 'missing', files: [] }, 'apply'), ['qualys-connector apply: some updates name connectors that do not exist; nothing was sent. Pull again, or fix their ids in qualys-targets.json.']);
  });

  it('draws the outcome table and the closing line from the summary', () => {
    const s = summarize({ outcomes: [{ file: file('b.qualys.json', 'update', { id: 4 }), ok: true, id: 4, detail: 'update aws connector 4: SUCCESS' }, { file: file('a.qualys.json', 'delete', { id: 3 }), ok: false, id: 3, detail: 'NOT_FOUND' }], notSent: [] });
    assert.deepEqual(outcomeTable(s), ['FILE           ACTION    RESULT', 'a.qualys.json  delete    FAILED: NOT_FOUND', 'b.qualys.json  update    ok: update aws connector 4: SUCCESS']);
    assert.equal(appliedLine(s, { searches: 1, sends: 3, retried: 1 }), 'Applied 1 of 2 (1 failed): 1 search, then 3 calls to send 2 (1 refused for the limits and sent again after the wait).');
    assert.deepEqual(outcomeTable(summarize({ outcomes: [], notSent: [] })), []);
  });
});

describe('the engine: what an apply would send, and its rows in order', () => {
  it('compares two plans by what they send: the file, action, connector and changes; files that send nothing do not count', () => {
    const change = { path: 'description', action: 'value' as const, before: 'a', after: 'b' };
    const plan = [file('a.qualys.json', 'update', { id: 5, changes: [change] }), file('b.qualys.json', 'unchanged', { id: 6 }), file('c.qualys.json', 'create')];
    assert.equal(sendSignature(plan), sendSignature([plan[0], file('b.qualys.json', 'skip'), plan[2]]));
    assert.equal(sendSignature(plan), JSON.stringify([['/ws/a.qualys.json', 'update', 5, [change]], ['/ws/c.qualys.json', 'create', null, []]]));
    assert.notEqual(sendSignature(plan), sendSignature([file('a.qualys.json', 'update', { id: 7, changes: [change] }), plan[2]]), 'another connector');
    assert.notEqual(sendSignature(plan), sendSignature([file('a.qualys.json', 'update', { id: 5, changes: [{ ...change, after: 'c' }] }), plan[2]]), 'another value');
    assert.notEqual(sendSignature(plan), sendSignature([file('a.qualys.json', 'delete', { id: 5, changes: [change] }), plan[2]]), 'another action');
    assert.notEqual(sendSignature(plan), sendSignature([plan[0]]), 'one file fewer');
  });

  it('lists outcomes by file name, whatever order the calls finished in', () => {
    const out = (shown: string): Outcome => ({ file: file(shown, 'create'), ok: true, id: 1, detail: 'ok' });
    for (const order of [['c', 'a', 'b', 'd'], ['d', 'c', 'b', 'a'], ['a', 'b', 'c', 'd'], ['b', 'd', 'a', 'c']]) {
      assert.deepEqual(summarize({ outcomes: order.map(out), notSent: [] }).rows.map((r) => r.file.shown), ['a', 'b', 'c', 'd'], order.join(''));
    }
  });
});
