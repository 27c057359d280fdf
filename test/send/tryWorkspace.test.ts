import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { planCommand } from '../../server/src/cli/plan';
import { startEmulator } from '../../server/src/emulator';
import { tempDir } from '../harness';

const ROOT = join(__dirname, '../../..');

/** The mistakes of the tutorial file, fixed as its quick fixes and hovers say. */
const FIXES: [RegExp, string][] = [
  [/naem/, 'name'],
  [/"every four hours"/, '240'],
  [/ *arn: .*\n/, ''],
  [/"certview"/, '"CERTVIEW"'],
  [/"DAILY"/, '"WEEKLY"'],
  [/31\/05\/2022/, '05/31/2022'],
  [/25:00/, '22:00'],
  [/africa\/cairo/, 'Africa/Cairo'],
];

describe('the try-it workspace (npm start) and Plan Workspace', function () {
  this.timeout(60_000);

  it('plans once mistakes.qualys.yaml is fixed, as the banner says: before, it alone blocks; after, it is left out', async () => {
    const emu = await startEmulator({ demo: true, port: 0 });
    try {
      const home = tempDir('qc-try-');
      // scripts/try-workspace.mjs is an ES module: run as npm start runs it, in a process of its own.
      const script = `import { prepareWorkspace, createTargets } from ${JSON.stringify(join(ROOT, 'scripts/try-workspace.mjs'))};
        const { workspace } = prepareWorkspace(${JSON.stringify(home)}, ${JSON.stringify(emu.url)});
        console.log(JSON.stringify({ workspace, targets: await createTargets(workspace, ${JSON.stringify(emu.url)}) }));`;
      const ran = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
      const { workspace, targets } = JSON.parse(ran.stdout) as { workspace: string; targets: number };
      assert.equal(targets, 18);
      const plan = async (): Promise<{ code: number; out: string; err: string }> => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await planCommand(['--base-url', emu.url, '.'], { cwd: workspace, out: (l) => out.push(l), err: (l) => err.push(l) }, { QUALYS_USERNAME: 'demo', QUALYS_PASSWORD: 'demo-password' });
        return { code, out: out.join('\n'), err: err.join('\n') };
      };
      const blocked = await plan();
      assert.equal(blocked.code, 1);
      assert.deepEqual([...new Set([...blocked.err.matchAll(/^\.\/(\S+):/gm)].map((m) => m[1]))], ['mistakes.qualys.yaml'], 'only the tutorial file blocks');

      const file = join(workspace, 'mistakes.qualys.yaml');
      writeFileSync(file, FIXES.reduce((text, [from, to]) => text.replace(from, to), readFileSync(file, 'utf8')));
      const planned = await plan();
      assert.equal(planned.code, 2, `a plan with changes: ${planned.err}`);
      assert.match(planned.out, /Plan: 12 to create, 18 to update, 0 to delete, 0 to run; 0 unchanged, 1 not applied/);
      assert.doesNotMatch(planned.out, /mistakes\.qualys\.yaml: (create|update)/);
      assert.match(readFileSync(join(ROOT, 'scripts/start.mjs'), 'utf8'), /Fix mistakes\.qualys\.yaml first/);
    } finally {
      await emu.close();
    }
  });
});
