import assert from 'node:assert/strict';
import { Pace, Paced, PaceState, Stopped, WaitRefused } from '../../server/src/send/pace';
import { duration, waitLine } from '../../server/src/fleet/render';
import { FakeClock } from './fakeClock';

const answer = (status: number, limits: Paced['limits'] = {}): Paced => ({ status, limits });

describe('waits that are bounded and said', () => {
  it('refuses a ToWait of 10^8 s on a 200 with no call left: nothing more is sent, nothing slept', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    await pace.run(async () => answer(200, { rateRemaining: 0, rateToWaitSec: 100_000_000 }), (a) => a);
    let sent = 0;
    await assert.rejects(pace.run(async () => (sent++, answer(200)), (a) => a), (e: unknown) => e instanceof WaitRefused && /100000000 s/.test(e.message));
    assert.equal(sent, 0);
    assert.equal(clock.now(), 0, 'no time passed');
  });

  it('refuses it on a 409 too: the refused call is not sent again', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    let sent = 0;
    await assert.rejects(pace.run(async () => (sent++, answer(409, { rateToWaitSec: 100_000_000 })), (a) => a), WaitRefused);
    assert.equal(sent, 1);
  });

  it('waits out a window the platform announces as longer than an hour, up to that window', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    await pace.run(async () => answer(200, { rateLimit: 1000, rateWindowSec: 7200, rateRemaining: 0, rateToWaitSec: 5000 }), (a) => a);
    await pace.run(async () => answer(200), (a) => a);
    assert.equal(clock.now(), 5000_000);
  });

  it('with a longest wait (--max-wait), gives up the waiting calls instead of sleeping past it', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock, 5000);
    await pace.run(async () => answer(200, { rateRemaining: 0, rateToWaitSec: 3000 }), (a) => a);
    await assert.rejects(pace.run(async () => answer(200), (a) => a), (e: unknown) => e instanceof Stopped && /3000 s, longer than --max-wait allows \(5 s\)/.test(e.message));
    assert.ok(pace.stopped instanceof Stopped);
    assert.equal(clock.now(), 0);
  });

  it('tells what a wait line shows while calls wait: when they resume and the rate announced; nothing of a wait once it is over', async () => {
    const clock = new FakeClock(0);
    const states: PaceState[] = [];
    const pace = new Pace((s) => states.push(s), undefined, undefined, clock);
    assert.deepEqual(pace.state(), { running: 0, concurrency: 1, remaining: undefined, waitingSec: 0, retried: 0 });
    await pace.run(async () => answer(200, { rateLimit: 10, rateWindowSec: 60, rateRemaining: 0, rateToWaitSec: 3 }), (a) => a);
    const waiting = pace.state();
    assert.deepEqual(waiting, { running: 0, concurrency: 1, remaining: 0, waitingSec: 3, retried: 0, resumesAt: 3000, rate: { limit: 10, windowSec: 60 } });
    await pace.run(async () => answer(200, { rateLimit: 10, rateWindowSec: 60, rateRemaining: 5 }), (a) => a);
    assert.equal(clock.now(), 3000);
    assert.ok(states.some((s) => s.resumesAt === 3000 && s.waitingSec > 0), 'the wait was told as it began');
    const after = pace.state();
    assert.equal(after.resumesAt, undefined);
    assert.equal(after.waitingSec, 0);
  });

  it('takes a rate only with a limit of at least one in a window longer than nothing', async () => {
    for (const [limits, rate] of [
      [{ rateLimit: 1, rateWindowSec: 1 }, { limit: 1, windowSec: 1 }],
      [{ rateLimit: 0, rateWindowSec: 60 }, undefined],
      [{ rateLimit: 5, rateWindowSec: 0 }, undefined],
      [{ rateWindowSec: 60 }, undefined],
      [{ rateLimit: 5 }, undefined],
    ] as const) {
      const pace = new Pace(undefined, undefined, undefined, new FakeClock(0));
      await pace.run(async () => answer(200, limits), (a) => a);
      assert.deepEqual(pace.state().rate, rate, JSON.stringify(limits));
    }
  });

  it('refuses a wait past the announced window or an hour by name, and waits one of exactly an hour, or exactly --max-wait', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    await assert.rejects(pace.run(async () => answer(409, { rateToWaitSec: 3601 }), (a) => a), { message: 'The platform asks to wait 3601 s (X-RateLimit-ToWait-Sec), longer than its rate window or an hour (3600 s): not waiting, and nothing more is sent. Try again later.' });
    const hour = new Pace(undefined, undefined, undefined, clock);
    await hour.run(async () => answer(200, { rateRemaining: 0, rateToWaitSec: 3600 }), (a) => a);
    await hour.run(async () => answer(200), (a) => a);
    assert.equal(clock.now(), 3_600_000);
    const bounded = new Pace(undefined, undefined, undefined, clock, 2000);
    await bounded.run(async () => answer(200, { rateRemaining: 0, rateToWaitSec: 2 }), (a) => a);
    await bounded.run(async () => answer(200), (a) => a);
    assert.equal(clock.now(), 3_602_000, 'a wait of exactly --max-wait is waited');
  });

  it('gives a call back after its tries, the last refusal as the platform answered it', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, 3, clock);
    let sent = 0;
    const got = await pace.run(async () => (sent++, answer(409, { rateToWaitSec: 1 })), (a) => a);
    assert.deepEqual([got.status, sent, pace.state().retried], [409, 3, 2]);
  });

  it('says a wait in one line: how long, the rate, when it resumes, how far, and about how long the rest takes', () => {
    const resumesAt = Date.UTC(2026, 11, 5, 22, 41);
    const line = waitLine({ running: 0, concurrency: 2, waitingSec: 3480, retried: 0, resumesAt, rate: { limit: 300, windowSec: 3600 } }, 12, 40);
    assert.equal(line, 'waiting 58 min for the rate limit: 300 calls per 60 min used; resumes at 22:41 UTC; 12 of 40 applied; about 58 min for the 28 left');
    assert.equal(waitLine({ running: 0, concurrency: 2, waitingSec: 0, retried: 0 }, 1, 2), undefined);
    assert.deepEqual([duration(45), duration(3480), duration(7500)], ['45 s', '58 min', '2 h 5 min']);
  });

  it('waits the seconds an answer asks when no call is left, even without the rate it counts them in', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    await pace.run(async () => answer(200, { rateRemaining: 0, rateToWaitSec: 3 }), (a) => a);
    const at: number[] = [];
    await pace.run(async () => (at.push(clock.now()), answer(200)), (a) => a);
    assert.deepEqual(at, [3000]);
  });

  it('after a 409, waits all the seconds asked, not only until its own calls leave the window', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    await pace.run(async () => answer(200, { rateLimit: 1, rateWindowSec: 10 }), (a) => a);
    const at: number[] = [];
    await pace.run(async () => (at.push(clock.now()), answer(at.length === 1 ? 409 : 200, { rateLimit: 1, rateWindowSec: 10, ...(at.length === 1 ? { rateToWaitSec: 30 } : {}) })), (a) => a);
    assert.deepEqual(at, [10_001, 40_001], "the window is left 1 ms after its call, as every wait of the pace counts it");
  });

  it('waits the seconds asked after an answer with a limit of 0 or no window, and every wait after it', async () => {
    // The third case: its own two calls then fill the window, which the third waits out.
    for (const [limits, times] of [[{ rateLimit: 0, rateWindowSec: 60 }, [0, 3000, 6000]], [{ rateLimit: 1 }, [0, 3000, 6000]], [{ rateLimit: 2, rateWindowSec: 60 }, [0, 3000, 60_001]]] as const) {
      const clock = new FakeClock(0);
      const pace = new Pace(undefined, undefined, undefined, clock);
      const at: number[] = [];
      const call = async () => (at.push(clock.now()), answer(200, { ...limits, rateRemaining: 0, rateToWaitSec: 3 }));
      for (let i = 0; i < 3; i++) await pace.run(call, (a) => a);
      assert.deepEqual(at, times, JSON.stringify(limits));
    }
  });

  it("waits the seconds asked when other clients' calls spend the window, though its own oldest leaves it sooner", async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    const limits = { rateLimit: 5, rateWindowSec: 10 };
    await pace.run(async () => answer(200, { ...limits, rateRemaining: 4 }), (a) => a);
    clock.advance(9000);
    // At 9 s the window is spent, its own call at 0 s and four of others: the platform says 5 s, not 1.
    await pace.run(async () => answer(200, { ...limits, rateRemaining: 0, rateToWaitSec: 5 }), (a) => a);
    const at: number[] = [];
    await pace.run(async () => (at.push(clock.now()), answer(200, limits)), (a) => a);
    assert.deepEqual(at, [14_000]);
  });

  it('counts a wait down second by second for the progress line, and ends it on time', async () => {
    const clock = new FakeClock(0);
    const shown: number[] = [];
    const pace = new Pace((s) => shown.push(s.waitingSec), undefined, undefined, clock);
    await pace.run(async () => answer(200, { rateRemaining: 0, rateToWaitSec: 3 }), (a) => a);
    const at: number[] = [];
    await pace.run(async () => (at.push(clock.now()), answer(200)), (a) => a);
    assert.deepEqual([shown, at], [[3, 2, 1], [3000]]);
  });

  it('holds a call while its own calls in flight fill the window, and sends it as soon as they fail', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    const limits = { rateLimit: 2, rateWindowSec: 10, concurrencyLimit: 3 };
    await pace.run(async () => answer(200, limits), (a) => a);
    clock.advance(11_000);
    const sent: number[] = [];
    const failing = async (): Promise<Paced> => {
      sent.push(clock.now());
      await clock.sleep(5);
      throw new Error('connection reset');
    };
    const first = [pace.run(failing, (a) => a), pace.run(failing, (a) => a)];
    const third = pace.run(async () => (sent.push(clock.now()), answer(200, limits)), (a) => a);
    await Promise.all([...first.map((p) => assert.rejects(p, /reset/)), third]);
    assert.deepEqual(sent, [11_000, 11_000, 11_005], 'the third waited for the two in flight, and not a second more');
  });

  it('remembers enough answers to keep a window full after thousands of calls', async () => {
    const clock = new FakeClock(0);
    const pace = new Pace(undefined, undefined, undefined, clock);
    const at: number[] = [];
    const call = async () => (at.push(clock.now()), answer(200, { rateLimit: 3, rateWindowSec: 1 }));
    for (let i = 0; i < 4105; i++) await pace.run(call, (a) => a);
    const crowded = at.findIndex((t, i) => i >= 3 && t - at[i - 3] <= 1000);
    assert.equal(crowded, -1, `call ${crowded} was the fourth in one window (and its 1 ms margin)`);
  });
});

