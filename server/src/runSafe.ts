/** What a handler's failure is reported to (the LSP connection's console in the server). */
export interface ErrorLog {
  error(message: string): void;
}

export interface Cancellable {
  isCancellationRequested: boolean;
}

/**
 * Runs a request handler so that a bug answers with the fallback and one log line, never a dead
 * server or an error popup; a request already cancelled gets the fallback without running.
 */
export function runSafe<T>(log: ErrorLog, what: string, fallback: T, token: Cancellable | undefined, fn: () => T): T {
  if (token?.isCancellationRequested) return fallback;
  try {
    return fn();
  } catch (e) {
    log.error(`${what} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return fallback;
  }
}
