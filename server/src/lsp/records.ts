import { fileURLToPath } from 'node:url';
import { relative, isAbsolute } from 'node:path';
import { RecordLookup } from '../core/target';
import { entryFor, findRecord, projectRoot, readRecord, RecordRead, recordStamp } from '../workspace/record';

/**
 * The server's reader of `qualys-targets.json`: the language service asks it at each analysis, so
 * reads are cached and dropped when the watched file changes. Where the client cannot watch files,
 * a read is checked against the file's identity (inode, size, time) each time instead.
 */
export class RecordCache {
  private readonly found = new Map<string, string | undefined>();
  private readonly reads = new Map<string, RecordRead>();
  private roots: string[] = [];
  watched = false;

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
    this.found.clear();
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
    let recordFile = this.watched ? this.found.get(file) : undefined;
    if (recordFile === undefined && !(this.watched && this.found.has(file))) {
      recordFile = findRecord(file, root);
      if (this.watched) this.found.set(file, recordFile);
    }
    if (!recordFile) return {};
    let read = this.reads.get(recordFile);
    if (!read || (!this.watched && read.stamp !== recordStamp(recordFile))) {
      read = readRecord(recordFile, root);
      this.reads.set(recordFile, read);
    }
    return entryFor(read, file);
  }

  private rootOf(file: string): string {
    let best: string | undefined;
    for (const r of this.roots) {
      const rel = relative(r, file);
      if (!rel.startsWith('..') && !isAbsolute(rel) && (!best || r.length > best.length)) best = r;
    }
    return best ?? projectRoot(file);
  }
}
