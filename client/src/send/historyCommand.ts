import * as vscode from 'vscode';
import { HistoryEntry, readHistory } from '../../../server/src/send/history';
import { documentFor, uriOf } from './documents';
import { viewOfHistory } from './responseHtml';
import { fileNameOf, ResponseViews } from './responseView';

/**
 * `qualys.showHistory`: the answers kept for a request file, newest first; the chosen one opens in
 * the response view. Argument: the request's Uri (CodeLens, status bar), or from a script
 * `{uri?, index}` to open entry `index` (0 = newest) without the quick pick. Resolves to the entry shown.
 */
export async function showHistory(arg: unknown, historyDir: string, views: ResponseViews): Promise<HistoryEntry | undefined> {
  const uri = uriOf(arg) ?? (await documentFor(undefined))?.uri;
  if (!uri) {
    void vscode.window.showErrorMessage('Show Response History: open a request file first.');
    return undefined;
  }
  const entries = await readHistory(historyDir, uri.toString());
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(`No responses are kept for ${fileNameOf(uri)} yet: send it first (Qualys: Send Request).`);
    return undefined;
  }
  const index = arg && typeof arg === 'object' && 'index' in arg ? (arg as { index: unknown }).index : undefined;
  let entry: HistoryEntry | undefined;
  if (typeof index === 'number') {
    entry = entries[index];
    if (!entry) {
      void vscode.window.showErrorMessage(`Show Response History: ${fileNameOf(uri)} has ${entries.length} kept responses; there is no number ${index}.`);
      return undefined;
    }
  } else {
    const chosen = await vscode.window.showQuickPick(
      entries.map((e) => ({
        label: e.summary,
        description: `${e.platform} · ${e.id !== undefined ? `${e.operation} #${e.id}` : e.operation} · HTTP ${e.status}`,
        detail: new Date(e.time).toLocaleString(),
        entry: e,
      })),
      { title: `Qualys responses for ${fileNameOf(uri)}`, placeHolder: 'Newest first', matchOnDescription: true, matchOnDetail: true },
    );
    entry = chosen?.entry;
  }
  if (entry) views.show(uri, viewOfHistory(entry));
  return entry;
}
