import { lstat, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { writeAtomically } from '../workspace/atomic';

/** What writing a pulled file did. */
export type Written = 'new' | 'changed' | 'unchanged';

/**
 * Writes a file atomically (a new file beside it, renamed over it), never through a link and only
 * when its content differs, so that pulling again touches only what changed.
 */
export async function writeIfChanged(path: string, text: string): Promise<Written> {
  const info = await lstat(path).catch(() => undefined);
  if (info && !info.isFile()) throw new Error(`${basename(path)} exists and is not a regular file (a link or a folder); it is not overwritten.`);
  if (info && (await readFile(path, 'utf8')) === text) return 'unchanged';
  await writeAtomically(path, text);
  return info ? 'changed' : 'new';
}
