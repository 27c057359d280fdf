// Installs code-server (VS Code in the browser, with a real Node extension host) into
// .vscode-test/code-server, the way shared/real-vscode-offline.md found it works on machines that
// reach only the npm registry and Debian's packages. Idempotent: a second run returns at once.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStep } from './progress.mjs';
import { ensureSystem } from './setup.mjs';

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

/** The installed code-server's entry point, installing it first when missing (about a minute). */
export async function ensureCodeServer() {
  if (installedVersion() === CODE_SERVER_VERSION && existsSync(codeServerBin)) return codeServerBin;
  await ensureSystem();
  mkdirSync(installDir, { recursive: true });
  // The install scripts allowed to run (npm 11's allow-list): code-server's postinstall builds VS Code's
  // native modules in a nested install of its own; argon2 compiles its password hashing.
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ name: 'code-server-for-tests', private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2));
  console.log(`Installing code-server ${CODE_SERVER_VERSION} into ${installDir} (first time only; about a minute on 2 cores)`);
  await runStep(`npm install code-server@${CODE_SERVER_VERSION}`, 'npm', ['install', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: installDir,
    // code-server's postinstall refuses root without unsafe-perm; a nested install asks yes/no otherwise.
    env: { ...process.env, ...(process.getuid?.() === 0 ? { npm_config_unsafe_perm: 'true' } : {}), npm_config_yes: 'true' },
  });
  if (!existsSync(codeServerBin)) throw new Error(`code-server installed but ${codeServerBin} is missing`);
  return codeServerBin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await ensureCodeServer());
}
