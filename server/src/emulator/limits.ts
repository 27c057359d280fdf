/** What the limit headers report, and whether a call may go ahead. */
export interface RateState {
  limit: number;
  windowSec: number;
  remaining: number;
  /** Seconds until a call is allowed again (0 when one is allowed now). */
  toWaitSec: number;
}

/**
 * Calls per user in a sliding window: a call is allowed when fewer than `limit` calls were
 * admitted in the last `windowSec` seconds. Refused calls are not counted.
 */
export class RateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowSec: number,
    /** The emulator's clock (its `clock` option): the real one unless a test gives a virtual one. */
    private readonly clock: () => number = Date.now,
  ) {}

  /** Admits a call when the window has room; the state is what the response reports. */
  take(user: string, now = this.clock()): { allowed: boolean; state: RateState } {
    const times = this.recent(user, now);
    if (times.length >= this.limit) return { allowed: false, state: this.state(times, now) };
    times.push(now);
    return { allowed: true, state: this.state(times, now) };
  }

  /** The state without taking a call, for responses to calls that are not counted. */
  peek(user: string, now = this.clock()): RateState {
    return this.state(this.recent(user, now), now);
  }

  private recent(user: string, now: number): number[] {
    const from = now - this.windowSec * 1000;
    const times = (this.calls.get(user) ?? []).filter((t) => t > from);
    this.calls.set(user, times);
    return times;
  }

  private state(times: number[], now: number): RateState {
    const remaining = Math.max(0, this.limit - times.length);
    const oldest = times[0] ?? now;
    const toWaitSec = remaining > 0 ? 0 : Math.max(1, Math.ceil((oldest + this.windowSec * 1000 - now) / 1000));
    return { limit: this.limit, windowSec: this.windowSec, remaining, toWaitSec };
  }
}

/** Calls in flight per user. */
export class ConcurrencyLimiter {
  private readonly running = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** A release function when the user has a free slot, else undefined. */
  acquire(user: string): (() => void) | undefined {
    const now = this.count(user);
    if (now >= this.limit) return undefined;
    this.running.set(user, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.count(user) - 1;
      if (left > 0) this.running.set(user, left);
      else this.running.delete(user);
    };
  }

  count(user: string): number {
    return this.running.get(user) ?? 0;
  }

  /** Calls in flight, all users together. */
  total(): number {
    let n = 0;
    for (const c of this.running.values()) n += c;
    return n;
  }
}

export function limitHeaders(rate: RateState, concurrencyLimit: number, running: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(rate.limit),
    'X-RateLimit-Window-Sec': String(rate.windowSec),
    'X-RateLimit-Remaining': String(rate.remaining),
    'X-RateLimit-ToWait-Sec': String(rate.toWaitSec),
    'X-Concurrency-Limit-Limit': String(concurrencyLimit),
    'X-Concurrency-Limit-Running': String(running),
  };
}
