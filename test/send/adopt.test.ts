import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { makePlan, Plan } from '../../server/src/fleet/planner';
import { openApi } from '../../server/src/send/api';
import { RunningEmulator } from '../../server/src/emulator';
import { createFiles, emulator, PASSWORD, seed, USER } from './fleetHelpers';
import { tempDir } from '../harness';

/** The plan of the folder, against the emulator. */
async function planOf(emu: RunningEmulator, dir: string): Promise<Plan> {
  const api = openApi({ platform: { baseUrl: emu.url, label: 'emulator', known: false, loopback: true }, credentials: { username: USER, password: PASSWORD }, timeoutMs: 10_000 });
  return makePlan(['.'], dir, api);
}

/** What plan would do with each file, by file name; the plan must be made. */
async function planned(emu: RunningEmulator, dir: string): Promise<Record<string, { action: string; id?: number }>> {
  const plan = await planOf(emu, dir);
  assert.ok(plan.ok, JSON.stringify(plan));
  return Object.fromEntries(plan.files.map((f) => [basename(f.path), { action: f.action, ...(f.id !== undefined ? { id: f.id } : {}) }]));
}

/** The files whose create the plan stopped at, by file name. */
async function stopped(emu: RunningEmulator, dir: string): Promise<string[]> {
  const plan = await planOf(emu, dir);
  assert.ok(!plan.ok, 'the plan stops');
  return plan.errors.map((e) => basename(e.path)).sort();
}

/** What an apply killed after sending these files' creates leaves in the record. */
function journaled(dir: string, files: string[], more: Record<string, unknown> = {}): void {
  const targets = Object.fromEntries(files.map((f) => [f, { operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' }]));
  writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { ...targets, ...more } }));
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

  it('stops, rather than guesses, when two unrecorded live connectors share a journaled create\'s name', async () => {
    const dir = tempDir('qc-adopt-');
    createFiles(dir, 2, 'twin');
    await seed(emu.url, ['twin-0', 'twin-0', 'twin-1']);
    journaled(dir, ['twin-0-create.qualys.json', 'twin-1-create.qualys.json']);
    assert.deepEqual(await stopped(emu, dir), ['twin-0-create.qualys.json']);
  });

  it('adopts the one connector of the name that no file records, when another of that name is recorded', async () => {
    const dir = tempDir('qc-adopt-');
    createFiles(dir, 1, 'twin');
    await seed(emu.url, ['twin-0', 'twin-0']);
    // The first twin is already another file's: an update of it, recorded.
    writeFileSync(join(dir, 'first.qualys.json'), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { description: 'first' } } } }));
    journaled(dir, ['twin-0-create.qualys.json'], { 'first.qualys.json': { operation: 'update', id: 1672601 } });
    const files = await planned(emu, dir);
    assert.deepEqual(files['twin-0-create.qualys.json'], { action: 'adopt', id: 1672602 });
    assert.equal(files['first.qualys.json'].action, 'update');
  });

  it('adopts for neither when two journaled files would create connectors of one name', async () => {
    const dir = tempDir('qc-adopt-');
    createFiles(dir, 1, 'twin');
    writeFileSync(join(dir, 'again-create.qualys.json'), JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { name: 'twin-0', arn: 'arn:aws:iam::123456789012:role/R', externalId: 'ext-9', allRegions: true } } } }));
    await seed(emu.url, ['twin-0']);
    journaled(dir, ['twin-0-create.qualys.json', 'again-create.qualys.json']);
    assert.deepEqual(await stopped(emu, dir), ['again-create.qualys.json', 'twin-0-create.qualys.json']);
  });

  it('creates when the journaled create never reached Qualys (no connector of its name)', async () => {
    const dir = tempDir('qc-adopt-');
    createFiles(dir, 1, 'lost');
    journaled(dir, ['lost-0-create.qualys.json']);
    assert.deepEqual(await planned(emu, dir), { 'lost-0-create.qualys.json': { action: 'create' } });
  });
});
