import assert from 'node:assert/strict';
import type { PlannedFile } from '../../server/src/fleet/planner';
import { sendSignature } from '../../server/src/fleet/policy';
import { planLines, summaryLine } from '../../server/src/fleet/render';
import { outcomes, planText } from './clientModules';

const file = (shown: string, action: PlannedFile['action'], extra: Partial<PlannedFile> = {}): PlannedFile =>
  ({ path: `/ws/${shown}`, shown, kind: 'aws', action, changes: [], prepared: {} as PlannedFile['prepared'], root: '/ws', ...extra }) as PlannedFile;

const header = { platform: 'US1', time: '2025-01-02 03:04:05', folders: ['ws'] };

describe('the plan document text (client, without VS Code)', () => {
  it('is the header, then exactly the CLI plan lines and summary, with a link on each changed file', () => {
    const files = [
      file('a: b/update.qualys.json', 'update', { id: 7, changes: [{ path: 'description', action: 'value', before: 'old', after: 'new' }] }),
      file('new.qualys.yaml', 'create', { changes: [{ path: 'authRecord.authenticationKey', action: 'secret' }] }),
      file('same.qualys.json', 'unchanged', { id: 8 }),
    ];
    const { text, links } = planText.planText(header, { ok: true, files });
    const lines = text.split('\n');
    assert.equal(lines[0], 'Qualys plan for US1 · 2025-01-02 03:04:05 · ws');
    assert.deepEqual(lines.slice(2, 2 + planLines(files).length), planLines(files));
    assert.ok(lines.includes(summaryLine(files)));
    assert.ok(text.includes('(secret, sent)'));
    assert.ok(!text.includes('No changes'));
    assert.deepEqual(
      links.map((l) => [lines[l.line].slice(l.start, l.end), l.path]),
      [
        ['a: b/update.qualys.json', '/ws/a: b/update.qualys.json'],
        ['new.qualys.yaml', '/ws/new.qualys.yaml'],
      ],
    );
  });

  it('links a fleet account\'s line to its fleet file', () => {
    const account = file('org.qualys-fleet.yaml [111122223333 prod]', 'create', { path: '/ws/org.qualys-fleet.yaml#111122223333', fleet: { file: '/ws/org.qualys-fleet.yaml', key: '111122223333', label: '[111122223333 prod]' } });
    const { text, links } = planText.planText(header, { ok: true, files: [account] });
    const lines = text.split('\n');
    assert.ok(lines.includes('+ org.qualys-fleet.yaml [111122223333 prod]: create aws connector'));
    assert.deepEqual(links.map((l) => [lines[l.line].slice(l.start, l.end), l.path]), [['org.qualys-fleet.yaml [111122223333 prod]', '/ws/org.qualys-fleet.yaml']]);
  });

  it('says "No changes" plainly when nothing would be sent, and why Apply refuses on a missing connector', () => {
    const same = planText.planText(header, { ok: true, files: [file('same.qualys.json', 'unchanged', { id: 8 })] });
    assert.match(same.text, /^No changes\. The requests match US1\.$/m);
    assert.deepEqual(same.links, []);
    const missing = planText.planText(header, { ok: true, files: [file('gone.qualys.json', 'missing', { id: 9, note: 'connector 9 does not exist' })] });
    assert.ok(!missing.text.includes('No changes'));
    assert.match(missing.text, /Apply refuses while an update names a connector that does not exist/);
    assert.equal(missing.links.length, 1);
  });

  it('lists each file with errors, linked, and says nothing was fetched', () => {
    const { text, links } = planText.planText(header, { ok: false, errors: [{ shown: 'bad.qualys.json', path: '/ws/bad.qualys.json', messages: ['schema: runFrequency must be a number', 'second'] }] });
    assert.match(text, /1 file with errors: nothing was fetched/);
    assert.match(text, /^x bad\.qualys\.json: schema: runFrequency must be a number$/m);
    assert.match(text, /^ {4}second$/m);
    assert.deepEqual(links, [{ line: 4, start: 2, end: 17, path: '/ws/bad.qualys.json' }]);
  });

  it('counts what the confirmation names, and tells two plans that send the same apart from others', () => {
    const files = [file('a.qualys.json', 'create'), file('b.qualys.json', 'update', { id: 1 }), file('c.qualys.json', 'update-by-filter'), file('d.qualys.json', 'unchanged', { id: 2 })];
    assert.equal(planText.countsOf(files), '1 create, 2 updates');
    assert.equal(sendSignature(files), sendSignature([...files.slice(0, 3), file('e.qualys.json', 'gone', { id: 3 })]));
    assert.notEqual(sendSignature(files), sendSignature(files.slice(1)));
  });

  it('writes the local time to the second', () => {
    assert.equal(planText.clockTime(new Date(2025, 0, 2, 3, 4, 5)), '2025-01-02 03:04:05');
  });
});

describe('an apply\'s outcomes in the editor (client, without VS Code)', () => {
  const key = 'AzureKey-unit-S3cret-42';
  const azure = file('azure-create.qualys.json', 'create', { kind: 'azure', prepared: { body: JSON.stringify({ ServiceRequest: { data: { AzureAssetDataConnector: { authRecord: { authenticationKey: key } } } } }) } as PlannedFile['prepared'] });
  const applied = {
    outcomes: [
      { file: file('b.qualys.json', 'update', { id: 4 }), ok: true, id: 4, detail: 'update aws connector 4: SUCCESS' },
      { file: azure, ok: false, detail: `INVALID_REQUEST: key ${key} refused for user:hunter2-pass` },
      { file: file('c.qualys.json', 'update-by-filter'), ok: true, detail: 'SUCCESS' },
      { file: file('d.qualys.json', 'delete', { id: 9 }), ok: true, id: 9, detail: 'SUCCESS' },
    ],
    notSent: [file('e-create.qualys.json', 'create')],
  };

  it('refreshes the connectors each file touched: by id, the whole kind for a filter, deleted for a delete', () => {
    assert.deepEqual(applied.outcomes.map(outcomes.changeOf), [
      { kind: 'aws', ids: [4] },
      { kind: 'azure', ids: [] },
      { kind: 'aws', ids: [] },
      { kind: 'aws', ids: [9], deleted: true },
    ]);
  });

  it('writes one line per file, the platform\'s words redacted of the password and the file\'s secrets', () => {
    const lines = outcomes.outcomeLines(applied, 'hunter2-pass');
    assert.equal(lines.length, 5);
    assert.match(lines[0], /^azure-create\.qualys\.json {2}create {2}FAILED {2}INVALID_REQUEST/);
    assert.ok(lines.every((l) => !l.includes(key) && !l.includes('hunter2-pass')), lines.join('\n'));
    assert.equal(lines[4], 'e-create.qualys.json  create  not sent  cancelled before it was sent');
  });

  it('sums up: applied of all, then what failed and what was not sent', () => {
    assert.deepEqual(outcomes.applySummary(applied, 'US1'), { summary: 'Applied 3 of 5 on US1: 1 failed, 1 not sent (cancelled).', problems: true });
    assert.deepEqual(outcomes.applySummary({ outcomes: applied.outcomes.slice(0, 1), notSent: [] }, 'US1'), { summary: 'Applied 1 of 1 on US1.', problems: false });
  });
});
