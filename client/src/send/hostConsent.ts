import * as vscode from 'vscode';
import type { ResolvedPlatform } from '../../../server/src/send/platforms';

/** globalState key of the custom hosts the user agreed to send credentials to. */
const CONFIRMED_HOSTS_KEY = 'qualys.confirmedHosts';

/**
 * Whether credentials may go to the platform: a Qualys platform or this machine always; a custom
 * host once the user has agreed to it (asked once, remembered per host). With `ask` false a host not
 * yet agreed to is refused without a question (a view loading by itself never asks).
 */
export async function hostConfirmed(platform: ResolvedPlatform, state: vscode.Memento, ask = true): Promise<boolean> {
  if (platform.known || platform.loopback) return true;
  const confirmed = state.get<string[]>(CONFIRMED_HOSTS_KEY, []);
  if (confirmed.includes(platform.label)) return true;
  if (!ask) return false;
  const go = await vscode.window.showWarningMessage(
    `Send your Qualys credentials to ${platform.label}?`,
    { modal: true, detail: `${platform.baseUrl} is not one of the Qualys platforms (qualys.platformUrl). Agree only if it is your private cloud's API server.` },
    'Send',
  );
  if (go !== 'Send') return false;
  await state.update(CONFIRMED_HOSTS_KEY, [...confirmed, platform.label]);
  return true;
}
