// `npm run readme:codes`: writes the README's table of finding codes from the code table (after tsc -b).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { codesTable } = createRequire(import.meta.url)(join(root, 'out/server/src/core/findingCodes.js'));
const file = join(root, 'README.md');
const text = readFileSync(file, 'utf8');
const block = /(<!-- codes:start[^\n]*-->\n)[\s\S]*?(<!-- codes:end -->)/;
if (!block.test(text)) throw new Error('README.md has no codes:start / codes:end block');
writeFileSync(file, text.replace(block, (_, start, end) => `${start}${codesTable()}\n${end}`));
console.log(`wrote the table of codes in ${file}`);
