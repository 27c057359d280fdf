// npm start: builds and packages the extension, starts the local Qualys API emulator with demo
// credentials, and opens code-server (VS Code in the browser) with the packaged extension installed
// and a copy of examples/ as the workspace, already pointed at the emulator. Ctrl+C stops it all.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { ensureCodeServer } from './code-server.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const home = join(root, '.vscode-test', 'try');
const port = Number(process.env.PORT ?? 8080);
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

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(' ')} failed`);
    stopAll(1);
  }
}

run('npm', ['run', 'package']);
const codeServer = ensureCodeServer();

// The emulator prints its base URL as its first line.
const emulator = spawn(process.execPath, [join(root, 'dist/cli.js'), 'emulator', '--port', String(Number(process.env.EMULATOR_PORT ?? 0))], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
children.push(emulator);
const lines = createInterface({ input: emulator.stdout });
const emulatorUrl = await new Promise((resolve, reject) => {
  lines.once('line', resolve);
  emulator.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
});

rmSync(home, { recursive: true, force: true });
const userData = join(home, 'user-data');
const extensions = join(home, 'extensions');
const workspace = join(home, 'examples');
mkdirSync(join(userData, 'User'), { recursive: true });
cpSync(join(root, 'examples'), workspace, { recursive: true });
writeFileSync(
  join(userData, 'User', 'settings.json'),
  JSON.stringify({ 'qualys.platform': 'Custom', 'qualys.platformUrl': emulatorUrl, 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'git.openRepositoryInParentFolders': 'never' }, null, 2),
);
// Each example update request gets a connector to update: created on the emulator through the CLI
// from its kind's create example (an update body may lack what a create needs, as GCP and OCI
// updates lack their mandatory apps), its id recorded in qualys-targets.json beside the examples,
// as the extension itself would.
const targets = {};
for (const file of readdirSync(workspace).filter((f) => /update.*\.qualys\.(xml|json|yaml)$/.test(f)).sort()) {
  const create = file.replace(/-update[^.]*\.qualys\./, '-create.qualys.');
  const body = existsSync(join(workspace, create)) ? create : file;
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'send', join(workspace, body), '--operation', 'create', '--base-url', emulatorUrl], {
    encoding: 'utf8',
    env: { ...process.env, QUALYS_USERNAME: 'demo', QUALYS_PASSWORD: 'demo-password' },
  });
  const id = /· id (\d+)/.exec(r.stderr)?.[1];
  if (id) targets[file] = { operation: 'update', id: Number(id) };
  else console.error(`Could not create a connector for ${file}: ${r.stderr.trim()}`);
}
writeFileSync(join(workspace, 'qualys-targets.json'), JSON.stringify({ version: 1, targets }, null, 2) + '\n');

run(process.execPath, [codeServer, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', join(root, 'qualys-connector.vsix')]);

const editor = spawn(process.execPath, [codeServer, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
children.push(editor);
editor.once('exit', (code) => {
  console.error(`code-server exited (${code})`);
  stopAll(code ?? 1);
});
lines.on('line', (l) => console.log(`[emulator] ${l}`));

console.log(`
Qualys Connector Requests is ready:

  Open   http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}
  API    ${emulatorUrl} (the local Qualys API emulator; username demo, password demo-password)

Open a request in examples/, fix mistakes.qualys.yaml, and send one with Ctrl+Alt+Enter (the first
send asks for the demo credentials). The update examples already target connectors created on the
emulator (qualys-targets.json). Ctrl+C stops everything.
`);
