import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isConnectorId, isKind } from '../core/model';
import { storable } from './operations';
import { ConnectorStore, FIRST_ID, StoredConnector, SyncStatus } from './store';
import { isObject } from './values';

/** A data file larger than this is refused at start: thousands of connectors take a few megabytes. */
export const MAX_DATA_FILE_BYTES = 64 * 1024 * 1024;

/** Written into the file so that a later format can tell an older one. */
const FORMAT = 'qualys-connector-emulator/1';

/**
 * The store kept in `file`: empty when there is no such file; an Error saying what is wrong with it
 * otherwise, so that the emulator refuses to start rather than overwrite data it could not read.
 * Secrets a hand-edited file may hold are dropped, as they are from requests.
 */
export function loadStore(file: string): ConnectorStore {
  let text: string;
  try {
    const info = statSync(file);
    if (!info.isFile()) throw problem(file, 'it is not a regular file');
    if (info.size > MAX_DATA_FILE_BYTES) throw problem(file, `it is larger than ${MAX_DATA_FILE_BYTES / 1048576} MB`);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new ConnectorStore();
    if (e instanceof DataFileError) throw e;
    throw problem(file, `it cannot be read (${(e as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw problem(file, `it is not JSON (${(e as Error).message})`);
  }
  if (!isObject(data) || data.format !== FORMAT || !Array.isArray(data.connectors)) throw problem(file, `it is not an emulator data file (expected {"format": "${FORMAT}", "connectors": [...]})`);
  const nextId = isConnectorId(data.nextId) ? data.nextId : FIRST_ID;
  const seen = new Set<number>();
  const connectors: StoredConnector[] = [];
  for (const [i, c] of data.connectors.entries()) {
    const where = `connectors[${i}]`;
    if (!isObject(c) || !isConnectorId(c.id) || !isKind(c.kind) || typeof c.connectorState !== 'string' || !isObject(c.fields)) {
      throw problem(file, `${where} must have an id (a positive integer), a kind (aws, azure, gcp or oci), a connectorState and fields`);
    }
    if (seen.has(c.id)) throw problem(file, `${where} repeats id ${c.id}`);
    seen.add(c.id);
    connectors.push({ id: c.id, kind: c.kind, connectorState: c.connectorState, fields: storable(c.fields, c.kind), ...syncOf(c.sync) });
  }
  return ConnectorStore.from({ nextId, connectors });
}

/**
 * Writes the store to `file` atomically: a temporary file in the same folder, renamed over it, so
 * that a reader (or a crash) sees the old state or the new one, never half of one. Readable by the
 * user only: connector names and account ids are not for everyone on the machine.
 */
export function saveStore(file: string, store: ConnectorStore): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const text = JSON.stringify({ format: FORMAT, ...store.snapshot() }, null, 1) + '\n';
  try {
    writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

export class DataFileError extends Error {}

function problem(file: string, why: string): DataFileError {
  return new DataFileError(`Cannot use the data file ${file}: ${why}. Fix or move it, or give another --data file.`);
}

/** The sync status kept in a data file: its three strings, nothing else. */
function syncOf(value: unknown): { sync?: SyncStatus } {
  if (!isObject(value)) return {};
  const sync: SyncStatus = {};
  for (const key of ['lastSync', 'nextSync', 'lastError'] as const) if (typeof value[key] === 'string') sync[key] = value[key];
  return { sync };
}
