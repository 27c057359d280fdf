import { Api } from '../send/connectors';
import { ExecuteOptions } from '../send/execute';
import { Pace, PaceState } from '../send/pace';

/** Everything `execute` needs but the request: where, as whom, and how long to wait. */
export type Connection = Omit<ExecuteOptions, 'signal'>;

/**
 * One pace and one call counter for all the calls of a command (a CLI run, an editor's plan or
 * apply). `waitOutLimits` false gives a call refused for the platform's limits back at once
 * instead of sending it again after the wait (what a view loading connectors wants).
 */
export function openApi(connection: Connection, onPace?: (s: PaceState) => void, waitOutLimits = true): Api {
  return { ...connection, pace: new Pace(onPace, undefined, waitOutLimits ? undefined : 1), calls: { count: 0 } };
}
