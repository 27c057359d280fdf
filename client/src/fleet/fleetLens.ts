import * as vscode from 'vscode';
import { FleetCommandIds as Ids } from './commands';

/** The fleet files a lens is offered on. */
export const FLEET_FILES: vscode.DocumentSelector = { scheme: 'file', pattern: '**/*.qualys-fleet.{yaml,yml,json}' };

/** "Plan this fleet" at the top of a fleet file: Plan File on it (its accounts, not its template alone). */
export class FleetLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: 'Plan this fleet', command: Ids.planFile, arguments: [{ uri: document.uri }] })];
  }
}
