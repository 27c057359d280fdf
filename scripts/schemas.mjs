// `npm run schemas`: writes schemas/standalone/<name>.schema.json from schemas/*.json (after tsc -b),
// and removes standalone files whose request schema is gone.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { standaloneSchemas } = createRequire(import.meta.url)(join(root, 'out/server/src/core/schema/standalone.js'));
const dir = join(root, 'schemas/standalone');
mkdirSync(dir, { recursive: true });
const written = new Set();
for (const { name, text } of standaloneSchemas()) {
  const file = `${name}.schema.json`;
  writeFileSync(join(dir, file), text);
  written.add(file);
  console.log(`wrote schemas/standalone/${file}`);
}
for (const file of readdirSync(dir)) {
  if (file.endsWith('.json') && !written.has(file)) {
    rmSync(join(dir, file));
    console.log(`removed schemas/standalone/${file}`);
  }
}
