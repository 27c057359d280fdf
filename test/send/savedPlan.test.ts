import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCommand } from '../../server/src/cli/apply';
import { planCommand } from '../../server/src/cli/plan';
import { pullCommand } from '../../server/src/cli/pull';
import { tempDir } from '../harness';
import { cmd, emulator, PASSWORD, seed, USER } from './fleetHelpers';

const AUTH = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');

describe('saved plans: plan --out, then apply --plan applies exactly that plan', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => {
    dir = tempDir('qc-saved-');
  });

  /** Two pulled connectors, one edited; the edited file's path and its connector's id. */
  async function edited(url: string): Promise<{ file: string; id: number }> {
    await seed(url, ['saved-a', 'saved-b']);
    assert.equal((await cmd(pullCommand, ['--base-url', url, '--out', 'repo', '--kind', 'aws'], dir)).code, 0);
    const name = readdirSync(join(dir, 'repo')).find((f) => f.startsWith('saved-a'));
    assert.ok(name);
    const file = join(dir, 'repo', name);
    writeFileSync(file, readFileSync(file, 'utf8').replace('runFrequency: 240', 'runFrequency: 360'));
    return { file, id: Number(/-(\d+)\.qualys/.exec(name)?.[1]) };
  }

  /** The same, planned and saved to plan.json. */
  async function saved(url: string): Promise<{ file: string; id: number }> {
    const e = await edited(url);
    assert.equal((await cmd(planCommand, ['--base-url', url, '--out', 'plan.json', 'repo'], dir)).code, 2);
    return e;
  }

  it('applies the saved plan without asking, and the plan then shows no change', async () => {
    const { emu } = await emulator();
    try {
      await edited(emu.url);
      const planned = await cmd(planCommand, ['--base-url', emu.url, '--out', 'plan.json', 'repo'], dir);
      assert.equal(planned.code, 2, planned.err);
      assert.match(planned.err, /Plan saved to plan\.json/);
      const saved = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { files: { file: string; action: string; fields: string[] }[] };
      assert.deepEqual(saved.files.filter((f) => f.action === 'update').map((f) => f.fields), [['runFrequency']]);
      const applied = await cmd(applyCommand, ['--base-url', emu.url, '--plan', 'plan.json'], dir);
      assert.equal(applied.code, 0, applied.out + applied.err);
      assert.equal(emu.calls.byOperation.update, 1);
      assert.equal((await cmd(planCommand, ['--base-url', emu.url, 'repo'], dir)).code, 0);
    } finally {
      await emu.close();
    }
  });

  it('refuses a plan whose file changed since, naming it, and sends nothing', async () => {
    const { emu } = await emulator();
    try {
      const { file } = await saved(emu.url);
      writeFileSync(file, readFileSync(file, 'utf8').replace('runFrequency: 360', 'runFrequency: 480'));
      const applied = await cmd(applyCommand, ['--base-url', emu.url, '--plan', 'plan.json'], dir);
      assert.equal(applied.code, 1);
      assert.match(applied.err, /stale; nothing was sent[\s\S]*saved-a-\d+\.qualys\.yaml: changed since the plan/);
      assert.equal(emu.calls.byOperation.update ?? 0, 0);
    } finally {
      await emu.close();
    }
  });

  it('refuses a plan whose live connector changed since, and one made against another platform', async () => {
    const { emu } = await emulator();
    try {
      const { id } = await saved(emu.url);
      const body = { ServiceRequest: { data: { AwsAssetDataConnector: { runFrequency: 720 } } } };
      const res = await fetch(`${emu.url}/qps/rest/3.0/update/am/awsassetdataconnector/${id}`, { method: 'POST', headers: { Authorization: AUTH, 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
      assert.equal(res.status, 200);
      const updates = emu.calls.byOperation.update;
      const applied = await cmd(applyCommand, ['--base-url', emu.url, '--plan', 'plan.json'], dir);
      assert.equal(applied.code, 1);
      assert.match(applied.err, new RegExp(`its connector ${id} changed on the platform since the plan`));
      assert.equal(emu.calls.byOperation.update, updates);
      const other = await emulator();
      try {
        const elsewhere = await cmd(applyCommand, ['--base-url', other.emu.url, '--plan', 'plan.json'], dir);
        assert.equal(elsewhere.code, 1);
        assert.match(elsewhere.err, /stale/);
      } finally {
        await other.emu.close();
      }
    } finally {
      await emu.close();
    }
  });

  it('holds no secret value, and a file that is not a saved plan is a usage error', async () => {
    const { emu } = await emulator();
    try {
      copyFileSync(join(__dirname, '../../../examples/azure-create.qualys.json'), join(dir, 'azure-create.qualys.json'));
      const key = (JSON.parse(readFileSync(join(dir, 'azure-create.qualys.json'), 'utf8')) as { ServiceRequest: { data: { AzureAssetDataConnector: { authRecord: { authenticationKey: string } } } } }).ServiceRequest.data.AzureAssetDataConnector.authRecord.authenticationKey;
      assert.equal((await cmd(planCommand, ['--base-url', emu.url, '--out', 'plan.json'], dir)).code, 2);
      const text = readFileSync(join(dir, 'plan.json'), 'utf8');
      assert.ok(!text.includes(key), 'the authentication key is not in the saved plan');
      assert.ok(!text.includes(PASSWORD));
      writeFileSync(join(dir, 'not-a-plan.json'), '{"files": []}');
      const r = await cmd(applyCommand, ['--base-url', emu.url, '--plan', 'not-a-plan.json'], dir);
      assert.equal(r.code, 1);
      assert.match(r.err, /not a saved plan/);
    } finally {
      await emu.close();
    }
  });
});
