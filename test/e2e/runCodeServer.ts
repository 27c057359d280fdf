import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { assertLoginRequired, logIn } from './codeServerLogin';
import { prepare, removeRunFolder, REPO, report, ResultsFile, SUITE } from './launch';

/**
 * Runs the extension-host suite in code-server (a real VS Code whose extension host is the
 * machine's Node), loading the extension from source through the workbench's `payload`
 * parameter, as @vscode/test-electron does for desktop VS Code. Exit status: 0 when it passed.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = Number(process.env.QUALYS_E2E_TIMEOUT_MS ?? 10 * 60_000);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitForHttp(url: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      const r = await fetch(url, { redirect: 'manual' });
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer at ${url}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A code-server started by the harness: its process and the password made for this start. */
export interface CodeServer {
  child: ChildProcess;
  password: string;
}

interface CodeServerScript {
  ensureCodeServer(): Promise<string>;
  codeServerAuth(): { password: string; args: string[]; env: Record<string, string> };
}

/**
 * Starts code-server as `npm start` does, with a password of its own, and checks that without it a
 * request gets only the login. `workspaceTrust` keeps VS Code's workspace trust on (it is off for
 * the test harness: nothing would run in a folder not yet trusted).
 */
export async function startCodeServer(port: number, userData: string, extensions: string, folder: string, env: Record<string, string>, extraArgs: string[] = [], workspaceTrust = false): Promise<CodeServer> {
  const { ensureCodeServer, codeServerAuth } = (await import(join(REPO, 'scripts/code-server.mjs'))) as CodeServerScript;
  const entry = await ensureCodeServer();
  const auth = codeServerAuth();
  const child = spawn(
    process.execPath,
    [entry, ...auth.args, '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', ...(workspaceTrust ? [] : ['--disable-workspace-trust']), ...extraArgs, folder],
    // Its own process group, so that stopping it stops its helpers (file watcher, extension host) too.
    { env: { ...process.env, ...env, ...auth.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  child.on('exit', (code) => {
    if (code && code !== 0) console.error(`code-server exited with ${code}:\n${log.slice(-4000)}`);
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, Date.now() + 60_000);
    await assertLoginRequired(port);
  } catch (e) {
    await stopCodeServer({ child, password: auth.password });
    throw e;
  }
  return { child, password: auth.password };
}

/**
 * Stops code-server and every process it started; resolves once it has exited (at most 10 s, then
 * the group is killed), so that its folders can be removed with nothing still writing to them.
 */
export async function stopCodeServer(server: CodeServer | undefined): Promise<void> {
  const child = server?.child;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      child.kill(s);
    }
  };
  signal('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), 10_000)));
  if ((await Promise.race([exited, late])) === 'late') signal('SIGKILL');
  clearTimeout(timer);
}

export async function launchBrowser(): Promise<import('playwright-core').Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium (see .ci/run)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function main(): Promise<number> {
  const setup = await prepare();
  const port = await freePort();
  let server: CodeServer | undefined;
  let browser: import('playwright-core').Browser | undefined;
  try {
    server = await startCodeServer(port, setup.userData, setup.extensions, setup.workspace, setup.env);
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(REPO)],
      ['extensionTestsPath', remote(SUITE)],
    ]);
    browser = await launchBrowser();
    const page = await browser.newPage();
    await logIn(page, port, server.password);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(setup.workspace)}&payload=${encodeURIComponent(payload)}`);
    const deadline = Date.now() + TIMEOUT_MS;
    for (;;) {
      if (existsSync(setup.results)) {
        const r = JSON.parse(readFileSync(setup.results, 'utf8')) as ResultsFile;
        if (r.done) return report(r);
      }
      if (Date.now() > deadline) {
        console.error(`The suite did not finish within ${TIMEOUT_MS / 1000} s.`);
        return report(existsSync(setup.results) ? (JSON.parse(readFileSync(setup.results, 'utf8')) as ResultsFile) : undefined) || 1;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await stopCodeServer(server);
    await setup.emulator.close();
    removeRunFolder(setup.base);
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
