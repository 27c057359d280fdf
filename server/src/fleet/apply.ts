import { isConnectorId } from '../core/model';
import { Api } from '../send/api';
import { Executed } from '../send/execute';
import { NetworkError } from '../send/http';
import { NotSent, WaitRefused } from '../send/pace';
import { RECORD_FILE, writeRecord } from '../workspace/record';
import { PlannedFile, SENDS } from './planner';
import { describeChange } from './render';

/** What applying one planned file came to. */
export interface Outcome {
  file: PlannedFile;
  ok: boolean;
  detail: string;
  /** The connector it created, updated, adopted, ran or deleted, when known. */
  id?: number;
}

export interface ApplyOptions {
  /** Called as each file's outcome is known (in the order they finish). */
  onOutcome?: (o: Outcome) => void;
  /**
   * Stops the apply: calls already sent are answered and recorded (a create cut off mid-call
   * could not be recorded); files not yet sent (waiting for a slot or the rate limit too) are
   * returned as not sent.
   */
  signal?: AbortSignal;
}

export interface Applied {
  outcomes: Outcome[];
  /** Files left unsent because the apply was cancelled. */
  notSent: PlannedFile[];
}

/** The planned files that apply sends something for. */
export function toApply(files: readonly PlannedFile[]): PlannedFile[] {
  return files.filter((f) => SENDS.has(f.action));
}

/**
 * Sends what the plan lists, within the platform's limits: the api's pace holds calls to the
 * concurrency the platform announces and waits out a 409; these workers only keep it fed. Each
 * create's id is recorded as soon as it is answered, so an apply stopped at any moment and run
 * again creates nothing twice.
 */
export async function applyPlan(todo: readonly PlannedFile[], api: Api, options: ApplyOptions = {}): Promise<Applied> {
  const outcomes: Outcome[] = [];
  const queue = [...todo];
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f && !options.signal?.aborted; f = queue.shift()) {
      const outcome = await applyOne(f, api, options.signal);
      if (!outcome) continue;
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, todo.length) }, worker));
  const done = new Set(outcomes.map((o) => o.file));
  return { outcomes, notSent: todo.filter((f) => !done.has(f)) };
}

/** What applying one file came to; undefined when it was cancelled before it was sent. */
async function applyOne(f: PlannedFile, api: Api, signal?: AbortSignal): Promise<Outcome | undefined> {
  if (f.action === 'adopt' && f.id !== undefined) {
    const recorded = await record(f, f.id);
    if (recorded || f.changes.length === 0) return recorded ?? { file: f, ok: true, id: f.id, detail: `adopted connector ${f.id} (recorded)` };
    // The file was a create: its body is sent as an update of the adopted connector.
    const sent = await applyOne({ ...f, action: 'update', prepared: { ...f.prepared, operation: 'update', id: f.id } }, api, signal);
    return sent && { ...sent, file: f };
  }
  // A create is journaled right before it goes: one whose answer is never seen leaves the entry, and
  // only such an entry lets the next plan adopt a connector of the file's name.
  const journal = f.action === 'create' ? () => journalCreate(f) : undefined;
  let done: Executed;
  try {
    done = await api.send(f.prepared, signal, journal);
  } catch (e) {
    // Cancelled, stopped (--max-wait, --max-calls) or a wait refused: not sent, and left for the next apply.
    if (e instanceof NotSent || e instanceof WaitRefused) return undefined;
    if (e instanceof JournalError) return { file: f, ok: false, detail: e.message };
    // No answer: for a create, whether it took effect is unknown; check before applying again.
    const unsure = f.action === 'create' ? ' Check in Qualys whether it was created before applying again.' : '';
    return { file: f, ok: false, detail: `${e instanceof NetworkError ? e.message : (e as Error).message}${unsure}` };
  }
  const r = done.response;
  if (!r.ok) {
    // Qualys refused it: nothing was made, and nothing is left to adopt.
    const failed: Outcome = { file: f, ok: false, id: f.id, detail: r.problem ?? r.summary };
    return f.action === 'create' ? ((await unjournal(f)) ?? failed) : failed;
  }
  if (f.action === 'create') {
    const id = r.ids[0];
    if (id === undefined) return { file: f, ok: false, detail: 'created, but the answer names no id; it is not recorded. Search for it before applying again.' };
    // An id JavaScript cannot hold exactly (1e21) would be recorded as another connector's.
    if (!isConnectorId(id)) return { file: f, ok: false, detail: `created, but the answer's id ${id} is not a connector id (a positive whole number); it is not recorded. Search for it before applying again.` };
    return (await record(f, id)) ?? { file: f, ok: true, id, detail: `created connector ${id} (recorded)` };
  }
  const ok: Outcome = { file: f, ok: true, id: f.id, detail: `${describeChange(f)}: ${r.responseCode ?? 'done'}` };
  // A fleet's account whose connector is deleted leaves the record: its key names nothing any more.
  return f.action === 'delete' && f.fleet ? ((await forget(f)) ?? ok) : ok;
}

/** Takes a deleted fleet account's entry out of the record; an outcome only when that failed. */
async function forget(f: PlannedFile): Promise<Outcome | undefined> {
  try {
    await writeRecord(f.path, null, f.root);
    return undefined;
  } catch (e) {
    return { file: f, ok: false, id: f.id, detail: `connector ${f.id} was deleted, but ${RECORD_FILE} could not be written (${(e as Error).message}): remove its entry.` };
  }
}

/** The journal entry of a create could not be written: the create was not sent. */
class JournalError extends Error {}

/** Writes the file's record entry that says its create is being sent. */
async function journalCreate(f: PlannedFile): Promise<void> {
  try {
    await writeRecord(f.path, { ...f.entry, operation: 'create', kind: f.kind, creating: new Date().toISOString() }, f.root);
  } catch (e) {
    throw new JournalError(`not sent: ${RECORD_FILE} could not be written before the create (${(e as Error).message}).`);
  }
}

/** Puts back the entry the file had before its create was journaled; an outcome only when that failed. */
async function unjournal(f: PlannedFile): Promise<Outcome | undefined> {
  try {
    await writeRecord(f.path, f.entry ?? null, f.root);
    return undefined;
  } catch (e) {
    return { file: f, ok: false, detail: `not created, but ${RECORD_FILE} still says its create was sent (${(e as Error).message}): remove "creating" from its entry.` };
  }
}

/** Records the file as the update of its connector; an outcome only when that failed. */
async function record(f: PlannedFile, id: number): Promise<Outcome | undefined> {
  try {
    await writeRecord(f.path, { operation: 'update', id, kind: f.kind }, f.root);
    return undefined;
  } catch (e) {
    return { file: f, ok: false, id, detail: `connector ${id} exists, but ${RECORD_FILE} could not be written (${(e as Error).message}): record it before applying again.` };
  }
}
