import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SERVED_LANGUAGES } from '../formats';
import { describeFile } from './serverRequests';

/** The context key that shows the editor title's Send button: the active editor holds a request. */
export const ACTIVE_REQUEST_CONTEXT = 'qualys.activeIsRequest';

/**
 * Keeps `qualys.activeIsRequest` true exactly while the active editor holds what the server calls a
 * request: a plain JSON, YAML or XML file (qualys-targets.json, package.json) gets no Send button.
 * Asked again when the active editor changes and, after a pause, when its text does (a root of
 * ServiceRequest typed into a plain file makes it one).
 */
export class ActiveRequestContext implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private asked = 0;
  /** The last value set, for the extension's tests. */
  current = false;

  constructor(private readonly client: LanguageClient) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== vscode.window.activeTextEditor?.document) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.update(), 500);
      }),
    );
    void this.update();
  }

  async update(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const ask = ++this.asked;
    const isRequest = document !== undefined && SERVED_LANGUAGES.includes(document.languageId) && ((await describeFile(this.client, document.uri))?.isRequest ?? false);
    // A later question has been asked meanwhile: its answer is the one to keep.
    if (ask !== this.asked) return;
    this.current = isRequest;
    await vscode.commands.executeCommand('setContext', ACTIVE_REQUEST_CONTEXT, isRequest);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
