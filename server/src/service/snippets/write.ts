import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNIPPET_FORMATS, snippetFileText } from './index';

/** `<repo>/snippets`, from `out/server/src/service/snippets/`. */
export const SNIPPET_DIR = join(__dirname, '../../../../../snippets');

/** Writes `snippets/{xml,json,yaml}.json` from the snippet definitions; returns the paths written. */
export function writeSnippetFiles(dir = SNIPPET_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  return SNIPPET_FORMATS.map((format) => {
    const file = join(dir, `${format}.json`);
    writeFileSync(file, snippetFileText(format));
    return file;
  });
}

// `node out/server/src/service/snippets/write.js [dir]`
if (require.main === module) {
  for (const file of writeSnippetFiles(process.argv[2])) console.log(`wrote ${file}`);
}
