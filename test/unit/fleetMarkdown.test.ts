import assert from 'node:assert/strict';
import type { PlannedFile } from '../../server/src/fleet/planner';
import { renderPlanMarkdown } from '../../server/src/fleet/views/markdown';

const file = (shown: string, action: PlannedFile['action'], extra: Partial<PlannedFile> = {}): PlannedFile =>
  ({ path: `/ws/${shown}`, shown, kind: 'aws', action, changes: [], prepared: {} as PlannedFile['prepared'], root: '/ws', ...extra }) as PlannedFile;

describe('the plan as Markdown', () => {
  it('puts the plan lines in a diff block, with the summary above it', () => {
    const md = renderPlanMarkdown(
      {
        ok: true,
        files: [
          file('prod.qualys.json', 'update', { id: 7, changes: [{ path: 'runFrequency', action: 'value', before: 240, after: 480 }] }),
          file('new.qualys.yaml', 'create', { changes: [{ path: 'authRecord.secretKey', action: 'secret' }] }),
          file('same.qualys.json', 'unchanged', { id: 8 }),
        ],
      },
      'US1',
    );
    assert.equal(
      md,
      [
        '### Qualys plan for US1',
        '',
        'Plan: 1 to create, 1 to update, 0 to delete, 0 to run; 1 unchanged.',
        '',
        '| File | Action | Connector | Fields |',
        '|---|---|---|---|',
        '| prod\\.qualys\\.json | update | aws 7 | runFrequency |',
        '| new\\.qualys\\.yaml | create | aws | authRecord\\.secretKey |',
        '',
        '```diff',
        '~ prod.qualys.json: update aws connector 7',
        '    runFrequency: 240 → 480',
        '+ new.qualys.yaml: create aws connector',
        '    authRecord.secretKey: (secret, sent)',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('says "No changes" when nothing would be sent, and why apply refuses on a missing connector', () => {
    assert.match(renderPlanMarkdown({ ok: true, files: [file('same.qualys.json', 'unchanged', { id: 8 })] }, 'US1'), /^No changes\. The requests match US1\.$/m);
    const missing = renderPlanMarkdown({ ok: true, files: [file('gone.qualys.json', 'missing', { id: 9, note: 'connector 9 does not exist' })] }, 'US1');
    assert.match(missing, /^\*\*Apply refuses\*\* while an update names a connector that does not exist/m);
    assert.doesNotMatch(missing, /No changes/);
  });

  it('lists files with errors in the block, and no file name can close it or become Markdown', () => {
    const md = renderPlanMarkdown({ ok: false, errors: [{ path: '/ws/a', shown: 'a````b.qualys.json', messages: ['schema: bad', 'second'] }] }, 'https://[x](y)');
    assert.match(md, /^### Qualys plan for https:\/\/\\\[x\\\]\\\(y\\\)$/m);
    assert.match(md, /^\*\*1 file with errors\*\*/m);
    assert.match(md, /^`````diff\nx a````b\.qualys\.json: schema: bad\n {4}second\n`````$/m);
  });
});
