import { glob } from 'tinyglobby';
import { checkEntry, readRecord, RECORD_FILE } from './record';

/** Most record files read under one root: a repository has a handful; a hostile one may have thousands. */
export const MAX_RECORD_FILES = 1000;

/**
 * Every connector id that a record under `root` names, whatever file it names it for: a live
 * connector with one of these ids belongs to a file, so no other file may adopt it. Records are
 * read the hardened way (no links, nothing outside the root, every entry checked); a record or an
 * entry with a problem names nothing. Past MAX_RECORD_FILES the answer is an error, never a guess.
 */
export async function recordedIds(root: string): Promise<Set<number> | { problem: string }> {
  const files = await glob(`**/${RECORD_FILE}`, { cwd: root, absolute: true, followSymbolicLinks: false, ignore: ['**/node_modules/**', '**/.git/**'] });
  if (files.length > MAX_RECORD_FILES) return { problem: `more than ${MAX_RECORD_FILES} ${RECORD_FILE} files under ${root}; plan a smaller folder (--root).` };
  const ids = new Set<number>();
  for (const file of files) {
    const read = readRecord(file, root);
    if (read.problem) continue;
    for (const raw of read.entries.values()) {
      const entry = checkEntry(raw);
      if (!('problem' in entry) && entry.id !== undefined) ids.add(entry.id);
    }
  }
  return ids;
}
