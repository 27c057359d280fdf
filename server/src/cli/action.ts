import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { tally } from '../fleet/policy';
import { renderPlanMarkdown } from '../fleet/views/markdown';
import { openApi } from '../send/api';
import { applyCommand } from './apply';
import { connectionFrom } from './connection';
import { CliIo, UsageError } from './io';
import { planOrReport } from './plan';
import { validateCommand } from './validate';

/**
 * `qualys-connector github-action`: what the composite action at the repository's root runs (its
 * `action.yml` passes the inputs as `INPUT_*`). It uses only what a GitHub runner gives a step: the
 * environment files `$GITHUB_OUTPUT` and `$GITHUB_STEP_SUMMARY`, the event in `$GITHUB_EVENT_PATH`,
 * and, with a token on a pull request, two GitHub REST calls that keep one plan comment up to date.
 */
export const ACTION_USAGE = `Usage: qualys-connector github-action

Run by the GitHub Action (action.yml), with its inputs in the environment: INPUT_MODE (validate,
plan or apply), INPUT_PATH, INPUT_PLATFORM or INPUT_BASE_URL, INPUT_SARIF_FILE, INPUT_TOKEN,
INPUT_MAX_WAIT, INPUT_MAX_CALLS; credentials in QUALYS_USERNAME and QUALYS_PASSWORD. Writes the step's
outputs (changes, creates, updates, deletes, exit-code, sarif-file) to $GITHUB_OUTPUT and its report
to $GITHUB_STEP_SUMMARY.`;

const MODES = ['validate', 'plan', 'apply'] as const;
type Mode = (typeof MODES)[number];

/** The hidden marker that finds the action's own comment among a pull request's comments. */
export const COMMENT_MARKER = '<!-- qualys-connector:plan -->';
/** GitHub's comments are at most 65,536 characters; a plan past this is cut with a pointer to the job summary. */
const MAX_COMMENT = 60_000;
/** Pages of 100 comments looked through for the marker: 1,000 comments, then a new comment is posted. */
const MAX_COMMENT_PAGES = 10;
const GITHUB_TIMEOUT_MS = 30_000;

export async function actionCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(ACTION_USAGE);
    return 0;
  }
  if (args.length > 0) throw new UsageError(`github-action takes no arguments; got "${args[0].slice(0, 40)}".`);
  const input = (name: string): string => (env[`INPUT_${name}`] ?? '').trim();
  const mode = (input('MODE') || 'validate') as Mode;
  if (!MODES.includes(mode)) throw new UsageError(`mode must be validate, plan or apply; got "${mode.slice(0, 40)}".`);
  const path = input('PATH') || '.';
  const outputs: Record<string, string> = {};
  const summary: string[] = [];
  let code: number;
  if (mode === 'validate') code = await validate(path, input('SARIF_FILE') || 'qualys-connector.sarif', io, outputs, summary);
  else {
    const where = input('BASE_URL') ? ['--base-url', input('BASE_URL')] : ['--platform', input('PLATFORM') || 'US1'];
    if (mode === 'plan') code = await plan(path, where, io, env, outputs, summary);
    else code = await apply(path, where, [...(input('MAX_WAIT') ? ['--max-wait', input('MAX_WAIT')] : []), ...(input('MAX_CALLS') ? ['--max-calls', input('MAX_CALLS')] : [])], io, env, summary);
    if (mode === 'plan' && summary.length > 0 && input('TOKEN')) await comment(summary.join('\n'), input('TOKEN'), env, io);
  }
  outputs['exit-code'] = String(code);
  writeOutputs(env.GITHUB_OUTPUT, outputs);
  if (env.GITHUB_STEP_SUMMARY && summary.length > 0) appendFileSync(env.GITHUB_STEP_SUMMARY, summary.join('\n') + '\n');
  // plan's 2 says "changes": a result for the outputs, not a failed step.
  return mode === 'plan' && code === 2 ? 0 : code;
}

async function validate(path: string, sarifFile: string, io: CliIo, outputs: Record<string, string>, summary: string[]): Promise<number> {
  const lines: string[] = [];
  const code = await validateCommand(['--format', 'sarif', path], { ...io, out: (l) => lines.push(l) });
  const target = resolve(io.cwd, sarifFile);
  writeFileSync(target, lines.join('\n') + '\n');
  const results = (JSON.parse(lines.join('\n') || '{"runs":[{"results":[]}]}') as { runs: { results: { level: string; ruleId: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }).runs[0]?.results ?? [];
  const errors = results.filter((r) => r.level === 'error').length;
  const warnings = results.filter((r) => r.level === 'warning').length;
  Object.assign(outputs, { 'sarif-file': sarifFile, errors: String(errors), warnings: String(warnings) });
  summary.push('### Qualys connector requests', '', `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (SARIF in \`${sarifFile}\`).`);
  for (const r of results.slice(0, 50)) {
    const at = r.locations[0]?.physicalLocation;
    summary.push(`- **${r.level}** \`${r.ruleId}\` ${decodeURIComponent(at?.artifactLocation.uri ?? '')}:${at?.region.startLine ?? 1}: ${markdownText(r.message.text)}`);
  }
  if (results.length > 50) summary.push(`- … and ${results.length - 50} more in the SARIF file.`);
  return code;
}

async function plan(path: string, where: string[], io: CliIo, env: NodeJS.ProcessEnv, outputs: Record<string, string>, summary: string[]): Promise<number> {
  const connection = connectionFrom({ platform: where[0] === '--platform' ? where[1] : undefined, 'base-url': where[0] === '--base-url' ? where[1] : undefined }, env);
  const made = await planOrReport([path], io, openApi(connection, undefined, true, { clock: io.clock }), undefined, 'plan', (p) => summary.push(renderPlanMarkdown(p, connection.platform.label)));
  if (!made) return 1;
  const t = tally(made.files);
  const changes = t.create + t.update + t.delete + t.run + t.adopt;
  Object.assign(outputs, { changes: String(changes), creates: String(t.create), updates: String(t.update), deletes: String(t.delete) });
  return changes > 0 ? 2 : 0;
}

async function apply(path: string, where: string[], limits: string[], io: CliIo, env: NodeJS.ProcessEnv, summary: string[]): Promise<number> {
  const log: string[] = [];
  const keep = (line: string): void => {
    log.push(line);
  };
  const code = await applyCommand([path, ...where, '--yes', ...limits], { ...io, out: (l) => (io.out(l), keep(l)), err: (l) => (io.err(l), keep(l)) }, env);
  summary.push(['### Qualys apply', '', '```'].concat(log.slice(-200).map((l) => l.replace(/```/g, "'''")), ['```']).join('\n'));
  return code;
}

/** `key=value` lines; a value with a line break in the heredoc form, with a delimiter no value holds. */
function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  const text = Object.entries(outputs)
    .map(([k, v]) => {
      if (!/[\r\n]/.test(v)) return `${k}=${v}\n`;
      const delimiter = `qc_${randomBytes(8).toString('hex')}`;
      return `${k}<<${delimiter}\n${v}\n${delimiter}\n`;
    })
    .join('');
  appendFileSync(file, text);
}

/** Text from a finding, safe in a Markdown list item. */
function markdownText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/**
 * Keeps one plan comment on the pull request: the comment holding the marker is edited, else one is
 * posted. Two calls (list, then edit or post), each bounded; a failure is a warning, never a failed plan.
 */
async function comment(body: string, token: string, env: NodeJS.ProcessEnv, io: CliIo): Promise<void> {
  const pr = pullRequestNumber(env);
  const repo = env.GITHUB_REPOSITORY ?? '';
  if (pr === undefined || !/^[\w.-]+\/[\w.-]+$/.test(repo)) {
    io.err('qualys-connector: no pull request in this event: the plan is in the job summary only.');
    return;
  }
  const api = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  const text = `${COMMENT_MARKER}\n${body.length > MAX_COMMENT ? `${body.slice(0, MAX_COMMENT)}\n\n… cut: the whole plan is in the job summary.` : body}`;
  const call = async (method: string, url: string, payload?: object): Promise<Response> => {
    const res = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'qualys-connector', ...(payload ? { 'content-type': 'application/json' } : {}) },
      ...(payload ? { body: JSON.stringify(payload) } : {}),
      signal: AbortSignal.timeout(GITHUB_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`${method} ${new URL(url).pathname} answered ${res.status}`);
    return res;
  };
  try {
    let existing: number | undefined;
    let next: string | undefined = `${api}/repos/${repo}/issues/${pr}/comments?per_page=100`;
    for (let page = 0; next && page < MAX_COMMENT_PAGES && existing === undefined; page++) {
      const res = await call('GET', next);
      const list = (await res.json()) as { id?: unknown; body?: unknown }[];
      existing = (Array.isArray(list) ? list : []).find((c) => typeof c.body === 'string' && c.body.startsWith(COMMENT_MARKER) && typeof c.id === 'number')?.id as number | undefined;
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1];
      if (next && !next.startsWith(`${api}/`)) next = undefined; // never follow a link to another host with the token
    }
    if (existing !== undefined) await call('PATCH', `${api}/repos/${repo}/issues/comments/${existing}`, { body: text });
    else await call('POST', `${api}/repos/${repo}/issues/${pr}/comments`, { body: text });
    io.err(`qualys-connector: plan comment ${existing !== undefined ? 'updated' : 'posted'} on pull request #${pr}.`);
  } catch (e) {
    io.err(`::warning::The plan comment could not be written: ${e instanceof Error ? e.message : String(e)}. The plan is in the job summary.`);
  }
}

function pullRequestNumber(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.GITHUB_EVENT_PATH || !/^pull_request/.test(env.GITHUB_EVENT_NAME ?? '')) return undefined;
  try {
    const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8').slice(0, 10_000_000)) as { pull_request?: { number?: unknown } };
    const n = event.pull_request?.number;
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}
