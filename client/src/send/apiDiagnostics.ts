import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { locateField } from './serverRequests';

/**
 * Errors the Qualys API reported for a request, put on the field they name (or, when a local finding
 * is about that field on its line, left to it: the server adds that the API agreed). Kept apart from the
 * language server's own diagnostics (a collection of their own, source `qualys-api`) because they
 * describe an answer, not the text: any edit of the file, or the next send, clears them.
 */
export class ApiDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('qualys-api');
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: LanguageClient) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.clear(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
    ];
  }

  clear(uri: vscode.Uri): void {
    if (this.collection.has(uri)) this.collection.delete(uri);
  }

  /**
   * Puts the answer's error on the field it names. `version` is the document's version when it was
   * sent: a range found in text edited since would point at the wrong place, so nothing is shown then.
   */
  async report(document: vscode.TextDocument, version: number, responseCode: string, errorMessage: string): Promise<boolean> {
    const found = await locateField(this.client, document.uri, errorMessage, responseCode);
    if (!found || document.isClosed || document.version !== version) return false;
    // A local finding on that field already says it: it now says the API agreed, and stands alone.
    if (found.local !== undefined) return true;
    const diagnostic = new vscode.Diagnostic(found.range, `Qualys: ${errorMessage}`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'qualys-api';
    diagnostic.code = responseCode;
    this.collection.set(document.uri, [diagnostic]);
    return true;
  }

  dispose(): void {
    this.collection.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
