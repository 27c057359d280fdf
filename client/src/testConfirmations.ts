/**
 * Confirmations that the extension's own end-to-end tests give in place of a modal question (a
 * delete, an apply). Only the test hook adds to them, and the extension exports that hook only when
 * VS Code runs it in test mode; a command's arguments never confirm anything, so another extension
 * or a command link cannot delete a connector or apply a plan without the question.
 */
export class TestConfirmations {
  private pending = 0;

  /** The next `count` questions are answered yes. */
  give(count = 1): void {
    this.pending += count;
  }

  /** Takes back what was given and not used (a command that stopped before its question). */
  withdraw(): void {
    this.pending = 0;
  }

  /** Whether a confirmation was given for this question: used up when it was. */
  take(): boolean {
    if (this.pending === 0) return false;
    this.pending--;
    return true;
  }
}

export const testConfirmations = new TestConfirmations();
