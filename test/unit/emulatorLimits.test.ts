import assert from 'node:assert/strict';
import { ConcurrencyLimiter, RateLimiter } from '../../server/src/emulator/limits';

/** A clock reading that is not 0, as Date.now() never is. */
const T0 = 1_700_000_000_000;

describe("emulator: the rate window's X-RateLimit-ToWait-Sec", () => {
  it('counts the window in the clock the emulator is given (a test\'s virtual one), for a call and for a look at the state', () => {
    let now = T0;
    const limiter = new RateLimiter(1, 60, () => now);
    assert.ok(limiter.take('u').allowed);
    assert.deepEqual(limiter.peek('u'), { limit: 1, windowSec: 60, remaining: 0, toWaitSec: 60 });
    now += 30_000;
    assert.equal(limiter.take('u').allowed, false);
    assert.equal(limiter.peek('u').toWaitSec, 30);
    now += 30_001;
    assert.ok(limiter.take('u').allowed, 'the window passed on the clock given, with no real time at all');
  });

  it('tells a refused client a wait after which its next call is admitted, and not a second more', () => {
    // 2 calls a 2 s window; the refused call comes at every offset into the window, whole seconds and between.
    for (const refusedAt of [1, 250, 999, 1000, 1001, 1500, 1999]) {
      const limiter = new RateLimiter(2, 2);
      assert.ok(limiter.take('u', T0).allowed);
      assert.ok(limiter.take('u', T0).allowed);
      const refused = limiter.take('u', T0 + refusedAt);
      assert.equal(refused.allowed, false, `at ${refusedAt} ms`);
      const wait = refused.state.toWaitSec;
      assert.ok(Number.isInteger(wait) && wait >= 1, `at ${refusedAt} ms: ${wait}`);
      if (wait > 1) assert.equal(admittedAfterTwoAt0(refusedAt + (wait - 1) * 1000), false, `at ${refusedAt} ms: ${wait} s is more than the window needs`);
      const again = limiter.take('u', T0 + refusedAt + wait * 1000);
      assert.ok(again.allowed, `refused at ${refusedAt} ms and waited the ${wait} s it was told: a second 409`);
    }
  });
});

describe('emulator: calls in flight per user', () => {
  it('gives a slot back once however often its release is called, and counts each user apart', () => {
    const limiter = new ConcurrencyLimiter(2);
    const first = limiter.acquire('u');
    const second = limiter.acquire('u');
    assert.ok(first && second);
    assert.equal(limiter.acquire('u'), undefined, 'a third call of u waits');
    assert.ok(limiter.acquire('v'), 'another user has slots of its own');
    first();
    first();
    assert.equal(limiter.count('u'), 1, 'released twice, freed once');
    assert.equal(limiter.total(), 2);
    assert.ok(limiter.acquire('u'));
    assert.equal(limiter.acquire('u'), undefined, 'the second call still holds its slot');
  });
});

/** Whether a call at `t` is admitted after two at 0 into a 2-call, 2 s window. */
function admittedAfterTwoAt0(t: number): boolean {
  const limiter = new RateLimiter(2, 2);
  limiter.take('u', T0);
  limiter.take('u', T0);
  return limiter.take('u', T0 + t).allowed;
}
