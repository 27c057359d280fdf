// `npm run snippets`: writes snippets/{xml,json,yaml}.json from the snippet definitions (after tsc -b).
// A build script, like schemas.mjs: the language service it reads does no I/O itself.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { SNIPPET_FORMATS, snippetFileText } = createRequire(import.meta.url)(join(root, 'out/server/src/service/snippets/index.js'));
const dir = process.argv[2] ?? join(root, 'snippets');
mkdirSync(dir, { recursive: true });
for (const format of SNIPPET_FORMATS) {
  const file = join(dir, `${format}.json`);
  writeFileSync(file, snippetFileText(format));
  console.log(`wrote ${file}`);
}
