import assert from 'node:assert/strict';
import { Pace, Paced } from '../../server/src/send/pace';

const answer = (status: number, limits: Paced['limits'] = {}): Paced => ({ status, limits });

describe('apply: the pace of calls', () => {
  it('never has more calls in flight than X-Concurrency-Limit-Limit, one until an answer tells', async () => {
    const pace = new Pace();
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const call = async (): Promise<Paced> => {
      inFlight++;
      most = Math.max(most, inFlight);
      seen.push(inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return answer(200, { concurrencyLimit: 3, rateRemaining: 100 });
    };
    await Promise.all(Array.from({ length: 30 }, () => pace.run(call, (a) => a)));
    assert.equal(most, 3);
    assert.deepEqual(seen.slice(0, 2), [1, 1], 'the first call went alone: the limit was not known yet');
    assert.equal(seen.length, 30, 'each call went once');
  });

  it('sends a call refused with 409 again after X-RateLimit-ToWait-Sec, and only then', async () => {
    const pace = new Pace();
    const sentAt: number[] = [];
    let n = 0;
    const result = await pace.run(
      async () => {
        sentAt.push(Date.now());
        return ++n === 1 ? answer(409, { rateToWaitSec: 1, rateRemaining: 0 }) : answer(200, { rateRemaining: 5 });
      },
      (a) => a,
    );
    assert.equal(result.status, 200);
    assert.equal(sentAt.length, 2);
    assert.ok(sentAt[1] - sentAt[0] >= 950, 'the wait was kept');
    assert.equal(pace.state().retried, 1);
  });

  it('waits out a spent window before the next call instead of meeting a 409', async () => {
    const pace = new Pace();
    await pace.run(async () => answer(200, { rateRemaining: 0, rateToWaitSec: 1 }), (a) => a);
    assert.ok(pace.state().waitingSec >= 1);
    const before = Date.now();
    await pace.run(async () => answer(200, { rateRemaining: 4 }), (a) => a);
    assert.ok(Date.now() - before >= 950);
  });

  it("goes on as soon as its own oldest call leaves the window, not after the header's whole seconds", async () => {
    const pace = new Pace();
    const sentAt: number[] = [];
    // 2 calls a 1 s window; the header rounds the wait up to 3 s, as a coarse server may.
    const call = async (): Promise<Paced> => {
      sentAt.push(Date.now());
      const left = sentAt.length % 2 === 0 ? 0 : 1;
      return answer(200, { rateLimit: 2, rateWindowSec: 1, rateRemaining: left, rateToWaitSec: left === 0 ? 3 : 0 });
    };
    for (let i = 0; i < 3; i++) await pace.run(call, (a) => a);
    const gap = sentAt[2] - sentAt[0];
    assert.ok(gap >= 1000, `the window was kept: ${gap} ms`);
    assert.ok(gap < 2500, `not the header's 3 s: ${gap} ms`);
  });

  it('holds a call when its own answered and in-flight calls fill the window, so concurrent calls meet no 409', async () => {
    const pace = new Pace();
    // A sliding-window limiter of 10 calls a 300 ms window, 2 at once, admitting on arrival.
    const admittedAt: number[] = [];
    let refused = 0;
    const call = async (): Promise<Paced> => {
      const now = Date.now();
      const inWindow = admittedAt.filter((t) => t > now - 300).length;
      await new Promise((r) => setTimeout(r, 5));
      if (inWindow >= 10) {
        refused++;
        return answer(409, { rateLimit: 10, rateWindowSec: 0.3, rateRemaining: 0, rateToWaitSec: 1, concurrencyLimit: 2 });
      }
      admittedAt.push(now);
      return answer(200, { rateLimit: 10, rateWindowSec: 0.3, rateRemaining: 10 - inWindow - 1, rateToWaitSec: 0, concurrencyLimit: 2 });
    };
    await Promise.all(Array.from({ length: 35 }, () => pace.run(call, (a) => a)));
    assert.equal(admittedAt.length, 35, 'every call admitted once');
    assert.equal(refused, 0, 'no call was sent into a full window');
  });

  it('gives a refusal back at once when told not to wait out the limits (a view loading connectors)', async () => {
    const pace = new Pace(undefined, undefined, 1);
    let sent = 0;
    const t = Date.now();
    const result = await pace.run(async () => (sent++, answer(409, { rateToWaitSec: 3600, rateRemaining: 0 })), (a) => a);
    assert.equal(result.status, 409);
    assert.equal(sent, 1);
    assert.ok(Date.now() - t < 500, 'no wait');
  });
});
