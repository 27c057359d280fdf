import * as vscode from 'vscode';
import { posix } from 'node:path';
import { updateFileName } from './naming';
import { TargetStore } from './targetPrompt';

/**
 * After a create answered with the new connector's id: offers the matching update request, the same
 * text with its target recorded as `update #<id>`, so the next change is one click away. The file
 * is written beside the original under a free name; an untitled request gets an untitled copy.
 */
export async function offerUpdateRequest(document: vscode.TextDocument, id: number, targets: TargetStore): Promise<vscode.Uri | undefined> {
  const choice = await vscode.window.showInformationMessage(`Connector ${id} created.`, 'Write Update Request');
  if (choice !== 'Write Update Request') return undefined;
  return writeUpdateRequest(document, id, targets);
}

export async function writeUpdateRequest(document: vscode.TextDocument, id: number, targets: TargetStore): Promise<vscode.Uri | undefined> {
  const text = document.getText();
  let created: vscode.TextDocument;
  try {
    if (document.uri.scheme === 'untitled') {
      created = await vscode.workspace.openTextDocument({ language: document.languageId, content: text });
    } else {
      const target = await freeUri(document.uri, id);
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
      created = await vscode.workspace.openTextDocument(target);
    }
    await targets.write(created.uri, { operation: 'update', id });
  } catch (e) {
    void vscode.window.showErrorMessage(`The update request could not be written: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  await vscode.window.showTextDocument(created);
  return created.uri;
}

/** The first name from updateFileName not taken in the original's folder: nothing is overwritten. */
async function freeUri(original: vscode.Uri, id: number): Promise<vscode.Uri> {
  const dir = original.with({ path: posix.dirname(original.path) });
  const name = posix.basename(original.path);
  for (let attempt = 1; attempt < 100; attempt++) {
    const candidate = vscode.Uri.joinPath(dir, updateFileName(name, id, attempt));
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
  throw new Error(`every name like ${updateFileName(name, id)} is taken in ${dir.fsPath}`);
}
