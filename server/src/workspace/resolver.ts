import { RecordLookup } from '../core/target';
import { entryFor, findRecord, projectRoot, readRecord, RecordRead } from './record';
import { StampedReads } from './projectFile';

/**
 * The one reader of `qualys-targets.json` for many files: the language server, the planner,
 * validate and send all ask it. Each lookup walks up to the record (a few lstat calls) and reads it
 * only when it was not read yet under this root or its identity (inode, size, time) changed since,
 * so a record of thousands of entries is read once for all its files, and an answer is never stale:
 * a Send right after Set Target sees the new record before the watcher's event arrives.
 * `invalidate(file)` is for what a stamp cannot see (a rewrite of the same size within the clock's
 * resolution): the language server's watcher calls it. The hardening (size cap, no links, nothing
 * outside the root, every entry checked) is `readRecord`'s and `entryFor`'s, unchanged.
 */
export class RecordResolver {
  private readonly reads: StampedReads<RecordRead>;

  /** `read` is for tests that count reads. */
  constructor(read: (recordFile: string, root: string) => RecordRead = readRecord) {
    this.reads = new StampedReads(read);
  }

  /** What the record says of `file`, looked for from its folder up to `root` (default: its project root). */
  lookup(file: string, root: string = projectRoot(file)): RecordLookup {
    const recordFile = findRecord(file, root);
    return recordFile ? entryFor(this.reads.get(recordFile, root), file) : {};
  }

  /** Forgets what was read of `recordFile` (every record when none is named): the next lookup reads it again. */
  invalidate(recordFile?: string): void {
    this.reads.invalidate(recordFile);
  }
}
