import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
function fakeMachine(installed: string[]): Machine {
  const dir = mkdtempSync(join(tmpdir(), 'qc-setup-'));
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'rg'), '#!/bin/sh\necho fake ripgrep\n');
  chmodSync(join(bin, 'rg'), 0o755);
  const state = join(dir, 'installed');
  writeFileSync(state, installed.map((p) => `${p}\n`).join(''));
  return { dir, state, log: join(dir, 'install.log'), bin };
}

/** Runs scripts/setup.mjs as npm start and .ci/run do, on the fake machine. */
function setup(m: Machine, args: string[], env: Record<string, string>): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [SETUP, ...args], {
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
  it('nothing missing: installs nothing, says so, and seeds the ripgrep cache from the rg on PATH', () => {
    const m = fakeMachine([...CODE_SERVER_PACKAGES, 'chromium']);
    const r = setup(m, ['--browser'], {});
    assert.equal(r.code, 0, r.err);
    assert.equal(existsSync(m.log), false, 'the installer must not run');
    assert.doesNotMatch(r.out, /Installing/);
    assert.match(r.out, /The machine has what code-server and the browser tests need\./);
    const rg = execFileSync('tar', ['-xzOf', join(m.dir, RG_TARBALL), 'rg'], { encoding: 'utf8' });
    assert.equal(rg, '#!/bin/sh\necho fake ripgrep\n', 'the tarball holds the rg found on PATH, named rg');
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
    assert.match(failed.err, /The installer \(QUALYS_SETUP_INSTALL\) failed \(exit 1\)\./);
    assert.ok(failed.err.includes(`apt-get install -y --no-install-recommends pkg-config\n`), failed.err);
    const noop = setup(m, [], { QUALYS_SETUP_INSTALL: 'true' });
    assert.equal(noop.code, 1);
    assert.match(noop.err, /The installer finished, but these are still not installed\.\nThe Debian packages this needs are missing: pkg-config/);
  });
});
