import { CloseAction, ErrorAction, ErrorHandler, ErrorHandlerResult, CloseHandlerResult } from 'vscode-languageclient/node';

/** How many crashes are tolerated inside `windowMs` before the client stops restarting the server. */
export interface RestartLimits {
  maxRestarts: number;
  windowMs: number;
}

export const DEFAULT_LIMITS: RestartLimits = { maxRestarts: 4, windowMs: 3 * 60_000 };

/**
 * Restarts a crashed server quietly, and gives up after too many crashes in a short window so a
 * server that dies on start does not spin forever. Giving up is reported through `onGiveUp` exactly
 * once per run of crashes (the library's own notification is suppressed with `handled: true`), so
 * the user sees one warning instead of a stack of them.
 */
export class RestartPolicy implements ErrorHandler {
  private crashes: number[] = [];
  private gaveUp = false;

  constructor(
    private readonly onGiveUp: (reason: string) => void,
    private readonly limits: RestartLimits = DEFAULT_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A few transport errors in a row can be transient (e.g. a large message); more mean the pipe is broken.
    if (count !== undefined && count <= 3) return { action: ErrorAction.Continue };
    return { action: ErrorAction.Shutdown, handled: this.giveUp('the connection to it kept failing') };
  }

  closed(): CloseHandlerResult {
    const now = this.now();
    this.crashes = this.crashes.filter((t) => now - t < this.limits.windowMs);
    this.crashes.push(now);
    if (this.crashes.length <= this.limits.maxRestarts) {
      // handled: true keeps the library from popping a notification for every routine restart; it still logs.
      return { action: CloseAction.Restart, handled: true, message: 'The Qualys language server stopped; restarting it.' };
    }
    const minutes = Math.round(this.limits.windowMs / 60_000);
    return {
      action: CloseAction.DoNotRestart,
      handled: this.giveUp(`it stopped ${this.crashes.length} times in ${minutes} minutes`),
    };
  }

  /** Called when the user (or a command) starts the server again: the crash budget starts afresh. */
  reset(): void {
    this.crashes = [];
    this.gaveUp = false;
  }

  private giveUp(reason: string): boolean {
    if (!this.gaveUp) {
      this.gaveUp = true;
      this.onGiveUp(reason);
    }
    return true;
  }
}
