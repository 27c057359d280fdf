// Installs code-server (VS Code in the browser, with a real Node extension host) into
// .vscode-test/code-server, the way shared/real-vscode-offline.md found it works on machines that
// reach only the npm registry and Debian's packages. Idempotent: a second run returns at once.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3'; // VS Code 1.100.3: the newest that runs on Node 20
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = join(root, '.vscode-test', 'code-server');
export const codeServerBin = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

function installedVersion() {
  try {
    return JSON.parse(readFileSync(join(installDir, 'node_modules', 'code-server', 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** @vscode/ripgrep downloads rg from GitHub unless its cache holds the tarball: give it Debian's rg. */
function seedRipgrepCache() {
  const cache = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = join(cache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (existsSync(tarball)) return;
  const rg = spawnSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).stdout.trim();
  if (!rg) throw new Error('ripgrep is missing: apt-get install -y ripgrep (see .ci/run)');
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), 'rg-'));
  copyFileSync(rg, join(staging, 'rg'));
  execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
}

export function ensureCodeServer() {
  if (installedVersion() === CODE_SERVER_VERSION && existsSync(codeServerBin)) return codeServerBin;
  seedRipgrepCache();
  mkdirSync(installDir, { recursive: true });
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'code-server-for-tests', private: true }, null, 2));
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${installDir} (about a minute)...`);
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--dangerously-allow-all-scripts', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: installDir,
    stdio: 'inherit',
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  if (r.status !== 0) throw new Error(`npm install code-server@${CODE_SERVER_VERSION} failed (exit ${r.status}). The Debian packages it builds against: see .ci/run.`);
  if (!existsSync(codeServerBin)) throw new Error(`code-server installed but ${codeServerBin} is missing`);
  return codeServerBin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(ensureCodeServer());
}
