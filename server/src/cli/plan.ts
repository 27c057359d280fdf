import { ApiError } from '../send/connectors';
import { NetworkError } from '../send/http';
import { RECORD_FILE } from '../workspace/record';
import { oneOf, parseCommandArgs } from './args';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom } from './connection';
import { FileError, makePlan, PlannedFile, SENDS } from '../fleet/planner';
import { planJson, planLines, summaryLine } from '../fleet/render';
import { openApi } from '../send/api';
import { CliIo, usageErrorsFail } from './io';

export const PLAN_USAGE = `Usage: qualys-connector plan [DIR | FILES...] [--format text|json] [--root DIR]

Says what apply would do, field by field, without changing anything. Every file is validated first
(any error: nothing is fetched). The connectors that ${RECORD_FILE} records updates and deletes for
are fetched in searches of many ids at once, and each update is compared with its connector: set
replaces a collection, add appends, remove deletes. Creates, deletes and runs are listed as such;
secrets show as "(secret, sent)". A folder stands for the *.qualys.* files under it (default: .).
${CONNECTION_USAGE}
Exit status: 0 when nothing would change, 2 when something would, 1 on any error (usage errors too).`;

const OPTIONS = { ...CONNECTION_OPTIONS, format: { type: 'string' }, root: { type: 'string' } } as const;

/** Exit status of plan: nothing to do, changes to apply, or errors. */
export const PLAN_EXIT = { same: 0, errors: 1, changes: 2 } as const;

/** Exit status 2 means "changes" here, as in `terraform plan -detailed-exitcode`: a usage error is 1. */
export function planCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return usageErrorsFail('plan', io, () => plan(args, io, env));
}

async function plan(args: string[], io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const parsed = parseCommandArgs(args, { options: OPTIONS, positionals: { max: Infinity, what: 'file' } });
  if (parsed === 'help') {
    io.out(PLAN_USAGE);
    return 0;
  }
  const format = oneOf('--format', parsed.values.format ?? 'text', ['text', 'json'] as const);
  const api = openApi(connectionFrom(parsed.values, env));
  const files = await planOrReport(parsed.positionals, io, api, parsed.values.root, 'plan');
  if (!files) return PLAN_EXIT.errors;
  if (format === 'json') io.out(JSON.stringify(planJson(files), null, 2));
  else {
    for (const line of planLines(files)) io.out(line);
    io.out(summaryLine(files));
  }
  if (files.some((f) => f.action === 'missing')) return PLAN_EXIT.errors;
  return files.some((f) => SENDS.has(f.action)) ? PLAN_EXIT.changes : PLAN_EXIT.same;
}

/** The plan, or undefined once its errors (in files, or from the API) are reported. */
export async function planOrReport(patterns: string[], io: CliIo, api: ReturnType<typeof openApi>, root: string | undefined, command: string): Promise<PlannedFile[] | undefined> {
  try {
    const plan = await makePlan(patterns.length > 0 ? patterns : ['.'], io.cwd, api, root);
    if (!plan.ok) {
      reportErrors(plan.errors, io, command);
      return undefined;
    }
    return plan.files;
  } catch (e) {
    if (e instanceof ApiError || e instanceof NetworkError) {
      io.err(`qualys-connector ${command}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

/** Files with errors: listed, and nothing was sent. */
function reportErrors(errors: FileError[], io: CliIo, command: string): void {
  for (const e of errors) for (const m of e.messages) io.err(`${e.shown}: ${m}`);
  io.err(`qualys-connector ${command}: ${errors.length} file${errors.length === 1 ? '' : 's'} with errors; nothing was fetched or sent. Run validate to see every finding.`);
}
