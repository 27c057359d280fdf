import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** One test's outcome, written where the launcher reads it: the browser page closing says nothing about pass or fail. */
export interface E2eResult {
  title: string;
  state: 'passed' | 'failed';
  error?: string;
  ms?: number;
}

/**
 * The extension-host entry point (`extensionTestsPath`), the same for @vscode/test-electron and
 * code-server: runs every `*.e2e.js` beside this file inside VS Code.
 */
export function run(): Promise<void> {
  // QUALYS_E2E_GREP runs only the tests whose title matches (while working on one feature).
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec', ...(process.env.QUALYS_E2E_GREP ? { grep: process.env.QUALYS_E2E_GREP } : {}) });
  for (const f of readdirSync(__dirname).filter((n) => n.endsWith('.e2e.js')).sort()) mocha.addFile(join(__dirname, f));
  const results: E2eResult[] = [];
  const out = process.env.QUALYS_E2E_RESULTS;
  const write = (done: boolean): void => {
    if (out) writeFileSync(out, JSON.stringify({ done, results }, null, 2));
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write(true);
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
    runner.on('fail', (t, err: Error) => {
      results.push({ title: t.fullTitle(), state: 'failed', error: `${err.message}\n${err.stack ?? ''}`.slice(0, 4000) });
      write(false);
    });
  });
}
