import { OPERATION_NAMES, Operation } from '../core/model';

/** The calls an emulator served, in total and per operation, for call budgets in tests and CI. */
export interface CallCounts {
  total: number;
  byOperation: Record<Operation, number>;
}

/**
 * Counts every request addressed to an operation's path (`/qps/rest/3.0/<operation>/am/<noun>`),
 * whatever its answer: a call refused for the rate or for its credentials was still made, and a
 * client's budget is what it sends.
 */
export class CallCounter {
  private readonly counts = new Map<Operation, number>();

  count(operation: Operation): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  /** A copy: a test's snapshot does not change under it. */
  snapshot(): CallCounts {
    const byOperation = Object.fromEntries(OPERATION_NAMES.map((op) => [op, this.counts.get(op) ?? 0])) as Record<Operation, number>;
    return { total: [...this.counts.values()].reduce((a, b) => a + b, 0), byOperation };
  }

  /** One line: `calls: 7 (search 4, create 2, update 1)`, operations in the model's order. */
  summary(): string {
    const { total, byOperation } = this.snapshot();
    const parts = OPERATION_NAMES.filter((op) => byOperation[op] > 0).map((op) => `${op} ${byOperation[op]}`);
    return `calls: ${total}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  }
}
