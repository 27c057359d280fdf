import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { COMMENT_MARKER } from '../../server/src/cli/action';
import { createFiles, emulator, PASSWORD, USER } from './fleetHelpers';
import { tempDir, track } from '../harness';

const ROOT = join(__dirname, '../../..');

interface ActionStep {
  id?: string;
  run: string;
  env?: Record<string, string>;
}
interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/**
 * Runs action.yml's steps as a GitHub runner runs a composite action: `${{ inputs.x }}` from the
 * inputs or their defaults, each step's `run` in bash with the runner's environment files
 * (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH), and the action's outputs mapped from the
 * step outputs. The install step sees dist/ built, as on a runner after its first install.
 */
async function runAction(workspace: string, inputs: Record<string, string>, runner: Record<string, string>): Promise<{ code: number; outputs: Record<string, string>; summary: string; log: string }> {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionFile;
  assert.equal(action.runs.using, 'composite');
  const files = tempDir('qc-runner-');
  const env: Record<string, string> = { GITHUB_OUTPUT: join(files, 'output'), GITHUB_STEP_SUMMARY: join(files, 'summary'), GITHUB_ACTION_PATH: ROOT, ...runner };
  writeFileSync(env.GITHUB_OUTPUT, '');
  writeFileSync(env.GITHUB_STEP_SUMMARY, '');
  const value = (name: string): string => inputs[name] ?? action.inputs[name]?.default ?? '';
  const expand = (text: string): string => text.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => value(name));
  const stepOutputs: Record<string, Record<string, string>> = {};
  let log = '';
  for (const step of action.runs.steps) {
    const before = readFileSync(env.GITHUB_OUTPUT, 'utf8').length;
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v))]));
    const child = track(spawn('bash', ['-e', '-c', expand(step.run)], { cwd: workspace, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, ...stepEnv }, stdio: ['ignore', 'pipe', 'pipe'] }));
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    if (step.id) stepOutputs[step.id] = parseOutputs(readFileSync(env.GITHUB_OUTPUT, 'utf8').slice(before));
    if (code !== 0) return { code, outputs: {}, summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), log };
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, o]) => [name, o.value.replace(/\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g, (_, id: string, key: string) => stepOutputs[id]?.[key] ?? '')]));
  return { code: 0, outputs, summary: readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8'), log };
}

/** The runner's reading of GITHUB_OUTPUT: `k=v` lines and `k<<DELIM` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

/** A stand-in for the two GitHub REST calls the action makes: list a pull request's comments, then post or edit one. */
async function fakeGitHub(): Promise<{ server: Server; url: string; calls: string[]; comments: { id: number; body: string }[]; auth: string[] }> {
  const calls: string[] = [];
  const auth: string[] = [];
  const comments: { id: number; body: string }[] = [{ id: 1, body: 'LGTM' }];
  const body = async (req: IncomingMessage): Promise<{ body: string }> => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return JSON.parse(text) as { body: string };
  };
  const server = createServer((req, res) => {
    void (async () => {
      calls.push(`${req.method} ${req.url}`);
      auth.push(String(req.headers.authorization));
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && req.url?.startsWith('/repos/acme/fleet/issues/7/comments')) return res.end(JSON.stringify(comments));
      if (req.method === 'POST' && req.url === '/repos/acme/fleet/issues/7/comments') {
        const made = { id: 100 + comments.length, body: (await body(req)).body };
        comments.push(made);
        res.statusCode = 201;
        return res.end(JSON.stringify(made));
      }
      const edit = /^\/repos\/acme\/fleet\/issues\/comments\/(\d+)$/.exec(req.url ?? '');
      if (req.method === 'PATCH' && edit) {
        const c = comments.find((x) => x.id === Number(edit[1]));
        if (c) c.body = (await body(req)).body;
        return res.end(JSON.stringify(c));
      }
      res.statusCode = 404;
      return res.end('{}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, comments, auth };
}

describe('the GitHub Action (action.yml), run as a runner runs it', function () {
  this.timeout(60_000);

  it('validate: a SARIF file for code scanning, the findings on the job summary, the exit code as an output', async () => {
    const workspace = tempDir('qc-action-validate-');
    writeFileSync(join(workspace, 'bad.qualys.yaml'), 'ServiceRequest:\n  data:\n    AwsAssetDataConnector:\n      name: "x"\n      runFrequency: "often"\n');
    const r = await runAction(workspace, { mode: 'validate', 'sarif-file': 'out.sarif' }, {});
    assert.equal(r.code, 1, 'an error fails the step');
    const sarif = JSON.parse(readFileSync(join(workspace, 'out.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results.map((x) => x.ruleId), ['wrong-type']);
    assert.match(r.summary, /### Qualys connector requests\n\n1 error, 0 warnings \(SARIF in `out.sarif`\)\.\n- \*\*error\*\* `wrong-type` bad.qualys.yaml:5: runFrequency must be/);
  });

  it('plan on a pull request: counts as outputs, the plan on the job summary, one comment kept up to date', async () => {
    const { emu } = await emulator();
    const github = await fakeGitHub();
    try {
      const workspace = tempDir('qc-action-plan-');
      createFiles(workspace, 3, 'acct');
      const event = join(tempDir('qc-action-event-'), 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 7 } }));
      const runner = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'acme/fleet', GITHUB_API_URL: github.url };
      const inputs = { mode: 'plan', 'base-url': emu.url, username: USER, password: PASSWORD, token: 'ghs_secret_token' };
      const first = await runAction(workspace, inputs, runner);
      assert.equal(first.code, 0, first.log);
      assert.deepEqual(
        { ...first.outputs, 'sarif-file': undefined },
        { changes: '3', creates: '3', updates: '0', deletes: '0', 'exit-code': '2', 'sarif-file': undefined },
      );
      assert.match(first.summary, /### Qualys plan for /);
      assert.match(first.summary, /\+ \.\/acct-0-create\.qualys\.json: create aws connector/);
      assert.deepEqual(github.calls, ['GET /repos/acme/fleet/issues/7/comments?per_page=100', 'POST /repos/acme/fleet/issues/7/comments']);
      assert.ok(github.comments[1].body.startsWith(COMMENT_MARKER));
      assert.ok(github.auth.every((a) => a === 'Bearer ghs_secret_token'));
      assert.ok(!first.log.includes('ghs_secret_token') && !first.log.includes(PASSWORD) && !first.summary.includes(PASSWORD), 'no secret in the log or the summary');

      // A new push: the same comment is edited, not a second one posted.
      createFiles(workspace, 1, 'later');
      const second = await runAction(workspace, inputs, runner);
      assert.equal(second.code, 0, second.log);
      assert.deepEqual(github.calls.slice(2), ['GET /repos/acme/fleet/issues/7/comments?per_page=100', `PATCH /repos/acme/fleet/issues/comments/${github.comments[1].id}`]);
      assert.equal(github.comments.length, 2, 'one plan comment');
      assert.match(github.comments[1].body, /Plan: 4 to create/);
      assert.equal(second.outputs.creates, '4');
    } finally {
      await emu.close();
      github.server.close();
    }
  });

  it('plan without a pull request or a token: the job summary only; a GitHub that refuses is a warning, not a failed plan', async () => {
    const { emu } = await emulator();
    const github = await fakeGitHub();
    try {
      const workspace = tempDir('qc-action-push-');
      createFiles(workspace, 1, 'one');
      const inputs = { mode: 'plan', 'base-url': emu.url, username: USER, password: PASSWORD, token: 'ghs_x' };
      const push = await runAction(workspace, inputs, { GITHUB_EVENT_NAME: 'push', GITHUB_REPOSITORY: 'acme/fleet', GITHUB_API_URL: github.url });
      assert.equal(push.outputs.creates, '1');
      assert.match(push.log, /no pull request in this event: the plan is in the job summary only/);
      const event = join(tempDir('qc-action-event-'), 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { number: 8 } }));
      const refused = await runAction(workspace, inputs, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_REPOSITORY: 'acme/fleet', GITHUB_API_URL: github.url });
      assert.equal(refused.code, 0);
      assert.match(refused.log, /::warning::The plan comment could not be written: GET \/repos\/acme\/fleet\/issues\/8\/comments answered 404/);
      assert.deepEqual(github.calls, ['GET /repos/acme/fleet/issues/8/comments?per_page=100']);
    } finally {
      await emu.close();
      github.server.close();
    }
  });

  it('apply: the log on the job summary, and the exit code', async () => {
    const { emu } = await emulator();
    try {
      const workspace = tempDir('qc-action-apply-');
      createFiles(workspace, 2, 'new');
      const r = await runAction(workspace, { mode: 'apply', 'base-url': emu.url, username: USER, password: PASSWORD }, {});
      assert.equal(r.code, 0, r.log);
      assert.equal(r.outputs['exit-code'], '0');
      assert.match(r.summary, /### Qualys apply\n\n```\n[\s\S]*created[\s\S]*```/);
    } finally {
      await emu.close();
    }
  });
});
