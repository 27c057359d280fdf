// The one owner of what this project needs from the machine outside npm: the Debian packages that
// code-server compiles its native modules against, Debian's ripgrep in the cache where code-server's
// ripgrep installer looks before it downloads (it cannot download here), and the Chromium that the
// e2e and UI tests drive. `npm start`, the e2e/UI test scripts and .ci/run all come through here.
//
//   node scripts/setup.mjs [--browser]
//
// Installs what is missing with apt-get (through sudo when not root) and says what and why. When it
// cannot, it prints the one command to run and exits 1. Injectable, so tests never touch the system:
//   QUALYS_SETUP_QUERY    shell command given package names as "$@"; prints the installed ones, one a line
//   QUALYS_SETUP_INSTALL  shell command given the missing package names as "$@"; installs them
//   QUALYS_SETUP_SKIP=1   trust that the machine has them (not Debian, equivalents installed by hand)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, closeSync, constants, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStep } from './progress.mjs';

const NATIVE = "to compile code-server's native modules";
/** What code-server's install needs, each with the reason shown when it is installed. */
export const CODE_SERVER_PACKAGES = [
  ['g++', NATIVE],
  ['make', NATIVE],
  ['python3', `node-gyp, ${NATIVE}`],
  ['pkg-config', 'finds the libraries below for those builds'],
  ['libkrb5-dev', "Kerberos headers for code-server's kerberos module"],
  ['libsecret-1-dev', "libsecret headers for code-server's credential store"],
  ['libx11-dev', "X11 headers for code-server's native-keymap"],
  ['libxkbfile-dev', "keyboard-layout headers for code-server's native-keymap"],
  ['ripgrep', "code-server's search; its installer would otherwise download rg from the internet"],
];
export const BROWSER_PACKAGES = [['chromium', 'the browser that the e2e and UI tests drive (playwright-core)']];

/** @vscode/ripgrep (inside code-server) looks here before downloading; the names are its own. */
export const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
export const RIPGREP_TARBALL = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export class SetupError extends Error {}

const log = (line) => console.log(`[setup] ${line}`);
const isRoot = () => process.getuid?.() === 0;

/** The first executable called `name` on PATH (searched here, not by a shell, so tests can empty PATH). */
function which(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function shell(command, args, stdio) {
  return spawnSync('/bin/sh', ['-c', command, 'sh', ...args], { encoding: 'utf8', stdio });
}

const DEFAULT_QUERY = `dpkg-query -W -f='\${db:Status-Abbrev} \${Package}\\n' "$@" 2>/dev/null | sed -n 's/^ii *//p'`;

function installedOf(names) {
  const r = shell(process.env.QUALYS_SETUP_QUERY || DEFAULT_QUERY, names, ['ignore', 'pipe', 'inherit']);
  return new Set((r.stdout ?? '').split('\n').map((l) => l.trim()).filter(Boolean));
}

/** The command a person runs to do what this script could not. */
export function manualCommand(names) {
  const sudo = isRoot() ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${names.join(' ')}`;
}

function cannot(why, names) {
  return new SetupError(
    `${why}\nThe Debian packages this needs are missing: ${names.join(' ')}\nRun this, then try again:\n\n  ${manualCommand(names)}\n\n` +
      '(Not on Debian or Ubuntu? Install their equivalents, then set QUALYS_SETUP_SKIP=1.)',
  );
}

/** apt-get, through sudo unless root, its output kept in a log; a failure throws with the command to run by hand. */
async function aptInstall(names) {
  if (!which('apt-get')) throw cannot('This machine has no apt-get, so nothing can be installed for you.', names);
  const prefix = isRoot() ? [] : ['sudo'];
  if (!isRoot() && !which('sudo')) throw cannot('You are not root and there is no sudo, so nothing can be installed for you.', names);
  // A folder of our own (mode 0700, a name no one can guess first): a predictable path in the shared
  // temp folder could be a link planted by another user, and a root run would append through it.
  const logDir = mkdtempSync(join(tmpdir(), 'qualys-setup-apt-'));
  const logFile = join(logDir, 'apt.log');
  log(`apt-get's output goes to ${logFile}`);
  const steps = [
    ['apt-get update', [...prefix, 'apt-get', 'update', '-qq']],
    // Another apt run (a colleague's, unattended upgrades) holds the lock for a while: wait for it.
    ['apt-get install', [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...names]],
  ];
  const out = openSync(logFile, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  let failed = true;
  try {
    for (const [what, [cmd, ...args]] of steps) {
      const line = `${cmd} ${args.join(' ')}`;
      log(`$ ${line}`);
      // stdin stays the terminal's, so that sudo can ask for a password.
      await runStep(what, cmd, args, { stdio: ['inherit', out, out] }).catch(() => {
        const tail = readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
        throw cannot(`\`${line}\` failed; the end of its output (all of it in ${logFile}):\n${tail}\n`, names);
      });
    }
    failed = false;
  } finally {
    closeSync(out);
    // Kept when apt-get failed, for the whole story; removed when it went well.
    if (!failed) rmSync(logDir, { recursive: true, force: true });
  }
}

async function install(names) {
  const custom = process.env.QUALYS_SETUP_INSTALL;
  if (!custom) return aptInstall(names);
  await runStep('QUALYS_SETUP_INSTALL', '/bin/sh', ['-c', custom, 'sh', ...names]).catch((e) => {
    throw cannot(`${e.message}.`, names);
  });
}

/** Makes sure the Debian packages are there: returns quietly when they are, installs them when not. */
export async function ensurePackages({ browser = false } = {}) {
  const wanted = [...CODE_SERVER_PACKAGES, ...(browser ? BROWSER_PACKAGES : [])];
  if (process.env.QUALYS_SETUP_SKIP === '1') {
    log(`QUALYS_SETUP_SKIP=1: not checking the ${wanted.length} Debian packages.`);
    return;
  }
  const names = wanted.map(([n]) => n);
  const have = installedOf(names);
  const missing = wanted.filter(([n]) => !have.has(n));
  if (missing.length === 0) return;
  log(`Installing ${missing.length} Debian package(s) this project needs from the machine (once):`);
  for (const [name, why] of missing) log(`  ${name.padEnd(16)} ${why}`);
  await install(missing.map(([n]) => n));
  const after = installedOf(missing.map(([n]) => n));
  const still = missing.map(([n]) => n).filter((n) => !after.has(n));
  if (still.length > 0) throw cannot('The installer finished, but these are still not installed.', still);
  log('Debian packages installed.');
}

/** The SHA-256 of a file, hex. */
export function sha256Of(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Puts Debian's rg where code-server's ripgrep installer looks first, so it never downloads: in a
 * private folder made for this install (mode 0700), to be given to the installer as its TMPDIR. The
 * shared temp folder is never used: another local user could create the cache folder there first
 * and plant the `rg` that code-server runs. Returns the folder, the tarball and its SHA-256, so the
 * caller can check that the installer took this archive and no other.
 */
export function seedRipgrepCache() {
  const rg = which('rg');
  if (!rg) throw new SetupError(`ripgrep (rg) is not on PATH; run:\n\n  ${manualCommand(['ripgrep'])}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'qualys-rg-'));
  try {
    const cache = join(dir, RIPGREP_CACHE);
    const staging = join(dir, 'staging');
    mkdirSync(cache, { mode: 0o700 });
    mkdirSync(staging, { mode: 0o700 });
    copyFileSync(rg, join(staging, 'rg'));
    const tarball = join(cache, RIPGREP_TARBALL);
    execFileSync('tar', ['-czf', tarball, '-C', staging, 'rg']);
    rmSync(staging, { recursive: true, force: true });
    log(`Seeded ${tarball} with ${rg}.`);
    return { dir, tarball, sha256: sha256Of(tarball), rgSha256: sha256Of(rg) };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Throws unless the seeded archive is still the one built (nothing swapped it before the install read it). */
export function checkRipgrepCache(seeded) {
  const now = sha256Of(seeded.tarball);
  if (now !== seeded.sha256) throw new SetupError(`${seeded.tarball} changed after it was built (SHA-256 ${now}, built as ${seeded.sha256}); not installing from it.`);
}

/** Everything code-server (and with `browser`, the tests' Chromium) needs from the machine; the ripgrep cache is seeded by the install itself. */
export async function ensureSystem(options = {}) {
  await ensurePackages(options);
  if (!which('rg')) throw new SetupError(`ripgrep (rg) is not on PATH; run:\n\n  ${manualCommand(['ripgrep'])}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await ensureSystem({ browser: process.argv.includes('--browser') });
    log(`The machine has what ${process.argv.includes('--browser') ? 'code-server and the browser tests need' : 'code-server needs'}.`);
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    console.error(`[setup] ${e.message}`);
    process.exit(1);
  }
}
