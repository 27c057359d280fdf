import * as vscode from 'vscode';
import { ConnectorKind, KINDS } from '../../server/src/core/model';
import type { Format } from '../../server/src/core/tree';
import { formatChoices, FORMATS } from './formats';
import type { RequestTargets } from './untitledTargets';
import { loadSnippetBody } from './snippets';
import { openUntitledRequest } from './untitled';

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

/** What a script may pass instead of answering the pickers: `{kind, operation, format}`. */
function given(arg: unknown): { kind?: Kind; operation?: Operation; format?: Format } {
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  return {
    ...(KINDS.some((k) => k.kind === a.kind) ? { kind: a.kind as Kind } : {}),
    ...(a.operation === 'create' || a.operation === 'update' ? { operation: a.operation } : {}),
    ...(FORMATS.includes(a.format as Format) ? { format: a.format as Format } : {}),
  };
}

/**
 * `qualys.newRequest`: asks for connector kind, operation and format (a script may pass them), then
 * opens an untitled request named like a file of them (`azure-create.qualys.yaml`), records the
 * operation chosen for it (Send asks only for what is still missing) and inserts the matching
 * whole-request snippet as a SnippetString, so the user tabs through its placeholders exactly as
 * with snippet completion. Resolves to the new document's URI.
 */
export async function newRequest(extensionUri: vscode.Uri, targets: RequestTargets, arg?: unknown): Promise<vscode.Uri | undefined> {
  const preset = given(arg);
  const kind = preset.kind ?? await pick<Kind>(
    'New Connector Request (1/3): connector',
    KINDS.map((k) => ({ label: k.label, description: k.noun, value: k.kind })),
  );
  if (!kind) return undefined;
  const operation = preset.operation ?? await pick<Operation>('New Connector Request (2/3): operation', [
    { label: 'Create', description: 'POST /qps/rest/3.0/create/am/…', value: 'create' },
    { label: 'Update', description: 'POST /qps/rest/3.0/update/am/…/<id>', value: 'update' },
  ]);
  if (!operation) return undefined;
  // The format Open as Request and pull write in comes first.
  const format = preset.format ?? await pick<Format>('New Connector Request (3/3): format', formatChoices(vscode.workspace.getConfiguration('qualys.connectors').get<string>('format')));
  if (!format) return undefined;

  const name = `qualys-${kind}-${operation}`;
  const snippet = await loadSnippetBody(extensionUri, format, name);
  if ('error' in snippet) {
    void vscode.window.showErrorMessage(`Cannot create the request: ${snippet.error}`);
    return undefined;
  }
  const editor = await openUntitledRequest(`${kind}-${operation}`, format);
  await targets.write(editor.document.uri, { operation });
  await editor.insertSnippet(new vscode.SnippetString(snippet.body), new vscode.Position(0, 0));
  return editor.document.uri;
}
