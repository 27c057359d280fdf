import * as vscode from 'vscode';
import { ConnectorKind, KINDS } from '../../server/src/core/model';
import type { Format } from '../../server/src/core/tree';
import { FORMAT_LABEL, FORMATS, QUALYS_LANGUAGE } from './formats';
import { loadSnippetBody } from './snippets';

type Kind = ConnectorKind;
type Operation = 'create' | 'update';

interface Choice<T> extends vscode.QuickPickItem {
  value: T;
}

/** Shows one quick pick step; `undefined` means the user pressed Escape and the command stops quietly. */
async function pick<T>(title: string, items: Choice<T>[]): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, { title, placeHolder: title, ignoreFocusOut: true });
  return chosen?.value;
}

/**
 * `qualys.newRequest`: asks for connector kind, operation and format, then opens an untitled
 * request document and inserts the matching whole-request snippet as a SnippetString, so the user
 * tabs through its placeholders exactly as with snippet completion.
 */
export async function newRequest(extensionUri: vscode.Uri): Promise<void> {
  const kind = await pick<Kind>(
    'Connector',
    KINDS.map((k) => ({ label: k.label, description: k.noun, value: k.kind })),
  );
  if (!kind) return;
  const operation = await pick<Operation>('Operation', [
    { label: 'Create', description: 'POST /qps/rest/3.0/create/am/…', value: 'create' },
    { label: 'Update', description: 'POST /qps/rest/3.0/update/am/…/<id>', value: 'update' },
  ]);
  if (!operation) return;
  const format = await pick<Format>(
    'Format',
    FORMATS.map((f) => ({ label: FORMAT_LABEL[f], value: f })),
  );
  if (!format) return;

  const name = `qualys-${kind}-${operation}`;
  const snippet = await loadSnippetBody(extensionUri, format, name);
  if ('error' in snippet) {
    void vscode.window.showErrorMessage(`Cannot create the request: ${snippet.error}`);
    return;
  }
  const document = await vscode.workspace.openTextDocument({ language: QUALYS_LANGUAGE[format], content: '' });
  const editor = await vscode.window.showTextDocument(document);
  await editor.insertSnippet(new vscode.SnippetString(snippet.body), new vscode.Position(0, 0));
}
