import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';

/** The repository's root, from out/test/unit. */
export const ROOT = join(__dirname, '../../..');

/** Whether the .vsix takes a file, as vsce reads .vscodeignore: the last pattern that matches decides, `!` takes it back in. */
export function shipped(path: string): boolean {
  let ignored = false;
  for (const raw of readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (picomatch(negated ? line.slice(1) : line, { dot: true })(path)) ignored = !negated;
  }
  return !ignored;
}
