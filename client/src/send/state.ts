import * as vscode from 'vscode';

/** What the last send of a request did, as the status bar and the CodeLens show it. */
export type SendState =
  | { phase: 'sending'; platform: string }
  | { phase: 'answered'; summary: string; ok: boolean; status: number }
  | { phase: 'failed'; message: string }
  | { phase: 'cancelled' };

/** The last send state per request document (by URI), with one change event for every view of it. */
export class SendStates implements vscode.Disposable {
  private readonly states = new Map<string, SendState>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): SendState | undefined {
    return this.states.get(uri.toString());
  }

  set(uri: vscode.Uri, state: SendState): void {
    this.states.set(uri.toString(), state);
    this.changed.fire(uri);
  }

  forget(uri: vscode.Uri): void {
    if (this.states.delete(uri.toString())) this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
