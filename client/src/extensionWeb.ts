import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, RevealOutputChannelOn } from 'vscode-languageclient/browser';
import { Commands } from '../../server/src/protocol';
import { convertActiveEditor } from './convert';
import { SERVED_LANGUAGES } from './formats';
import { newRequest } from './newRequest';
import { readSettings } from './serverSettings';
import { PartialTarget, recordedTarget } from './send/serverRequests';
import { RequestTargets, UntitledTargets } from './untitledTargets';
import { LIST_FLEET_FILES, listFleetFiles, readProjectFile, READ_PROJECT_FILE } from './web/readProjectFile';
import { registerRequestOpenContext } from './walkthrough';

/** The server's worker script (dist/browser/server.js's text), put in by scripts/build.mjs. */
declare const QUALYS_WEB_SERVER_SOURCE: string;
/** The browser's Worker: not in the Node typings the project compiles with. */
declare const Worker: new (url: string, options?: { name?: string }) => { terminate(): void };

/** Context key set only here: package.json hides what needs the network or a keychain when it is on. */
const WEB_CONTEXT = 'qualys.web';

/** Why Send, the Connectors view, plan, apply and credentials are not in the browser: said by every one of them. */
export const NOT_IN_BROWSER =
  'a browser cannot call the Qualys API: it allows no requests from other sites (CORS), and a browser has no keychain for credentials. Use VS Code on the desktop, or the qualys-connector CLI.';

let client: LanguageClient | undefined;
let worker: { terminate(): void } | undefined;

/**
 * The web extension (package.json `browser`): what runs in github.dev, vscode.dev and code-server's
 * web worker extension host. The language server runs as a Web Worker made from a Blob of its
 * bundled text: code-server refuses a worker from an extension's own files, and a blob needs no read
 * of the extension's folder, whatever its scheme. The server reads the record and the rule file
 * through this client (`vscode.workspace.fs`, inside the workspace, size-capped, never written).
 * Validation, completion, hover, quick fixes, outline, conversion and New Connector Request… work as
 * on the desktop; what needs the Qualys API or a keychain says why it is not here.
 */
export function activate(context: vscode.ExtensionContext): { host: 'web' } {
  void vscode.commands.executeCommand('setContext', WEB_CONTEXT, true);
  const url = URL.createObjectURL(new Blob([QUALYS_WEB_SERVER_SOURCE], { type: 'text/javascript' }));
  worker = new Worker(url, { name: 'Qualys language server' });
  const clientOptions: LanguageClientOptions = {
    // Any scheme: a browser's workspace is a virtual one (vscode-vfs://github/…, vscode-remote://…).
    documentSelector: SERVED_LANGUAGES.map((language) => ({ language })),
    synchronize: { configurationSection: 'qualys' },
    initializationOptions: readSettings(),
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  client = new LanguageClient('qualys', 'Qualys', worker as never, clientOptions);
  const c = client;
  context.subscriptions.push(c.onRequest(READ_PROJECT_FILE, readProjectFile), c.onRequest(LIST_FLEET_FILES, listFleetFiles));
  const targets = new WebTargets(new UntitledTargets(context.workspaceState), c);
  context.subscriptions.push(
    vscode.commands.registerCommand(Commands.newRequest, (arg: unknown) => newRequest(context.extensionUri, targets, arg)),
    vscode.commands.registerCommand(Commands.convertToXml, () => convertActiveEditor(c, targets, 'xml')),
    vscode.commands.registerCommand(Commands.convertToJson, () => convertActiveEditor(c, targets, 'json')),
    vscode.commands.registerCommand(Commands.convertToYaml, () => convertActiveEditor(c, targets, 'yaml')),
    // The view is there (its welcome says why it lists nothing); every other command says why it is not.
    vscode.window.registerTreeDataProvider('qualys.connectors', { getTreeItem: (item: vscode.TreeItem) => item, getChildren: () => [] }),
    ...notInBrowser(context),
  );
  void vscode.commands.executeCommand('setContext', 'qualys.connectors.state', 'web');
  registerRequestOpenContext(context);
  c.start().catch((e: unknown) => {
    void vscode.window.showErrorMessage(`The Qualys language server could not be started: ${e instanceof Error ? e.message : String(e)}`);
  });
  return { host: 'web' };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  worker?.terminate();
}

/** Every command of package.json the browser does not run, registered to say why (a walkthrough button or a keybinding may still reach one). */
function notInBrowser(context: vscode.ExtensionContext): vscode.Disposable[] {
  const here = new Set<string>([...Object.values(Commands), 'qualys.connectors.copyId']);
  const contributed = (context.extension.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } }).contributes?.commands ?? [];
  return contributed
    .filter((c) => !here.has(c.command))
    .map((c) => vscode.commands.registerCommand(c.command, () => void vscode.window.showInformationMessage(`${c.title} is not available in the browser: ${NOT_IN_BROWSER}`)));
}

/**
 * Targets in the browser: a file's as the server read its record; an untitled document's (New
 * Connector Request…, a conversion) in workspaceState. Nothing is written to the workspace.
 */
class WebTargets implements RequestTargets {
  constructor(private readonly untitled: UntitledTargets, private readonly client: LanguageClient) {}

  async read(uri: vscode.Uri): Promise<PartialTarget> {
    return uri.scheme === 'untitled' ? this.untitled.read(uri) : recordedTarget(this.client, uri);
  }

  async write(uri: vscode.Uri, target: Parameters<UntitledTargets['write']>[1]): Promise<void> {
    if (uri.scheme !== 'untitled') throw new Error(`a target is not recorded in the browser: ${NOT_IN_BROWSER}`);
    await this.untitled.write(uri, target);
  }
}
