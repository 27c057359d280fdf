import * as vscode from 'vscode';
import type { ResolvedPlatform } from '../../../server/src/send/platforms';
import { resolveConfigured } from './platformSetting';
import { timeoutSecOf } from './timeoutSetting';

export interface SendSettings {
  platform: ResolvedPlatform | { error: string };
  timeoutMs: number;
  confirmChanges: boolean;
}

/**
 * The user's own value of a setting. These settings are declared with scope "machine", which VS Code
 * already keeps out of workspace settings; reading only the user value as well means a cloned
 * repository can never choose where credentials are sent, or turn the confirmation off.
 */
function userValue<T>(config: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const i = config.inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue ?? fallback;
}

export function readSendSettings(): SendSettings {
  const config = vscode.workspace.getConfiguration('qualys');
  const timeoutSec = config.get<number>('send.timeout', 60);
  return {
    platform: resolveConfigured(userValue(config, 'platform', 'US1'), userValue(config, 'platformUrl', '')),
    timeoutMs: timeoutSecOf(timeoutSec) * 1000,
    confirmChanges: userValue(config, 'send.confirmChanges', true),
  };
}

/** Whether a configuration change alters where requests go (the CodeLens shows the platform). */
export function affectsPlatform(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('qualys.platform') || e.affectsConfiguration('qualys.platformUrl');
}

/** Offers the settings editor on the setting an error names. */
export async function showSettingError(message: string, setting = 'qualys.platform'): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings');
  if (choice === 'Open Settings') await vscode.commands.executeCommand('workbench.action.openSettings', setting);
}
