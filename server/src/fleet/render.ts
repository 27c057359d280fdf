import { escapeForDisplay } from '../core/displayText';
import { FieldChange } from '../core/fleet/diff';
import { PaceState } from '../send/pace';
import { Action, PlannedFile, SENDS } from './planner';
import { tally } from './policy';

/** The mark before a file in a plan, as Terraform marks them. */
const MARK: Record<Action, string> = { create: '+', adopt: '~', update: '~', 'update-by-filter': '~', delete: '-', run: '!', unchanged: ' ', gone: ' ', missing: 'x', skip: ' ' };

const SHOWN_CHARS = 200;

/** What a planned file does, on one line: `update connector 5: name: "a" → "b"`. */
export function describeChange(f: PlannedFile): string {
  const what = f.id !== undefined ? `${f.kind} connector ${f.id}` : `${f.kind} connector`;
  if (f.fleet?.removed && (f.action === 'update' || f.action === 'delete')) return `${f.action === 'update' ? 'disable' : 'delete'} ${what}: its account is no longer in the inventory (onRemoved: ${f.fleet.removed})`;
  switch (f.action) {
    case 'create':
      return `create ${f.kind} connector`;
    case 'update':
      return `update ${what}`;
    case 'adopt':
      return `adopt ${what}: it has this file's name and no file records it (an interrupted apply created it), so it is recorded${f.changes.length > 0 ? ' and updated' : ''}, not created again`;
    case 'update-by-filter':
      return `update the ${f.kind} connectors matching the file's filters (not compared: they are chosen by Qualys when sent)`;
    case 'delete':
      return `delete ${what}`;
    case 'run':
      return `run ${what}`;
    default:
      return f.note ?? f.action;
  }
}

export function changeLine(c: FieldChange): string {
  switch (c.action) {
    case 'secret':
      return `${c.path}: (secret, sent)`;
    case 'value':
      return `${c.path}: ${c.before === undefined ? '(not set)' : shown(c.before)} → ${shown(c.after)}`;
    case 'set':
      return `${c.path}: set (replaces) ${shown(c.before)} → ${shown(c.after)}`;
    case 'add':
      return `${c.path}: add (appends) ${shown(c.after)}`;
    case 'remove':
      return `${c.path}: remove (deletes) ${shown(c.after)}`;
    case 'update':
      return `${c.path}: update (edits in place) ${shown(c.after)}`;
  }
}

export function planLines(files: PlannedFile[]): string[] {
  const lines: string[] = [];
  for (const f of files) {
    // A template is said once: it is not planned as a request, and the reader should know why.
    if (f.templateOf !== undefined) lines.push(`  ${f.shown}: ${f.note}`);
    if (!SENDS.has(f.action) && f.action !== 'missing') continue;
    lines.push(`${MARK[f.action]} ${f.shown}: ${describeChange(f)}`);
    for (const c of f.changes) lines.push(`    ${changeLine(c)}`);
  }
  return lines;
}

export function summaryLine(files: PlannedFile[]): string {
  const n = tally(files);
  const disables = files.filter((f) => f.fleet?.removed === 'disable' && f.action === 'update').length;
  const parts = [`${n.create} to create`, ...(n.adopt > 0 ? [`${n.adopt} to adopt`] : []), `${n.update} to update${disables > 0 ? ` (${disables} to disable)` : ''}`, `${n.delete} to delete`, `${n.run} to run`];
  const rest = [`${n.unchanged} unchanged`];
  if (n.gone > 0) rest.push(`${n.gone} already deleted`);
  if (n.skip > 0) rest.push(`${n.skip} not applied (searches, gets, templates, files without an operation)`);
  if (n.missing > 0) rest.push(`${n.missing} naming connectors that do not exist`);
  return `Plan: ${parts.join(', ')}; ${rest.join(', ')}.`;
}

/** The plan as `--format json` prints it: secrets are never values, only `"action": "secret"`. */
export function planJson(files: PlannedFile[]): unknown {
  return {
    files: files.map((f) => ({
      file: f.shown,
      action: f.action,
      kind: f.kind,
      ...(f.id !== undefined ? { id: f.id } : {}),
      ...(f.note ? { note: f.note } : {}),
      changes: f.changes.map((c) => (c.action === 'secret' ? { path: c.path, action: 'secret', shown: '(secret, sent)' } : c)),
    })),
    summary: summaryLine(files),
  };
}

/** An apply's progress as the CLI's line and the editor's notification show it: done, the window, the wait. */
export function progressLine(done: number, total: number, s: PaceState): string {
  const left = s.remaining !== undefined ? ` · ${s.remaining} call${s.remaining === 1 ? '' : 's'} left in the window` : '';
  const waiting = s.waitingSec > 0 ? ` · waiting ${s.waitingSec} s for the rate limit` : '';
  return `${done}/${total} applied${left}${waiting}`;
}

/**
 * One line for a CI log when calls start to wait: for how long and why, when they resume, how far
 * the apply is, and about how long the rest takes at the rate the platform announced.
 */
export function waitLine(s: PaceState, done: number, total: number): string | undefined {
  if (s.resumesAt === undefined) return undefined;
  const rate = s.rate ? `: ${s.rate.limit} calls per ${duration(s.rate.windowSec)} used` : '';
  const resumes = new Date(s.resumesAt).toISOString().slice(11, 16);
  const rest = total - done;
  // After the wait, the rest go at the announced rate: a window per `limit` calls past the first.
  const eta = s.rate && rest > 0 ? s.waitingSec + Math.max(0, Math.ceil(rest / s.rate.limit) - 1) * s.rate.windowSec : undefined;
  return `waiting ${duration(s.waitingSec)} for the rate limit${rate}; resumes at ${resumes} UTC${total > 0 ? `; ${done} of ${total} applied` : ''}${eta !== undefined ? `; about ${duration(eta)} for the ${rest} left` : ''}`;
}

/** `45 s`, `58 min`, `2 h 5 min`. */
export function duration(sec: number): string {
  if (sec < 90) return `${Math.ceil(sec)} s`;
  const min = Math.ceil(sec / 60);
  return min < 90 ? `${min} min` : `${Math.floor(min / 60)} h${min % 60 > 0 ? ` ${min % 60} min` : ''}`;
}

/** A value as JSON, on one line: bidi controls and line separators (which JSON leaves raw) escaped too, as the live connector's texts are the server's. */
function shown(v: unknown): string {
  const text = escapeForDisplay(JSON.stringify(v) ?? 'null');
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS - 1)}…` : text;
}
