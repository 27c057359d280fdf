import * as vscode from 'vscode';
import type { ConnectorKind } from '../../../server/src/core/model';
import type { Format } from '../../../server/src/core/tree';

/** The scheme of the read-only documents that show a live connector as a request. */
export const LIVE_SCHEME = 'qualys-live';

/**
 * The live side of Compare with Live: a connector as the platform has it, written as the update
 * request that would leave it so (secrets masked). Read-only, held in memory only, and replaced
 * (the open diff updates) each time the same connector is compared again.
 */
export class LiveDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Holds the text of a connector's live document and returns its URI (the format's extension, so it is highlighted as the file is). */
  put(kind: ConnectorKind, id: number, format: Format, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: LIVE_SCHEME, path: `/${kind}/${id}/live.qualys.${format}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}
