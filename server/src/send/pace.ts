import { Clock, realClock } from '../core/clock';
import { Limits } from './response';

export type { Clock };

/** What a paced call reports of its answer: the status and the limit headers. */
export interface Paced {
  status: number;
  limits: Limits;
}

/** What the progress line shows. */
export interface PaceState {
  running: number;
  concurrency: number;
  /** Calls left in the rate window, as the last answer said. */
  remaining?: number;
  /** Seconds until calls may go again, 0 when they may go now. */
  waitingSec: number;
  /** Calls refused with 409/429 and sent again after the wait. */
  retried: number;
  /** While calls wait: when they may go again (epoch ms), and the rate the platform announced, for a message. */
  resumesAt?: number;
  rate?: { limit: number; windowSec: number };
}

/** A call given up while it waited its turn: it never left this process. */
export class NotSent extends Error {
  constructor(message = 'cancelled before it was sent') {
    super(message);
  }
}

/** The longest wait the pace ever sleeps: a platform's window is an hour at most. */
export const MAX_WAIT_MS = 3600_000;

/**
 * The platform asked for a wait longer than its rate window (or an hour): it is not slept, and no
 * call waiting for it is sent.
 */
export class WaitRefused extends Error {}

/**
 * A wait longer than the caller allows (apply --max-wait) or a call past its budget (--max-calls):
 * the calls still waiting are given up, never sent, so the caller can stop cleanly and say what is
 * left.
 */
export class Stopped extends NotSent {}

/** A server that answers 409 this many times in a row to one call is not a rate limit any more. */
const MAX_TRIES = 200;
/** Answer times kept to place the rate window: more than any platform's calls per window. */
const MAX_REMEMBERED = 4096;

/**
 * Keeps calls within the platform's limits: never more in flight than `X-Concurrency-Limit-Limit`
 * (one until the first answer tells), no call while the rate window is spent, and a call refused
 * with 409 (or 429) is sent again after `X-RateLimit-ToWait-Sec`. Qualys refuses such a call
 * before doing anything, so sending it again neither loses nor duplicates it.
 */
export class Pace {
  private concurrency = 1;
  private running = 0;
  private until = 0;
  private remaining?: number;
  private retried = 0;
  private readonly queue: (() => void)[] = [];
  /** When the calls the platform admitted were answered, newest last: the window's oldest tells when it frees. */
  private readonly admitted: number[] = [];
  /** The rate as the platform announces it, once an answer has told. */
  private rate?: { limit: number; windowMs: number };

  constructor(
    private readonly onChange: (state: PaceState) => void = () => undefined,
    private readonly maxConcurrency = Number.MAX_SAFE_INTEGER,
    /** Tries per call, the first included: 1 gives a refusal back at once (a view does not wait an hour). */
    private readonly maxTries = MAX_TRIES,
    private readonly clock: Clock = realClock,
    /** The longest wait the caller accepts before it stops (apply --max-wait); past it the waiting calls are not sent. */
    private readonly maxWaitMs = Number.POSITIVE_INFINITY,
  ) {}

  /** Why the waiting calls were given up, once they were: a wait too long for the caller, or one refused. */
  stopped?: Stopped | WaitRefused;

  state(): PaceState {
    const waitingMs = Math.max(0, this.until - this.clock.now());
    return {
      running: this.running,
      concurrency: this.concurrency,
      remaining: this.remaining,
      waitingSec: Math.ceil(waitingMs / 1000),
      retried: this.retried,
      ...(waitingMs > 0 ? { resumesAt: this.until } : {}),
      ...(this.rate ? { rate: { limit: this.rate.limit, windowSec: this.rate.windowMs / 1000 } } : {}),
    };
  }

  /** Gives up every call still waiting, and those asked for later: they throw `reason` (a Stopped is a NotSent for apply's count). */
  stop(reason: Stopped | WaitRefused): void {
    this.stopped ??= reason;
    for (const wake of this.queue.splice(0)) wake();
  }

  /**
   * Sends `call` when a slot and the rate allow. Once `signal` is aborted a call still waiting (for
   * a slot, a rate-limit wait or a retry after a 409) is never sent: it throws NotSent instead.
   */
  async run<T>(call: () => Promise<T>, answer: (t: T) => Paced, signal?: AbortSignal): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      await this.slot(signal);
      let result: T;
      let refused: boolean;
      const held = this.clock.hold?.();
      try {
        result = await call();
        const paced = answer(result);
        refused = paced.status === 409 || paced.status === 429;
        if (!refused && this.admitted.push(this.clock.now()) > MAX_REMEMBERED) this.admitted.splice(0, this.admitted.length - MAX_REMEMBERED);
        // Learnt before the slot is given back, so that the calls waiting see the limit just read.
        this.learn(paced.limits, refused);
      } finally {
        held?.();
        this.release();
      }
      if (!refused || attempt >= this.maxTries) return result;
      this.retried++;
      this.onChange(this.state());
    }
  }

  private learn(l: Limits, refused: boolean): void {
    if (l.concurrencyLimit !== undefined && l.concurrencyLimit >= 1) this.concurrency = Math.min(l.concurrencyLimit, this.maxConcurrency);
    if (l.rateRemaining !== undefined) this.remaining = l.rateRemaining;
    if (l.rateLimit !== undefined && l.rateLimit >= 1 && l.rateWindowSec !== undefined && l.rateWindowSec > 0) this.rate = { limit: l.rateLimit, windowMs: l.rateWindowSec * 1000 };
    const wait = l.rateToWaitSec ?? 0;
    // A refusal without a wait (the concurrency limit, shared with other clients) backs off a second.
    const sec = wait > 0 && (refused || l.rateRemaining === 0) ? wait : refused ? 1 : 0;
    if (sec <= 0) return;
    // A wait past the window the platform announces (or an hour) is no rate limit: never slept.
    const longest = Math.max(MAX_WAIT_MS, this.rate?.windowMs ?? 0);
    if (sec * 1000 > longest) {
      this.stop(new WaitRefused(`The platform asks to wait ${sec} s (X-RateLimit-ToWait-Sec), longer than its rate window or an hour (${Math.round(longest / 1000)} s): not waiting, and nothing more is sent. Try again later.`));
      return;
    }
    let until = this.clock.now() + sec * 1000;
    // The header counts whole seconds; a window spent by this client's own calls frees exactly when
    // the oldest of them leaves it (its answer came after the platform admitted it, so never early).
    // Another client's calls in the same window only make that a 409, which is waited out as above.
    // Only with a rate to count in: a limit of 0 (or none) would empty the list, and a time of NaN would end every wait after it.
    const limit = l.rateLimit ?? 0;
    const windowSec = l.rateWindowSec ?? 0;
    if (!refused && limit >= 1 && windowSec > 0 && this.admitted.length >= limit) {
      this.admitted.splice(0, this.admitted.length - limit);
      until = Math.min(until, this.admitted[0] + windowSec * 1000 + 1);
    }
    this.until = Math.max(this.until, until);
  }

  private async slot(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new NotSent();
      if (this.stopped) throw this.stopped;
      const wait = this.until - this.clock.now();
      if (wait > this.maxWaitMs) {
        this.stop(new Stopped(`the rate limit asks to wait ${Math.ceil(wait / 1000)} s, longer than --max-wait allows (${Math.ceil(this.maxWaitMs / 1000)} s)`));
        continue;
      }
      if (wait > 0) {
        this.onChange(this.state());
        await this.clock.sleep(Math.min(wait, 1000));
        continue;
      }
      const freeAt = this.windowFreesAt();
      if (freeAt !== undefined && freeAt > this.clock.now()) {
        // All of the window is in flight: an answer (and the release) comes first.
        if (freeAt === Infinity) await new Promise<void>((resolve) => this.queue.push(resolve));
        else await this.clock.sleep(Math.min(freeAt - this.clock.now(), 1000));
        continue;
      }
      if (this.running < this.concurrency) {
        this.running++;
        return;
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  /**
   * When this client's own calls fill the rate window: those answered in it (an answer comes after
   * the platform admitted the call, so counting by answer time never frees a slot early) and those
   * in flight. Then the time the oldest answered one leaves the window, or Infinity when every call
   * of the window is still in flight; undefined while a call may go. Sending into a full window
   * would cost a 409 and a whole-second wait; other clients' calls still can, and are waited out.
   */
  private windowFreesAt(): number | undefined {
    if (!this.rate) return undefined;
    // A call answered at t counts until t + window + 1 ms, the time this gives back: the margin a limiter counting from the call's arrival needs.
    const from = this.clock.now() - this.rate.windowMs - 1;
    let lo = 0;
    let hi = this.admitted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.admitted[mid] > from) hi = mid;
      else lo = mid + 1;
    }
    const inWindow = this.admitted.length - lo;
    if (inWindow + this.running < this.rate.limit) return undefined;
    return inWindow === 0 ? Infinity : this.admitted[lo] + this.rate.windowMs + 1;
  }

  private release(): void {
    this.running--;
    // Everyone queued looks again: the limit may have grown with the answer just read.
    for (const wake of this.queue.splice(0)) wake();
  }
}
