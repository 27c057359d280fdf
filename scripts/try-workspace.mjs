// The workspace that npm start opens: a fresh copy of examples/ with settings pointing at the
// emulator, and a connector on the emulator for each example update request, recorded in
// qualys-targets.json as the extension itself would record it.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(root, 'dist/cli.js');

/** Fresh examples and settings under `home` every time; the extensions folder is kept (vsix.mjs). */
export function prepareWorkspace(home, emulatorUrl) {
  const userData = join(home, 'user-data');
  const extensions = join(home, 'extensions');
  const workspace = join(home, 'examples');
  for (const dir of [userData, workspace]) rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(userData, 'User'), { recursive: true });
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ 'qualys.platform': 'Custom', 'qualys.platformUrl': emulatorUrl, 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'git.openRepositoryInParentFolders': 'never' }, null, 2),
  );
  return { userData, extensions, workspace };
}

/**
 * Creates a connector for an update example through the CLI, as a user would, from its kind's
 * create example (an update body may lack what a create needs: GCP and OCI updates carry no apps);
 * resolves [file, target] or undefined.
 */
function createConnector(workspace, file, emulatorUrl) {
  const create = file.replace(/-update[^.]*\.qualys\./, '-create.qualys.');
  const body = existsSync(join(workspace, create)) ? create : file;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'send', join(workspace, body), '--operation', 'create', '--base-url', emulatorUrl], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, QUALYS_USERNAME: 'demo', QUALYS_PASSWORD: 'demo-password' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.once('close', () => {
      const id = /· id (\d+)/.exec(stderr)?.[1];
      if (!id) console.error(`   could not create a connector for ${file}: ${stderr.trim()}`);
      resolve(id ? [file, { operation: 'update', id: Number(id) }] : undefined);
    });
  });
}

/** Writes qualys-targets.json for the example updates; returns how many got a connector. */
export async function createTargets(workspace, emulatorUrl) {
  const queue = readdirSync(workspace).filter((f) => /update.*\.qualys\.(xml|json|yaml)$/.test(f)).sort();
  const created = [];
  // Two at a time: the emulator's default concurrency limit.
  const worker = async () => {
    for (let file = queue.shift(); file; file = queue.shift()) created.push(await createConnector(workspace, file, emulatorUrl));
  };
  await Promise.all([worker(), worker()]);
  const targets = Object.fromEntries(created.filter(Boolean).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(workspace, 'qualys-targets.json'), JSON.stringify({ version: 1, targets }, null, 2) + '\n');
  return Object.keys(targets).length;
}
