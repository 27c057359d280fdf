import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../server/src/core/analyze';
import { RunningEmulator, startEmulator } from '../../server/src/emulator';
import { execute, Executed } from '../../server/src/send/execute';
import { resolvePlatform, ResolvedPlatform } from '../../server/src/send/platforms';
import { prepareRequest, PreparedRequest } from '../../server/src/core/prepare';

const ROOT = join(__dirname, '../../..');
const credentials = { username: 'load', password: 'load-Pa55word' };

async function createConnectors(emulator: RunningEmulator, n: number): Promise<number[]> {
  const text = readFileSync(join(ROOT, 'test/fixtures/valid/aws-update-json.json'), 'utf8');
  const prepared = prepareRequest(text, analyze(text, 'a.json'), { operation: 'create' });
  const platform = resolvePlatform('Custom', emulator.url) as ResolvedPlatform;
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const done = await execute(prepared, { platform, credentials, timeoutMs: 5000 });
    assert.equal(done.response.ok, true, done.response.summary);
    ids.push(done.response.ids[0]);
  }
  return ids;
}

const getRequest = (id: number): PreparedRequest => ({ kind: 'aws', operation: 'get', recorded: false, id, byFilter: false, hasFilters: false, accept: 'application/json', errors: [] });

/** Every answer is the one asked for, or a 409 that says which limit and when to retry. */
function checkAnswer(done: Executed, id: number): 'ok' | 'rate' | 'concurrency' {
  const r = done.response;
  if (r.ok) {
    assert.deepEqual(r.ids, [id], `the answer to get ${id} is about connector ${r.ids.join()}`);
    return 'ok';
  }
  assert.equal(r.status, 409, r.summary);
  if (/^Rate limit reached \(HTTP 409, code 1965\): \d+ calls per \d+ s\. Retry in \d+ s/.test(r.problem ?? '')) {
    assert.ok((r.limits.rateToWaitSec ?? 0) > 0, 'a rate 409 says how long to wait');
    return 'rate';
  }
  assert.match(r.problem ?? '', /^Concurrency limit reached \(HTTP 409, code 1960\): the subscription allows \d+ calls? at once/);
  return 'concurrency';
}

describe('the send path under load, with the emulator\'s limits on', function () {
  this.timeout(60_000);

  it('200 sends in a row: the first ones answered, the rest a clear rate-limit 409, none lost or mixed up', async () => {
    const emulator = await startEmulator({ port: 0, ...credentials, rateLimit: 150, rateWindowSec: 3600 });
    try {
      const ids = await createConnectors(emulator, 5);
      const platform = resolvePlatform('Custom', emulator.url) as ResolvedPlatform;
      const outcomes = { ok: 0, rate: 0, concurrency: 0 };
      for (let i = 0; i < 200; i++) {
        const id = ids[i % ids.length];
        outcomes[checkAnswer(await execute(getRequest(id), { platform, credentials, timeoutMs: 5000 }), id)]++;
      }
      assert.deepEqual(outcomes, { ok: 145, rate: 55, concurrency: 0 });
    } finally {
      await emulator.close();
    }
  });

  it('10 at once: those within the concurrency limit answered, the others a clear 409, none lost or mixed up', async () => {
    const emulator = await startEmulator({ port: 0, ...credentials, concurrencyLimit: 2, delayMs: 300 });
    try {
      const ids = await createConnectors(emulator, 10);
      const platform = resolvePlatform('Custom', emulator.url) as ResolvedPlatform;
      const started = Date.now();
      const results = await Promise.all(ids.map(async (id) => checkAnswer(await execute(getRequest(id), { platform, credentials, timeoutMs: 5000 }), id)));
      assert.ok(Date.now() - started < 5000, 'nothing hung');
      const ok = results.filter((r) => r === 'ok').length;
      const limited = results.filter((r) => r === 'concurrency').length;
      assert.equal(ok + limited, 10);
      assert.ok(ok >= 1 && ok <= 2, `${ok} answered at once with a limit of 2`);
      assert.ok(limited >= 8, `${limited} refused`);
    } finally {
      await emulator.close();
    }
  });
});
