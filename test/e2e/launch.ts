import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, RunningEmulator } from '../../server/src/emulator';

export const REPO = join(__dirname, '../../..');
export const SUITE = join(REPO, 'out/test/e2e/suite');
export const E2E_USER = 'e2e-user';
export const E2E_PASSWORD = 'e2e-Pa55word-not-real';

/** What both launchers prepare: the emulator, a workspace, a user-data folder and the results file. */
export interface E2eSetup {
  /** The run's folder, holding all the others: removed when the run ends. */
  base: string;
  emulator: RunningEmulator;
  workspace: string;
  userData: string;
  extensions: string;
  results: string;
  env: Record<string, string>;
}

export async function prepare(): Promise<E2eSetup> {
  const base = mkdtempSync(join(tmpdir(), 'qualys-e2e-'));
  const workspace = join(base, 'workspace');
  const userData = join(base, 'user-data');
  const extensions = join(base, 'extensions');
  for (const d of [workspace, join(userData, 'User'), join(userData, 'Machine'), extensions]) mkdirSync(d, { recursive: true });
  const emulator = await startEmulator({ port: 0, username: E2E_USER, password: E2E_PASSWORD });
  // Quiet, deterministic workbench: no trust prompt, no welcome page, no update checks.
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.tips.enabled': false,
    'git.openRepositoryInParentFolders': 'never',
  };
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const results = join(base, 'results.json');
  return {
    base,
    emulator,
    workspace,
    userData,
    extensions,
    results,
    env: { QUALYS_E2E_RESULTS: results, QUALYS_E2E_EMULATOR: emulator.url, QUALYS_E2E_USER: E2E_USER, QUALYS_E2E_PASSWORD: E2E_PASSWORD },
  };
}

/**
 * Removes a run's folder (workspace, user data, extensions: some hundred MB a run) when the run
 * ends; `QUALYS_KEEP_RUN=1` keeps it to look into, and says where.
 */
export function removeRunFolder(base: string): void {
  if (process.env.QUALYS_KEEP_RUN) {
    console.log(`Kept the run's folder (QUALYS_KEEP_RUN): ${base}`);
    return;
  }
  rmSync(base, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

export interface ResultsFile {
  done: boolean;
  results: { title: string; state: 'passed' | 'failed'; error?: string; ms?: number }[];
}

/** Prints the results and returns the exit status: 0 only when the suite finished with no failure. */
export function report(results: ResultsFile | undefined): number {
  if (!results) {
    console.error('The end-to-end suite wrote no results: it did not run.');
    return 1;
  }
  for (const r of results.results) {
    console.log(`${r.state === 'passed' ? '  ✔' : '  ✘'} ${r.title}${r.ms !== undefined ? ` (${r.ms} ms)` : ''}`);
    if (r.error) console.log(r.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  const passed = results.results.filter((r) => r.state === 'passed').length;
  const failed = results.results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  if (!results.done) console.error('The suite did not finish.');
  return failed === 0 && results.done && passed > 0 ? 0 : 1;
}
