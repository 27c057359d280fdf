import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConnectorCommands } from '../connectors/commands';
import { SendCommands } from './commands';
import { sendLensTitle } from './operations';
import { readSendSettings } from './settings';
import { describeFile } from './serverRequests';
import { SendStates } from './state';
import { TargetStore } from './targetPrompt';

/**
 * The lenses above a request's first line: "Send · <operation> · <platform>" and, after a send,
 * the answer's summary. The server decides whether the document is a request at all (plain XML,
 * JSON and YAML files get no lens unless their root is ServiceRequest) and which operation the
 * file implies when none is recorded, so the lens says exactly what a click will do.
 */
export class SendCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly client: LanguageClient,
    private readonly targets: TargetStore,
    private readonly states: SendStates,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    // Restricted Mode: nothing to send from here.
    if (!vscode.workspace.isTrusted) return [];
    const described = await describeFile(this.client, document.uri, token);
    if (!described?.isRequest || token.isCancellationRequested) return [];
    // Untitled documents keep their target in the workspace state, which the server does not see.
    const kept = document.uri.scheme === 'file' ? {} : await this.targets.read(document.uri);
    const prepared = { operation: kept.operation ?? described.operation, id: kept.id ?? described.id };
    const platform = readSendSettings().platform;
    const range = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(range, {
        title: sendLensTitle(prepared.operation, prepared.id, 'error' in platform ? 'platform not set' : platform.label),
        tooltip: 'Send this request to the Qualys API (Ctrl+Alt+Enter)',
        command: SendCommands.sendRequest,
        arguments: [document.uri],
      }),
    ];
    // A file that names one connector by id can be compared with it (the Connectors view's action).
    if (document.uri.scheme === 'file' && described.id !== undefined && !described.byFilter) {
      lenses.push(new vscode.CodeLens(range, { title: 'Compare with Live', tooltip: 'Show the live connector beside this file', command: ConnectorCommands.compareWithLive, arguments: [document.uri] }));
    }
    const state = this.states.get(document.uri);
    if (state?.phase === 'sending') {
      lenses.push(new vscode.CodeLens(range, { title: '$(sync~spin) Sending…', tooltip: 'Cancel the request', command: SendCommands.cancelRequest }));
    } else if (state?.phase === 'answered') {
      lenses.push(new vscode.CodeLens(range, { title: state.summary, tooltip: 'Show the response history', command: SendCommands.showHistory, arguments: [document.uri] }));
    }
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
