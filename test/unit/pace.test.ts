import assert from 'node:assert/strict';
import { NotSent, Pace, Paced, PaceState } from '../../server/src/send/pace';
import { FakeClock } from './fakeClock';

const answer = (status: number, limits: Paced['limits'] = {}): Paced => ({ status, limits });

/** A pace on a fake clock: its waits of whole seconds pass at once, and are measured exactly. */
function paced(maxTries?: number, maxConcurrency?: number, onChange?: (s: PaceState) => void): { pace: Pace; clock: FakeClock } {
  const clock = new FakeClock();
  return { pace: new Pace(onChange, maxConcurrency, maxTries, clock), clock };
}

/** Sends `answers` in turn through the pace, one call after the other; the fake times each was sent at, from the first. */
async function sendTimes(pace: Pace, clock: FakeClock, answers: Paced[]): Promise<number[]> {
  const sentAt: number[] = [];
  let i = 0;
  const call = async (): Promise<Paced> => (sentAt.push(clock.now()), answers[Math.min(i++, answers.length - 1)]);
  while (i < answers.length) await pace.run(call, (a) => a);
  return sentAt.map((t) => t - sentAt[0]);
}

describe('apply: the pace of calls', () => {
  it('holds a virtual clock while each call is in flight, a refused or failed one included, and lets go once it is answered', async () => {
    const clock = new FakeClock();
    let held = 0;
    const heldDuring: number[] = [];
    const pace = new Pace(undefined, undefined, undefined, { now: () => clock.now(), sleep: (ms) => clock.sleep(ms), hold: () => (held++, () => void held--) });
    const answers = [answer(409, { rateToWaitSec: 1 }), answer(200)];
    await pace.run(async () => (heldDuring.push(held), answers.shift() as Paced), (a) => a);
    await assert.rejects(pace.run(async () => (heldDuring.push(held), Promise.reject(new Error('reset'))), (a: Paced) => a), /reset/);
    assert.deepEqual(heldDuring, [1, 1, 1], 'the refused call, its retry and the failed call each held it');
    assert.equal(held, 0, 'and each let go');
  });

  it('never has more calls in flight than X-Concurrency-Limit-Limit, one until an answer tells', async () => {
    const { pace, clock } = paced();
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    const call = async (): Promise<Paced> => {
      inFlight++;
      most = Math.max(most, inFlight);
      seen.push(inFlight);
      await clock.sleep(1);
      inFlight--;
      return answer(200, { concurrencyLimit: 3, rateRemaining: 100 });
    };
    await Promise.all(Array.from({ length: 30 }, () => pace.run(call, (a) => a)));
    assert.equal(most, 3);
    assert.deepEqual(seen.slice(0, 2), [1, 1], 'the first call went alone: the limit was not known yet');
    assert.equal(seen.length, 30, 'each call went once');
  });

  it('sends a call refused with 409 again after X-RateLimit-ToWait-Sec, and only then', async () => {
    const { pace, clock } = paced();
    const sentAt: number[] = [];
    const result = await pace.run(
      async () => {
        sentAt.push(clock.now());
        return sentAt.length === 1 ? answer(409, { rateToWaitSec: 1, rateRemaining: 0 }) : answer(200, { rateRemaining: 5 });
      },
      (a) => a,
    );
    assert.equal(result.status, 200);
    assert.deepEqual(sentAt.map((t) => t - sentAt[0]), [0, 1000], 'sent again exactly when the wait was over');
    assert.equal(pace.state().retried, 1);
  });

  it('waits out a spent window before the next call instead of meeting a 409', async () => {
    const { pace, clock } = paced();
    await pace.run(async () => answer(200, { rateRemaining: 0, rateToWaitSec: 2 }), (a) => a);
    assert.equal(pace.state().waitingSec, 2);
    const before = clock.now();
    let sentAt = 0;
    await pace.run(async () => ((sentAt = clock.now()), answer(200, { rateRemaining: 4 })), (a) => a);
    assert.equal(sentAt - before, 2000);
    assert.equal(pace.state().waitingSec, 0);
  });

  it("goes on as soon as its own oldest call leaves the window, not after the header's whole seconds", async () => {
    const { pace, clock } = paced();
    const sentAt: number[] = [];
    // 2 calls a 1 s window; the header rounds the wait up to 3 s, as a coarse server may.
    const call = async (): Promise<Paced> => {
      sentAt.push(clock.now());
      const left = sentAt.length % 2 === 0 ? 0 : 1;
      return answer(200, { rateLimit: 2, rateWindowSec: 1, rateRemaining: left, rateToWaitSec: left === 0 ? 3 : 0 });
    };
    for (let i = 0; i < 3; i++) await pace.run(call, (a) => a);
    assert.deepEqual(sentAt.map((t) => t - sentAt[0]), [0, 0, 1001], 'the third went 1 ms after the first left the window');
    const one = paced();
    const at: number[] = [];
    for (let i = 0; i < 2; i++) await one.pace.run(async () => (at.push(one.clock.now()), answer(200, { rateLimit: 1, rateWindowSec: 1, rateRemaining: 0, rateToWaitSec: 3 })), (a) => a);
    assert.deepEqual(at.map((t) => t - at[0]), [0, 1001], 'one call a window: the same');
  });

  it('holds a call when its own answered and in-flight calls fill the window, so concurrent calls meet no 409', async () => {
    const { pace, clock } = paced();
    // A sliding-window limiter of 10 calls a 300 ms window, 2 at once, that counts a call when it
    // arrives (as Qualys does), then answers 5 ms later: calls in flight already fill the window.
    const limits = { rateLimit: 10, rateWindowSec: 0.3, concurrencyLimit: 2 };
    const admittedAt: number[] = [];
    let refused = 0;
    const call = async (): Promise<Paced> => {
      const now = clock.now();
      const inWindow = admittedAt.filter((t) => t > now - 300).length;
      if (inWindow < 10) admittedAt.push(now);
      await clock.sleep(5);
      if (inWindow >= 10) {
        refused++;
        return answer(409, { ...limits, rateRemaining: 0, rateToWaitSec: 1 });
      }
      return answer(200, { ...limits, rateRemaining: 10 - inWindow - 1, rateToWaitSec: 0 });
    };
    const start = clock.now();
    await Promise.all(Array.from({ length: 35 }, () => pace.run(call, (a) => a)));
    assert.equal(admittedAt.length, 35, 'every call admitted once');
    assert.equal(refused, 0, 'no call was sent into a full window');
    assert.equal(pace.state().retried, 0);
    // 35 calls at 10 a 300 ms window: the fourth window opens after 900 ms, and nothing waited a whole second.
    const took = clock.now() - start;
    assert.ok(took >= 900 && took < 1000, `took ${took} ms`);
  });

  it('gives a refusal back at once when told not to wait out the limits (a view loading connectors)', async () => {
    const { pace, clock } = paced(1);
    let sent = 0;
    const t = clock.now();
    const result = await pace.run(async () => (sent++, answer(409, { rateToWaitSec: 3600, rateRemaining: 0 })), (a) => a);
    assert.equal(result.status, 409);
    assert.equal(sent, 1);
    assert.equal(clock.now(), t, 'no wait');
  });

  it('waits out a 429 as a 409, and backs off a second from a refusal that says no wait', async () => {
    const { pace, clock } = paced();
    assert.deepEqual(await sendTimes(pace, clock, [answer(429, { rateToWaitSec: 2 }), answer(409), answer(200)]), [0, 2000, 3000]);
    assert.equal(pace.state().retried, 2);
  });

  it('does not wait on a wait header while calls remain in the window', async () => {
    const { pace, clock } = paced();
    assert.deepEqual(await sendTimes(pace, clock, [answer(200, { rateRemaining: 3, rateToWaitSec: 5 }), answer(200, { rateRemaining: 2 })]), [0, 0]);
  });

  it('shows the calls left as the last answer told, and keeps it through an answer that does not tell', async () => {
    const { pace, clock } = paced();
    await sendTimes(pace, clock, [answer(200, { rateRemaining: 7 })]);
    assert.equal(pace.state().remaining, 7);
    await sendTimes(pace, clock, [answer(200, {})]);
    assert.equal(pace.state().remaining, 7);
  });

  it('keeps to its own cap on calls at once, and ignores a concurrency limit under one', async () => {
    for (const [told, cap, most] of [[5, 2, 2], [0, 10, 1]] as const) {
      const { pace, clock } = paced(undefined, cap);
      let inFlight = 0;
      let seen = 0;
      const call = async (): Promise<Paced> => {
        seen = Math.max(seen, ++inFlight);
        await clock.sleep(10);
        inFlight--;
        return answer(200, { concurrencyLimit: told });
      };
      await Promise.all(Array.from({ length: 8 }, () => pace.run(call, (a) => a)));
      assert.equal(seen, most, `told ${told}, capped at ${cap}`);
      assert.equal(pace.state().concurrency, most);
    }
    const { pace, clock } = paced();
    await sendTimes(pace, clock, [answer(200, { concurrencyLimit: 3 }), answer(200, { concurrencyLimit: 1 })]);
    assert.equal(pace.state().concurrency, 1, 'a limit lowered to one is kept to');
  });

  it('goes on at once after an answer with a window but no limit in it', async () => {
    const { pace, clock } = paced();
    assert.deepEqual(await sendTimes(pace, clock, [answer(200, { rateWindowSec: 60, rateRemaining: 5 }), answer(200, { rateLimit: 0, rateWindowSec: 60 }), answer(200)]), [0, 0, 0]);
  });

  it('never sends a call whose signal is aborted while it waits, and says so', async () => {
    const states: PaceState[] = [];
    const { pace, clock } = paced(undefined, undefined, (s) => states.push(s));
    await sendTimes(pace, clock, [answer(200, { rateRemaining: 0, rateToWaitSec: 30 })]);
    const controller = new AbortController();
    let sent = 0;
    const waiting = pace.run(async () => (sent++, answer(200)), (a) => a, controller.signal);
    await clock.sleep(1500);
    controller.abort();
    await assert.rejects(waiting, (e: unknown) => e instanceof NotSent && /cancelled before it was sent/.test(e.message));
    assert.equal(sent, 0);
    assert.ok(states.some((s) => s.waitingSec === 30), 'the wait was shown');
  });
});
