import { fileURLToPath } from 'node:url';
import { RecordLookup } from '../core/target';
import { entryFor, findRecord, isInside, projectRoot, readRecord, RecordRead, recordStamp } from '../workspace/record';

/**
 * The server's reader of `qualys-targets.json`: the language service asks it at each analysis.
 * Each lookup walks up to the record (a few lstat calls) and re-reads it only when its identity
 * (inode, size, time) changed, so an answer is never stale: a Send right after Set Target sees the
 * new record before the watcher's event arrives. The watcher's event re-checks open files.
 */
export class RecordCache {
  private readonly reads = new Map<string, RecordRead>();
  private roots: string[] = [];

  /** The workspace folders: a file's record is looked for up to the folder that holds it. */
  setRoots(uris: readonly string[]): void {
    this.roots = uris.flatMap((u) => {
      try {
        return [fileURLToPath(u)];
      } catch {
        return [];
      }
    });
    this.invalidate();
  }

  invalidate(): void {
    this.reads.clear();
  }

  lookup(uri: string): RecordLookup {
    if (!uri.startsWith('file:')) return {};
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return {};
    }
    const root = this.rootOf(file);
    const recordFile = findRecord(file, root);
    if (!recordFile) return {};
    let read = this.reads.get(recordFile);
    if (!read || read.stamp !== recordStamp(recordFile)) {
      read = readRecord(recordFile, root);
      this.reads.set(recordFile, read);
    }
    return entryFor(read, file);
  }

  private rootOf(file: string): string {
    let best: string | undefined;
    for (const r of this.roots) {
      if (isInside(r, file) && (!best || r.length > best.length)) best = r;
    }
    return best ?? projectRoot(file);
  }
}
