import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { renderView, ResponseView } from './responseHtml';

/**
 * The response beside its request: one webview panel per request document, reused by every send
 * and history view of it. No scripts run in it (the page is static HTML under a strict CSP, see
 * responseHtml.ts), so it need not be kept alive while hidden.
 */
export class ResponseViews implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  show(requestUri: vscode.Uri, view: ResponseView): void {
    const key = requestUri.toString();
    const title = `Qualys: ${fileNameOf(requestUri)} · ${view.summary}`;
    let panel = this.panels.get(key);
    if (panel) {
      panel.title = title;
      panel.reveal(undefined, true);
    } else {
      panel = vscode.window.createWebviewPanel(
        'qualys.response',
        title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false, enableCommandUris: false, localResourceRoots: [], retainContextWhenHidden: false, enableFindWidget: true },
      );
      this.panels.set(key, panel);
      panel.onDidDispose(() => this.panels.delete(key));
    }
    // A new nonce for every page: a value that never repeats cannot be guessed by content in the body.
    panel.webview.html = renderView(view, { nonce: randomBytes(16).toString('hex') });
  }

  /** The page shown for a request, for the end-to-end tests (through the extension's exports). */
  htmlOf(requestUri: string): string | undefined {
    return this.panels.get(requestUri)?.webview.html;
  }

  dispose(): void {
    for (const p of this.panels.values()) p.dispose();
    this.panels.clear();
  }
}

/** `aws-create.qualys.xml`, or `Untitled-1` for a document without a file. */
export function fileNameOf(uri: vscode.Uri): string {
  return posix.basename(uri.path) || uri.toString();
}
