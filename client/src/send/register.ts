import * as vscode from 'vscode';
import { join } from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConnectorChanges } from '../connectors/changes';
import { SERVED_LANGUAGES } from '../formats';
import { ApiDiagnostics } from './apiDiagnostics';
import { ActiveRequestContext } from './activeRequest';
import { SendCodeLensProvider } from './codeLens';
import { SendCommands } from './commands';
import { CredentialStore, forgetCredentialsCommand, setCredentialsCommand } from './credentials';
import { showHistory } from './historyCommand';
import { ResponseViews } from './responseView';
import { Sender } from './sendCommand';
import { PlatformSession } from './session';
import { setTargetCommand } from './setTarget';
import { affectsPlatform, readSendSettings } from './settings';
import { SendStates } from './state';
import { SendStatusBar } from './statusBar';
import { TargetStore } from './targetPrompt';
import { trusted } from './trusted';

/**
 * Wires the in-editor send experience: the commands, the CodeLens, the status bar item, the API
 * diagnostics and the response view. Everything is disposed with the extension.
 */
export function registerSend(context: vscode.ExtensionContext, client: LanguageClient, changes: ConnectorChanges, log: vscode.OutputChannel): { views: ResponseViews; session: PlatformSession; lenses: SendCodeLensProvider; records: vscode.FileSystemWatcher; targets: TargetStore; active: ActiveRequestContext } {
  const states = new SendStates();
  const targets = new TargetStore(context.workspaceState, client);
  const credentials = new CredentialStore(context.secrets, context.globalState);
  // The one way every command opens the platform: Send, the Connectors view, Plan and Apply.
  const session = new PlatformSession(credentials, context.globalState);
  const views = new ResponseViews();
  const diagnostics = new ApiDiagnostics(client);
  const lenses = new SendCodeLensProvider(client, targets, states);
  // Kept outside the workspace: answers may hold account details that must not land in a repository.
  const historyDir = join(context.globalStorageUri.fsPath, 'history');
  const sender = new Sender({ client, session, targets, views, diagnostics, states, log, historyDir, changes });
  const configured = () => readSendSettings().platform;
  const sidecars = vscode.workspace.createFileSystemWatcher('**/qualys-targets.json');


  const active = new ActiveRequestContext(client);

  const selector = SERVED_LANGUAGES.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);

  context.subscriptions.push(
    credentials,
    states,
    targets,
    views,
    diagnostics,
    lenses,
    sidecars,
    sender,
    new SendStatusBar(states),
    active,
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.commands.registerCommand(SendCommands.sendRequest, trusted('Send Request', (arg: unknown) => sender.send(arg))),
    vscode.commands.registerCommand(SendCommands.cancelRequest, () => sender.cancel()),
    vscode.commands.registerCommand(SendCommands.setCredentials, trusted('Set Credentials', (arg: unknown) => setCredentialsCommand(credentials, arg, configured))),
    vscode.commands.registerCommand(SendCommands.forgetCredentials, trusted('Forget Credentials', (arg: unknown) => forgetCredentialsCommand(credentials, arg, configured))),
    vscode.commands.registerCommand(SendCommands.setTarget, trusted('Set Request Target', (arg: unknown) => setTargetCommand(arg, client, targets))),
    vscode.commands.registerCommand(SendCommands.showHistory, trusted('Show Response History', (arg: unknown) => showHistory(arg, historyDir, views))),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    // The lens shows the operation and platform: refresh it whenever either may have changed.
    states.onDidChange(() => lenses.refresh()),
    targets.onDidChange(() => lenses.refresh()),
    sidecars.onDidChange(() => lenses.refresh()),
    sidecars.onDidCreate(() => lenses.refresh()),
    sidecars.onDidDelete(() => lenses.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsPlatform(e)) lenses.refresh();
    }),
    vscode.workspace.onDidCloseTextDocument((d) => states.forget(d.uri)),
  );
  return { views, session, lenses, records: sidecars, targets, active };
}
