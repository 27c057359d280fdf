/**
 * Time as the pace of calls and the emulator's limits see it: the real clock by default, a virtual
 * one in tests (as VS Code's JSON server takes `runtime.timer`), so that a test of whole-second
 * waits does not sleep them. The emulator and the client given one clock agree on every window.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms` milliseconds. */
  sleep(ms: number): Promise<void>;
  /**
   * Marks a call sent and not yet answered, until the function it gives is called: a virtual clock
   * moves no further while one is held (its answer comes first, as it does in real time); the real
   * clock has none.
   */
  hold?(): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
