import assert from 'node:assert/strict';
import { WireRequest } from '../../server/src/core/prepare';
import { openApi } from '../../server/src/send/api';
import { Stopped } from '../../server/src/send/pace';
import { resolvePlatform, ResolvedPlatform } from '../../server/src/send/platforms';
import { FakeClock } from '../unit/fakeClock';
import { serverPerTest } from './hostileServer';

/** The calls of one command through one Api: counted, within a budget, and paced on the clock given. */
describe('the calls of one command (Api)', function () {
  this.timeout(20_000);
  const serve = serverPerTest();
  const GET: WireRequest = { kind: 'aws', operation: 'get', id: 1, byFilter: false, accept: 'application/json' };
  const connection = (url: string) => ({ platform: resolvePlatform('Custom', url) as ResolvedPlatform, credentials: { username: 'ann', password: 'pw' }, timeoutMs: 5000 });
  const OK = '{"ServiceResponse": {"responseCode": "SUCCESS", "count": 0}}';

  it('spends at most --max-calls, says so in the singular for one, and gives up the calls still waiting', async () => {
    const server = await serve((_req, res) => res.end(OK));
    const api = openApi(connection(server.url), undefined, true, { maxCalls: 1 });
    assert.equal((await api.send(GET)).response.status, 200);
    await assert.rejects(api.send(GET), (e: Error) => e instanceof Stopped && e.message === '1 call spent, as --max-calls allows');
    await assert.rejects(api.send(GET), Stopped);
    assert.deepEqual([api.calls, server.bodies.length], [1, 1]);
    assert.equal(api.pace.stopped?.message, '1 call spent, as --max-calls allows');
  });

  it('sends nothing and counts nothing when what runs before the send fails (a create that cannot be journalled)', async () => {
    const server = await serve((_req, res) => res.end(OK));
    const api = openApi(connection(server.url), undefined, true, { maxCalls: 1 });
    await assert.rejects(api.send(GET, undefined, async () => Promise.reject(new Error('the record cannot be written'))), /the record cannot be written/);
    assert.deepEqual([api.calls, server.bodies.length], [0, 0]);
    let journalled = 0;
    await api.send(GET, undefined, async () => void journalled++);
    assert.deepEqual([api.calls, server.bodies.length, journalled], [1, 1, 1], 'the budget of one still had its call');
  });

  it('counts a call the platform refused, waits it out on the clock given, or gives the refusal back at once when told not to wait', async () => {
    let refusals = 1;
    const server = await serve((_req, res) => {
      if (refusals-- > 0) {
        res.writeHead(409, { 'X-RateLimit-Remaining': '0', 'X-RateLimit-ToWait-Sec': '30' });
        res.end('{"ServiceResponse": {"responseCode": "TOO_MANY_REQUESTS"}}');
        return;
      }
      res.end(OK);
    });
    const clock = FakeClock.heldByCalls();
    const started = clock.now();
    const api = openApi(connection(server.url), undefined, undefined, { clock }); // waits out limits unless told not to
    assert.equal((await api.send(GET)).response.status, 200);
    assert.deepEqual([api.calls, clock.now() - started], [2, 30_000], 'the refused call and its retry, 30 s of the clock apart');
    refusals = 1;
    const view = openApi(connection(server.url), undefined, false, { clock });
    assert.equal((await view.send(GET)).response.status, 409);
    assert.equal(view.calls, 1);
  });
});
