import * as vscode from 'vscode';
import { isOperation } from '../../server/src/core/model';
import type { Target } from '../../server/src/send/target';
import type { PartialTarget } from './send/serverRequests';

/** workspaceState key of the targets of documents that have no file yet (untitled). */
const UNTITLED_KEY = 'qualys.untitledTargets';

/** The connector Send Request created from a document, and when (ISO time). */
export interface Created {
  id: number;
  at: string;
}

/** A document's target as kept: where it goes, and what it created. */
export type Kept = Target & { created?: string };

/** The targets of documents that have no file yet (untitled), kept in workspaceState: in the desktop and the browser alike. */
export class UntitledTargets {
  constructor(private readonly workspaceState: vscode.Memento) {}

  read(uri: vscode.Uri): PartialTarget {
    const t = this.all()[uri.toString()];
    return t && isOperation(String(t.operation)) ? { operation: t.operation, ...(t.id !== undefined ? { id: t.id } : {}) } : {};
  }

  created(uri: vscode.Uri): Created | undefined {
    const t = this.all()[uri.toString()];
    return t?.created !== undefined && t.id !== undefined ? { id: t.id, at: t.created } : undefined;
  }

  write(uri: vscode.Uri, entry: Kept): Thenable<void> {
    return this.workspaceState.update(UNTITLED_KEY, { ...this.all(), [uri.toString()]: entry });
  }

  private all(): Record<string, Kept> {
    const v = this.workspaceState.get<unknown>(UNTITLED_KEY);
    return v && typeof v === 'object' ? (v as Record<string, Kept>) : {};
  }
}

/** What New Connector Request and Convert need of the targets: a document's, and recording a new untitled one's (TargetStore, or the browser's). */
export interface RequestTargets {
  read(uri: vscode.Uri): Promise<PartialTarget>;
  write(uri: vscode.Uri, target: Target): Promise<unknown>;
}
