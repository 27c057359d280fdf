import { RECORD_FILE } from '../../workspace/record';
import type { Outcome } from '../apply';
import type { ApplySummary } from '../outcomes';
import type { PlannedFile } from '../planner';
import type { Blocker } from '../policy';
import { planLines, summaryLine } from '../render';

/*
 * The terminal's view of plan and apply: what `plan` and `apply` print, line by line. It renders
 * the engine's facts (the plan, its blockers, the apply's summary) and decides nothing.
 */

/** The plan: each file that sends something (or names a missing connector) with its changes, then the summary. */
export function planOutput(files: PlannedFile[]): string[] {
  return [...planLines(files), summaryLine(files)];
}

/** Why apply may not go ahead, as stderr lines that name the command: nothing was sent. */
export function refusalLines(blocker: Blocker, command: string): string[] {
  if (blocker.reason === 'missing') return [`qualys-connector ${command}: ${MISSING_REFUSAL}`];
  const n = blocker.errors.length;
  const lines = blocker.errors.flatMap((e) => e.messages.map((m) => `${e.shown}: ${m}`));
  lines.push(`qualys-connector ${command}: ${n} file${n === 1 ? '' : 's'} with errors; nothing was fetched or sent. Run validate to see every finding.`);
  return lines;
}

/** Apply's refusal of updates whose connectors do not exist, as the CLI and the editor both say it. */
export const MISSING_REFUSAL = `some updates name connectors that do not exist; nothing was sent. Pull again, or fix their ids in ${RECORD_FILE}.`;

/** Why the plan document and the Markdown view say apply refuses: "Apply refuses while " and this. */
export function missingClause(n: number): string {
  return `${n === 1 ? 'an update names a connector that does' : `${n} updates name connectors that do`} not exist: pull again, or fix the ids in ${RECORD_FILE}.`;
}

/** The document's and the Markdown view's word on files with errors: "N files with errors" and this. */
export function errorsClause(n: number): string {
  return `nothing was fetched and nothing can be applied until ${n === 1 ? 'it is' : 'they are'} fixed`;
}

/** One file's outcome as it is known, where no progress line is drawn. */
export function outcomeLine(o: Outcome): string {
  return `${o.ok ? 'done' : 'FAILED'} ${o.file.shown}: ${o.detail}`;
}

/** The table after an apply: file, action, result and the platform's answer. */
export function outcomeTable(summary: ApplySummary): string[] {
  const { rows } = summary;
  if (rows.length === 0) return [];
  const width = Math.min(60, Math.max(4, ...rows.map((r) => r.file.shown.length)));
  return [`${'FILE'.padEnd(width)}  ${'ACTION'.padEnd(8)}  RESULT`, ...rows.map((r) => `${r.file.shown.padEnd(width)}  ${r.file.action.padEnd(8)}  ${r.result}: ${r.detail}`)];
}

/** Calls an apply made: the plan's searches, then the sends, and how many were refused and sent again. */
export interface ApplyCalls {
  searches: number;
  sends: number;
  retried: number;
}

/** The closing line: applied of planned, what failed, and the calls it took. */
export function appliedLine(summary: ApplySummary, calls: ApplyCalls): string {
  const { searches, sends, retried } = calls;
  const { applied, failed, total } = summary;
  return `Applied ${applied} of ${total}${failed > 0 ? ` (${failed} failed)` : ''}: ${searches} search${searches === 1 ? '' : 'es'}, then ${sends} call${sends === 1 ? '' : 's'} to send ${total}${retried > 0 ? ` (${retried} refused for the limits and sent again after the wait)` : ''}.`;
}
