import * as vscode from 'vscode';
import { SendCommands } from './commands';
import { SendState, SendStates } from './state';

/**
 * One status bar item, as REST Client has: Sending… (click to cancel), then the answer's summary
 * (click for the history), Error or Cancelled. It shows the active request's last send and hides
 * for documents never sent.
 */
export class SendStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('qualys.send', vscode.StatusBarAlignment.Left, 10);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly states: SendStates) {
    this.item.name = 'Qualys Request';
    this.subscriptions.push(
      states.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
    );
  }

  private update(): void {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const state = uri ? this.states.get(uri) : undefined;
    if (!uri || !state) {
      this.item.hide();
      return;
    }
    const look = appearance(state);
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.command = state.phase === 'sending' ? SendCommands.cancelRequest : { title: 'Show Response History', command: SendCommands.showHistory, arguments: [uri] };
    this.item.backgroundColor = look.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

function appearance(state: SendState): { text: string; tooltip: string; error?: boolean } {
  switch (state.phase) {
    case 'sending':
      return { text: '$(sync~spin) Qualys: Sending…', tooltip: `Sending to ${state.platform}. Click to cancel.` };
    case 'answered':
      return { text: `${state.ok ? '$(check)' : '$(warning)'} ${state.summary}`, tooltip: `HTTP ${state.status}. Click for the response history.` };
    case 'failed':
      return { text: '$(error) Qualys: Error', tooltip: state.message, error: true };
    case 'cancelled':
      return { text: '$(circle-slash) Qualys: Cancelled', tooltip: 'The request was cancelled.' };
  }
}
