#!/usr/bin/env node
// npm run mutate [-- [--unit] <folder or file>...]: Stryker over the folders of issue 25, one run per folder, each
// incremental (reports/stryker-incremental-<name>.json: a second run mutates only what changed)
// with its own report (reports/mutation/<name>.json), then the scores per folder. One folder at a
// time keeps a run short enough to finish on a small machine, and a change re-runs only its folder.
// --unit runs stryker.unit.json (the unit suites only: faster, a lower bound) into <name>-unit.json;
// a path instead of a folder name mutates that file or glob alone. --tests=<glob>[,<glob>...] runs
// only those compiled suites (out/test/...): a lower bound again, but seconds per mutant instead of
// the hundreds of tests that reach a core file, for working on one file's survivors.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = {
  core: 'server/src/core/**/*.ts',
  send: 'server/src/send/**/*.ts',
  fleet: 'server/src/fleet/**/*.ts',
  workspace: 'server/src/workspace/**/*.ts',
  limits: 'server/src/emulator/limits.ts',
};

const unit = process.argv.includes('--unit');
const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const tests = process.argv.find((a) => a.startsWith('--tests='))?.slice('--tests='.length).split(',').filter(Boolean);
const passOn = process.argv.slice(2).filter((a) => a.startsWith('-') && a !== '--unit' && !a.startsWith('--tests='));
const unknown = asked.filter((a) => !(a in FOLDERS) && !a.includes('/'));
if (unknown.length > 0) {
  console.error(`Unknown folder ${unknown.join(', ')}; expected some of ${Object.keys(FOLDERS).join(', ')}.`);
  process.exit(2);
}
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const run = (cmd, args) => spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' }).status ?? 1;

if (run(npx, ['tsc', '-b']) !== 0) process.exit(1);
mkdirSync(join(ROOT, 'reports/mutation'), { recursive: true });
let failed = 0;
for (const arg of asked.length > 0 ? asked : Object.keys(FOLDERS)) {
  const started = Date.now();
  const glob = FOLDERS[arg] ?? arg;
  const name = (FOLDERS[arg] ? arg : arg.replace(/^server\/src\//, '').replace(/\.ts$/, '').replace(/[^\w.-]+/g, '_')) + (tests ? '-focus' : unit ? '-unit' : '');
  console.log(`\n== mutate ${name} (${glob})`);
  const report = join(ROOT, 'reports/mutation/mutation.json');
  rmSync(report, { force: true });
  const config = tests ? [focusConfig(tests)] : unit ? ['stryker.unit.json'] : [];
  const status = run(npx, ['stryker', 'run', ...config, '--mutate', glob, '--incrementalFile', `reports/stryker-incremental-${name}.json`, ...passOn]);
  if (status === 0) copyFileSync(report, join(ROOT, `reports/mutation/${name}.json`));
  else failed++;
  console.log(`== ${name}: ${status === 0 ? 'done' : `stryker exited ${status}`} in ${Math.round((Date.now() - started) / 1000)} s`);
}
run(process.execPath, ['out/bench/mutation.js']);

/** stryker.unit.json with only the given suites, written under reports/ (not committed). */
function focusConfig(specs) {
  const config = JSON.parse(readFileSync(join(ROOT, 'stryker.unit.json'), 'utf8'));
  config.mochaOptions = { ...config.mochaOptions, spec: specs };
  const file = join(ROOT, 'reports/stryker.focus.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
process.exit(failed > 0 ? 1 : 0);
