import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCommand } from '../../server/src/cli/apply';
import { planCommand } from '../../server/src/cli/plan';
import { tempDir } from '../harness';
import { FakeClock } from '../unit/fakeClock';
import { cmd, createFiles, emulator, liveNames } from './fleetHelpers';
import { hostileServer } from './hostileServer';

describe('apply within a budget: bounded waits, --max-wait and --max-calls', function () {
  this.timeout(60_000);

  it('--max-wait stops cleanly with status 3 when the window is spent; a run after the window finishes the rest, none twice', async () => {
    const clock = FakeClock.heldByCalls(Date.now());
    const { emu } = await emulator({ rateLimit: 3, rateWindowSec: 3, clock });
    try {
      const dir = tempDir('qc-budget-');
      createFiles(dir, 5, 'hourly');
      const first = await cmd(applyCommand, ['--base-url', emu.url, '--yes', '--max-wait', '1s'], dir, clock);
      assert.equal(first.code, 3, first.out + first.err);
      assert.match(first.err, /incomplete: the rate limit asks to wait \d+ s, longer than --max-wait allows \(1 s\); 3 of 5 not sent yet\. Run apply again to go on\./);
      assert.match(first.err, /not sent: (\.\/)?hourly-\d-create\.qualys\.json/);
      assert.equal(emu.calls.byOperation.create, 2, 'the plan search and 2 creates filled the window of 3');
      clock.advance(3200);
      const resumed = clock.now();
      const second = await cmd(applyCommand, ['--base-url', emu.url, '--yes'], dir, clock);
      assert.equal(second.code, 0, second.out + second.err);
      assert.equal(emu.calls.byOperation.create, 5);
      assert.ok(clock.now() - resumed >= 3000, 'the second apply waited out a window for its last create');
      clock.advance(3200);
      const names = await liveNames(emu.url);
      assert.equal(names.length, 5);
      assert.equal(new Set(names).size, 5);
    } finally {
      await emu.close();
    }
  });

  it('says each wait in the log, with when it resumes and how far the apply is', async () => {
    const clock = FakeClock.heldByCalls(Date.UTC(2026, 11, 5, 9, 41, 0));
    const { emu } = await emulator({ rateLimit: 3, rateWindowSec: 2, clock });
    try {
      const dir = tempDir('qc-budget-');
      createFiles(dir, 4, 'logged');
      const r = await cmd(applyCommand, ['--base-url', emu.url, '--yes'], dir, clock);
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /^waiting \d+ s for the rate limit: 3 calls per 2 s used; resumes at 09:41 UTC; \d of 4 applied; about \d+ s for the \d left$/m);
    } finally {
      await emu.close();
    }
  });

  it('--max-calls spends at most that many calls, the plan\'s included, then stops with status 3', async () => {
    const { emu } = await emulator();
    try {
      const dir = tempDir('qc-budget-');
      createFiles(dir, 6, 'few');
      const r = await cmd(applyCommand, ['--base-url', emu.url, '--yes', '--max-calls', '4'], dir);
      assert.equal(r.code, 3, r.out + r.err);
      assert.match(r.err, /incomplete: 4 calls spent, as --max-calls allows; 3 of 6 not sent yet/);
      assert.equal((await liveNames(emu.url)).length, 3);
    } finally {
      await emu.close();
    }
  });

  for (const status of [200, 409]) {
    it(`a ToWait of 10^8 s on a ${status} ends plan and apply at once with status 1, never sleeping`, async () => {
      const server = await hostileServer((_req, res) => {
        res.writeHead(status, { 'Content-Type': 'application/json', 'X-RateLimit-Remaining': '0', 'X-RateLimit-ToWait-Sec': '100000000' });
        res.end(status === 200 ? '{"ServiceResponse":{"responseCode":"SUCCESS","count":0,"hasMoreRecords":"false"}}' : '{"ServiceResponse":{"responseCode":"TOO_MANY_REQUESTS"}}');
      });
      try {
        const dir = tempDir('qc-budget-');
        createFiles(dir, 3, 'wait');
        writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'wait-0-create.qualys.json': { operation: 'update', id: 5, kind: 'aws' } } }));
        const started = Date.now();
        const planned = await cmd(planCommand, ['--base-url', server.url], dir);
        const applied = await cmd(applyCommand, ['--base-url', server.url, '--yes'], dir);
        assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
        assert.equal(planned.code, 1, planned.out + planned.err);
        assert.equal(applied.code, 1, applied.out + applied.err);
        assert.match(planned.err + applied.err, /asks to wait 100000000 s/);
        assert.ok(readFileSync(join(dir, 'qualys-targets.json'), 'utf8').length > 0);
      } finally {
        await server.close();
      }
    });
  }
});
