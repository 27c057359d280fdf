import { realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { ConnectorKind } from '../../../server/src/core/model';
import { checkEntry, fleetEntryOf, isInside, readRecord } from '../../../server/src/workspace/record';

/**
 * Where a connector is kept in the workspace, as a record says: the request file recorded as its
 * update (or any operation), or the fleet file whose account it is (a `FLEET#KEY` entry). Free of
 * `vscode`, so it is unit-tested in plain Node.
 */
export interface ConnectorHome {
  /** The request or fleet file, absolute. */
  file: string;
  /** The file from the workspace folder, with `/`. */
  shown: string;
  /** For a fleet's account: the account's key, as the record holds it (a user's string: show it with `printable`). */
  fleetKey?: string;
}

/** `aws:843003`: how a recorded connector is looked up. */
export function connectorKey(kind: ConnectorKind, id: number): string {
  return `${kind}:${id}`;
}

/**
 * Adds the connectors one record file names to `homes` (those already there are kept: the first
 * record read wins), read the hardened way: no link, no file outside the workspace folder with its
 * links resolved, every entry checked. A record or entry with a problem (a fleet entry's key that
 * this tool did not write included) is skipped: a file it names is not offered as the connector's.
 */
export function addRecordedHomes(recordFile: string, folder: string, homes: Map<string, ConnectorHome>): void {
  const read = readRecord(recordFile, folder);
  if (read.problem) return;
  for (const [name, raw] of read.entries) {
    const entry = checkEntry(raw);
    if ('problem' in entry || entry.id === undefined || !entry.kind) continue;
    const k = connectorKey(entry.kind, entry.id);
    if (homes.has(k)) continue;
    const fleet = fleetEntryOf(name);
    if (fleet && fleet.key === undefined) continue;
    const file = resolve(dirname(recordFile), fleet ? fleet.fleet : name);
    if (!isInside(folder, file) || !insideReally(folder, file)) continue;
    homes.set(k, { file, shown: relative(folder, file).split(sep).join('/'), ...(fleet ? { fleetKey: fleet.key } : {}) });
  }
}

/** The file exists and, links resolved, is still inside the folder. */
function insideReally(folder: string, file: string): boolean {
  try {
    return isInside(realpathSync(folder), realpathSync(file));
  } catch {
    return false;
  }
}
