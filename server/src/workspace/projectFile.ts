import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';

/**
 * Reads a small file a cloned repository controls (`qualys-targets.json`, `.qualys-connector.json`)
 * as hostile: a regular file inside the project, never through a link, device or FIFO, at most
 * `maxBytes` (read by the file's size, not the cap). The answer is its text or why it is not used,
 * with its stamp either way so that a cache can tell a changed file.
 */
export function readProjectFile(file: string, root: string, maxBytes: number, what: string): { text: string; stamp: string } | { problem: string; stamp: string } {
  const shown = basename(file);
  let info: Stats;
  try {
    info = lstatSync(file);
  } catch {
    return { problem: `${shown} could not be read.`, stamp: 'none' };
  }
  const stamp = stampOf(info);
  const fail = (problem: string): { problem: string; stamp: string } => ({ problem, stamp });
  if (info.isSymbolicLink()) return fail(`${shown} is a symbolic link: ${what} must be a regular file in the workspace, so it is not used.`);
  if (!info.isFile()) return fail(`${shown} is not a regular file, so it is not used.`);
  if (info.size > maxBytes) return fail(`${shown} is ${info.size} bytes, more than the ${maxBytes} ${what} may be, so it is not used.`);
  if (!isInside(realPath(root), realPath(dirname(file)))) return fail(`${shown} is outside the workspace, so it is not used.`);
  try {
    return { text: readBounded(file, maxBytes), stamp };
  } catch (e) {
    return fail(`${shown} could not be read: ${(e as Error).message}`);
  }
}

/** What identifies one version of a file: a cache compares it to tell a changed file. */
export function fileStamp(file: string): string {
  try {
    return stampOf(lstatSync(file));
  } catch {
    return 'none';
  }
}

function stampOf(info: Stats): string {
  return `${info.ino}:${info.size}:${info.mtimeMs}`;
}

/** The real path of a folder, or the path itself when it cannot be resolved. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Reads at most `maxBytes`, never following a link and never waiting on a FIFO. */
export function readBounded(path: string, maxBytes: number): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new Error('not a regular file');
    // Sized by the file, not the cap: a record of a few entries costs bytes, not megabytes, to read.
    let buffer = Buffer.alloc(Math.min(maxBytes, info.size) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        // Full: the file grew since it was measured; grow up to one byte past the cap.
        const grown = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

/** Whether `path` is `root` or below it (both as given: resolve links first where they matter). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Whether anything (a link included) is at `path`. */
export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The nearest file called `name` from `file`'s folder up to `root` (inclusive); none for a file outside `root`. */
export function findUp(file: string, root: string, name: string): string | undefined {
  if (!isInside(root, file)) return undefined;
  let dir = dirname(file);
  for (let i = 0; i < 128; i++) {
    const candidate = join(dir, name);
    if (exists(candidate)) return candidate;
    if (dir === root || !isInside(root, dir)) return undefined;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  return undefined;
}

/**
 * What was read of project files (a record, a rule file), by root and file: a file is read again only
 * when its stamp (inode, size, time) changed since, or when `invalidate` says so for what a stamp
 * cannot see (a rewrite of the same size within the clock's resolution). The root is part of the
 * key: whether a file is inside it is part of what was read.
 */
export class StampedReads<T extends { file: string; stamp: string }> {
  private readonly reads = new Map<string, T>();

  constructor(private readonly read: (file: string, root: string) => T) {}

  get(file: string, root: string): T {
    const key = `${root}\0${file}`;
    let read = this.reads.get(key);
    if (!read || read.stamp !== fileStamp(file)) {
      read = this.read(file, root);
      this.reads.set(key, read);
    }
    return read;
  }

  /** Forgets what was read of `file` (of every file when none is named). */
  invalidate(file?: string): void {
    if (file === undefined) this.reads.clear();
    else for (const [key, read] of this.reads) if (read.file === file) this.reads.delete(key);
  }
}
