import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What of server/src the client may import: everything else there is refused. */
const CLIENT_SHARED = [
  '**/server/src/*',
  '!**/server/src/protocol',
  '!**/server/src/send',
  '!**/server/src/fleet',
  '!**/server/src/workspace',
  '!**/server/src/core',
  '**/server/src/core/*',
  '!**/server/src/core/model',
  '!**/server/src/core/tree',
  '!**/server/src/core/format',
  '!**/server/src/core/displayText',
  '!**/server/src/core/fleet',
];

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', '.vscode-test/', 'test/fixtures/', 'scripts/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'eqeqeq': ['error', 'smart'],
      'no-console': 'off',
    },
  },
  // Layers import one way (see README, Development): a core of no I/O and no LSP; the language service
  // and the wire code each over the core alone; the record's I/O, the emulator, the LSP wiring, the CLI
  // and the client above them.
  ...layers({
    'server/src/core/**': { layers: ['service', 'send', 'emulator', 'workspace', 'fleet', 'lsp', 'cli', 'client'], io: true, lsp: true },
    'server/src/service/**': { layers: ['send', 'emulator', 'workspace', 'fleet', 'lsp', 'cli', 'client'], io: true, lsp: true },
    'server/src/send/**': { layers: ['service', 'emulator', 'workspace', 'fleet', 'lsp', 'cli', 'client'], lsp: true },
    'server/src/workspace/**': { layers: ['service', 'send', 'emulator', 'fleet', 'lsp', 'cli', 'client'], lsp: true },
    'server/src/emulator/**': { layers: ['service', 'send', 'workspace', 'fleet', 'lsp', 'cli', 'client'], lsp: true },
    // Connectors as code (plan, apply, pull) over send and the record: shared by the CLI and the client.
    'server/src/fleet/**': { layers: ['service', 'emulator', 'lsp', 'cli', 'client'], lsp: true },
    'server/src/lsp/**': { layers: ['send', 'emulator', 'fleet', 'cli', 'client'] },
    'server/src/cli/**': { layers: ['lsp', 'client'], lsp: true },
  }),
  {
    // The client's boundary (as vscode-eslint's client and server share only their `shared` folder):
    // what a request file says (parsing, validation, completion, conversion, preparing a send) is
    // asked of the language server; the client runs only the shared layers, the ones the CLI runs
    // too and that need the extension host's keychain and network: the wire (send/), the fleet engine
    // (fleet/, core/fleet/), the record (workspace/), and the vocabulary (the model, formats, the
    // protocol's messages).
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: CLIENT_SHARED,
              message: 'The client asks the language server about request files; it imports only the shared layers: see the client block in eslint.config.mjs.',
            },
          ],
        },
      ],
    },
  },
  {
    // Spreading an array into arguments puts every item on the stack: a hostile file's hundred
    // thousand findings overflowed it. Loops and concat have no such limit.
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='push'] > SpreadElement", message: 'push(...array) overflows the stack on large arrays: use a loop or concat.' }],
    },
  },
);

/** One `no-restricted-imports` block per layer: the folders it may not import, and whether I/O or LSP modules are off limits. */
function layers(table) {
  const IO = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'http', 'node:http', 'https', 'node:https', 'net', 'node:net', 'child_process', 'node:child_process', 'node-fetch'];
  const LSP = ['vscode', 'vscode-languageserver', 'vscode-languageserver/node', 'vscode-languageclient', 'vscode-languageclient/node'];
  return Object.entries(table).map(([files, rule]) => ({
    files: [files.replace(/\*\*$/, '**/*.ts')],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...(rule.io ? IO : []), ...(rule.lsp ? LSP : [])].map((name) => ({ name, message: `${files.split('/')[2]} may not import ${name}: see the layers in eslint.config.mjs.` })),
          // core/fleet (the fleet's pure parts) is core, not the fleet layer: `./fleet/…` from core's root, `…/core/fleet/…` from above.
          patterns: [{ group: [...rule.layers.flatMap((l) => [`**/${l}/*`, `**/${l}`]), ...(rule.layers.includes('fleet') ? ['!**/core/fleet', '!**/core/fleet/*', ...(files.startsWith('server/src/core/') ? ['!./fleet', '!./fleet/*'] : [])] : [])], message: 'Layers import one way: see eslint.config.mjs.' }],
        },
      ],
    },
  }));
}
