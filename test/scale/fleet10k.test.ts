import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planCommand } from '../../server/src/cli/plan';
import { pullCommand } from '../../server/src/cli/pull';
import { cmd, emulator, fleetDataFile } from '../send/fleetHelpers';

const COUNT = 10_000;

describe(`a folder of ${COUNT} connectors`, function () {
  this.timeout(300_000);

  it('pulls them in at most 11 searches, plans no change in at most 41, and 3 edited files as exactly those 3', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'qc-scale-')));
    const { emu } = await emulator({ dataFile: fleetDataFile(dir, COUNT) });
    try {
      const base = ['--base-url', emu.url];
      let started = Date.now();
      const pulled = await cmd(pullCommand, [...base, '--kind', 'aws', '--out', 'repo'], dir);
      const pullMs = Date.now() - started;
      assert.equal(pulled.code, 0, pulled.err);
      assert.ok(emu.calls.byOperation.search <= 11, `pull: ${emu.calls.byOperation.search} searches`);
      const files = readdirSync(join(dir, 'repo')).filter((f) => f.endsWith('.qualys.yaml')).sort();
      assert.equal(files.length, COUNT);

      let searches = emu.calls.byOperation.search;
      started = Date.now();
      const same = await cmd(planCommand, [...base, 'repo'], dir);
      const planMs = Date.now() - started;
      assert.equal(same.code, 0, same.err + same.out.slice(-500));
      assert.ok(emu.calls.byOperation.search - searches <= 41, `plan: ${emu.calls.byOperation.search - searches} searches`);

      for (const f of [files[0], files[4321], files[COUNT - 1]]) {
        const path = join(dir, 'repo', f);
        writeFileSync(path, readFileSync(path, 'utf8').replace('runFrequency: 240', 'runFrequency: 480'));
      }
      searches = emu.calls.byOperation.search;
      const changed = await cmd(planCommand, [...base, 'repo'], dir);
      assert.equal(changed.code, 2, changed.err);
      assert.match(changed.out, /Plan: 0 to create, 3 to update, 0 to delete, 0 to run; 9997 unchanged\./);
      assert.equal(changed.out.split('\n').filter((l) => l.startsWith('~ ')).length, 3);
      console.log(`      pull ${pullMs} ms, plan ${planMs} ms`);
    } finally {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
