import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planCommand } from '../../server/src/cli/plan';
import { pullCommand } from '../../server/src/cli/pull';
import { cmd, emulator, seed } from './fleetHelpers';

describe('plan --format markdown (a pull request comment, a job summary)', function () {
  this.timeout(30_000);

  it('prints the heading, a table of the files that change with their fields, and the diff block; exit 2', async () => {
    const { emu } = await emulator();
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'qc-md-')));
    try {
      await seed(emu.url, ['md-one', 'md-two']);
      const base = ['--base-url', emu.url];
      assert.equal((await cmd(pullCommand, [...base, '--out', 'repo', '--kind', 'aws'], dir)).code, 0);
      const file = readdirSync(join(dir, 'repo')).find((f) => f.startsWith('md-one'));
      assert.ok(file);
      const path = join(dir, 'repo', file);
      writeFileSync(path, readFileSync(path, 'utf8').replace('runFrequency: 240', 'runFrequency: 360'));
      const md = await cmd(planCommand, [...base, '--format', 'markdown', 'repo'], dir);
      assert.equal(md.code, 2, md.err);
      assert.match(md.out, /^### Qualys plan for /);
      assert.match(md.out, /^\| repo\/md\\-one\\-\d+\\\.qualys\\\.yaml \| update \| aws \d+ \| runFrequency \|$/m);
      assert.match(md.out, /^```diff\n~ repo\/md-one-\d+\.qualys\.yaml: update aws connector \d+\n {4}runFrequency: 240 → 360\n```$/m);
      assert.doesNotMatch(md.out, /md-two/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await emu.close();
    }
  });
});
