import * as vscode from 'vscode';
import { RECORD_FILE } from '../../../server/src/workspace/record';
import { addRecordedHomes, ConnectorHome } from './homes';

export { connectorKey } from './homes';
export type { ConnectorHome } from './homes';

/** Most record files read: a workspace has a handful; a hostile one may have thousands. */
const MAX_RECORDS = 50;

/**
 * Where the workspace keeps each connector, by `kind:id`: its request file or its fleet file and
 * account key, from every `qualys-targets.json` of the workspace (see `addRecordedHomes`).
 */
export async function recordedConnectorFiles(): Promise<Map<string, ConnectorHome>> {
  const found = new Map<string, ConnectorHome>();
  const records = await vscode.workspace.findFiles(`**/${RECORD_FILE}`, '**/node_modules/**', MAX_RECORDS);
  for (const record of records.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    const folder = vscode.workspace.getWorkspaceFolder(record);
    if (!folder || record.scheme !== 'file') continue;
    addRecordedHomes(record.fsPath, folder.uri.fsPath, found);
  }
  return found;
}
