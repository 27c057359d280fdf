import { relative, resolve } from 'node:path';
import { formatOfName } from '../core/format';
import { pulledFileName } from '../core/fleet/pulled';
import { ConnectorKind, isConnectorId } from '../core/model';
import { Format } from '../core/tree';
import { LiveConnector } from '../send/connectors';
import { checkEntry, fleetEntryOf, isInside, readRecord, RECORD_FILE } from '../workspace/record';
import { pulledText } from './pulledText';
import { writeIfChanged, Written } from './writeFile';

/** A pulled connector's file, and what writing it did. */
export interface PulledFile {
  path: string;
  kind: ConnectorKind;
  id: number;
  written: Written;
  target: { operation: 'update'; id: number; kind: ConnectorKind };
}

/**
 * The files the record in `out` already holds for connectors, by `kind:id`: pulling again writes
 * there. Only plain names of request files directly in `out` are taken from a record (it comes
 * from a repository: no path of it is trusted).
 */
export function recordedFiles(out: string): Map<string, string> {
  const read = readRecord(resolve(out, RECORD_FILE), out);
  const found = new Map<string, string>();
  if (read.problem) return found;
  for (const [key, raw] of read.entries) {
    const entry = checkEntry(raw);
    if ('problem' in entry || entry.id === undefined || !entry.kind) continue;
    const path = resolve(out, key);
    const rel = relative(out, path);
    if (!isInside(out, path) || !/^[a-z0-9][a-z0-9-]*\.qualys\.(yaml|json|xml)$/.test(rel)) continue;
    found.set(`${entry.kind}:${entry.id}`, rel);
  }
  return found;
}

/**
 * The connectors the record in `out` holds for fleet files' accounts (`FLEET#KEY` entries), by
 * `kind:id`: their fleet manages them, so pull writes no request file for them (a second file would
 * manage the same connector).
 */
export function fleetConnectors(out: string): Set<string> {
  const read = readRecord(resolve(out, RECORD_FILE), out);
  const found = new Set<string>();
  if (read.problem) return found;
  for (const [key, raw] of read.entries) {
    const entry = checkEntry(raw);
    if (!('problem' in entry) && entry.id !== undefined && entry.kind && fleetEntryOf(key)) found.add(`${entry.kind}:${entry.id}`);
  }
  return found;
}

/** Where a live connector is written in `out` (what `known` says, else a new name); none when its id is not one. */
export function pulledPath(out: string, known: ReadonlyMap<string, string>, kind: ConnectorKind, connector: LiveConnector, format: Format): string | undefined {
  const id = Number(connector.id);
  if (!isConnectorId(id)) return undefined;
  return resolve(out, known.get(`${kind}:${id}`) ?? pulledFileName(connector.name, id, kind, format));
}

/**
 * Writes one live connector as an update request in `out` (where `known` says it already is, else
 * under a new name of `a-z0-9-` only), unless its id is not one. The caller records the target.
 * `secrets` (the account's password) are masked wherever the answer echoes them.
 */
export async function writePulled(out: string, known: ReadonlyMap<string, string>, kind: ConnectorKind, connector: LiveConnector, format: Format, secrets: readonly string[]): Promise<PulledFile | undefined> {
  const id = Number(connector.id);
  const path = pulledPath(out, known, kind, connector, format);
  if (path === undefined) return undefined;
  const name = relative(out, path);
  const written = await writeIfChanged(path, pulledText(kind, connector, formatOfName(name) ?? format, secrets));
  return { path, kind, id, written, target: { operation: 'update', id, kind } };
}
