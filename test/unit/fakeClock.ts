import { Clock } from '../../server/src/send/pace';

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

  sleep(ms: number): Promise<void> {
    return new Promise((fire) => {
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, fire });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.pending) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      if (!next) return;
      this.t = Math.max(this.t, next.at);
      next.fire();
      if (this.timers.length > 0) this.schedule();
    });
  }
}
