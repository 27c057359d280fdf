import assert from 'node:assert/strict';
import { summarize } from '../../server/src/fleet/outcomes';
import type { PlannedFile } from '../../server/src/fleet/planner';
import { changeLine, duration, planJson, planLines, progressLine, summaryLine, waitLine } from '../../server/src/fleet/render';
import { renderPlanMarkdown } from '../../server/src/fleet/views/markdown';
import { appliedLine, errorsClause, missingClause, outcomeLine, outcomeTable, refusalLines } from '../../server/src/fleet/views/text';

const file = (shown: string, action: PlannedFile['action'], extra: Partial<PlannedFile> = {}): PlannedFile =>
  ({ path: `/ws/${shown}`, shown, kind: 'aws', action, changes: [], prepared: {} as PlannedFile['prepared'], root: '/ws', ...extra }) as PlannedFile;

describe('the plan lines a user reads', () => {
  it('marks each file as Terraform does and says what it does to which connector', () => {
    const files = [
      file('new.qualys.json', 'create', { kind: 'gcp' }),
      file('left.qualys.json', 'adopt', { id: 3 }),
      file('left-changed.qualys.json', 'adopt', { id: 4, changes: [{ path: 'description', action: 'value', before: 'a', after: 'b' }] }),
      file('prod.qualys.json', 'update', { id: 5 }),
      file('all.qualys.json', 'update-by-filter', { kind: 'azure' }),
      file('old.qualys.json', 'delete', { id: 6 }),
      file('now.qualys.json', 'run', { id: 7, kind: 'oci' }),
      file('gone.qualys.json', 'missing', { id: 8, note: 'connector 8 does not exist' }),
      file('same.qualys.json', 'unchanged', { id: 9 }),
      file('list.qualys.json', 'skip', { note: 'a search' }),
      file('deleted.qualys.json', 'gone', { id: 10 }),
    ];
    assert.deepEqual(planLines(files), [
      '+ new.qualys.json: create gcp connector',
      "~ left.qualys.json: adopt aws connector 3: it has this file's name and no file records it (an interrupted apply created it), so it is recorded, not created again",
      "~ left-changed.qualys.json: adopt aws connector 4: it has this file's name and no file records it (an interrupted apply created it), so it is recorded and updated, not created again",
      '    description: "a" → "b"',
      '~ prod.qualys.json: update aws connector 5',
      "~ all.qualys.json: update the azure connectors matching the file's filters (not compared: they are chosen by Qualys when sent)",
      '- old.qualys.json: delete aws connector 6',
      '! now.qualys.json: run oci connector 7',
      'x gone.qualys.json: connector 8 does not exist',
    ]);
    assert.deepEqual(planLines([file('a.qualys.json', 'update'), file('b.qualys.json', 'delete')]), ['~ a.qualys.json: update aws connector', '- b.qualys.json: delete aws connector']);
    assert.deepEqual(planLines([file('c.qualys.json', 'missing')]), ['x c.qualys.json: missing'], 'without a note, the action');
  });

  it('says what each kind of change does to the live value', () => {
    assert.deepEqual(
      [
        changeLine({ path: 'authRecord.secretKey', action: 'secret' }),
        changeLine({ path: 'name', action: 'value', before: undefined, after: 'x' }),
        changeLine({ path: 'runFrequency', action: 'value', before: 240, after: 480 }),
        changeLine({ path: 'defaultTags', action: 'set', before: [{ id: 1 }], after: [{ id: 3 }] }),
        changeLine({ path: 'defaultTags', action: 'add', after: [{ id: 9 }] }),
        changeLine({ path: 'defaultTags', action: 'remove', after: [{ id: 1 }] }),
        changeLine({ path: 'connectorAppInfos', action: 'update', after: [{ identifier: 'x' }] }),
        changeLine({ path: 'description', action: 'value', before: null, after: undefined }),
      ],
      [
        'authRecord.secretKey: (secret, sent)',
        'name: (not set) → "x"',
        'runFrequency: 240 → 480',
        'defaultTags: set (replaces) [{"id":1}] → [{"id":3}]',
        'defaultTags: add (appends) [{"id":9}]',
        'defaultTags: remove (deletes) [{"id":1}]',
        'connectorAppInfos: update (edits in place) [{"identifier":"x"}]',
        'description: null → null',
      ],
    );
  });

  it('cuts a long value at 200 characters, marked, and leaves one of 200 whole', () => {
    const exact = 'a'.repeat(198); // 200 with its quotes
    assert.equal(changeLine({ path: 'd', action: 'value', before: 'x', after: exact }), `d: "x" → "${exact}"`);
    const long = changeLine({ path: 'd', action: 'value', before: 'x', after: 'a'.repeat(199) });
    assert.equal(long, `d: "x" → "${'a'.repeat(198)}…`);
  });

  it('sums the plan up, naming only the kinds of file it holds beyond the usual four', () => {
    assert.equal(summaryLine([file('a', 'unchanged')]), 'Plan: 0 to create, 0 to update, 0 to delete, 0 to run; 1 unchanged.');
    const all = [file('a', 'create'), file('b', 'adopt'), file('c', 'update-by-filter'), file('d', 'delete'), file('e', 'run'), file('f', 'gone'), file('g', 'skip'), file('h', 'missing'), file('i', 'run')];
    assert.equal(
      summaryLine(all),
      'Plan: 1 to create, 1 to adopt, 1 to update, 1 to delete, 2 to run; 0 unchanged, 1 already deleted, 1 not applied (searches, gets, templates, files without an operation), 1 naming connectors that do not exist.',
    );
  });

  it('gives the plan as JSON with ids and notes where there are any, and secrets never as values', () => {
    const files = [
      file('a.qualys.json', 'update', { id: 5, changes: [{ path: 'authRecord.secretKey', action: 'secret' }, { path: 'name', action: 'value', before: 'a', after: 'b' }] }),
      file('b.qualys.json', 'skip', { note: 'a search' }),
    ];
    assert.deepEqual(planJson(files), {
      files: [
        {
          file: 'a.qualys.json',
          action: 'update',
          kind: 'aws',
          id: 5,
          changes: [
            { path: 'authRecord.secretKey', action: 'secret', shown: '(secret, sent)' },
            { path: 'name', action: 'value', before: 'a', after: 'b' },
          ],
        },
        { file: 'b.qualys.json', action: 'skip', kind: 'aws', note: 'a search', changes: [] },
      ],
      summary: 'Plan: 0 to create, 1 to update, 0 to delete, 0 to run; 0 unchanged, 1 not applied (searches, gets, templates, files without an operation).',
    });
  });
});

describe("an apply's progress and waits, as the CLI and the editor show them", () => {
  const state = { running: 1, concurrency: 2, waitingSec: 0, retried: 0 };

  it('shows done of total, the calls left in the window and the wait, each only when known', () => {
    assert.equal(progressLine(2, 5, state), '2/5 applied');
    assert.equal(progressLine(2, 5, { ...state, remaining: 1 }), '2/5 applied · 1 call left in the window');
    assert.equal(progressLine(2, 5, { ...state, remaining: 0, waitingSec: 12 }), '2/5 applied · 0 calls left in the window · waiting 12 s for the rate limit');
  });

  it('says a wait without the rate when none was announced, and no estimate when nothing is left', () => {
    const resumesAt = Date.UTC(2026, 11, 5, 9, 5, 30);
    assert.equal(waitLine({ ...state, waitingSec: 30, resumesAt }, 0, 0), 'waiting 30 s for the rate limit; resumes at 09:05 UTC');
    const rate = { limit: 3, windowSec: 60 };
    assert.equal(waitLine({ ...state, waitingSec: 30, resumesAt, rate }, 4, 4), 'waiting 30 s for the rate limit: 3 calls per 60 s used; resumes at 09:05 UTC; 4 of 4 applied');
    assert.equal(waitLine({ ...state, waitingSec: 30, resumesAt, rate }, 1, 4), 'waiting 30 s for the rate limit: 3 calls per 60 s used; resumes at 09:05 UTC; 1 of 4 applied; about 30 s for the 3 left', 'three go in the window after the wait');
    assert.equal(waitLine({ ...state, waitingSec: 30, resumesAt, rate }, 0, 7), 'waiting 30 s for the rate limit: 3 calls per 60 s used; resumes at 09:05 UTC; 0 of 7 applied; about 3 min for the 7 left', '30 s, then two more windows');
  });

  it('says a duration in seconds under 90 s, minutes under 90 min, then hours and minutes', () => {
    assert.deepEqual(
      [0, 1.2, 89, 89.5, 90, 91, 5340, 5341, 5400, 7200].map(duration),
      ['0 s', '2 s', '89 s', '90 s', '2 min', '2 min', '89 min', '1 h 30 min', '1 h 30 min', '2 h'],
    );
  });
});

describe('what apply and plan print around the plan', () => {
  it('names every file with errors and counts them', () => {
    const errors = [
      { path: '/ws/a', shown: 'a', messages: ['one'] },
      { path: '/ws/b', shown: 'b', messages: ['two'] },
    ];
    assert.deepEqual(refusalLines({ reason: 'errors', errors }, 'apply'), ['a: one', 'b: two', 'qualys-connector apply: 2 files with errors; nothing was fetched or sent. Run validate to see every finding.']);
  });

  it('says why apply refuses in the plan document and the Markdown, one or many', () => {
    assert.equal(missingClause(1), 'an update names a connector that does not exist: pull again, or fix the ids in qualys-targets.json.');
    assert.equal(missingClause(2), '2 updates name connectors that do not exist: pull again, or fix the ids in qualys-targets.json.');
    assert.equal(errorsClause(1), 'nothing was fetched and nothing can be applied until it is fixed');
    assert.equal(errorsClause(3), 'nothing was fetched and nothing can be applied until they are fixed');
  });

  it('gives one outcome a line: done or FAILED, the file and the answer', () => {
    assert.equal(outcomeLine({ file: file('a.qualys.json', 'create'), ok: true, id: 4, detail: 'created aws connector 4' }), 'done a.qualys.json: created aws connector 4');
    assert.equal(outcomeLine({ file: file('b.qualys.json', 'update', { id: 5 }), ok: false, id: 5, detail: 'NOT_FOUND' }), 'FAILED b.qualys.json: NOT_FOUND');
  });

  it('lines the table up on the longest file name, at least the header and at most 60 characters wide', () => {
    const short = summarize({ outcomes: [{ file: file('a', 'run', { id: 1 }), ok: true, id: 1, detail: 'SUCCESS' }], notSent: [] });
    assert.deepEqual(outcomeTable(short), ['FILE  ACTION    RESULT', 'a     run       ok: SUCCESS']);
    const name = `${'n'.repeat(70)}.qualys.json`;
    const long = summarize({ outcomes: [], notSent: [file(name, 'create'), file('b', 'delete', { id: 2 })] });
    assert.deepEqual(outcomeTable(long), [
      `${'FILE'.padEnd(60)}  ACTION    RESULT`,
      `${name}  create    not sent: cancelled before it was sent`,
      `${'b'.padEnd(60)}  delete    not sent: cancelled before it was sent`,
    ]);
  });

  it('closes with what was applied and the calls it took, in singular and plural', () => {
    const one = summarize({ outcomes: [{ file: file('a', 'create'), ok: true, id: 1, detail: 'ok' }], notSent: [] });
    assert.equal(appliedLine(one, { searches: 1, sends: 1, retried: 0 }), 'Applied 1 of 1: 1 search, then 1 call to send 1.');
    assert.equal(appliedLine(one, { searches: 2, sends: 4, retried: 3 }), 'Applied 1 of 1: 2 searches, then 4 calls to send 1 (3 refused for the limits and sent again after the wait).');
  });
});

describe('the plan as Markdown, at its limits', () => {
  it('names five fields of a file, then how many more', () => {
    const changes = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'a'].map((path) => ({ path, action: 'value' as const, before: 1, after: 2 }));
    const md = renderPlanMarkdown({ ok: true, files: [file('x.qualys.json', 'update', { id: 1, changes })] }, 'US1');
    assert.match(md, /^\| x\\\.qualys\\\.json \| update \| aws 1 \| a, b, c, d, e and 2 more \|$/m);
    const five = renderPlanMarkdown({ ok: true, files: [file('y.qualys.json', 'update', { id: 1, changes: changes.slice(0, 5) })] }, 'US1');
    assert.match(five, /^\| y\\\.qualys\\\.json \| update \| aws 1 \| a, b, c, d, e \|$/m);
  });

  it('holds at most 200 rows in the table and cuts a long file name in its cell, not in the block', () => {
    const files = Array.from({ length: 203 }, (_, i) => file(`f${i}.qualys.json`, 'create'));
    const md = renderPlanMarkdown({ ok: true, files }, 'US1');
    assert.equal(md.split('\n').filter((l) => /^\| f\d+\\\.qualys/.test(l)).length, 200);
    assert.match(md, /^\| … 3 more \| \| \| \|$/m);
    assert.match(md, /^\+ f202\.qualys\.json: create aws connector$/m, 'the block has them all');
    const exactly = renderPlanMarkdown({ ok: true, files: files.slice(0, 200) }, 'US1');
    assert.doesNotMatch(exactly, /more \|/);

    const name = `${'n'.repeat(130)}.json`;
    const cut = renderPlanMarkdown({ ok: true, files: [file(name, 'create')] }, 'US1');
    assert.ok(cut.includes(`| ${'n'.repeat(119)}… | create |`), cut);
    assert.ok(cut.includes(`+ ${name}: create`));
    const edge = `${'m'.repeat(115)}.json`; // 120 characters: whole
    assert.ok(renderPlanMarkdown({ ok: true, files: [file(edge, 'create')] }, 'US1').includes(`| ${'m'.repeat(115)}\\.json | create |`));
  });

  it('counts files with errors, and a file with no message still gets a line', () => {
    const md = renderPlanMarkdown({ ok: false, errors: [{ path: '/ws/a', shown: 'a', messages: [] }, { path: '/ws/b', shown: 'b', messages: ['bad'] }] }, 'EU 2');
    assert.match(md, /^\*\*2 files with errors\*\*: nothing was fetched and nothing can be applied until they are fixed\.$/m);
    assert.match(md, /^```diff\nx a: error\nx b: bad\n```$/m);
    assert.doesNotMatch(md, /^Plan:/m, 'no plan was made');
    assert.doesNotMatch(md, /No changes/);
  });

  it('says why apply refuses for several missing connectors, and a line break in the platform stays one heading', () => {
    const md = renderPlanMarkdown({ ok: true, files: [file('a', 'missing', { id: 1 }), file('b', 'missing', { id: 2 })] }, 'US\r\n# 1');
    assert.match(md, /^### Qualys plan for US \\# 1$/m);
    assert.match(md, /^\*\*Apply refuses\*\* while 2 updates name connectors that do not exist/m);
    assert.match(md, /^\| a \| missing \| aws 1 \| {2}\|$/m);
  });
});

describe('the plan as Markdown, with nothing to send', () => {
  it('is the heading, the summary and "No changes", with no empty table or block', () => {
    assert.equal(
      renderPlanMarkdown({ ok: true, files: [file('same.qualys.json', 'unchanged', { id: 8 })] }, 'US1'),
      ['### Qualys plan for US1', '', 'Plan: 0 to create, 0 to update, 0 to delete, 0 to run; 1 unchanged.', '', 'No changes. The requests match US1.', ''].join('\n'),
    );
  });
});
