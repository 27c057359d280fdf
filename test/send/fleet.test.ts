import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCommand } from '../../server/src/cli/apply';
import { applyPlan, toApply } from '../../server/src/fleet/apply';
import { makePlan } from '../../server/src/fleet/planner';
import { openApi } from '../../server/src/send/api';
import { CliIo } from '../../server/src/cli/io';
import { planCommand } from '../../server/src/cli/plan';
import { pullCommand } from '../../server/src/cli/pull';
import { validateCommand } from '../../server/src/cli/validate';
import { cmd, createFiles, emulator, ENV, liveNames, PASSWORD, seed, USER } from './fleetHelpers';
import { FakeClock } from '../unit/fakeClock';
import { tempDir, track } from '../harness';

const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');




const apply = (args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> => applyCommand(args, io, env);


const fresh = (): string => tempDir('qc-fleet-');

/** Every connector the emulator holds, by name. */

describe('connectors as code: pull, plan and apply against the emulator', function () {
  this.timeout(60_000);

  it('pull, plan (no change), edit two files, plan shows exactly those fields, apply, plan (no change)', async () => {
    const { emu } = await emulator();
    try {
      await seed(emu.url, ['prod-eu', 'prod-us', 'staging']);
      const dir = fresh();
      const base = ['--base-url', emu.url];
      const pulled = await cmd(pullCommand, [...base, '--out', 'repo', '--kind', 'aws'], dir);
      assert.equal(pulled.code, 0, pulled.err);
      const files = readdirSync(join(dir, 'repo')).filter((f) => f.endsWith('.yaml')).sort();
      assert.deepEqual(files, ['prod-eu-1672601.qualys.yaml', 'prod-us-1672602.qualys.yaml', 'staging-1672603.qualys.yaml']);

      const again = await cmd(pullCommand, [...base, '--out', 'repo', '--kind', 'aws'], dir);
      assert.match(again.err, /0 new, 0 changed, 3 unchanged/);
      assert.equal(readdirSync(join(dir, 'repo')).length, 4, 'pulling again writes no new file');
      const auth = 'Basic ' + Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
      await fetch(`${emu.url}/qps/rest/3.0/delete/am/awsassetdataconnector/1672603`, { method: 'POST', headers: { Authorization: auth } });
      const gone = await cmd(pullCommand, [...base, '--out', 'repo', '--kind', 'aws'], dir);
      assert.equal(gone.out, '? repo/staging-1672603.qualys.yaml: connector 1672603 no longer exists (file kept)');
      assert.equal((await cmd(planCommand, [...base, 'repo'], dir)).code, 1, 'an update of a deleted connector is an error');
      await seed(emu.url, ['staging']);
      writeFileSync(join(dir, 'repo', 'qualys-targets.json'), readFileSync(join(dir, 'repo', 'qualys-targets.json'), 'utf8').replace('"id": 1672603', '"id": 1672604'));
      await cmd(pullCommand, [...base, '--out', 'repo', '--kind', 'aws'], dir);

      assert.equal((await cmd(planCommand, [...base, 'repo'], dir)).code, 0);
      const eu = join(dir, 'repo', files[0]);
      writeFileSync(eu, readFileSync(eu, 'utf8').replace('runFrequency: 240', 'runFrequency: 360'));
      const us = join(dir, 'repo', files[1]);
      writeFileSync(us, readFileSync(us, 'utf8').replace('id: 7', 'id: 8'));
      const planned = await cmd(planCommand, [...base, 'repo'], dir);
      assert.equal(planned.code, 2);
      assert.equal(
        planned.out,
        [
          '~ repo/prod-eu-1672601.qualys.yaml: update aws connector 1672601',
          '    runFrequency: 240 → 360',
          '~ repo/prod-us-1672602.qualys.yaml: update aws connector 1672602',
          '    defaultTags: set (replaces) [{"id":7}] → [{"id":8}]',
          'Plan: 0 to create, 2 to update, 0 to delete, 0 to run; 1 unchanged.',
        ].join('\n'),
      );
      const updates = emu.calls.byOperation.update;
      const applied = await cmd(apply, [...base, 'repo', '--yes'], dir);
      assert.equal(applied.code, 0, applied.err);
      assert.equal(emu.calls.byOperation.update - updates, 2);
      assert.equal((await cmd(planCommand, [...base, 'repo'], dir)).code, 0);
      const everything = [pulled, again, planned, applied].map((r) => r.out + r.err).join('\n') + readdirSync(join(dir, 'repo')).map((f) => readFileSync(join(dir, 'repo', f), 'utf8')).join('');
      assert.ok(!everything.includes(PASSWORD));
    } finally {
      await emu.close();
    }
  });

  it('pulls every kind from the demo emulator as files that validate without a finding and plan as unchanged', async () => {
    const { emu } = await emulator({ demo: true });
    try {
      const dir = fresh();
      const pulled = await cmd(pullCommand, ['--base-url', emu.url, '--out', 'repo'], dir);
      assert.equal(pulled.code, 0, pulled.err);
      const files = readdirSync(join(dir, 'repo')).filter((f) => f.endsWith('.qualys.yaml'));
      for (const kind of ['aws', 'azure', 'gcp', 'oci']) assert.ok(files.some((f) => f.startsWith(kind)), `${kind} connectors pulled`);
      const validated = await cmd((args, io) => validateCommand(args, io), ['repo'], dir);
      assert.equal(validated.out, '', 'no finding in any pulled file');
      const planned = await cmd(planCommand, ['--base-url', emu.url, 'repo'], dir);
      assert.equal(planned.code, 0, planned.out);
      assert.match(planned.out, new RegExp(`; ${files.length} unchanged\\.$`));
    } finally {
      await emu.close();
    }
  });

  it('plans 500 connectors in at most 6 calls and applies 10 changed files in 10 sends', async () => {
    const { emu } = await emulator();
    try {
      await seed(emu.url, Array.from({ length: 500 }, (_, i) => `c-${i}`));
      const dir = fresh();
      const base = ['--base-url', emu.url];
      assert.equal((await cmd(pullCommand, [...base, '--kind', 'aws', '--format', 'json'], dir)).code, 0);
      let from = emu.calls.total;
      assert.equal((await cmd(planCommand, base, dir)).code, 0);
      assert.ok(emu.calls.total - from <= 6, `plan took ${emu.calls.total - from} calls`);
      const files = readdirSync(dir).filter((f) => f.endsWith('.qualys.json')).sort();
      assert.equal(files.length, 500);
      for (const f of files.slice(0, 10)) writeFileSync(join(dir, f), readFileSync(join(dir, f), 'utf8').replace('"runFrequency": 240', '"runFrequency": 480'));
      from = emu.calls.total;
      const updates = emu.calls.byOperation.update;
      const applied = await cmd(apply, [...base, '--yes'], dir);
      assert.equal(applied.code, 0, applied.err);
      assert.equal(emu.calls.byOperation.update - updates, 10);
      assert.ok(emu.calls.total - from <= 16, `apply took ${emu.calls.total - from} calls`);
    } finally {
      await emu.close();
    }
  });

  it('creates 200 connectors within 2 at once and 50 calls a window, two applies sharing them: every 409 waited out, none lost or doubled', async () => {
    // Both applies and the emulator on one virtual clock: the waits for the window pass without sleeping.
    const clock = FakeClock.heldByCalls(Date.now());
    const { emu, calls } = await emulator({ concurrencyLimit: 2, rateLimit: 50, rateWindowSec: 1, clock });
    try {
      // Two CI jobs on one account: each meets the limits the other uses up, so 409s come.
      const dirs = [fresh(), fresh()];
      createFiles(dirs[0], 100, 'left');
      createFiles(dirs[1], 100, 'right');
      const started = clock.now();
      const applied = await Promise.all(dirs.map((dir) => cmd(apply, ['--base-url', emu.url, '--yes'], dir, clock)));
      for (const a of applied) assert.equal(a.code, 0, a.err);
      assert.ok(calls.some((l) => / 409 /.test(l)), 'the limits were met');
      assert.ok(clock.now() - started >= 3000, `202 calls at 50 a second took ${clock.now() - started} ms of the clock`);
      clock.advance(1000);
      const names = await liveNames(emu.url);
      assert.equal(names.length, 200);
      assert.equal(new Set(names).size, 200);
      for (const dir of dirs) {
        const record = JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { operation: string; id: number }> };
        assert.equal(Object.keys(record.targets).length, 100);
        assert.ok(Object.values(record.targets).every((t) => t.operation === 'update'));
        // No mix-up: each file's recorded id is the connector created from it, so nothing differs.
        const planned = await cmd(planCommand, ['--base-url', emu.url], dir, clock);
        assert.equal(planned.code, 0, planned.out);
        assert.match(planned.out, /100 unchanged/);
      }
    } finally {
      await emu.close();
    }
  });

  it('an apply killed (SIGKILL) after a few creates and run again creates each connector once', async () => {
    const { emu } = await emulator({ delayMs: 30 });
    try {
      const dir = fresh();
      createFiles(dir, 40, 'k');
      const child = track(spawn(process.execPath, [CLI, 'apply', '--base-url', emu.url, '--yes'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...ENV }, stdio: 'ignore' }));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      const recorded = (): number => {
        try {
          // Entries with an id: a create answered and recorded (an entry saying "creating" is one still on its way).
          return Object.values((JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { id?: number }> }).targets).filter((t) => t.id !== undefined).length;
        } catch {
          return 0;
        }
      };
      for (let i = 0; i < 2000 && recorded() < 5; i++) await new Promise((r) => setTimeout(r, 5));
      child.kill('SIGKILL');
      await exited;
      const done = recorded();
      assert.ok(done >= 5 && done < 40, `killed after ${done} creates`);
      const again = await cmd(apply, ['--base-url', emu.url, '--yes'], dir);
      assert.equal(again.code, 0, again.err);
      const names = await liveNames(emu.url);
      assert.equal(names.length, 40);
      assert.equal(new Set(names).size, 40);
    } finally {
      await emu.close();
    }
  });

  it('a cancelled apply sends none of the files still waiting for a slot; the calls in flight are answered and recorded', async () => {
    const { emu } = await emulator({ delayMs: 20 });
    try {
      const dir = fresh();
      createFiles(dir, 12, 'cancel');
      const connection = { platform: { baseUrl: emu.url, label: 'emulator', known: false, loopback: true }, credentials: { username: USER, password: PASSWORD }, timeoutMs: 10_000 };
      const api = openApi(connection);
      const plan = await makePlan(['.'], dir, api);
      assert.ok(plan.ok);
      const controller = new AbortController();
      const first = await applyPlan(toApply(plan.files), api, { signal: controller.signal, onOutcome: () => controller.abort() });
      // The first answer cancels (after its record is written); only the few calls in flight by then land.
      assert.ok(first.outcomes.length >= 1 && first.outcomes.length <= 4, `${first.outcomes.length} applied`);
      assert.equal(first.outcomes.length + first.notSent.length, 12);
      assert.equal(emu.calls.byOperation.create, first.outcomes.length);
      assert.ok(first.outcomes.every((o) => o.ok));
      const again = await cmd(apply, ['--base-url', emu.url, '--yes'], dir);
      assert.equal(again.code, 0, again.err);
      assert.equal(new Set(await liveNames(emu.url)).size, 12);
      assert.equal((await liveNames(emu.url)).length, 12);
    } finally {
      await emu.close();
    }
  });

  it('a create whose connector an interrupted apply made (journaled, answered, not recorded) is adopted, not created again', async () => {
    const { emu } = await emulator();
    try {
      const dir = fresh();
      createFiles(dir, 3, 'half');
      await seed(emu.url, ['half-1']);
      // What apply leaves when it is killed between Qualys' answer and the record's write.
      writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'half-1-create.qualys.json': { operation: 'create', kind: 'aws', creating: '2026-12-05T00:00:00.000Z' } } }));
      const planned = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.match(planned.out, /half-1-create\.qualys\.json: adopt aws connector 1672601: .* recorded, not created again/);
      const creates = emu.calls.byOperation.create;
      assert.equal((await cmd(apply, ['--base-url', emu.url, '--yes'], dir)).code, 0);
      assert.equal(emu.calls.byOperation.create - creates, 2);
      assert.deepEqual((await liveNames(emu.url)).sort(), ['half-0', 'half-1', 'half-2']);
      const record = JSON.parse(readFileSync(join(dir, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { id: number }> };
      assert.equal(record.targets['half-1-create.qualys.json'].id, 1672601);
      assert.equal((await cmd(planCommand, ['--base-url', emu.url], dir)).code, 0);
    } finally {
      await emu.close();
    }
  });

  it('shows secrets as "(secret, sent)" and never their value, in text and JSON', async () => {
    const { emu } = await emulator();
    try {
      const dir = fresh();
      const key = 'PLANTED-fleet-key-81c2';
      const text = readFileSync(join(ROOT, 'test/fixtures/valid/azure-create-single-tag.json'), 'utf8').replace(/"authenticationKey":\s*"[^"]*"/, `"authenticationKey": "${key}"`);
      assert.ok(text.includes(key));
      writeFileSync(join(dir, 'azure-create.qualys.json'), text);
      const planned = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.match(planned.out, /authRecord\.authenticationKey: \(secret, sent\)/);
      const json = await cmd(planCommand, ['--base-url', emu.url, '--format', 'json'], dir);
      assert.match(json.out, /\(secret, sent\)/);
      const applied = await cmd(apply, ['--base-url', emu.url, '--yes'], dir);
      assert.equal(applied.code, 0, applied.err);
      for (const r of [planned, json, applied]) assert.ok(!(r.out + r.err).includes(key) && !(r.out + r.err).includes(PASSWORD));
      assert.ok(!readFileSync(join(dir, 'qualys-targets.json'), 'utf8').includes(key));
    } finally {
      await emu.close();
    }
  });

  it('lists deletes and runs as such; a connector already deleted is no change', async () => {
    const { emu } = await emulator();
    try {
      await seed(emu.url, ['old', 'nightly']);
      const dir = fresh();
      writeFileSync(join(dir, 'old.qualys.json'), '{"ServiceRequest": {}}');
      writeFileSync(join(dir, 'nightly.qualys.json'), '{"ServiceRequest": {}}');
      writeFileSync(join(dir, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { 'old.qualys.json': { operation: 'delete', id: 1672601, kind: 'aws' }, 'nightly.qualys.json': { operation: 'run', id: 1672602, kind: 'aws' } } }));
      const planned = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.equal(planned.code, 2);
      assert.match(planned.out, /^- \.\/old\.qualys\.json: delete aws connector 1672601$/m);
      assert.match(planned.out, /^! \.\/nightly\.qualys\.json: run aws connector 1672602$/m);
      assert.equal((await cmd(apply, ['--base-url', emu.url, '--yes'], dir)).code, 0);
      assert.deepEqual(await liveNames(emu.url), ['nightly']);
      const after = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.match(after.out, /0 to delete, 1 to run; 0 unchanged, 1 already deleted/);
    } finally {
      await emu.close();
    }
  });

  it('pull writes only inside --out, whatever the record or the names say', async () => {
    const { emu } = await emulator();
    try {
      await seed(emu.url, ['../../escape', 'a/b\\c', '\u001b]8;;x\u0007']);
      const dir = fresh();
      mkdirSync(join(dir, 'out'));
      writeFileSync(join(dir, 'out', 'qualys-targets.json'), JSON.stringify({ version: 1, targets: { '../stolen.qualys.yaml': { operation: 'update', id: 1672601, kind: 'aws' } } }));
      const r = await cmd(pullCommand, ['--base-url', emu.url, '--kind', 'aws', '--out', 'out'], dir);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(readdirSync(dir), ['out']);
      assert.deepEqual(readdirSync(join(dir, 'out')).sort(), ['8-x-1672603.qualys.yaml', 'a-b-c-1672602.qualys.yaml', 'escape-1672601.qualys.yaml', 'qualys-targets.json']);
    } finally {
      await emu.close();
    }
  });

  it('a file with an error stops plan and apply before any call', async () => {
    const { emu } = await emulator();
    try {
      const dir = fresh();
      createFiles(dir, 2, 'ok');
      writeFileSync(join(dir, 'bad-create.qualys.json'), '{"ServiceRequest": {"data": {"AwsAssetDataConnector": {"runFrequency": "often"}}}}');
      const planned = await cmd(planCommand, ['--base-url', emu.url], dir);
      assert.equal(planned.code, 1);
      assert.match(planned.err, /bad-create\.qualys\.json: .*nothing was fetched or sent/s);
      assert.equal((await cmd(apply, ['--base-url', emu.url, '--yes'], dir)).code, 1);
      assert.equal(emu.calls.total, 0);
    } finally {
      await emu.close();
    }
  });

  it('plan keeps exit status 2 for changes: a usage error is 1, so CI cannot mistake it for changes', async () => {
    const dir = fresh();
    for (const args of [['--bogus'], [], ['--base-url', 'http://127.0.0.1:9', '--format', 'yaml']]) {
      const r = await cmd(planCommand, args, dir);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, /See qualys-connector plan --help/);
    }
  });

  it('apply without a terminal and without --yes sends nothing', async () => {
    const { emu } = await emulator();
    try {
      const dir = fresh();
      createFiles(dir, 1, 'ask');
      const r = await cmd(apply, ['--base-url', emu.url], dir);
      assert.equal(r.code, 1);
      assert.match(r.err, /give --yes/);
      assert.equal(emu.calls.byOperation.create, 0);
    } finally {
      await emu.close();
    }
  });
});
