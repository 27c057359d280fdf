// Installs code-server (VS Code in the browser, with a real Node extension host) into
// .vscode-test/code-server, the way shared/real-vscode-offline.md found it works on machines that
// reach only the npm registry and Debian's packages. Idempotent: a second run returns at once.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStep } from './progress.mjs';
import { checkRipgrepCache, ensureSystem, seedRipgrepCache, SetupError, sha256Of } from './setup.mjs';

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

/**
 * How code-server is started here: with a password of its own, new for each start. It serves a
 * whole VS Code, terminal included, and its only other check (Host against Origin) is passed by DNS
 * rebinding, so without one any web page the user visits could run commands as them. The password
 * goes in the environment (`PASSWORD`, which code-server reads and deletes), never on a command line.
 */
export function codeServerAuth() {
  const password = randomBytes(18).toString('base64url');
  return { password, args: ['--auth', 'password'], env: { PASSWORD: password } };
}

/** The installed code-server's entry point, installing it first when missing (about a minute). */
export async function ensureCodeServer() {
  if (installedVersion() === CODE_SERVER_VERSION && existsSync(codeServerBin)) return codeServerBin;
  await ensureSystem();
  mkdirSync(installDir, { recursive: true });
  // The install scripts allowed to run (npm 11's allow-list): code-server's postinstall builds VS Code's
  // native modules in a nested install of its own; argon2 compiles its password hashing.
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'code-server-for-tests', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2));
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${installDir} (first time only; about a minute on 2 cores)`);
  // The ripgrep installer looks for its cache in os.tmpdir(): the install gets a private one, seeded here.
  const seeded = seedRipgrepCache();
  try {
    checkRipgrepCache(seeded);
    await runStep(`npm install code-server@${CODE_SERVER_VERSION}`, 'npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
      cwd: installDir,
      // code-server's postinstall refuses root without unsafe-perm; a nested install asks yes/no otherwise.
      env: { ...process.env, TMPDIR: seeded.dir, ...(process.getuid?.() === 0 ? { npm_config_unsafe_perm: 'true' } : {}), npm_config_yes: 'true' },
    });
  } finally {
    rmSync(seeded.dir, { recursive: true, force: true });
  }
  if (!existsSync(codeServerBin)) throw new Error(`code-server installed but ${codeServerBin} is missing`);
  checkInstalledRipgrep(seeded.rgSha256);
  return codeServerBin;
}

/** The rg that code-server will run must be the machine's own, byte for byte. */
function checkInstalledRipgrep(expected) {
  const rg = join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(rg)) return; // a code-server that bundles no ripgrep of its own
  const found = sha256Of(rg);
  if (found !== expected) throw new SetupError(`${rg} is not the machine's rg (SHA-256 ${found}, expected ${expected}); remove ${installDir} and install again.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await ensureCodeServer());
}
