import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../harness';

const ROOT = join(__dirname, '../../..');
const SETUP = join(ROOT, 'scripts/setup.mjs');
const CODE_SERVER_PACKAGES = ['g++', 'make', 'python3', 'pkg-config', 'libkrb5-dev', 'libsecret-1-dev', 'libx11-dev', 'libxkbfile-dev', 'ripgrep'];
const RG_TARBALL = 'vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

interface Machine {
  dir: string;
  /** The fake dpkg database: one installed package a line. */
  state: string;
  /** What the fake installer was asked to install. */
  log: string;
  /** A directory holding only a fake `rg`: no apt-get, no sudo. */
  bin: string;
}

/** A machine of files: the set-up script's package query and installer read and write them, never dpkg or apt. */
const machines: string[] = [];

function fakeMachine(installed: string[]): Machine {
  const dir = tempDir('qc-setup-');
  machines.push(dir);
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'rg'), '#!/bin/sh\necho fake ripgrep\n');
  chmodSync(join(bin, 'rg'), 0o755);
  const state = join(dir, 'installed');
  writeFileSync(state, installed.map((p) => `${p}\n`).join(''));
  return { dir, state, log: join(dir, 'install.log'), bin };
}

/** A fake apt-get on the machine's PATH: records its calls, "installs" into the fake dpkg database. */
function fakeAptGet(m: Machine, exitCode = 0): void {
  const script = [
    '#!/bin/sh',
    'echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)" >> "$LOG"',
    'echo "E: a line of apt-get output"',
    `[ ${exitCode} = 0 ] || exit ${exitCode}`,
    'if [ "$1" = install ]; then for a in "$@"; do case "$a" in install|-*|DPkg*) ;; *) echo "$a" >> "$STATE";; esac; done; fi',
  ].join('\n');
  writeFileSync(join(m.bin, 'apt-get'), `${script}\n`);
  chmodSync(join(m.bin, 'apt-get'), 0o755);
  // Not root: a sudo that runs the command as is.
  writeFileSync(join(m.bin, 'sudo'), '#!/bin/sh\necho "sudo $1" >> "$LOG"\nexec "$@"\n');
  chmodSync(join(m.bin, 'sudo'), 0o755);
}

/** Spawn options that run the script as nobody when the tests run as root, so the not-root paths run on every machine. */
function notRoot(m: Machine): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  writeFileSync(m.log, '');
  for (const f of [m.dir, m.state, m.log]) chmodSync(f, 0o777);
  return { uid: 65534, gid: 65534 };
}

/** Runs scripts/setup.mjs as npm start and .ci/run do, on the fake machine. */
function setup(m: Machine, args: string[], env: Record<string, string>, as: { uid?: number; gid?: number } = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [SETUP, ...args], {
    ...as,
    encoding: 'utf8',
    timeout: 20000,
    env: {
      PATH: `${m.bin}:${process.env.PATH ?? ''}`,
      TMPDIR: m.dir, // the ripgrep cache goes here, not into the real /tmp
      STATE: m.state,
      LOG: m.log,
      QUALYS_SETUP_QUERY: 'cat "$STATE"',
      QUALYS_SETUP_INSTALL: 'printf "%s " "$@" > "$LOG"; printf "%s\\n" "$@" >> "$STATE"',
      ...env,
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const sudo = process.getuid?.() === 0 ? '' : 'sudo ';

describe('scripts/setup.mjs (the machine set-up behind npm start and .ci/run)', () => {
  after(() => {
    for (const dir of machines.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('nothing missing: installs nothing and says so', () => {
    const m = fakeMachine([...CODE_SERVER_PACKAGES, 'chromium']);
    const r = setup(m, ['--browser'], {});
    assert.equal(r.code, 0, r.err);
    assert.equal(existsSync(m.log), false, 'the installer must not run');
    assert.doesNotMatch(r.out, /Installing/);
    assert.match(r.out, /The machine has what code-server and the browser tests need\./);
  });

  it("seeds the ripgrep cache in a private folder of its own, never in one another user made first, and gives the archive's SHA-256", () => {
    const m = fakeMachine([...CODE_SERVER_PACKAGES]);
    // Another local user got there first: the shared cache folder with their rg in it.
    mkdirSync(join(m.dir, dirname(RG_TARBALL)));
    writeFileSync(join(m.dir, RG_TARBALL), 'planted');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', `import { seedRipgrepCache } from ${JSON.stringify(SETUP)}; console.log(JSON.stringify(seedRipgrepCache()));`], {
      encoding: 'utf8',
      env: { PATH: `${m.bin}:${process.env.PATH ?? ''}`, TMPDIR: m.dir },
    });
    assert.equal(r.status, 0, r.stderr);
    const seeded = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { dir: string; tarball: string; sha256: string };
    assert.equal(readFileSync(join(m.dir, RG_TARBALL), 'utf8'), 'planted', 'the planted folder is left alone');
    assert.notEqual(seeded.tarball, join(m.dir, RG_TARBALL), 'the installer is never pointed at the shared folder');
    assert.equal(dirname(seeded.dir), m.dir);
    assert.equal(statSync(seeded.dir).mode & 0o777, 0o700, 'a folder only this user can write');
    assert.equal(seeded.tarball, join(seeded.dir, RG_TARBALL), "where the installer looks when TMPDIR is the private folder");
    assert.equal(seeded.sha256, createHash('sha256').update(readFileSync(seeded.tarball)).digest('hex'));
    const rg = execFileSync('tar', ['-xzOf', seeded.tarball, 'rg'], { encoding: 'utf8' });
    assert.equal(rg, '#!/bin/sh\necho fake ripgrep\n', 'the tarball holds the rg found on PATH, named rg');
    // A swapped archive is refused before anything installs from it.
    writeFileSync(seeded.tarball, 'swapped');
    const check = spawnSync(process.execPath, ['--input-type=module', '-e', `import { checkRipgrepCache } from ${JSON.stringify(SETUP)}; checkRipgrepCache(${JSON.stringify(seeded)});`], { encoding: 'utf8' });
    assert.notEqual(check.status, 0);
    assert.match(check.stderr, /changed after it was built/);
  });

  it('packages missing: installs exactly those, naming each with its reason', () => {
    const m = fakeMachine(CODE_SERVER_PACKAGES.filter((p) => p !== 'libkrb5-dev' && p !== 'ripgrep'));
    const r = setup(m, ['--browser'], {});
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(m.log, 'utf8'), 'libkrb5-dev ripgrep chromium ');
    assert.match(r.out, /Installing 3 Debian package\(s\)/);
    assert.match(r.out, /libkrb5-dev +Kerberos headers/);
    assert.match(r.out, /ripgrep +code-server's search/);
    assert.match(r.out, /chromium +the browser that the e2e and UI tests drive/);
    assert.doesNotMatch(r.out, /\bmake +to compile/, 'an installed package is not listed');
  });

  it('without --browser (npm start) Chromium is not asked for', () => {
    const m = fakeMachine(CODE_SERVER_PACKAGES);
    const r = setup(m, [], {});
    assert.equal(r.code, 0, r.err);
    assert.equal(existsSync(m.log), false);
  });

  it('cannot install (no apt-get, no sudo): prints the exact command and exits 1', () => {
    const m = fakeMachine(['make']);
    const r = setup(m, ['--browser'], { PATH: m.bin, QUALYS_SETUP_QUERY: 'while read -r p; do echo "$p"; done < "$STATE"', QUALYS_SETUP_INSTALL: '' });
    assert.equal(r.code, 1);
    assert.match(r.err, /This machine has no apt-get, so nothing can be installed for you\./);
    const wanted = [...CODE_SERVER_PACKAGES, 'chromium'].filter((p) => p !== 'make').join(' ');
    assert.ok(r.err.includes(`\n  ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${wanted}\n`), r.err);
    assert.equal(existsSync(join(m.dir, RG_TARBALL)), false, 'it stops before anything else');
  });

  it('an installer that fails, or leaves packages missing, stops with the command to run', () => {
    const m = fakeMachine(CODE_SERVER_PACKAGES.filter((p) => p !== 'pkg-config'));
    const failed = setup(m, [], { QUALYS_SETUP_INSTALL: 'echo "sudo: a password is required" >&2; exit 1' });
    assert.equal(failed.code, 1);
    assert.match(failed.err, /QUALYS_SETUP_INSTALL failed \(exit 1\)\./);
    assert.ok(failed.err.includes(`apt-get install -y --no-install-recommends pkg-config\n`), failed.err);
    const noop = setup(m, [], { QUALYS_SETUP_INSTALL: 'true' });
    assert.equal(noop.code, 1);
    assert.match(noop.err, /The installer finished, but these are still not installed\.\nThe Debian packages this needs are missing: pkg-config/);
  });

  it('the default installer: apt-get update, then apt-get install of the missing ones (through sudo when not root), its output in a log', () => {
    const m = fakeMachine(CODE_SERVER_PACKAGES.filter((p) => p !== 'libxkbfile-dev'));
    fakeAptGet(m);
    const r = setup(m, [], { QUALYS_SETUP_INSTALL: '' });
    assert.equal(r.code, 0, r.err);
    const calls = readFileSync(m.log, 'utf8').split('\n').filter((l) => l.startsWith('apt-get'));
    assert.deepEqual(calls, [
      'apt-get update -qq (DEBIAN_FRONTEND=)',
      'apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300 libxkbfile-dev (DEBIAN_FRONTEND=noninteractive)',
    ]);
    assert.equal(readFileSync(m.log, 'utf8').includes('sudo '), process.getuid?.() !== 0, 'no sudo for root');
    assert.doesNotMatch(r.out, /a line of apt-get output/, "apt-get's output goes to the log, not the screen");
    assert.match(r.out, /Debian packages installed\./);
  });

  it("apt-get's log is in a private folder made for this run (not a guessable path a link could be planted at), removed when all went well", () => {
    const m = fakeMachine(CODE_SERVER_PACKAGES.filter((p) => p !== 'libxkbfile-dev'));
    fakeAptGet(m, 100);
    const r = setup(m, [], { QUALYS_SETUP_INSTALL: '' });
    assert.equal(r.code, 1);
    const logFile = /apt-get's output goes to (\S+)/.exec(r.out)?.[1] ?? '';
    assert.notEqual(dirname(logFile), m.dir, 'not directly in the shared temp folder');
    assert.equal(dirname(dirname(logFile)), m.dir);
    assert.match(dirname(logFile), /qualys-setup-apt-[A-Za-z0-9]{6}$/, 'a mkdtemp folder');
    assert.equal(statSync(dirname(logFile)).mode & 0o777, 0o700);
    assert.equal(statSync(logFile).mode & 0o777, 0o600);
    assert.match(readFileSync(logFile, 'utf8'), /E: a line of apt-get output/, 'kept after a failure, and named in the message');
    assert.ok(r.err.includes(logFile), r.err);
    const ok = fakeMachine(CODE_SERVER_PACKAGES.filter((p) => p !== 'libxkbfile-dev'));
    fakeAptGet(ok);
    assert.equal(setup(ok, [], { QUALYS_SETUP_INSTALL: '' }).code, 0);
    assert.deepEqual(readdirSync(ok.dir).filter((f) => f.startsWith('qualys-setup-apt-')), [], 'removed after a good run');
  });

  it('not root: apt-get runs through sudo', () => {
    const m = fakeMachine(CODE_SERVER_PACKAGES.filter((p) => p !== 'libkrb5-dev'));
    fakeAptGet(m);
    const r = setup(m, [], { QUALYS_SETUP_INSTALL: '' }, notRoot(m));
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(readFileSync(m.log, 'utf8').split('\n').filter((l) => l.startsWith('sudo')), ['sudo apt-get', 'sudo env']);
  });

  it('not root and no sudo: prints the exact command with sudo and exits 1', () => {
    const m = fakeMachine(CODE_SERVER_PACKAGES.filter((p) => p !== 'libkrb5-dev'));
    fakeAptGet(m);
    rmSync(join(m.bin, 'sudo'));
    const r = setup(m, [], { PATH: m.bin, QUALYS_SETUP_QUERY: 'while read -r p; do echo "$p"; done < "$STATE"', QUALYS_SETUP_INSTALL: '' }, notRoot(m));
    assert.equal(r.code, 1);
    assert.match(r.err, /You are not root and there is no sudo, so nothing can be installed for you\./);
    assert.ok(r.err.includes('\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends libkrb5-dev\n'), r.err);
    assert.equal(readFileSync(m.log, 'utf8'), '', 'apt-get is not run');
  });

  it('apt-get failing (no such package, sudo refused): the end of its output and the command to run, exit 1', () => {
    const m = fakeMachine(CODE_SERVER_PACKAGES.filter((p) => p !== 'ripgrep'));
    fakeAptGet(m, 100);
    const r = setup(m, [], { QUALYS_SETUP_INSTALL: '' });
    assert.equal(r.code, 1);
    assert.match(r.err, /`(sudo )?apt-get update -qq` failed; the end of its output \(all of it in \S+\):\nE: a line of apt-get output\n/);
    assert.ok(r.err.includes(`\n  ${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ripgrep\n`), r.err);
  });
});
