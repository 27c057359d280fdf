import * as vscode from 'vscode';
import { ListFleetFilesParams, ListFleetFilesRequest, ListFleetFilesResult, ReadProjectFileParams, ReadProjectFileRequest, ReadProjectFileResult } from '../../../server/src/protocol';
import { FLEET_NAME, MAX_FLEETS_BESIDE } from '../../../server/src/core/fleet/fleetFile';

export const READ_PROJECT_FILE = ReadProjectFileRequest.type;
export const LIST_FLEET_FILES = ListFleetFilesRequest.type;

/**
 * Reads a workspace file for the browser build's server (the record, the rule file, a fleet's
 * template or inventory), as hostile as the Node server reads it from disk: only inside a workspace
 * folder, never through a link, a regular file only, refused unread when larger than asked (and
 * never more than 16 MiB, whatever is asked). It only reads.
 */
export async function readProjectFile(params: ReadProjectFileParams): Promise<ReadProjectFileResult> {
  const inWorkspace = workspaceUri(params.uri, 'file');
  if ('problem' in inWorkspace) return inWorkspace;
  const { uri, folder } = inWorkspace;
  const cap = Math.min(Number.isFinite(params.maxBytes) ? params.maxBytes : 0, ReadProjectFileRequest.MAX_BYTES);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch {
    // Not there (a file system may say so in its own words): nothing to read, as a missing file on disk.
    return { missing: true };
  }
  if (stat.type & vscode.FileType.SymbolicLink) return { problem: 'is a symbolic link: it must be a regular file in the workspace' };
  // A folder on the way that is a link may lead outside the workspace, and a browser cannot tell where it ends.
  if (await throughLink(folder.uri, uri)) return { problem: 'is in a folder that is a symbolic link: it must be a regular file in the workspace' };
  if (stat.type !== vscode.FileType.File) return { problem: 'is not a regular file' };
  const tooLarge = (size: number): ReadProjectFileResult => ({ problem: `is ${size} bytes, more than the ${cap} it may be` });
  if (stat.size > cap) return tooLarge(stat.size);
  try {
    const bytes = await vscode.workspace.fs.readFile(uri);
    return bytes.byteLength > cap ? tooLarge(bytes.byteLength) : { text: new TextDecoder().decode(bytes) };
  } catch (e) {
    return { problem: `could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
}

/**
 * Lists the fleet files in a workspace folder for the browser build's server (the fleets that may
 * name a template beside them): only inside a workspace folder, not in or through a link, regular
 * files only (a link is not one), the first few by name.
 */
export async function listFleetFiles(params: ListFleetFilesParams): Promise<ListFleetFilesResult> {
  const inWorkspace = workspaceUri(params.uri, 'folder');
  if ('problem' in inWorkspace) return inWorkspace;
  const { uri, folder } = inWorkspace;
  try {
    // The folder itself counts as a folder on the way: one that is a link may lead outside the workspace.
    if (await throughLink(folder.uri, vscode.Uri.joinPath(uri, 'x'))) return { problem: 'is a symbolic link or inside one' };
    const entries = await vscode.workspace.fs.readDirectory(uri);
    const names = entries.filter(([name, type]) => type === vscode.FileType.File && FLEET_NAME.test(name)).map(([name]) => name);
    return { names: names.sort().slice(0, MAX_FLEETS_BESIDE) };
  } catch (e) {
    return { problem: `could not be listed (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** The URI the server asked for, and the workspace folder holding it; why not when it is not one or none holds it. */
function workspaceUri(given: unknown, what: 'file' | 'folder'): { uri: vscode.Uri; folder: vscode.WorkspaceFolder } | { problem: string } {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(String(given), true);
  } catch {
    return { problem: `is not a workspace ${what}` };
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return folder ? { uri, folder } : { problem: 'is outside the workspace' };
}

/** Whether a folder between the workspace folder and the file (the workspace folder itself not counted) is a link. */
async function throughLink(root: vscode.Uri, file: vscode.Uri): Promise<boolean> {
  const rootPath = root.path.endsWith('/') ? root.path : `${root.path}/`;
  if (!file.path.startsWith(rootPath)) return true;
  const folders = file.path.slice(rootPath.length).split('/').slice(0, -1);
  let dir = root;
  for (const name of folders) {
    dir = vscode.Uri.joinPath(dir, name);
    try {
      if ((await vscode.workspace.fs.stat(dir)).type & vscode.FileType.SymbolicLink) return true;
    } catch {
      return true;
    }
  }
  return false;
}
