// The workspace that npm start opens: a fresh copy of examples/ with settings pointing at the
// emulator (started with --demo: 36 connectors of four kinds, one failing per kind), and each
// example update request recorded in qualys-targets.json as the update of a demo connector, as the
// extension itself would record it.
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

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

/** The ids of the emulator's connectors of a kind (its --demo ones), in id order. */
async function connectorIds(emulatorUrl, noun, element) {
  const answer = await fetch(`${emulatorUrl}/qps/rest/3.0/search/am/${noun}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from('demo:demo-password').toString('base64')}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ ServiceRequest: { preferences: { limitResults: 100 } } }),
  });
  if (!answer.ok) throw new Error(`the emulator answered HTTP ${answer.status} to a search`);
  const data = (await answer.json()).ServiceResponse?.data ?? [];
  return data.map((item) => item[element]?.id).filter((id) => Number.isSafeInteger(id)).sort((a, b) => a - b);
}

const KINDS = { aws: ['awsassetdataconnector', 'AwsAssetDataConnector'], azure: ['azureassetdataconnector', 'AzureAssetDataConnector'], gcp: ['gcpassetdataconnector', 'GcpAssetDataConnector'], oci: ['ociassetdataconnector', 'OciAssetDataConnector'] };

/**
 * Records each update example as an update of one of the emulator's demo connectors of its kind
 * (a different one per file), as Set Target or pull would: one search per kind, no process per file.
 * Returns how many files got a connector.
 */
export async function createTargets(workspace, emulatorUrl) {
  const targets = {};
  for (const [kind, [noun, element]] of Object.entries(KINDS)) {
    const ids = await connectorIds(emulatorUrl, noun, element);
    const files = readdirSync(workspace).filter((f) => f.startsWith(`${kind}-update`) && /\.qualys\.(xml|json|yaml)$/.test(f)).sort();
    files.forEach((file, i) => {
      if (i < ids.length) targets[file] = { operation: 'update', id: ids[i], kind };
      else console.error(`   no demo ${kind} connector left for ${file}`);
    });
  }
  const sorted = Object.fromEntries(Object.entries(targets).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(workspace, 'qualys-targets.json'), JSON.stringify({ version: 1, targets: sorted }, null, 2) + '\n');
  return Object.keys(sorted).length;
}
