import * as vscode from 'vscode';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConnectorKind } from '../../../server/src/core/model';
import { checkEntry, isInside, readRecord, RECORD_FILE } from '../../../server/src/workspace/record';

/** Most record files read: a workspace has a handful; a hostile one may have thousands. */
const MAX_RECORDS = 50;

/** `aws:843003`: how a recorded connector is looked up. */
export function connectorKey(kind: ConnectorKind, id: number): string {
  return `${kind}:${id}`;
}

/**
 * The workspace's request files recorded as the update (or any operation) of a connector, by
 * `kind:id`: from every `qualys-targets.json` of the workspace, read the hardened way (no links, no
 * file outside its workspace folder, every entry checked). A record or entry with a problem is
 * skipped: a file it names is not offered as the connector's.
 */
export async function recordedConnectorFiles(): Promise<Map<string, vscode.Uri>> {
  const found = new Map<string, vscode.Uri>();
  const records = await vscode.workspace.findFiles(`**/${RECORD_FILE}`, '**/node_modules/**', MAX_RECORDS);
  for (const record of records.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    const folder = vscode.workspace.getWorkspaceFolder(record);
    if (!folder || record.scheme !== 'file') continue;
    const read = readRecord(record.fsPath, folder.uri.fsPath);
    if (read.problem) continue;
    for (const [key, raw] of read.entries) {
      const entry = checkEntry(raw);
      if ('problem' in entry || entry.id === undefined || !entry.kind) continue;
      const file = resolve(dirname(record.fsPath), key);
      if (!isInside(folder.uri.fsPath, file) || !insideReally(folder.uri.fsPath, file)) continue;
      const k = connectorKey(entry.kind, entry.id);
      if (!found.has(k)) found.set(k, vscode.Uri.file(file));
    }
  }
  return found;
}

/** The file exists and, links resolved, is still inside the folder. */
function insideReally(folder: string, file: string): boolean {
  try {
    return isInside(realpathSync(folder), realpathSync(file));
  } catch {
    return false;
  }
}
