import * as vscode from 'vscode';

/**
 * The document a send command acts on: the one its argument names (a Uri from the CodeLens, the
 * editor title or the status bar; a URI string or `{uri}` from a script), else the active editor's.
 */
export async function documentFor(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = uriOf(arg);
  if (!uri) return vscode.window.activeTextEditor?.document;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch {
    return undefined;
  }
}

export function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return parseUri(arg);
  if (arg && typeof arg === 'object' && 'uri' in arg) {
    const u = (arg as { uri: unknown }).uri;
    if (u instanceof vscode.Uri) return u;
    if (typeof u === 'string') return parseUri(u);
  }
  return undefined;
}

function parseUri(text: string): vscode.Uri | undefined {
  try {
    // A bare path is taken as a file; anything with a scheme (file:, untitled:) as a URI.
    return /^[A-Za-z][A-Za-z0-9+.-]+:/.test(text) && !/^[A-Za-z]:[\\/]/.test(text) ? vscode.Uri.parse(text, true) : vscode.Uri.file(text);
  } catch {
    return undefined;
  }
}
