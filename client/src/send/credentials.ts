import * as vscode from 'vscode';
import type { Credentials } from '../../../server/src/send/execute';
import type { ResolvedPlatform } from '../../../server/src/send/platforms';
import { credentialKey, parseCredentialArgs, parseStoredCredentials, platformLabelOf } from './platformSetting';

/** globalState key of the platform labels that have credentials (SecretStorage cannot list its keys). Labels only, never secrets. */
const LABELS_KEY = 'qualys.credentialPlatforms';

/**
 * Credentials per platform in VS Code's SecretStorage (the OS keychain). They are read only at
 * send time and handed to the send core; nothing here logs, shows or writes them anywhere else.
 */
export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires a platform label after its credentials were stored or forgotten (the Connectors view reloads). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  async get(label: string): Promise<Credentials | undefined> {
    return parseStoredCredentials(await this.secrets.get(credentialKey(label)));
  }

  async store(label: string, credentials: Credentials): Promise<void> {
    await this.secrets.store(credentialKey(label), JSON.stringify({ username: credentials.username, password: credentials.password }));
    const labels = this.labels();
    if (!labels.includes(label)) await this.state.update(LABELS_KEY, [...labels, label].sort());
    this.changed.fire(label);
  }

  async forget(label: string): Promise<void> {
    await this.secrets.delete(credentialKey(label));
    await this.state.update(LABELS_KEY, this.labels().filter((l) => l !== label));
    this.changed.fire(label);
  }

  labels(): string[] {
    const v = this.state.get<unknown>(LABELS_KEY);
    return Array.isArray(v) ? v.filter((l): l is string => typeof l === 'string') : [];
  }
}

/** Asks for a username and password (the password masked); undefined when the user gives up. */
export async function promptCredentials(label: string, previous?: Credentials): Promise<Credentials | undefined> {
  const username = await vscode.window.showInputBox({
    title: `Qualys credentials for ${label} (1/2)`,
    prompt: `Qualys username for ${label}. Kept in the OS keychain, never in settings or files.`,
    value: previous?.username,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Give the username of an account that may use the API.'),
  });
  if (username === undefined) return undefined;
  const password = await vscode.window.showInputBox({
    title: `Qualys credentials for ${label} (2/2)`,
    prompt: `Password of ${username.trim()} on ${label}.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v ? undefined : 'Give the password.'),
  });
  if (password === undefined) return undefined;
  return { username: username.trim(), password };
}

/** The credentials for a send: stored ones, or asked for and stored so the next send goes straight on. */
export async function credentialsFor(store: CredentialStore, label: string): Promise<Credentials | undefined> {
  const stored = await store.get(label);
  if (stored) return stored;
  const asked = await promptCredentials(label);
  if (asked) await store.store(label, asked);
  return asked;
}

/** The label a command acts on: the one a script names, else the configured platform. */
function labelFor(platformArg: string | undefined, configured: () => ResolvedPlatform | { error: string }): string | { error: string } {
  if (platformArg) return platformLabelOf(platformArg);
  const p = configured();
  return 'error' in p ? p : p.label;
}

/**
 * `qualys.setCredentials`: with `{username, password, platform?}` (scripts, tests) it stores them
 * without asking; otherwise it asks for the configured platform. Resolves to whether it stored.
 */
export async function setCredentialsCommand(store: CredentialStore, arg: unknown, configured: () => ResolvedPlatform | { error: string }): Promise<boolean> {
  const given = parseCredentialArgs(arg);
  if (given && 'error' in given) {
    void vscode.window.showErrorMessage(`Qualys: Set Credentials: ${given.error}`);
    return false;
  }
  const label = labelFor(given?.platform, configured);
  if (typeof label !== 'string') {
    void vscode.window.showErrorMessage(`Qualys: Set Credentials: ${label.error}`);
    return false;
  }
  if (given) {
    await store.store(label, given);
    return true;
  }
  const asked = await promptCredentials(label, await store.get(label));
  if (!asked) return false;
  await store.store(label, asked);
  void vscode.window.showInformationMessage(`Qualys credentials for ${label} stored in the OS keychain.`);
  return true;
}

/**
 * `qualys.forgetCredentials`: `{platform}` forgets that platform's without asking; otherwise a
 * quick pick of the platforms that have some, the configured one first.
 */
export async function forgetCredentialsCommand(store: CredentialStore, arg: unknown, configured: () => ResolvedPlatform | { error: string }): Promise<boolean> {
  const platformArg = arg && typeof arg === 'object' && 'platform' in arg ? (arg as { platform: unknown }).platform : undefined;
  if (typeof platformArg === 'string') {
    const label = platformLabelOf(platformArg);
    if (typeof label !== 'string') {
      void vscode.window.showErrorMessage(`Qualys: Forget Credentials: ${label.error}`);
      return false;
    }
    await store.forget(label);
    return true;
  }
  const current = configured();
  const currentLabel = 'error' in current ? undefined : current.label;
  const labels = store.labels();
  if (currentLabel && !labels.includes(currentLabel) && (await store.get(currentLabel))) labels.push(currentLabel);
  if (labels.length === 0) {
    void vscode.window.showInformationMessage('No Qualys credentials are stored.');
    return false;
  }
  labels.sort((a, b) => (a === currentLabel ? -1 : b === currentLabel ? 1 : a.localeCompare(b)));
  const chosen = await vscode.window.showQuickPick(
    labels.map((l) => ({ label: l, description: l === currentLabel ? 'the configured platform' : undefined })),
    { title: 'Forget the Qualys credentials of', ignoreFocusOut: true },
  );
  if (!chosen) return false;
  await store.forget(chosen.label);
  void vscode.window.showInformationMessage(`Qualys credentials for ${chosen.label} forgotten.`);
  return true;
}
