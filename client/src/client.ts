import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SERVED_LANGUAGES } from './formats';
import { RestartPolicy } from './restartPolicy';
import { readSettings } from './serverSettings';

/**
 * Creates (but does not start) the language client for the bundled server. The server runs in a
 * separate Node process over IPC so a crash in validation never takes the extension host down.
 */
export function createClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };

  // A closure over `client`: the policy is needed to construct the client, and only runs after a crash.
  const policy = new RestartPolicy((reason) => void offerRestart(client, policy, reason));

  const clientOptions: LanguageClientOptions = {
    documentSelector: SERVED_LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'qualys' },
    initializationOptions: readSettings(),
    errorHandler: policy,
    // The extension's one "Qualys" channel (its language server section), not one of the client's own.
    outputChannel,
    // Problems are shown in the Problems panel; the output channel is for crashes, not every warning.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };

  const client = new LanguageClient('qualys', 'Qualys', serverOptions, clientOptions);
  return client;
}

/** The one warning shown when the policy gives up; "Restart" starts the server with a fresh crash budget. */
async function offerRestart(client: LanguageClient, policy: RestartPolicy, reason: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    `The Qualys language server was not restarted: ${reason}. See the "Qualys" output for details.`,
    'Restart',
    'Show Output',
  );
  if (choice === 'Show Output') client.outputChannel.show();
  if (choice !== 'Restart') return;
  policy.reset();
  try {
    // After giving up the client is stopped; restart() would first try to stop it again.
    await (client.needsStart() ? client.start() : client.restart());
  } catch (e) {
    void vscode.window.showErrorMessage(`The Qualys language server could not be started: ${e instanceof Error ? e.message : String(e)}`);
  }
}
