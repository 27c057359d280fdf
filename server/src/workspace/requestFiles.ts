import { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface RequestFileSearch {
  /** Whether a file (its path) is one to check: a request or fleet name, or an include glob. */
  wanted: (path: string) => boolean;
  /** Whether a file or folder (its path) is left out (`files.exclude`). */
  excluded: (path: string) => boolean;
  /** Most files found; the search stops at one more. */
  maxFiles: number;
  /** Asked between folders: a newer search has started, this one stops. */
  cancelled: () => boolean;
}

export interface FoundRequestFiles {
  files: string[];
  /** Whether more files, or more folder entries than are looked at, were left out. */
  capped: boolean;
  cancelled: boolean;
}

/** Most folder entries looked at in one search: a clone with millions of files costs a bounded walk. */
export const MAX_ENTRIES = 200_000;

/**
 * The request files under the workspace folders, for the Problems panel: dot folders and
 * node_modules left out (as plan's folder walk does), links never followed (neither to folders nor
 * to files: a repository's link may lead anywhere), at most `maxFiles` files and `MAX_ENTRIES`
 * entries, folder by folder with a pause between them so the server keeps answering.
 */
export async function findRequestFiles(roots: readonly string[], search: RequestFileSearch): Promise<FoundRequestFiles> {
  const files: string[] = [];
  const stack = [...roots].reverse();
  let entries = 0;
  while (stack.length > 0) {
    if (search.cancelled()) return { files, capped: false, cancelled: true };
    const dir = stack.pop() as string;
    const list: Dirent[] = await readdir(dir, { withFileTypes: true }).catch(() => []);
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const folders: string[] = [];
    for (const e of list) {
      if (++entries > MAX_ENTRIES) return { files, capped: true, cancelled: false };
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const path = join(dir, e.name);
      // Dirent types come from lstat: a link is neither a file nor a folder here, so it is never followed.
      if (e.isSymbolicLink() || search.excluded(path)) continue;
      if (e.isDirectory()) folders.push(path);
      else if (e.isFile() && search.wanted(path)) {
        if (files.length >= search.maxFiles) return { files, capped: true, cancelled: false };
        files.push(path);
      }
    }
    // A folder's files before its subfolders, each in name order.
    for (let i = folders.length - 1; i >= 0; i--) stack.push(folders[i]);
  }
  return { files, capped: false, cancelled: false };
}
