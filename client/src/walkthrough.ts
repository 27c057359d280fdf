import * as vscode from 'vscode';
import { QUALYS_LANGUAGE } from './formats';
import type { CredentialStore } from './send/credentials';
import { affectsPlatform, readSendSettings } from './send/settings';
import { WalkthroughContext } from './walkthroughContext';

const REQUEST_LANGUAGES: ReadonlySet<string> = new Set(Object.values(QUALYS_LANGUAGE));

/**
 * Keeps the context keys the Get Started walkthrough completes on up to date: whether the configured
 * platform has credentials, and whether a request file is open. They say nothing secret (a boolean).
 */
export function registerWalkthroughContext(context: vscode.ExtensionContext, credentials: CredentialStore): void {
  const showCredentials = async (): Promise<void> => {
    const platform = readSendSettings().platform;
    const stored = !('error' in platform) && (await credentials.get(platform.label)) !== undefined;
    await vscode.commands.executeCommand('setContext', WalkthroughContext.hasCredentials, stored);
  };
  void showCredentials();
  registerRequestOpenContext(context);
  context.subscriptions.push(
    credentials.onDidChange(() => void showCredentials()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsPlatform(e)) void showCredentials();
    }),
  );
}

/** Ticks the walkthrough's "Open or create a request" step once a request file shows in an editor (on the desktop and in the browser). */
export function registerRequestOpenContext(context: vscode.ExtensionContext): void {
  const showRequestOpen = (): void => {
    const open = vscode.window.visibleTextEditors.some((e) => REQUEST_LANGUAGES.has(e.document.languageId));
    // Once seen, the step is done: the key is not taken back when the file closes.
    if (open) void vscode.commands.executeCommand('setContext', WalkthroughContext.requestOpen, true);
  };
  showRequestOpen();
  context.subscriptions.push(vscode.window.onDidChangeVisibleTextEditors(showRequestOpen));
}
