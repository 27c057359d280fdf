import { ApiError } from '../send/connectors';
import { NetworkError } from '../send/http';
import { WaitRefused } from '../send/pace';
import { RECORD_FILE } from '../workspace/record';
import { oneOf, parseCommandArgs } from './args';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom } from './connection';
import { makePlan, Plan } from '../fleet/planner';
import { blockers, PlanState, stateOf } from '../fleet/policy';
import { planJson } from '../fleet/render';
import { renderPlanMarkdown } from '../fleet/views/markdown';
import { planOutput, refusalLines } from '../fleet/views/text';
import { openApi } from '../send/api';
import { savePlan } from '../fleet/saved';
import { writeAtomically } from '../workspace/atomic';
import { resolve } from 'node:path';
import { CliIo, usageErrorsFail } from './io';

export const PLAN_USAGE = `Usage: qualys-connector plan [DIR | FILES...] [--format text|json|markdown] [--out PLAN] [--root DIR]

Says what apply would do, field by field, without changing anything. Every file is validated first
(any error: nothing is fetched). The connectors that ${RECORD_FILE} records updates and deletes for
are fetched in searches of many ids at once, and each update is compared with its connector: set
replaces a collection, add appends, remove deletes. Creates, deletes and runs are listed as such;
secrets show as "(secret, sent)". A folder stands for the *.qualys.* and *.qualys-fleet.* files
under it (default: .). A fleet file plans its template once per account of its inventory (see the
README, "Fleet files"): create, update, and onRemoved for accounts that left it.
--format markdown prints the plan for a pull request's comment or a CI job summary
($GITHUB_STEP_SUMMARY), files with errors included. --out PLAN saves the plan (no secret values:
hashes of the files and of the live connectors compared) for apply --plan PLAN, which applies
exactly it or refuses when anything changed since.
${CONNECTION_USAGE}
Exit status: 0 when nothing would change, 2 when something would, 1 on any error (usage errors too).`;

const OPTIONS = { ...CONNECTION_OPTIONS, format: { type: 'string' }, root: { type: 'string' }, out: { type: 'string' } } as const;

/** Exit status of plan: nothing to do, changes to apply, or errors. */
export const PLAN_EXIT = { same: 0, errors: 1, changes: 2 } as const;

/** A plan apply would refuse (an update of a missing connector) is an error. */
const EXIT_OF: Record<PlanState, number> = { same: PLAN_EXIT.same, blocked: PLAN_EXIT.errors, changes: PLAN_EXIT.changes };

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
  const format = oneOf('--format', parsed.values.format ?? 'text', ['text', 'json', 'markdown'] as const);
  const connection = connectionFrom(parsed.values, env);
  const api = openApi(connection, undefined, true, { clock: io.clock });
  const plan = await planOrReport(parsed.positionals, io, api, parsed.values.root, 'plan', format === 'markdown' ? (made) => io.out(renderPlanMarkdown(made, connection.platform.label)) : undefined);
  if (!plan) return PLAN_EXIT.errors;
  if (format === 'json') io.out(JSON.stringify(planJson(plan.files), null, 2));
  else if (format === 'text') for (const line of planOutput(plan.files)) io.out(line);
  if (parsed.values.out !== undefined) {
    const out = resolve(io.cwd, parsed.values.out);
    await writeAtomically(out, JSON.stringify(savePlan(plan.files, io.cwd, parsed.positionals, connection.platform.label, parsed.values.root), null, 2) + '\n');
    io.err(`Plan saved to ${parsed.values.out}: apply exactly it with qualys-connector apply --plan ${parsed.values.out}`);
  }
  return EXIT_OF[stateOf(plan)];
}

/** The plan, or undefined once what kept it from being made (files with errors, the API's failure) is reported. */
export async function planOrReport(patterns: string[], io: CliIo, api: ReturnType<typeof openApi>, root: string | undefined, command: string, view?: (plan: Plan) => void): Promise<(Plan & { ok: true }) | undefined> {
  try {
    const plan = await makePlan(patterns.length > 0 ? patterns : ['.'], io.cwd, api, root);
    view?.(plan);
    if (!plan.ok) {
      for (const blocker of blockers(plan)) for (const line of refusalLines(blocker, command)) io.err(line);
      return undefined;
    }
    return plan;
  } catch (e) {
    if (e instanceof ApiError || e instanceof NetworkError || e instanceof WaitRefused) {
      io.err(`qualys-connector ${command}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}
