import * as vscode from 'vscode';
import { ReadProjectFileParams, ReadProjectFileRequest, ReadProjectFileResult } from '../../../server/src/protocol';

export const READ_PROJECT_FILE = ReadProjectFileRequest.type;

/**
 * Reads a workspace file for the browser build's server (the record, the rule file, a fleet's
 * template or inventory), as hostile as the Node server reads it from disk: only inside a workspace
 * folder, never through a link, a regular file only, refused unread when larger than asked (and
 * never more than 16 MiB, whatever is asked). It only reads.
 */
export async function readProjectFile(params: ReadProjectFileParams): Promise<ReadProjectFileResult> {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(String(params.uri), true);
  } catch {
    return { problem: 'is not a workspace file' };
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return { problem: 'is outside the workspace' };
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
