import { execute, Executed } from '../send/execute';
import { NetworkError } from '../send/http';
import { PaceState } from '../send/pace';
import { RECORD_FILE, writeRecord } from '../workspace/record';
import { parseCommandArgs } from './args';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom } from './connection';
import { PlannedFile, SENDS } from './fleet/planner';
import { describeFile, planLines, summaryLine } from './fleet/render';
import { openApi } from './fleet/session';
import { CliIo } from './io';
import { planOrReport } from './plan';
import { Confirm } from './send';

export const APPLY_USAGE = `Usage: qualys-connector apply [DIR | FILES...] [--yes] [--root DIR]

Shows the plan (see plan --help), asks, then sends only what it lists: never more calls at once
than the platform's X-Concurrency-Limit-Limit, and a call refused for the rate limit (409) is sent
again after X-RateLimit-ToWait-Sec. Each create's new id is recorded in ${RECORD_FILE} as soon as
it is answered (the file becomes an update of it), so an apply interrupted at any moment and run
again creates nothing twice and sends only what is still pending. Without a terminal, --yes is needed.
${CONNECTION_USAGE}
Exit status: 0 when everything planned was applied (or nothing was to do), 1 when anything failed
or the plan had errors, 2 on usage errors.`;

const OPTIONS = { ...CONNECTION_OPTIONS, yes: { type: 'boolean', short: 'y' }, root: { type: 'string' } } as const;

interface Outcome {
  file: PlannedFile;
  ok: boolean;
  detail: string;
}

/** `progress` rewrites one terminal line; without it each file's outcome is a plain line. */
export async function applyCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, confirm: Confirm = async () => undefined, progress?: (line: string) => void): Promise<number> {
  const parsed = parseCommandArgs(args, { options: OPTIONS, positionals: { max: Infinity, what: 'file' } });
  if (parsed === 'help') {
    io.out(APPLY_USAGE);
    return 0;
  }
  const connection = connectionFrom(parsed.values, env);
  let pace: PaceState | undefined;
  const api = openApi(connection, (s) => {
    pace = s;
  });
  const files = await planOrReport(parsed.positionals, io, api, parsed.values.root, 'apply');
  if (!files) return 1;
  for (const line of planLines(files)) io.out(line);
  io.out(summaryLine(files));
  const todo = files.filter((f) => SENDS.has(f.action));
  if (files.some((f) => f.action === 'missing')) {
    io.err('qualys-connector apply: some updates name connectors that do not exist; nothing was sent. Pull again, or fix their ids in ' + RECORD_FILE + '.');
    return 1;
  }
  if (todo.length === 0) return 0;
  if (parsed.values.yes !== true) {
    const answer = await confirm(`Apply these ${todo.length} change${todo.length === 1 ? '' : 's'} on ${connection.platform.label}? [y/N] `);
    if (answer !== true) {
      io.err(answer === undefined ? 'qualys-connector apply: nothing sent: no terminal to ask; give --yes to apply without asking.' : 'qualys-connector apply: nothing sent.');
      return 1;
    }
  }

  const searches = api.calls.count;
  const outcomes: Outcome[] = [];
  const show = (): void => {
    if (!progress) return;
    const s = pace ?? api.pace.state();
    const left = s.remaining !== undefined ? ` · ${s.remaining} call${s.remaining === 1 ? '' : 's'} left in the window` : '';
    const waiting = s.waitingSec > 0 ? ` · waiting ${s.waitingSec} s for the rate limit` : '';
    progress(`${outcomes.length}/${todo.length} applied${left}${waiting}`);
  };
  const timer = progress ? setInterval(show, 500) : undefined;
  const queue = [...todo];
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const outcome = await applyOne(f, api, connection);
      outcomes.push(outcome);
      if (progress) show();
      else io.err(`${outcome.ok ? 'done' : 'FAILED'} ${f.shown}: ${outcome.detail}`);
    }
  };
  try {
    // The pace holds calls to the platform's concurrency; these only keep it fed.
    await Promise.all(Array.from({ length: Math.min(16, todo.length) }, worker));
  } finally {
    if (timer) clearInterval(timer);
  }
  if (progress) progress('');
  summaryTable(outcomes, io);
  const failed = outcomes.filter((o) => !o.ok).length;
  const sends = api.calls.count - searches;
  const retried = api.pace.state().retried;
  io.err(`Applied ${outcomes.length - failed} of ${todo.length}${failed > 0 ? ` (${failed} failed)` : ''}: ${searches} search${searches === 1 ? '' : 'es'}, then ${sends} call${sends === 1 ? '' : 's'} to send ${todo.length}${retried > 0 ? ` (${retried} refused for the limits and sent again after the wait)` : ''}.`);
  return failed > 0 ? 1 : 0;
}

async function applyOne(f: PlannedFile, api: ReturnType<typeof openApi>, connection: Parameters<typeof execute>[1]): Promise<Outcome> {
  if (f.action === 'adopt' && f.id !== undefined) {
    const recorded = await record(f, f.id);
    if (recorded || f.changes.length === 0) return recorded ?? { file: f, ok: true, detail: `adopted connector ${f.id} (recorded)` };
    // The file was a create: its body is sent as an update of the adopted connector.
    return applyOne({ ...f, action: 'update', prepared: { ...f.prepared, operation: 'update', id: f.id } }, api, connection);
  }
  let done: Executed;
  try {
    done = await api.pace.run(
      () => {
        api.calls.count++;
        return execute(f.prepared, connection);
      },
      (r) => r.response,
    );
  } catch (e) {
    // No answer: for a create, whether it took effect is unknown; check before applying again.
    const unsure = f.action === 'create' ? ' Check in Qualys whether it was created before applying again.' : '';
    return { file: f, ok: false, detail: `${e instanceof NetworkError ? e.message : (e as Error).message}${unsure}` };
  }
  const r = done.response;
  if (!r.ok) return { file: f, ok: false, detail: r.problem ?? r.summary };
  if (f.action === 'create') {
    const id = r.ids[0];
    if (id === undefined) return { file: f, ok: false, detail: 'created, but the answer names no id; it is not recorded. Search for it before applying again.' };
    return (await record(f, id)) ?? { file: f, ok: true, detail: `created connector ${id} (recorded)` };
  }
  return { file: f, ok: true, detail: `${describeFile(f)}: ${r.responseCode ?? 'done'}` };
}

/** Records the file as the update of its connector; an outcome only when that failed. */
async function record(f: PlannedFile, id: number): Promise<Outcome | undefined> {
  try {
    await writeRecord(f.path, { operation: 'update', id, kind: f.kind }, f.root);
    return undefined;
  } catch (e) {
    return { file: f, ok: false, detail: `connector ${id} exists, but ${RECORD_FILE} could not be written (${(e as Error).message}): record it before applying again.` };
  }
}

function summaryTable(outcomes: Outcome[], io: CliIo): void {
  if (outcomes.length === 0) return;
  const width = Math.min(60, Math.max(4, ...outcomes.map((o) => o.file.shown.length)));
  io.out(`${'FILE'.padEnd(width)}  ${'ACTION'.padEnd(8)}  RESULT`);
  for (const o of [...outcomes].sort((a, b) => (a.file.shown < b.file.shown ? -1 : 1))) {
    io.out(`${o.file.shown.padEnd(width)}  ${o.file.action.padEnd(8)}  ${o.ok ? 'ok' : 'FAILED'}: ${o.detail}`);
  }
}
