import * as vscode from 'vscode';
import type { Format } from '../../server/src/core/tree';
import { QUALYS_LANGUAGE } from './formats';

/**
 * The base of a request file's name: `azure-create` of `azure-create.qualys.json` or of
 * `azure-create.json`; undefined for a name that says nothing (`Untitled-1`).
 */
export function requestBaseName(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const base = name.replace(/\.qualys\.(xml|json|ya?ml)$/i, '').replace(/\.(xml|json|ya?ml)$/i, '');
  return base === '' || /^Untitled-\d+$/.test(base) ? undefined : base;
}

/**
 * Opens a new untitled document named like a request file (`azure-create.qualys.yaml`, then
 * `azure-create-2.qualys.yaml`, …): VS Code takes its language from the name, so it is never offered
 * to switch it to plain YAML by a detected language, Save proposes that name, and the server infers
 * from it what a file of that name would be.
 */
export async function openUntitledRequest(base: string, format: Format, content = '', column?: vscode.ViewColumn): Promise<vscode.TextEditor> {
  const taken = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  let uri = vscode.Uri.from({ scheme: 'untitled', path: `${base}.qualys.${format}` });
  for (let n = 2; taken.has(uri.toString()) && n < 1000; n++) uri = vscode.Uri.from({ scheme: 'untitled', path: `${base}-${n}.qualys.${format}` });
  let document = await vscode.workspace.openTextDocument(uri);
  if (document.languageId !== QUALYS_LANGUAGE[format]) document = await vscode.languages.setTextDocumentLanguage(document, QUALYS_LANGUAGE[format]);
  const editor = await vscode.window.showTextDocument(document, column !== undefined ? { viewColumn: column } : undefined);
  if (content !== '') await editor.edit((b) => b.insert(new vscode.Position(0, 0), content));
  return editor;
}
