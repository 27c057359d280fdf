import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { KINDS } from '../../server/src/core/model';
import { startEmulator, RunningEmulator } from '../../server/src/emulator';
import { execute } from '../../server/src/send/execute';
import { appendHistory, readHistory } from '../../server/src/send/history';
import { NetworkError } from '../../server/src/send/http';
import { resolvePlatform, ResolvedPlatform } from '../../server/src/send/platforms';
import { prepareRequest } from '../../server/src/core/prepare';
import { writeRecord } from '../../server/src/workspace/record';
import { tempDir, track } from '../harness';

const ROOT = join(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');
const VALID = join(ROOT, 'test/fixtures/valid');
const USER = 'tester';
const PASSWORD = 'S3cret-Pa55word!';
const PLANTED_KEY = 'PLANTED-azure-key-5d1f0c2e9b';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a real process: `qualys-connector send ...` against the emulator over HTTP. */
function cli(args: string[], env: Record<string, string> = {}, cwd = ROOT): Promise<Run> {
  return new Promise((resolve) => {
    const child = track(spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', QUALYS_USERNAME: USER, QUALYS_PASSWORD: PASSWORD, ...env } }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('sending requests to the local Qualys API emulator', function () {
  this.timeout(30000);
  let emulator: RunningEmulator;
  let log: string[];
  let dir: string;
  let platform: ResolvedPlatform;

  before(async () => {
    log = [];
    emulator = await startEmulator({ port: 0, username: USER, password: PASSWORD, log: (l) => log.push(l) });
    platform = resolvePlatform('Custom', emulator.url) as ResolvedPlatform;
    dir = tempDir('qc-send-');
  });

  after(async () => {
    await emulator.close();
  });

  for (const format of ['xml', 'json', 'yaml']) {
    it(`creates a connector from a ${format.toUpperCase()} body, then updates the created id`, async () => {
      const created = await cli(['send', join(VALID, `azure-create-single-tag.${format}`), '--operation', 'create', '--no-record', '--base-url', emulator.url]);
      assert.equal(created.code, 0, created.stderr);
      assert.match(created.stderr, /HTTP 200 · SUCCESS · id (\d+) · QUEUED · \d+ ms/);
      const id = /id (\d+)/.exec(created.stderr)?.[1];
      assert.ok(id);
      const file = join(dir, `azure-update-${id}.${format}`);
      writeFileSync(file, readFileSync(join(VALID, `azure-create-single-tag.${format}`), 'utf8'));
      await writeRecord(file, { operation: 'update', id: Number(id) }, dir);
      const unconfirmed = await cli(['send', file, '--base-url', emulator.url]);
      assert.equal(unconfirmed.code, 1, unconfirmed.stderr);
      assert.match(unconfirmed.stderr, /qualys-targets\.json says to update connector \d+ on .*; confirm with --yes/);
      const updated = await cli(['send', file, '--base-url', emulator.url, '--yes']);
      assert.equal(updated.code, 0, updated.stderr);
      assert.match(updated.stderr, new RegExp(`POST ${emulator.url.replace('http://', '')}/qps/rest/3.0/update/am/azureassetdataconnector/${id} → HTTP 200 · SUCCESS · id ${id}`));
    });
  }

  it('gets, runs and deletes without a body; then the id is not found', async () => {
    const created = await cli(['send', join(VALID, 'aws-update-basic.xml'), '--operation', 'create', '--no-record', '--base-url', emulator.url]);
    const id = /id (\d+)/.exec(created.stderr)?.[1] as string;
    const got = await cli(['send', '--operation', 'get', '--id', id, '--kind', 'aws', '--base-url', emulator.url]);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /<name>AWSConnector API Updated<\/name>/);
    assert.equal((await cli(['send', '--operation', 'run', '--id', id, '--kind', 'aws', '--base-url', emulator.url])).code, 0);
    assert.equal((await cli(['send', '--operation', 'delete', '--id', id, '--kind', 'aws', '--base-url', emulator.url])).code, 0);
    const gone = await cli(['send', '--operation', 'get', '--id', id, '--kind', 'aws', '--base-url', emulator.url]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /OBJECT_NOT_FOUND/);
  });

  for (const { kind, noun, element } of KINDS) {
    it(`${kind}: creates, updates, gets, searches, runs and deletes over HTTP from the CLI`, async () => {
      const url = ['--base-url', emulator.url];
      const created = await cli(['send', join(ROOT, `examples/${kind}-create.qualys.json`), '--operation', 'create', '--no-record', ...url]);
      assert.equal(created.code, 0, created.stderr);
      const id = /HTTP 200 · SUCCESS · id (\d+) · QUEUED/.exec(created.stderr)?.[1] as string;
      assert.ok(id, created.stderr);
      assert.ok(created.stderr.includes(`/qps/rest/3.0/create/am/${noun} `), created.stderr);
      const updated = await cli(['send', join(ROOT, `examples/${kind}-update.qualys.xml`), '--operation', 'update', '--id', id, '--yes', ...url]);
      assert.equal(updated.code, 0, updated.stderr);
      assert.ok(updated.stderr.includes(`/qps/rest/3.0/update/am/${noun}/${id} → HTTP 200 · SUCCESS`), updated.stderr);
      const got = await cli(['send', '--operation', 'get', '--id', id, '--kind', kind, ...url]);
      assert.equal(got.code, 0, got.stderr);
      assert.ok(got.stdout.includes(`<${element}>`) && got.stdout.includes('asset discovery, updated'), got.stdout);
      for (const secret of ['GCP_SERVICE_ACCOUNT_PRIVATE_KEY', 'OCI_API_PRIVATE_KEY_PEM', 'AZURE_APP_SECRET']) assert.ok(!got.stdout.includes(secret), `${secret} echoed`);
      const search = join(dir, `${kind}-search.json`);
      writeFileSync(search, JSON.stringify({ ServiceRequest: { filters: { Criteria: [{ field: 'id', operator: 'EQUALS', value: id }] } } }));
      const found = await cli(['send', search, '--operation', 'search', '--kind', kind, ...url]);
      assert.equal(found.code, 0, found.stderr);
      assert.match(found.stdout, new RegExp(`"id": ${id}`));
      assert.equal((await cli(['send', '--operation', 'run', '--id', id, '--kind', kind, ...url])).code, 0);
      assert.equal((await cli(['send', '--operation', 'delete', '--id', id, '--kind', kind, ...url])).code, 0);
      const gone = await cli(['send', '--operation', 'get', '--id', id, '--kind', kind, ...url]);
      assert.match(gone.stderr, /OBJECT_NOT_FOUND/);
    });
  }

  it('reports INVALID_REQUEST with the field Qualys names, when sent anyway', async () => {
    const file = join(dir, 'bad-create.json');
    writeFileSync(file, JSON.stringify({ ServiceRequest: { data: { AwsAssetDataConnector: { name: 'x', runFrequency: 'often' } } } }));
    const refused = await cli(['send', file, '--base-url', emulator.url]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /has 1 error; not sent/);
    const sent = await cli(['send', file, '--force', '--base-url', emulator.url]);
    assert.equal(sent.code, 1);
    assert.match(sent.stderr, /INVALID_REQUEST: .*runFrequency/);
  });

  it('says the credentials were refused on a wrong password', async () => {
    const r = await cli(['send', join(VALID, 'aws-update-basic.xml'), '--operation', 'create', '--base-url', emulator.url], { QUALYS_PASSWORD: 'wrong-password' });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /HTTP 401/);
    assert.match(r.stderr, /refused the credentials/);
    assert.ok(!r.stderr.includes('wrong-password') && !r.stdout.includes('wrong-password'));
  });

  it('says which limit a 409 hit and when to retry', async () => {
    const limited = await startEmulator({ port: 0, username: USER, password: PASSWORD, rateLimit: 2, rateWindowSec: 60 });
    try {
      const args = ['send', '--operation', 'get', '--id', '1', '--kind', 'aws', '--base-url', limited.url];
      await cli(args);
      await cli(args);
      const third = await cli(args);
      assert.equal(third.code, 1);
      assert.match(third.stderr, /HTTP 409/);
      assert.match(third.stderr, /Rate limit reached \(HTTP 409, code 1965\): 2 calls per 60 s\. Retry in \d+ s/);
    } finally {
      await limited.close();
    }
  });

  it('gives up after the timeout with a message that names the setting', async () => {
    const slow = await startEmulator({ port: 0, username: USER, password: PASSWORD, delayMs: 3000 });
    try {
      const started = Date.now();
      const r = await cli(['send', '--operation', 'get', '--id', '1', '--kind', 'aws', '--base-url', slow.url, '--timeout', '0.5']);
      assert.equal(r.code, 1);
      assert.match(r.stderr, /did not answer within 1 s|did not answer within 0 s/);
      assert.ok(Date.now() - started < 2900, 'it did not wait for the answer');
    } finally {
      await slow.close();
    }
  });

  it('cancels a request in flight', async () => {
    const slow = await startEmulator({ port: 0, username: USER, password: PASSWORD, delayMs: 3000 });
    try {
      const text = readFileSync(join(VALID, 'aws-update-basic.json'), 'utf8');
      const prepared = prepareRequest(text, analyze(text, 'a.json'), { operation: 'create' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      await assert.rejects(
        execute(prepared, { platform: resolvePlatform('Custom', slow.url) as ResolvedPlatform, credentials: { username: USER, password: PASSWORD }, timeoutMs: 10000, signal: controller.signal }),
        (e: unknown) => e instanceof NetworkError && e.kind === 'cancelled',
      );
      assert.ok(Date.now() - started < 2000);
    } finally {
      await slow.close();
    }
  });

  it('says nothing answers when the emulator is gone', async () => {
    const gone = await startEmulator({ port: 0 });
    const url = gone.url;
    await gone.close();
    const r = await cli(['send', '--operation', 'get', '--id', '1', '--kind', 'aws', '--base-url', url]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Nothing answers at 127\.0\.0\.1:\d+ \(connection refused\)/);
  });

  it('records the id a create answers with, so the file then updates it; a second create is asked first', async () => {
    const home = tempDir('qc-send-record-');
    const file = join(home, 'aws-create.qualys.json');
    writeFileSync(file, readFileSync(join(ROOT, 'examples/aws-create.qualys.json'), 'utf8'));
    const created = await cli(['send', file, '--base-url', emulator.url], {}, home);
    assert.equal(created.code, 0, created.stderr);
    const id = Number(/id (\d+)/.exec(created.stderr)?.[1]);
    assert.match(created.stderr, new RegExp(`Recorded in .*qualys-targets\\.json: .*aws-create\\.qualys\\.json now updates connector ${id}\\.`));
    const entry = (JSON.parse(readFileSync(join(home, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { operation: string; id: number; created: string }> }).targets['aws-create.qualys.json'];
    assert.deepEqual([entry.operation, entry.id], ['update', id]);
    assert.ok(Date.now() - Date.parse(entry.created) < 60_000, entry.created);
    const again = await cli(['send', file, '--base-url', emulator.url], {}, home);
    assert.equal(again.code, 1);
    assert.match(again.stderr, new RegExp(`says to update connector ${id} .*confirm with --yes`));
    const second = await cli(['send', file, '--operation', 'create', '--base-url', emulator.url], {}, home);
    assert.equal(second.code, 1, 'a second create from the same file is not sent unasked');
    assert.match(second.stderr, new RegExp(`not sent: .*aws-create\\.qualys\\.json created connector ${id} .*makes a second connector\\. Confirm with --yes\\.`));
    const untouched = await cli(['send', file, '--operation', 'create', '--no-record', '--yes', '--base-url', emulator.url], {}, home);
    assert.equal(untouched.code, 0, untouched.stderr);
    assert.doesNotMatch(untouched.stderr, /Recorded in/);
    const other = Number(/id (\d+)/.exec(untouched.stderr)?.[1]);
    assert.ok(other > 0 && other !== id, `the confirmed create made a second connector: ${untouched.stderr}`);
    assert.equal((JSON.parse(readFileSync(join(home, 'qualys-targets.json'), 'utf8')) as { targets: Record<string, { id: number }> }).targets['aws-create.qualys.json'].id, id, '--no-record left the record as it was');
  });

  it('never shows a planted secret or the password in output, logs or history', async () => {
    const text = readFileSync(join(VALID, 'azure-create-single-tag.yaml'), 'utf8').replace('02LCb8/RCn0lbGj6xxxxxxxxnoH01rog=', PLANTED_KEY);
    const file = join(dir, 'secret-create.yaml');
    writeFileSync(file, text);
    const r = await cli(['send', file, '--operation', 'create', '--base-url', emulator.url]);
    assert.equal(r.code, 0, r.stderr);
    const prepared = prepareRequest(text, analyze(text, file), { operation: 'create' });
    const done = await execute(prepared, { platform, credentials: { username: USER, password: PASSWORD }, timeoutMs: 10000 });
    const historyDir = join(dir, 'history');
    await appendHistory(historyDir, { time: new Date().toISOString(), file, platform: platform.label, operation: 'create', status: done.response.status, responseCode: done.response.responseCode, summary: done.response.summary, ms: done.response.ms, body: done.response.pretty });
    assert.equal((await readHistory(historyDir, file)).length, 1);
    const everything = [r.stdout, r.stderr, log.join('\n'), JSON.stringify(done.response), ...readdirSync(historyDir).map((f) => readFileSync(join(historyDir, f), 'utf8'))].join('\n');
    assert.ok(!everything.includes(PLANTED_KEY), 'the planted authentication key leaked');
    assert.ok(!everything.includes(PASSWORD), 'the password leaked');
    assert.ok(done.secrets.includes(PLANTED_KEY) && done.secrets.includes(PASSWORD));
  });
});
