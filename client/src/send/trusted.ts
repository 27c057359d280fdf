import * as vscode from 'vscode';
import { whenTrusted } from './trust';

/** A command that runs only in a trusted workspace, and otherwise says so (see whenTrusted). */
export function trusted<A extends unknown[], R>(title: string, fn: (...args: A) => R): (...args: A) => R | undefined {
  return whenTrusted(() => vscode.workspace.isTrusted, `Qualys: ${title}`, (m) => void vscode.window.showWarningMessage(m), fn);
}
