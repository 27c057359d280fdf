import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Context, RootHookObject } from 'mocha';

/**
 * Mocha's root hooks for every suite (`.mocharc.json` requires this file):
 *
 * - Temporary folders. The run gets a folder of its own in the system's temp folder and points
 *   TMPDIR at it, so that everything the tests and the processes they start make lands there.
 *   A test makes its folders with `tempDir()`, removed when the run ends; anything else left in the
 *   run's folder (a folder made another way, a file the code under test forgot) fails the run,
 *   named, and is removed all the same: the run leaves nothing behind. A run killed before its end
 *   leaves its folder, named after its process; the next run removes it.
 * - Processes. A test that starts one passes it to `track()`; whatever is still running when the
 *   test ends (it failed half-way, or timed out) is killed then, so no process outlives its test and
 *   keeps the run from exiting.
 * - A watchdog. A test or hook that runs past its own timeout by a minute (one whose timeout is off,
 *   or that blocks its timer) ends the run with its name, instead of leaving CI to hang.
 */

const made = new Set<string>();
let runDir: string | undefined;
let outerTmp: string | undefined;
/** The test running now, for the watchdog and for `track`. */
let current: { test: Mocha.Test; since: number } | undefined;

/** A new empty folder for a test, named `<prefix>XXXXXX` and removed when the run ends (its real path). */
export function tempDir(prefix: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.add(dir);
  return dir;
}

/** Removes the folders of runs whose process is gone (killed, as Stryker kills a test run that timed out). */
function sweepDeadRuns(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^qc-run-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') rmSync(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

function startTempDirs(): void {
  outerTmp = process.env.TMPDIR;
  sweepDeadRuns();
  runDir = realpathSync(mkdtempSync(join(tmpdir(), `qc-run-${process.pid}-`)));
  // Others may pass through (a test runs a script as nobody in a folder of its own), not list it.
  chmodSync(runDir, 0o711);
  process.env.TMPDIR = runDir;
}

/** Removes the run's folder; the names of what was left in it that no test made with tempDir(). */
function endTempDirs(): string[] {
  if (!runDir) return [];
  const dir = runDir;
  for (const d of made) rmSync(d, { recursive: true, force: true });
  made.clear();
  const left = readdirSync(dir);
  rmSync(dir, { recursive: true, force: true });
  runDir = undefined;
  if (outerTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outerTmp;
  return left;
}

/** Processes started by the running test, and those started in a suite's hooks (they serve several tests). */
const ofTest = new Set<ChildProcess>();
const ofSuites = new Set<ChildProcess>();

/**
 * Kills `child`, if it is still running, when the test that started it ends; one started in a
 * suite's `before` hook lives until the run ends (its suite's `after` stops it first).
 */
export function track<T extends ChildProcess>(child: T): T {
  const set = current ? ofTest : ofSuites;
  set.add(child);
  child.once('exit', () => set.delete(child));
  return child;
}

function killLeftovers(set: Set<ChildProcess>): void {
  for (const child of set) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  set.clear();
}

/** Past its own timeout by this much, a test or hook is stuck: the run ends. */
const GRACE_MS = Number(process.env.QC_WATCHDOG_GRACE_MS ?? 60_000);
let watchdog: NodeJS.Timeout | undefined;

function watch(ctx: Context): void {
  const test = ctx.currentTest;
  current = test ? { test, since: Date.now() } : undefined;
}

function startWatchdog(): void {
  watchdog = setInterval(() => {
    if (!current) return;
    const ran = Date.now() - current.since;
    // Read now: a test may change its timeout as it runs (this.timeout(0)).
    const timeout = current.test.timeout();
    // A timeout of 0 is no timeout: such a test still gets a limit, the grace alone.
    if (ran > (timeout > 0 ? timeout : 0) + GRACE_MS) {
      const limit = timeout > 0 ? `its ${timeout} ms timeout` : 'no timeout';
      process.stderr.write(`\nmocha watchdog: "${current.test.fullTitle()}" (or one of its hooks) has run ${Math.round(ran / 1000)} s with ${limit}: the run is stuck and ends here.\n`);
      killLeftovers(ofTest);
      killLeftovers(ofSuites);
      endTempDirs();
      process.exit(2);
    }
  }, 1000);
  watchdog.unref();
}

export const mochaHooks: RootHookObject = {
  beforeAll() {
    startTempDirs();
    startWatchdog();
  },
  beforeEach(this: Context) {
    watch(this);
  },
  afterEach() {
    current = undefined;
    killLeftovers(ofTest);
  },
  afterAll(this: Context) {
    // Removing a run's folder (tens of thousands of files after the fleet suites) is slow on a loaded disk.
    this.timeout(120_000);
    if (watchdog) clearInterval(watchdog);
    killLeftovers(ofTest);
    killLeftovers(ofSuites);
    const left = endTempDirs();
    if (left.length > 0) throw new Error(`the run left ${left.length} entries in the temp folder that no test made with tempDir() (removed now): ${left.slice(0, 20).join(', ')}`);
  },
};
