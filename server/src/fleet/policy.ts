import { FileError, Plan, PlannedFile, SENDS } from './planner';

/*
 * What the engine concludes of a plan, decided here once: whether apply may go ahead and why not,
 * what it would send, and how many files of each kind the plan holds. The CLI's words, the editor's
 * plan document and its messages, JSON and Markdown all render these facts and decide nothing.
 */

/** Why apply may not go ahead with a plan; each view says it in its own words. */
export type Blocker =
  /** Files with errors: the plan was not made, nothing was fetched. */
  | { reason: 'errors'; errors: readonly FileError[] }
  /** Updates of connectors that do not exist (or are outside the user's scope): they would fail. */
  | { reason: 'missing'; files: readonly PlannedFile[] };

/** What stops apply; none when it may go ahead. */
export function blockers(plan: Plan): Blocker[] {
  if (!plan.ok) return [{ reason: 'errors', errors: plan.errors }];
  const missing = plan.files.filter((f) => f.action === 'missing');
  return missing.length > 0 ? [{ reason: 'missing', files: missing }] : [];
}

/** Where a plan leaves apply: refused, with something to send, or with the platform already matching. */
export type PlanState = 'blocked' | 'changes' | 'same';

export function stateOf(plan: Plan): PlanState {
  if (blockers(plan).length > 0) return 'blocked';
  return plan.ok && plan.files.some((f) => SENDS.has(f.action)) ? 'changes' : 'same';
}

/** The planned files, none for a plan that files' errors kept from being made. */
export function filesOf(plan: Plan): PlannedFile[] {
  return plan.ok ? plan.files : [];
}

/** How many files of each kind a plan holds: an update by filter counts as an update. */
export interface Tally {
  create: number;
  adopt: number;
  update: number;
  delete: number;
  run: number;
  unchanged: number;
  gone: number;
  skip: number;
  missing: number;
}

export function tally(files: readonly PlannedFile[]): Tally {
  const t: Tally = { create: 0, adopt: 0, update: 0, delete: 0, run: 0, unchanged: 0, gone: 0, skip: 0, missing: 0 };
  for (const f of files) t[f.action === 'update-by-filter' ? 'update' : f.action]++;
  return t;
}

/** What an apply would send, as one string: two plans that send the same compare equal. */
export function sendSignature(files: readonly PlannedFile[]): string {
  return JSON.stringify(files.filter((f) => SENDS.has(f.action)).map((f) => [f.path, f.action, f.id ?? null, f.changes]));
}
