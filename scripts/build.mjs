// Bundles each entry point to one CommonJS file in dist/ (type-checking is `tsc -b`'s job), and the
// web extension to dist/browser/ for a browser-only VS Code (github.dev, vscode.dev).
import { build } from 'esbuild';
import { noNodeBuiltins } from './noNodeBuiltins.mjs';
import Module from 'node:module';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // jsonc-parser's default (UMD) build cannot be bundled; its ESM build can.
  mainFields: ['module', 'main'],
  alias: { 'whatwg-url': './scripts/whatwg-url-shim.cjs' },
  // Some dependencies ship only ESM that reads import.meta.url; give the CommonJS bundle its equivalent.
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

const browser = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  minify: production,
  logLevel: 'warning',
  mainFields: ['browser', 'module', 'main'],
  plugins: [noNodeBuiltins],
};

/**
 * The web extension: its language server as a worker script, embedded in the extension bundle as
 * text that it starts from a Blob (code-server refuses a worker from an extension's own files, and a
 * blob needs no read of the extension's folder, whatever its scheme).
 */
async function buildBrowser() {
  const server = await build({ ...browser, entryPoints: ['server/src/serverWeb.ts'], format: 'iife', write: false, outfile: 'dist/browser/server.js' });
  const serverSource = server.outputFiles[0].text;
  await build({
    ...browser,
    entryPoints: ['client/src/extensionWeb.ts'],
    outfile: 'dist/browser/extension.js',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: !production,
    define: { QUALYS_WEB_SERVER_SOURCE: JSON.stringify(serverSource) },
  });
}

/**
 * The request schemas' validators compiled ahead of time (ajv's standalone code) into
 * dist/validators.js, which the server loads at start instead of compiling a schema before its
 * first diagnostics. Made from the sources (not out/, which may be stale) in this same build, so
 * they are always of the schemas bundled beside them.
 */
async function validators() {
  const file = join(process.cwd(), 'dist', 'validators-generator.cjs');
  const generator = await build({ ...common, sourcemap: false, minify: false, write: false, entryPoints: ['server/src/core/validation/aheadOfTime.ts'], outfile: file });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(process.cwd());
  mod._compile(generator.outputFiles[0].text, file);
  const code = mod.exports.validatorsCode();
  // Bundled again: the standalone code requires ajv's small runtime helpers, which the .vsix does not ship as node_modules.
  await build({ ...common, sourcemap: false, stdin: { contents: code, resolveDir: process.cwd(), sourcefile: 'validators.js', loader: 'js' }, outfile: 'dist/validators.js' });
}

await Promise.all([
  validators(),
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: "#!/usr/bin/env node\nconst importMetaUrl = require('url').pathToFileURL(__filename).href;" } }),
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: "#!/usr/bin/env node\nconst importMetaUrl = require('url').pathToFileURL(__filename).href;" } }),
  buildBrowser(),
]);
