import assert from 'node:assert/strict';
import { openApi } from '../../server/src/send/api';
import { ApiError, searchAll } from '../../server/src/send/connectors';
import { resolvePlatform } from '../../server/src/send/platforms';
import { hostileServer } from '../send/hostileServer';
import { prng } from './mutate';

const SEED = Number(process.env.FUZZ_SEED ?? 20261205);
const RUNS = Number(process.env.FUZZ_PER_FIXTURE ?? 3) * 10;
const PAGE = 5;
const MAX = 40;

/**
 * A hostile API's paging: pages of random size (more than asked, too), ids repeated across pages
 * or within one, ids that are not ids, a lastId that stands still, goes back, jumps or is not a
 * number, hasMoreRecords that never ends. Whatever it answers, a search through every page ends
 * within the calls its cap allows, with connectors each once, or with a clear error.
 */
function answer(r: () => number, n: number): string {
  const size = Math.floor(r() * (PAGE * 3));
  const base = Math.floor(r() * 4) === 0 ? 1 : 1 + n * PAGE;
  const ids = Array.from({ length: size }, (_, i) => (r() < 0.1 ? pickOdd(r) : base + Math.floor(r() * (i + 2))));
  const lastIds = [ids[ids.length - 1], base, base - 10, 1e21, 'NaN', -1, base + PAGE * 1000];
  const lastId = lastIds[Math.floor(r() * lastIds.length)];
  const more = r() < 0.9 ? 'true' : 'false';
  return JSON.stringify({ ServiceResponse: { responseCode: 'SUCCESS', count: size, hasMoreRecords: more, lastId, data: ids.map((id) => ({ AwsAssetDataConnector: { id, name: `c-${String(id)}` } })) } });
}

function pickOdd(r: () => number): unknown {
  const odd = [null, 'x', -5, 0, 1.5, 1e21, '12', {}];
  return odd[Math.floor(r() * odd.length)];
}

describe(`fuzzing hostile paging (seed ${SEED}, ${RUNS} searches)`, function () {
  this.timeout(120_000);

  it('every search through all pages ends within its cap of calls, each connector once, or with a clear error', async () => {
    const r = prng(SEED);
    let n = 0;
    let script = 0;
    let ended = 0;
    const server = await hostileServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(answer(prng(script * 1000 + n), n++));
    });
    try {
      const platform = resolvePlatform('Custom', server.url);
      assert.ok(!('error' in platform));
      for (let run = 0; run < RUNS; run++) {
        script = Math.floor(r() * 1e9);
        n = 0;
        const api = openApi({ platform, credentials: { username: 'u', password: 'p' }, timeoutMs: 5000 });
        try {
          const found = await searchAll(api, 'aws', [], PAGE, MAX);
          const ids = found.map((c) => Number(c.id)).filter((id) => Number.isSafeInteger(id) && id > 0);
          assert.equal(new Set(ids).size, ids.length, `run ${run}: an id twice`);
          assert.ok(found.length <= MAX, `run ${run}: ${found.length} connectors`);
          ended++;
        } catch (e) {
          assert.ok(e instanceof ApiError, `run ${run}: ${String(e)}`);
          assert.match(e.message, /does not advance|more than \d+ connectors|without an end/);
        }
        assert.ok(n <= Math.ceil(MAX / PAGE) + 1, `run ${run}: ${n} calls`);
      }
      // Both ends are exercised: searches that end with their connectors, and those stopped with an error.
      assert.ok(ended > 0 && ended < RUNS, `${ended} of ${RUNS} ended without an error`);
    } finally {
      await server.close();
    }
  });
});
