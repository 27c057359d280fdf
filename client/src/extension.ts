import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/protocol';
import { createClient } from './client';
import { convertActiveEditor } from './convert';
import { newRequest } from './newRequest';
import { OUTPUT_CHANNEL, section } from './output';
import { ConnectorChange, ConnectorChanges } from './connectors/changes';
import { registerConnectors } from './connectors/register';
import type { TreeSnapshot } from './connectors/view';
import { registerFleet } from './fleet/register';
import { registerSend } from './send/register';
import { testConfirmations } from './testConfirmations';
import { registerWalkthroughContext } from './walkthrough';

let client: LanguageClient | undefined;

/**
 * Entry point: starts the language server and registers the commands. What an open request file
 * says (diagnostics, completion, conversion, what it targets, the request it sends) is asked of
 * the server. The client runs only the layers it shares with the CLI, where they need the extension
 * host's keychain and network: the send core, the fleet engine (plan, apply, pull) and the record
 * (the boundary is in eslint.config.mjs).
 */
/** What the extension exports: read by its end-to-end tests, nothing a user needs. */
export interface QualysExtensionApi {
  /** The HTML of the response view shown for a request document (by URI string). */
  responseHtml(requestUri: string): string | undefined;
  /** The Connectors view's content, every kind loaded with all its pages (or as far as loaded, its first page at least). */
  connectorsTree(allPages?: boolean): Promise<TreeSnapshot>;
  /** The connector changes that sends and applies report (the Connectors view refreshes on them). */
  onConnectorChange: vscode.Event<ConnectorChange>;
  /** Whether the editor title's Send button is shown: the active editor holds a request. */
  activeIsRequest(): boolean;
  /** Test mode only (absent otherwise): the next delete or apply question is answered yes. */
  confirmNext?: () => void;
  /** Test mode only: takes back a confirmation the command did not use. */
  confirmNone?: () => void;
}

export function activate(context: vscode.ExtensionContext): QualysExtensionApi {
  // One channel, "Qualys", in sections: the language server's log, each send, each apply.
  const output = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  context.subscriptions.push(output);
  client = createClient(context, section(output, 'language server'));
  const c = client;
  // Started first and not awaited: the server process boots while the rest of activation runs
  // (first squiggles sooner); requests wait for the start themselves.
  c.start().catch((e: unknown) => {
    void vscode.window.showErrorMessage(`The Qualys language server could not be started: ${e instanceof Error ? e.message : String(e)}`);
  });
  const changes = new ConnectorChanges();
  context.subscriptions.push(changes);
  const { views, session, records, targets, active } = registerSend(context, c, changes, section(output, 'send'));
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.newRequest, (arg: unknown) => newRequest(context.extensionUri, targets, arg)),
    vscode.commands.registerCommand(Commands.convertToXml, () => convertActiveEditor(c, targets, 'xml')),
    vscode.commands.registerCommand(Commands.convertToJson, () => convertActiveEditor(c, targets, 'json')),
    vscode.commands.registerCommand(Commands.convertToYaml, () => convertActiveEditor(c, targets, 'yaml')),
  );
  const connectors = registerConnectors(context, { client: c, session, changes, records });
  targets.liveConnectors = () => connectors.cached();
  registerFleet(context, { session, changes, log: section(output, 'apply') });
  registerWalkthroughContext(context, session.credentials);
  // The hook that answers a delete's or an apply's question exists only while VS Code runs the extension's tests.
  const testHook = context.extensionMode === vscode.ExtensionMode.Test ? { confirmNext: () => testConfirmations.give(), confirmNone: () => testConfirmations.withdraw() } : {};
  return { responseHtml: (uri) => views.htmlOf(uri), connectorsTree: (allPages) => connectors.snapshot(allPages), onConnectorChange: changes.onDidChange, activeIsRequest: () => active.current, ...testHook };
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
