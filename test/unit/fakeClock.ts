import { Clock } from '../../server/src/core/clock';

/**
 * Time that passes only when everything else waits: each `sleep` is a timer on a virtual clock, and
 * once the event loop has nothing else to do (a `setImmediate` turn) the earliest timer fires and
 * the clock jumps to it. A test of whole-second waits takes milliseconds, and its times are exact.
 */
export class FakeClock implements Clock {
  private t: number;
  private readonly timers: { at: number; seq: number; fire: () => void }[] = [];
  private seq = 0;
  private pending = false;

  constructor(start = 1_000_000) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Time passing outside the code under test (a user waiting before running apply again): the timers due fire. */
  advance(ms: number): void {
    this.t += ms;
    this.schedule();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((fire) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, fire });
      this.schedule();
    });
  }

  /** Calls held in flight: none but in a `heldByCalls` clock. */
  private held = 0;

  /**
   * A clock for calls over real sockets (the emulator's and the client's): time moves only while
   * no call is in flight, as the answer of one comes in real time, before any wait it could end.
   */
  static heldByCalls(start?: number): FakeClock {
    const clock = new FakeClock(start);
    clock.hold = () => {
      clock.held++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        clock.held--;
        clock.schedule();
      };
    };
    return clock;
  }

  hold?: () => () => void;

  private schedule(): void {
    if (this.pending || this.held > 0) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      if (this.held > 0) return;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.fire();
      if (this.timers.length > 0) this.schedule();
    });
  }
}
