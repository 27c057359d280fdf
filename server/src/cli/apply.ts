import { Applied, applyPlan, toApply } from '../fleet/apply';
import { summarize } from '../fleet/outcomes';
import { blockers } from '../fleet/policy';
import { progressLine, waitLine } from '../fleet/render';
import { appliedLine, outcomeLine, outcomeTable, planOutput, refusalLines } from '../fleet/views/text';
import { PaceState, WaitRefused } from '../send/pace';
import { RECORD_FILE } from '../workspace/record';
import { countOf, durationMs, parseCommandArgs } from './args';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom } from './connection';
import { openApi } from '../send/api';
import { CliIo, UsageError, usageErrorsFail } from './io';
import { MAX_SAVED_PLAN_BYTES, readSavedPlan, SavedPlan, staleness } from '../fleet/saved';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { planOrReport } from './plan';
import { Confirm } from './send';

export const APPLY_USAGE = `Usage: qualys-connector apply [DIR | FILES...] [--yes] [--root DIR]
       qualys-connector apply --plan PLAN

Shows the plan (see plan --help), asks, then sends only what it lists: never more calls at once
than the platform's X-Concurrency-Limit-Limit, and a call refused for the rate limit (409) is sent
again after X-RateLimit-ToWait-Sec. Each create's new id is recorded in ${RECORD_FILE} as soon as
it is answered (the file becomes an update of it), so an apply interrupted at any moment and run
again creates nothing twice and sends only what is still pending. Without a terminal, --yes is needed.
--plan PLAN applies a plan saved by plan --out, without asking: it plans the same files again and
sends nothing when any file, live connector or action differs from the saved plan.
Waits for the rate limit are said as they start (when, until when, how far the apply is); a wait
longer than the platform's window or an hour is refused, never slept.
  --max-wait D    stop cleanly when the next wait would be longer than D (90s, 10m, 1h): the calls in
                  flight are answered and recorded, the rest are listed, and the status is 3
  --max-calls N   send at most N calls (the plan's searches included), then stop the same way
${CONNECTION_USAGE}
Exit status: 0 when everything planned was applied (or nothing was to do), 1 on any error: a failed
send, a plan with errors, a wait refused, a usage error (as plan); 3 when --max-wait or --max-calls
stopped it: incomplete, run it again to go on.`;

const OPTIONS = { ...CONNECTION_OPTIONS, yes: { type: 'boolean', short: 'y' }, root: { type: 'string' }, plan: { type: 'string' }, 'max-wait': { type: 'string' }, 'max-calls': { type: 'string' } } as const;

/** `progress` rewrites one terminal line; without it each file's outcome is a plain line. Usage errors exit 1, as plan's do. */
export function applyCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, confirm: Confirm = async () => undefined, progress?: (line: string) => void): Promise<number> {
  return usageErrorsFail('apply', io, () => apply(args, io, env, confirm, progress));
}

async function apply(args: string[], io: CliIo, env: NodeJS.ProcessEnv, confirm: Confirm, progress?: (line: string) => void): Promise<number> {
  const parsed = parseCommandArgs(args, { options: OPTIONS, positionals: { max: Infinity, what: 'file' } });
  if (parsed === 'help') {
    io.out(APPLY_USAGE);
    return 0;
  }
  const connection = connectionFrom(parsed.values, env);
  const budget = {
    ...(parsed.values['max-wait'] !== undefined ? { maxWaitMs: durationMs('--max-wait', parsed.values['max-wait']) } : {}),
    ...(parsed.values['max-calls'] !== undefined ? { maxCalls: countOf('--max-calls', parsed.values['max-calls']) } : {}),
  };
  let pace: PaceState | undefined;
  let done = 0;
  let total = 0;
  let announced: number | undefined;
  const api = openApi(
    connection,
    (s) => {
      pace = s;
      // A CI log gets one line per wait; a terminal sees it in the progress line.
      const line = !progress && s.resumesAt !== undefined && s.resumesAt !== announced ? waitLine(s, done, total) : undefined;
      if (line) {
        announced = s.resumesAt;
        io.err(line);
      }
    },
    true,
    { ...budget, clock: io.clock },
  );
  const saved = parsed.values.plan !== undefined ? await readPlanFile(parsed.values.plan, io.cwd) : undefined;
  if (saved && (parsed.positionals.length > 0 || parsed.values.root !== undefined)) throw new UsageError('--plan applies the files the saved plan names: give no files and no --root with it.');
  const plan = await planOrReport(saved ? saved.patterns : parsed.positionals, io, api, saved ? saved.root : parsed.values.root, 'apply');
  if (!plan) return 1;
  for (const line of planOutput(plan.files)) io.out(line);
  if (saved) {
    const stale = staleness(saved, plan.files, io.cwd, connection.platform.label);
    if (stale.length > 0) {
      io.err(`qualys-connector apply: the saved plan ${parsed.values.plan} is stale; nothing was sent. Plan again and review it:`);
      for (const line of stale.slice(0, 50)) io.err(`  ${line}`);
      if (stale.length > 50) io.err(`  … and ${stale.length - 50} more`);
      return 1;
    }
  }
  const refused = blockers(plan);
  if (refused.length > 0) {
    for (const blocker of refused) for (const line of refusalLines(blocker, 'apply')) io.err(line);
    return 1;
  }
  const todo = toApply(plan.files);
  if (todo.length === 0) return 0;
  if (parsed.values.yes !== true && !saved) {
    const answer = await confirm(`Apply these ${todo.length} change${todo.length === 1 ? '' : 's'} on ${connection.platform.label}? [y/N] `);
    if (answer !== true) {
      io.err(answer === undefined ? 'qualys-connector apply: nothing sent: no terminal to ask; give --yes to apply without asking.' : 'qualys-connector apply: nothing sent.');
      return 1;
    }
  }

  const searches = api.calls;
  total = todo.length;
  const show = (): void => {
    if (!progress) return;
    progress(progressLine(done, todo.length, pace ?? api.pace.state()));
  };
  const timer = progress ? setInterval(show, 500) : undefined;
  let applied: Applied = { outcomes: [], notSent: todo };
  try {
    applied = await applyPlan(todo, api, {
      onOutcome: (outcome) => {
        done++;
        if (progress) show();
        else io.err(outcomeLine(outcome));
      },
    });
  } finally {
    if (timer) clearInterval(timer);
  }
  if (progress) progress('');
  const summary = summarize(applied);
  for (const line of outcomeTable(summary)) io.out(line);
  io.err(appliedLine(summary, { searches, sends: api.calls - searches, retried: api.pace.state().retried }));
  const stopped = api.pace.stopped;
  if (stopped instanceof WaitRefused) io.err(`qualys-connector apply: ${stopped.message}`);
  else if (stopped) io.err(`qualys-connector apply: incomplete: ${stopped.message}; ${applied.notSent.length} of ${todo.length} not sent yet. Run apply again to go on.`);
  for (const f of stopped ? applied.notSent.slice(0, 50) : []) io.err(`  not sent: ${f.shown}`);
  if (summary.failed > 0 || stopped instanceof WaitRefused) return 1;
  return stopped ? 3 : 0;
}

/** The saved plan at `path`, checked; a UsageError says why it cannot be used. */
async function readPlanFile(path: string, cwd: string): Promise<SavedPlan> {
  const full = resolve(cwd, path);
  const info = await stat(full).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`--plan ${path}: no such file.`);
  if (info.size > MAX_SAVED_PLAN_BYTES) throw new UsageError(`--plan ${path}: ${info.size} bytes, more than a saved plan is (${MAX_SAVED_PLAN_BYTES}).`);
  const read = readSavedPlan(await readFile(full, 'utf8'));
  if ('problem' in read) throw new UsageError(`--plan ${path}: ${read.problem}`);
  return read;
}
