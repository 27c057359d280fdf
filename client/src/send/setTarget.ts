import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Target } from '../../../server/src/send/target';
import { documentFor } from './documents';
import { parseTargetArg } from './operations';
import { fileNameOf } from './responseView';
import { describeFile } from './serverRequests';
import { promptTarget, TargetStore } from './targetPrompt';

/**
 * `qualys.setTarget`: changes the operation and connector id recorded for a request. A script
 * passes `{operation, id?, uri?}` and is not asked anything; otherwise a quick pick and an input
 * box. Resolves to the target recorded.
 */
export async function setTargetCommand(arg: unknown, client: LanguageClient, targets: TargetStore): Promise<Target | undefined> {
  const given = parseTargetArg(arg);
  if (given && 'error' in given) {
    void vscode.window.showErrorMessage(`Qualys: Set Request Target: ${given.error}`);
    return undefined;
  }
  const document = await documentFor(arg);
  if (!document) {
    void vscode.window.showErrorMessage('Set Request Target: open a Qualys request file first.');
    return undefined;
  }
  let target = given;
  if (!target) {
    const current = await targets.read(document.uri);
    // Ask the server whether the file has filters: they make an update's id optional.
    const described = await describeFile(client, document.uri);
    if (!described?.isRequest) {
      void vscode.window.showErrorMessage('Set Request Target: this file is not a Qualys connector request (no ServiceRequest root).');
      return undefined;
    }
    target = await promptTarget(current, described.hasFilters, { kind: described.kind, live: targets.liveConnectors });
    if (!target) return undefined;
  }
  try {
    const written = await targets.write(document.uri, target);
    vscode.window.setStatusBarMessage(`Qualys: ${fileNameOf(document.uri)} → ${target.operation}${target.id !== undefined ? ` #${target.id}` : ''}${written ? ` (recorded in ${vscode.workspace.asRelativePath(written)})` : ''}`, 5000);
  } catch (e) {
    void vscode.window.showErrorMessage(`The request's target could not be recorded: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  return target;
}
