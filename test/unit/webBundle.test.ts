import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { tempDir } from '../harness';
import { ROOT, shipped } from './manifest';

/**
 * The web extension (package.json `browser`): a bundle that runs where there is no Node, so it must
 * reach no Node built-in; `npm run build` (before this suite in `npm test`) wrote it, and fails when
 * one creeps in. These tests read what was built, and build a file that uses one.
 */
const BUNDLE = join(ROOT, 'dist/browser/extension.js');

describe('the web extension bundle', () => {
  const text = readFileSync(BUNDLE, 'utf8');
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { browser?: string; main?: string };

  it('is the manifest\'s browser entry, and the .vsix ships it', () => {
    assert.equal(manifest.browser, './dist/browser/extension.js');
    assert.ok(shipped('dist/browser/extension.js'), '.vscodeignore lets it in');
    assert.ok(!shipped('dist/browser/extension.js.map'), 'not its source map');
  });

  it('hides every command the browser does not run (what needs the network, a keychain or writes) wherever the manifest offers it', () => {
    const m = manifest as unknown as { contributes: { menus: Record<string, { command: string; when?: string }[]>; keybindings: { command: string; when?: string }[]; viewsWelcome: { when: string; contents: string }[] } };
    // What extensionWeb.ts registers; every other command there only says why it is not in the browser.
    const inBrowser = new Set(['qualys.newRequest', 'qualys.convertToXml', 'qualys.convertToJson', 'qualys.convertToYaml', 'qualys.connectors.copyId']);
    const offered = [...Object.values(m.contributes.menus).flat(), ...m.contributes.keybindings].filter((e) => !inBrowser.has(e.command) && e.when !== 'false');
    assert.ok(offered.some((e) => e.command === 'qualys.sendRequest'));
    for (const e of offered) assert.match(e.when ?? '', /(^|&& )!qualys\.web( &&|$)/, `${e.command}: ${e.when}`);
    const welcome = m.contributes.viewsWelcome.find((w) => w.when === 'qualys.connectors.state == web');
    assert.match(welcome?.contents ?? '', /a browser cannot call the Qualys API.*CORS/);
  });

  it('holds no reference to a Node built-in: no require("fs"), no import of "node:…", in the client or the embedded server', () => {
    const names = builtinModules.map((n) => n.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&')).join('|');
    // Quotes as they appear in the bundle, and escaped inside the embedded server's text.
    const q = `(?:\\\\?["'\`])`;
    const reference = new RegExp(`(?:require\\s*\\(\\s*|from\\s*|import\\s*\\(\\s*)${q}(node:[\\w/]+|(?:${names})(?:/[\\w/]*)?)${q}`, 'g');
    const found = [...text.matchAll(reference)].map((m) => m[0]);
    assert.deepEqual(found, []);
    // The server is in it, to be started as a worker from a Blob.
    assert.match(text, /qualys-connector-ls/);
    assert.match(text, /qualys\/readProjectFile/);
  });

  it('the build refuses a Node built-in reached from a browser entry, node: ids and bare names alike', async () => {
    const { build } = (await import('esbuild')) as typeof import('esbuild');
    const { noNodeBuiltins } = (await import(join(ROOT, 'scripts/noNodeBuiltins.mjs'))) as { noNodeBuiltins: import('esbuild').Plugin };
    const dir = tempDir('web-bundle-');
    for (const [name, source] of [
      ['prefixed.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
      ['bare.ts', "import * as path from 'path';\nexport const x = path.join;\n"],
      ['subpath.ts', "import { readFile } from 'fs/promises';\nexport const x = readFile;\n"],
      ['required.ts', "declare const require: (id: string) => unknown;\nexport const x = require('child_process');\n"],
    ] as const) {
      const entry = join(dir, name);
      writeFileSync(entry, source);
      await assert.rejects(
        build({ bundle: true, platform: 'browser', write: false, logLevel: 'silent', entryPoints: [entry], plugins: [noNodeBuiltins] }),
        /is a Node built-in, imported by .*: the browser build runs where there is no Node/,
        name,
      );
    }
    const fine = join(dir, 'fine.ts');
    writeFileSync(fine, "import { TextDocument } from 'vscode-languageserver-textdocument';\nexport const x = TextDocument;\n");
    await build({ bundle: true, platform: 'browser', write: false, logLevel: 'silent', entryPoints: [fine], nodePaths: [join(ROOT, 'node_modules')], plugins: [noNodeBuiltins] });
  });
});
