import { basename, dirname, join, relative, sep } from 'node:path';
import { FLEET_NAME } from '../core/fleet/fleetFile';
import { Recorded, RecordLookup } from '../core/target';
import { checkEntry, entryOfKey, MAX_RECORD_BYTES, parseRecord, printable, RECORD_FILE, RecordRead } from './recordEntries';
import { writeAtomically } from './atomic';
import { exists, fileStamp, findUp, isInside, readBounded as readBoundedFile, readProjectFile, realPath as real } from './projectFile';

export { isInside };
export { checkEntry, MAX_RECORD_BYTES, RECORD_FILE };
export type { RecordRead };

/**
 * The folder a file's record may be in or above: the one given, else the nearest folder with
 * `.git`, else the file's own folder. Nothing above it is read.
 */
export function projectRoot(file: string, given?: string): string {
  if (given) return given;
  let dir = dirname(file);
  for (let i = 0; i < 128; i++) {
    if (exists(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return dirname(file);
}

/** The nearest record from the file's folder up to `root` (inclusive); none for a file outside `root`. */
export function findRecord(file: string, root: string): string | undefined {
  return findUp(file, root, RECORD_FILE);
}

/** Reads a record at most MAX_RECORD_BYTES long, refusing links, devices, FIFOs and places outside `root`. */
export function readRecord(recordFile: string, root: string): RecordRead {
  const dir = dirname(recordFile);
  const read = readProjectFile(recordFile, root, MAX_RECORD_BYTES, 'the record of request targets');
  if ('problem' in read) return { file: recordFile, dir, entries: new Map(), problem: read.problem, stamp: read.stamp };
  return parseRecord(read.text, recordFile, dir, read.stamp);
}

export { fileStamp as recordStamp };

/** The record's key of a file: its path from the record's folder, with `/`. */
export function recordKey(read: Pick<RecordRead, 'dir'>, file: string): string {
  return relative(read.dir, file).split(sep).join('/');
}

/** What the record says of one file, every field checked; a wrong entry is a problem, never ignored. */
export function entryFor(read: RecordRead, file: string): RecordLookup {
  return entryOfKey(read, recordKey(read, file));
}

/**
 * A fleet's accounts are recorded as entries of their own, `FLEET#KEY` (the key URI-encoded, so no
 * key can name another path): the same checks, the same atomic writes, and the ids they hold are
 * known to every plan under the root.
 */
export function fleetEntryPath(fleetFile: string, key: string): string {
  return `${fleetFile}#${encodeURIComponent(key)}`;
}

/**
 * A record entry's name read as a fleet's account: the fleet file (as the record names it) and the
 * account key, or undefined for a request file's entry. `key` is undefined when the name is not one
 * this tool wrote (not URI-decodable): the entry still belongs to the fleet, but names no account.
 */
export function fleetEntryOf(name: string): { fleet: string; key?: string } | undefined {
  const hash = name.lastIndexOf('#');
  const encoded = name.slice(hash + 1);
  if (hash < 0 || encoded === '' || encoded.includes('/') || !FLEET_NAME.test(name.slice(0, hash))) return undefined;
  try {
    return { fleet: name.slice(0, hash), key: decodeURIComponent(encoded) };
  } catch {
    return { fleet: name.slice(0, hash) };
  }
}

/** Every account key the record holds for a fleet file, with what it says of each: one pass over the record. */
export function fleetKeys(fleetFile: string, root: string): { keys: Map<string, RecordLookup>; problem?: string } {
  const recordFile = findRecord(fleetFile, root);
  const keys = new Map<string, RecordLookup>();
  if (!recordFile) return { keys };
  const read = readRecord(recordFile, root);
  if (read.problem) return { keys, problem: read.problem };
  const prefix = `${recordKey(read, fleetFile)}#`;
  for (const name of read.entries.keys()) {
    if (!name.startsWith(prefix)) continue;
    let key: string;
    try {
      key = decodeURIComponent(name.slice(prefix.length));
    } catch {
      return { keys, problem: `${RECORD_FILE}, entry "${printable(name)}": not an account key this tool wrote.` };
    }
    keys.set(key, entryFor(read, fleetEntryPath(fleetFile, key)));
  }
  return { keys };
}

/** Finds, reads and checks the record entry of a file in one step, keeping nothing: for one question; many files ask a RecordResolver. */
export function lookupRecord(file: string, root: string): RecordLookup {
  const recordFile = findRecord(file, root);
  return recordFile ? entryFor(readRecord(recordFile, root), file) : {};
}

/**
 * Records a file's target in its record (or a new one in `root`), atomically: a new file beside it,
 * then a rename over it. Refuses a record that is a link, not a regular file, or outside `root`,
 * and a request file outside `root`; a record that is not valid JSON is left as it is.
 */
export async function writeRecord(file: string, target: Recorded | null, root: string): Promise<string> {
  return (await writeRecords([{ file, target }], root))[0];
}

/** A file's new entry; `null` takes the file's entry out. */
export interface RecordItem {
  file: string;
  target: Recorded | null;
}

/** Writes to one record file, one at a time in this process: each reads what the previous wrote. */
const writing = new Map<string, Promise<unknown>>();

/**
 * Records many files' targets with one write per record file (`pull` writes hundreds), each as
 * `writeRecord` does; writes to the same record from one process never lose each other's entries
 * (`apply` records each create's id as soon as it is answered, several at once).
 */
export async function writeRecords(items: readonly RecordItem[], root: string): Promise<string[]> {
  const { byRecord, written } = groupByRecord(items, root);
  for (const [recordFile, group] of byRecord) {
    const previous = writing.get(recordFile) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => writeOne(recordFile, group, root));
    writing.set(recordFile, next);
    try {
      await next;
    } finally {
      if (writing.get(recordFile) === next) writing.delete(recordFile);
    }
  }
  return written;
}

async function writeOne(recordFile: string, items: readonly RecordItem[], root: string): Promise<void> {
  await writeAtomically(recordFile, recordText(recordFile, items, root));
}

/**
 * Whether these entries can be recorded: the reason when not (a record that cannot be read, or one
 * that would grow past MAX_RECORD_BYTES). `pull` asks before it writes a single file.
 */
export function recordProblem(items: readonly RecordItem[], root: string): string | undefined {
  try {
    for (const [recordFile, group] of groupByRecord(items, root).byRecord) recordText(recordFile, group, root);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * The items by the record file each is written to (its nearest record, else a new one in `root`),
 * and that file per item; throws for a request file outside `root`.
 */
function groupByRecord(items: readonly RecordItem[], root: string): { byRecord: Map<string, RecordItem[]>; written: string[] } {
  const byRecord = new Map<string, RecordItem[]>();
  const written: string[] = [];
  const realRoot = real(root);
  // Asked once per folder: a pull's thousands of files share one.
  const recordOfDir = new Map<string, string>();
  for (const item of items) {
    const dir = dirname(item.file);
    let recordFile = recordOfDir.get(dir);
    if (recordFile === undefined) {
      if (!isInside(realRoot, real(dir))) throw new Error(`${basename(item.file)} is outside the workspace folder; its target is not recorded.`);
      recordFile = findRecord(item.file, root) ?? join(root, RECORD_FILE);
      recordOfDir.set(dir, recordFile);
    }
    const group = byRecord.get(recordFile) ?? [];
    group.push(item);
    byRecord.set(recordFile, group);
    written.push(recordFile);
  }
  return { byRecord, written };
}

/** The record's text with these entries written in; throws when it may not be written. */
function recordText(recordFile: string, items: readonly RecordItem[], root: string): string {
  const existing = exists(recordFile) ? readRecord(recordFile, root) : undefined;
  if (existing?.problem) throw new Error(existing.problem);
  const dir = dirname(recordFile);
  if (!isInside(real(root), real(dir))) throw new Error(`${RECORD_FILE} would be outside the workspace; it is not written.`);
  const targets: Record<string, unknown> = Object.fromEntries(existing?.entries ?? []);
  for (const { file, target } of items) {
    const key = recordKey({ dir }, file);
    if (target === null) delete targets[key];
    else targets[key] = { ...(target.operation ? { operation: target.operation } : {}), ...(target.id !== undefined ? { id: target.id } : {}), ...(target.kind ? { kind: target.kind } : {}), ...(target.creating ? { creating: target.creating } : {}), ...(target.created ? { created: target.created } : {}) };
  }
  const sorted = Object.fromEntries(Object.entries(targets).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const text = JSON.stringify({ version: 1, targets: sorted }, null, 2) + '\n';
  if (Buffer.byteLength(text) > MAX_RECORD_BYTES) throw new Error(`${RECORD_FILE} would grow past ${MAX_RECORD_BYTES} bytes; it is not written.`);
  return text;
}

/** Reads at most `max` bytes (a record's cap by default), never following a link and never waiting on a FIFO. */
export function readBounded(path: string, max = MAX_RECORD_BYTES): string {
  return readBoundedFile(path, max);
}
