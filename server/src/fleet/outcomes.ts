import type { Applied } from './apply';
import type { PlannedFile } from './planner';

/** One file's line in what an apply came to. */
export interface OutcomeRow {
  file: PlannedFile;
  result: 'ok' | 'FAILED' | 'not sent';
  /** What the platform answered (its words: views that show them redact them), or why it was not sent. */
  detail: string;
}

/** What an apply came to, counted once for the terminal's table and the editor's messages. */
export interface ApplySummary {
  applied: number;
  failed: number;
  /** Left unsent by a cancel. */
  notSent: number;
  /** What the apply set out to send: applied, failed and not sent. */
  total: number;
  /** The files sent, by name, then those not sent. */
  rows: OutcomeRow[];
}

export function summarize({ outcomes, notSent }: Applied): ApplySummary {
  const failed = outcomes.filter((o) => !o.ok).length;
  const rows: OutcomeRow[] = [...outcomes]
    .sort((a, b) => (a.file.shown < b.file.shown ? -1 : 1))
    .map((o) => ({ file: o.file, result: o.ok ? 'ok' : 'FAILED', detail: o.detail }));
  for (const f of notSent) rows.push({ file: f, result: 'not sent', detail: 'cancelled before it was sent' });
  return { applied: outcomes.length - failed, failed, notSent: notSent.length, total: outcomes.length + notSent.length, rows };
}
