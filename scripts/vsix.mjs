// The packaged extension for npm start, built and installed into code-server only when something it
// is made from changed: a second `npm start` then skips the ~5 s of bundling and vsce, and the ~3 s
// of code-server's --install-extension.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStep } from './progress.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const VSIX = join(root, 'qualys-connector.vsix');

/** What the .vsix is made from: the bundles' sources and everything .vscodeignore lets in. */
const INPUTS = ['client/src', 'server/src', 'schemas', 'snippets', 'syntaxes', 'language-configuration', 'images', 'scripts/build.mjs', 'scripts/noNodeBuiltins.mjs', 'scripts/whatwg-url-shim.cjs', 'package.json', 'package-lock.json', 'README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), s.mtimeMs);
}

/** Builds qualys-connector.vsix unless it is newer than every file it is made from. */
export async function ensureVsix() {
  const built = existsSync(VSIX) ? statSync(VSIX).mtimeMs : 0;
  if (built > Math.max(...INPUTS.map((p) => newestMtime(join(root, p))))) {
    console.log('   qualys-connector.vsix is up to date');
    return;
  }
  await runStep('build and package', 'npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Installs the .vsix into code-server's extensions folder unless this very file is installed there. */
export async function installVsix(codeServer, userData, extensions) {
  const marker = join(extensions, '.qualys-connector-vsix');
  const s = statSync(VSIX);
  const stamp = `${s.mtimeMs} ${s.size}`;
  if (existsSync(marker) && readFileSync(marker, 'utf8') === stamp) {
    console.log('   the extension is already installed');
    return;
  }
  await runStep('install qualys-connector.vsix', process.execPath, [codeServer, '--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(marker, stamp);
}
