import assert from 'node:assert/strict';
import { RateLimiter } from '../../server/src/emulator/limits';

describe("emulator: the rate window's X-RateLimit-ToWait-Sec", () => {
  it('tells a refused client a wait after which its next call is admitted, and not a second more', () => {
    // 2 calls a 2 s window; the refused call comes at every offset into the window, whole seconds and between.
    for (const refusedAt of [1, 250, 999, 1000, 1001, 1500, 1999]) {
      const limiter = new RateLimiter(2, 2);
      assert.ok(limiter.take('u', 0).allowed);
      assert.ok(limiter.take('u', 0).allowed);
      const refused = limiter.take('u', refusedAt);
      assert.equal(refused.allowed, false, `at ${refusedAt} ms`);
      const wait = refused.state.toWaitSec;
      assert.ok(Number.isInteger(wait) && wait >= 1, `at ${refusedAt} ms: ${wait}`);
      if (wait > 1) assert.equal(admittedAfterTwoAt0(refusedAt + (wait - 1) * 1000), false, `at ${refusedAt} ms: ${wait} s is more than the window needs`);
      const again = limiter.take('u', refusedAt + wait * 1000);
      assert.ok(again.allowed, `refused at ${refusedAt} ms and waited the ${wait} s it was told: a second 409`);
    }
  });
});

/** Whether a call at `t` is admitted after two at 0 into a 2-call, 2 s window. */
function admittedAfterTwoAt0(t: number): boolean {
  const limiter = new RateLimiter(2, 2);
  limiter.take('u', 0);
  limiter.take('u', 0);
  return limiter.take('u', t).allowed;
}
