import * as vscode from 'vscode';
import type { ResolvedPlatform } from '../../../server/src/send/platforms';
import { Api, Connection, openApi } from '../../../server/src/send/api';
import { CredentialStore, credentialsFor } from './credentials';
import { hostConfirmed } from './hostConsent';
import { readSendSettings } from './settings';

/** Where the editor's calls to the platform go, or why they cannot go. */
export type Access =
  | { ok: true; platform: ResolvedPlatform; connection: Connection; api: Api }
  | { ok: false; reason: 'platform' | 'credentials' | 'host'; message: string; platform?: ResolvedPlatform };

/**
 * The configured platform with its credentials, for what the editor does with many connectors at
 * once (the Connectors view, compare, plan, apply) and for Send Request: one platform setting,
 * keychain and host consent. With `ask`, missing credentials are asked for once and stored; without
 * it (a view loading by itself) nothing is asked and the reason is returned instead. Without
 * `waitOutLimits` a call the platform refuses for its rate or concurrency limit fails at once with
 * Qualys' message (when to try again) instead of waiting, maybe an hour, out of sight.
 */
export class PlatformSession {
  constructor(
    readonly credentials: CredentialStore,
    private readonly state: vscode.Memento,
  ) {}

  async open(ask: boolean, waitOutLimits = true): Promise<Access> {
    const settings = readSendSettings();
    const platform = settings.platform;
    if ('error' in platform) return { ok: false, reason: 'platform', message: platform.error };
    if (!(await hostConfirmed(platform, this.state, ask))) {
      return { ok: false, reason: 'host', platform, message: `Credentials are not sent to ${platform.label} until you agree to it (Send Request or Refresh asks).` };
    }
    const credentials = ask ? await credentialsFor(this.credentials, platform.label) : await this.credentials.get(platform.label);
    if (!credentials) return { ok: false, reason: 'credentials', platform, message: `No Qualys credentials for ${platform.label}.` };
    const connection: Connection = { platform, credentials, timeoutMs: settings.timeoutMs };
    return { ok: true, platform, connection, api: openApi(connection, undefined, waitOutLimits) };
  }
}
