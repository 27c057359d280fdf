import { runTests } from '@vscode/test-electron';
import { existsSync, readFileSync } from 'node:fs';
import { prepare, removeRunFolder, REPO, report, ResultsFile, SUITE } from './launch';

/**
 * The same extension-host suite in desktop VS Code, downloaded by @vscode/test-electron (where
 * the machine can reach update.code.visualstudio.com; not on the offline CI machines, which use
 * runCodeServer). Exit status: 0 when it passed.
 */
async function main(): Promise<number> {
  const setup = await prepare();
  try {
    await runTests({
      extensionDevelopmentPath: REPO,
      extensionTestsPath: SUITE,
      extensionTestsEnv: setup.env,
      launchArgs: [setup.workspace, '--user-data-dir', setup.userData, '--extensions-dir', setup.extensions, '--disable-workspace-trust'],
    });
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
  } finally {
    await setup.emulator.close();
    removeRunFolder(setup.base);
  }
  return report(existsSync(setup.results) ? (JSON.parse(readFileSync(setup.results, 'utf8')) as ResultsFile) : undefined);
}

main().then((code) => process.exit(code));
