import { isConnectorId, isKind, isOperation, KIND_NAMES, OPERATION_NAMES } from '../core/model';
import { Recorded, RecordLookup } from '../core/target';

/**
 * The record's text and entries, with no I/O: what `record.ts` reads from disk, and the browser
 * build's server from what the editor hands it, are read by these alone, so both say the same.
 */

/**
 * `qualys-targets.json`: where each request file goes (operation, connector id, kind), kept beside
 * the requests so the body is never touched. A cloned repository writes it, so it is read as
 * hostile: only a small regular file inside the project, never through a link, every entry
 * checked; and written only in place, atomically. The platform is never kept here: a repository
 * must not choose where credentials go.
 */
export const RECORD_FILE = 'qualys-targets.json';
/**
 * An entry takes about 100 bytes: 10,000 connectors (an organization's accounts) are about 1 MB, and
 * 4 MB holds some 30,000, while a hostile record still costs at most 4 MB and a few ms to read.
 */
export const MAX_RECORD_BYTES = 4 * 1024 * 1024;

/** What one read of a record file gave: its entries, or why it cannot be used. */
export interface RecordRead {
  file: string;
  /** The record's folder, as entries' keys are relative to it. */
  dir: string;
  entries: ReadonlyMap<string, unknown>;
  problem?: string;
  /** Identity of what was read, so a cache can tell a changed file. */
  stamp: string;
}

/** A record's text read: its entries, or why none is read from it. */
export function parseRecord(text: string, file: string, dir: string, stamp: string): RecordRead {
  const fail = (problem: string): RecordRead => ({ file, dir, entries: new Map(), problem, stamp });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail(`${RECORD_FILE} is not valid JSON (${(e as Error).message}), so no target is read from it.`);
  }
  const targets = isPlainObject(parsed) ? parsed.targets : undefined;
  if (targets !== undefined && !isPlainObject(targets)) return fail(`${RECORD_FILE}: "targets" must be an object of request file names.`);
  return { file, dir, entries: new Map(Object.entries(targets ?? {})), stamp };
}

/** What the record says of the file under `key` (its path from the record's folder, with `/`), checked; a wrong entry is a problem, never ignored. */
export function entryOfKey(read: RecordRead, key: string): RecordLookup {
  if (read.problem) return { problem: read.problem, file: read.file };
  const raw = read.entries.get(key);
  if (raw === undefined) return { file: read.file };
  const checked = checkEntry(raw);
  return 'problem' in checked ? { problem: `${RECORD_FILE}, entry "${printable(key)}": ${checked.problem}`, file: read.file } : { recorded: checked, file: read.file };
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

/** One entry of the record, as the record and the command line must give it. */
export function checkEntry(raw: unknown): Recorded | { problem: string } {
  if (!isPlainObject(raw)) return { problem: 'each entry must be an object such as {"operation": "update", "id": 843003}.' };
  const out: Recorded = {};
  if (raw.operation !== undefined) {
    if (!isOperation(raw.operation)) return { problem: `unknown operation ${quoted(raw.operation)}; expected one of ${OPERATION_NAMES.join(', ')}.` };
    out.operation = raw.operation;
  }
  if (raw.id !== undefined) {
    if (!isConnectorId(raw.id)) return { problem: `the id ${quoted(raw.id)} is not a connector id (a positive whole number up to ${Number.MAX_SAFE_INTEGER}).` };
    out.id = raw.id;
  }
  if (raw.kind !== undefined) {
    if (!isKind(raw.kind)) return { problem: `unknown connector kind ${quoted(raw.kind)}; expected one of ${KIND_NAMES.join(', ')}.` };
    out.kind = raw.kind;
  }
  if (raw.creating !== undefined) {
    if (typeof raw.creating !== 'string' || !ISO_TIME.test(raw.creating)) return { problem: `"creating" must be the time apply sent the create (${new Date(0).toISOString()}); got ${quoted(raw.creating)}.` };
    out.creating = raw.creating;
  }
  if (raw.created !== undefined) {
    if (typeof raw.created !== 'string' || !ISO_TIME.test(raw.created)) return { problem: `"created" must be the time Send Request created the connector (${new Date(0).toISOString()}); got ${quoted(raw.created)}.` };
    out.created = raw.created;
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function quoted(v: unknown): string {
  return printable(typeof v === 'string' ? JSON.stringify(v) : String(JSON.stringify(v) ?? v));
}

/** At most 80 printable characters of something the repository wrote. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const clean = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 80 ? `${clean.slice(0, 77)}...` : clean;
}
