import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', '.vscode-test/', 'test/fixtures/', 'scripts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'eqeqeq': ['error', 'smart'],
      'no-console': 'off',
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
