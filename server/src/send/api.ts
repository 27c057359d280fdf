import { WireRequest } from '../core/prepare';
import { execute, Executed, ExecuteOptions } from './execute';
import { Clock, Pace, PaceState, Stopped } from './pace';

/** Everything `execute` needs but the request: where, as whom, and how long to wait. */
export type Connection = Omit<ExecuteOptions, 'signal'>;

/**
 * The calls of one command (a CLI run, the editor's plan, apply or view) to one platform: all of
 * them through one pace, which keeps to the concurrency the platform announces and waits out a
 * 409; each call that goes out counted, for the budget. `execute` masks what a failure says.
 */
export class Api {
  private sent = 0;

  constructor(
    readonly connection: Connection,
    readonly pace: Pace,
    /** The most calls this session sends (apply --max-calls); past it the calls still waiting are given up. */
    private readonly maxCalls = Number.POSITIVE_INFINITY,
  ) {}

  /** How many calls went out, those the platform refused included. */
  get calls(): number {
    return this.sent;
  }

  /**
   * Sends one request when the pace lets it go. `signal` gives up the wait for a slot (the call
   * then throws NotSent); a call already sent is answered, so that a create can be recorded.
   * `beforeSend` runs once the call has its slot, right before it goes (apply journals a create
   * there); when it throws, nothing is sent.
   */
  send(request: WireRequest, signal?: AbortSignal, beforeSend?: () => Promise<void>): Promise<Executed> {
    return this.pace.run(
      async () => {
        if (this.sent >= this.maxCalls) {
          const stopped = new Stopped(`${this.maxCalls} call${this.maxCalls === 1 ? '' : 's'} spent, as --max-calls allows`);
          this.pace.stop(stopped);
          throw stopped;
        }
        // Counted before anything is awaited: concurrent calls never pass the budget together.
        this.sent++;
        try {
          await beforeSend?.();
        } catch (e) {
          this.sent--;
          throw e;
        }
        return execute(request, this.connection);
      },
      (r) => r.response,
      signal,
    );
  }
}

/**
 * The one way to open a session's Api. `waitOutLimits` false gives a call refused for the
 * platform's limits back at once instead of sending it again after the wait (what a view loading
 * connectors wants). `options.clock` is the time the pace waits in (a test's virtual one).
 */
export function openApi(connection: Connection, onPace?: (s: PaceState) => void, waitOutLimits = true, options: { maxWaitMs?: number; maxCalls?: number; clock?: Clock } = {}): Api {
  return new Api(connection, new Pace(onPace, undefined, waitOutLimits ? undefined : 1, options.clock, options.maxWaitMs), options.maxCalls);
}
