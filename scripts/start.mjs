// npm start: builds and packages the extension, starts the local Qualys API emulator with demo
// credentials, and opens code-server (VS Code in the browser) with the packaged extension installed
// and a copy of examples/ as the workspace, already pointed at the emulator. Ctrl+C stops it all.
// The machine's own set-up (Debian packages, code-server) happens here too, once: see setup.mjs.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { CODE_SERVER_VERSION, codeServerAuth, ensureCodeServer } from './code-server.mjs';
import { heading } from './progress.mjs';
import { ensureSystem, SetupError } from './setup.mjs';
import { prepareWorkspace, createTargets } from './try-workspace.mjs';
import { ensureVsix, installVsix } from './vsix.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const home = join(root, '.vscode-test', 'try');
const started = Date.now();
const children = [];

function stopAll(code = 0) {
  for (const c of children) {
    if (c.exitCode !== null || !c.pid) continue;
    try {
      process.kill(-c.pid, 'SIGTERM'); // the whole group: code-server's helpers too
    } catch {
      c.kill('SIGTERM');
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function fail(message) {
  console.error(`\nnpm start stopped: ${message}`);
  stopAll(1);
}

/** Resolves whether 127.0.0.1:port can be listened on now. */
function portFree(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** PORT when given (it must be free); otherwise 8080, or any free port when 8080 is taken. */
async function choosePort() {
  if (process.env.PORT) {
    const port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`PORT=${process.env.PORT} is not a port number (1-65535).`);
    if (!(await portFree(port))) fail(`port ${port} (PORT) is in use on 127.0.0.1; choose another, e.g. PORT=8081 npm start.`);
    return port;
  }
  if (await portFree(8080)) return 8080;
  const s = createServer();
  const port = await new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s.address().port)));
  await new Promise((resolve) => s.close(resolve));
  console.log(`   port 8080 is in use; using ${port} (set PORT to choose)`);
  return port;
}

async function waitForHttp(url, child, deadline) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(url, { redirect: 'manual' })).status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

try {
  heading('1/4 Checking the machine (Debian packages for code-server)');
  await ensureSystem();
  console.log('   ok');
} catch (e) {
  if (e instanceof SetupError) fail(`\n${e.message}`);
  throw e;
}

heading('2/4 Building and packaging the extension (qualys-connector.vsix)');
await ensureVsix().catch((e) => fail(e.message));

heading(`3/4 code-server ${CODE_SERVER_VERSION} (VS Code in the browser)`);
const codeServer = await ensureCodeServer().catch((e) => fail(e.message));
console.log(`   ${codeServer}`);

heading('4/4 Starting the local Qualys API emulator and code-server');
// The emulator prints its base URL as its first line.
const emulator = spawn(process.execPath, [join(root, 'dist/cli.js'), 'emulator', '--demo', '--port', String(Number(process.env.EMULATOR_PORT ?? 0))], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
children.push(emulator);
const lines = createInterface({ input: emulator.stdout });
const emulatorUrl = await new Promise((resolve, reject) => {
  lines.once('line', resolve);
  emulator.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
}).catch((e) => fail(e.message));
console.log(`   emulator at ${emulatorUrl}`);

const { userData, extensions, workspace } = prepareWorkspace(home, emulatorUrl);
await installVsix(codeServer, userData, extensions).catch((e) => fail(e.message));
const port = await choosePort();
const auth = codeServerAuth();
const editor = spawn(process.execPath, [codeServer, ...auth.args, '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace], { cwd: root, env: { ...process.env, ...auth.env }, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
children.push(editor);
editor.once('exit', (code) => {
  console.error(`code-server exited (${code})`);
  stopAll(code ?? 1);
});
// The examples' connectors are created while code-server starts; the page is opened only after both.
const [answered, targets] = await Promise.all([waitForHttp(`http://127.0.0.1:${port}/healthz`, editor, Date.now() + 60_000), createTargets(workspace, emulatorUrl)]);
if (!answered) fail(`code-server did not answer on port ${port} within 60 s.`);
console.log(`   code-server on port ${port}; the emulator holds 36 demo connectors; ${targets} update examples target them (qualys-targets.json)`);
lines.on('line', (l) => console.log(`[emulator] ${l}`));

console.log(`
Qualys Connector Requests is ready (set up in ${((Date.now() - started) / 1000).toFixed(1)} s):

  Open      http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}
  Password  ${auth.password}
            (code-server asks for it once; it is new each start, and without it a page gets only the login)
  API       ${emulatorUrl} (the local Qualys API emulator; username demo, password demo-password)

1. Fix mistakes.qualys.yaml first: the Problems panel lists its errors (hover them; Ctrl+. offers
   the quick fixes). Plan Workspace refuses while a file in the workspace has errors; fixed, this one
   is left out of the plan (it has no operation: nothing says whether to create or update).
2. Open a request in examples/ and send it with Ctrl+Alt+Enter (the first send asks for the demo
   credentials).
3. The Qualys view in the activity bar lists the emulator's demo connectors (one failing per kind);
   the update examples target some of them (qualys-targets.json): try Compare with Live, then
   Qualys: Plan Workspace.
Ctrl+C stops everything.
`);
