// The workspace that npm start opens: a fresh copy of examples/ with settings pointing at the
// emulator (started with --demo: 36 connectors of four kinds, one failing per kind), and each
// example update request recorded in qualys-targets.json as the update of a demo connector, as the
// extension itself would record it.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
 * The ids of the emulator's connectors (its --demo ones) by kind, in id order: what the CLI's pull
 * records for them, so that the kinds' URL nouns and elements come from the model alone.
 */
async function connectorIds(emulatorUrl) {
  const out = mkdtempSync(join(tmpdir(), 'qualys-try-pull-'));
  try {
    const child = spawn(process.execPath, [CLI, 'pull', '--format', 'json', '--out', out, '--base-url', emulatorUrl], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, QUALYS_USERNAME: 'demo', QUALYS_PASSWORD: 'demo-password' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((resolve) => child.once('close', resolve));
    if (code !== 0) throw new Error(`qualys-connector pull failed: ${stderr.trim()}`);
    const ids = {};
    for (const t of Object.values(JSON.parse(readFileSync(join(out, 'qualys-targets.json'), 'utf8')).targets)) (ids[t.kind] ??= []).push(t.id);
    for (const list of Object.values(ids)) list.sort((a, b) => a - b);
    return ids;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Records each update example as an update of one of the emulator's demo connectors of its kind
 * (a different one per file), as Set Target or pull would: one pull of them all, no process per file.
 * Returns how many files got a connector.
 */
export async function createTargets(workspace, emulatorUrl) {
  const byKind = await connectorIds(emulatorUrl);
  const targets = {};
  for (const file of readdirSync(workspace).filter((f) => /^[a-z]+-update.*\.qualys\.(xml|json|yaml)$/.test(f)).sort()) {
    const kind = file.slice(0, file.indexOf('-'));
    const id = byKind[kind]?.shift();
    if (id !== undefined) targets[file] = { operation: 'update', id, kind };
    else console.error(`   no demo ${kind} connector left for ${file}`);
  }
  writeFileSync(join(workspace, 'qualys-targets.json'), JSON.stringify({ version: 1, targets }, null, 2) + '\n');
  return Object.keys(targets).length;
}
