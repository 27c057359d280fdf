import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makePlan, PlannedFile } from '../../server/src/fleet/planner';
import { openApi } from '../../server/src/fleet/session';
import { RunningEmulator } from '../../server/src/emulator';
import { createFiles, emulator, PASSWORD, seed, USER } from './fleetHelpers';
import { tempDir } from '../harness';

/** What plan would do with each create file, by file name. */
async function planned(emu: RunningEmulator, dir: string): Promise<Record<string, Pick<PlannedFile, 'action' | 'id'>>> {
  const api = openApi({ platform: { baseUrl: emu.url, label: 'emulator', known: false, loopback: true }, credentials: { username: USER, password: PASSWORD }, timeoutMs: 10_000 });
  const plan = await makePlan(['.'], dir, api);
  assert.ok(plan.ok, JSON.stringify(plan));
  return Object.fromEntries(plan.files.map((f) => [basename(f.path), { action: f.action, ...(f.id !== undefined ? { id: f.id } : {}) }]));
}

describe('plan: adopting a connector an interrupted apply created, only when the name says which', function () {
  this.timeout(30_000);
  let emu: RunningEmulator;

  beforeEach(async () => {
    ({ emu } = await emulator());
  });

  afterEach(async () => {
    await emu.close();
  });

  it('creates, rather than guesses, when two live connectors share the name', async () => {
    const dir = tempDir('qc-adopt-');
    createFiles(dir, 2, 'twin');
    await seed(emu.url, ['twin-0', 'twin-0', 'twin-1']);
    assert.deepEqual(await planned(emu, dir), {
      'twin-0-create.qualys.json': { action: 'create' },
      'twin-1-create.qualys.json': { action: 'adopt', id: 1672603 },
    });
  });

  it('adopts the one connector of the name that no file records, when another of that name is recorded', async () => {
    const dir = tempDir('qc-adopt-');
    createFiles(dir, 1, 'twin');
    await seed(emu.url, ['twin-0', 'twin-0']);
    // The first twin is already another file's: an update of it, recorded.
    writeFileSync(join(dir, 'first.qualys.json'), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { description: 'first' } } } }));
    writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'first.qualys.json': { operation: 'update', id: 1672601 } } }));
    const files = await planned(emu, dir);
    assert.deepEqual(files['twin-0-create.qualys.json'], { action: 'adopt', id: 1672602 });
    assert.equal(files['first.qualys.json'].action, 'update');
  });

  it('creates both when two files would create connectors of one name', async () => {
    const dir = tempDir('qc-adopt-');
    createFiles(dir, 1, 'twin');
    createFiles(dir, 1, 'twin');
    writeFileSync(join(dir, 'again-create.qualys.json'), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { name: 'twin-0', arn: 'arn:aws:iam::123456789012:role/R', externalId: 'ext-9', allRegions: true } } } }));
    await seed(emu.url, ['twin-0']);
    assert.deepEqual(await planned(emu, dir), {
      'again-create.qualys.json': { action: 'create' },
      'twin-0-create.qualys.json': { action: 'create' },
    });
  });
});
