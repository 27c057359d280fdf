import * as vscode from 'vscode';
import { toApply } from '../../../server/src/fleet/apply';
import { Plan } from '../../../server/src/fleet/planner';
import { blockers, filesOf, sendSignature } from '../../../server/src/fleet/policy';
import { FleetCommandIds } from './commands';
import { PlanText } from './planText';

export const PLAN_SCHEME = 'qualys-plan';

/** The one plan document: opening the plan again shows this same document with new content. */
export const PLAN_URI = vscode.Uri.from({ scheme: PLAN_SCHEME, path: '/Qualys Plan' });

/** What the document shows now, and what its lenses and Apply need to know about it. */
interface Shown extends PlanText {
  /** The folder or file it covers; the whole workspace when undefined. */
  scope?: vscode.Uri;
  /** Changes it lists, and whether Apply would refuse it (file errors, missing connectors). */
  changes: number;
  blocked: boolean;
  /** What Apply would send for it (see sendSignature). */
  signature: string;
}

/**
 * The read-only plan document (a virtual document of its own language, coloured by a small
 * grammar), with links from each file path to the file and lenses to apply or refresh it.
 */
export class PlanDocument implements vscode.TextDocumentContentProvider, vscode.DocumentLinkProvider, vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  readonly onDidChangeCodeLenses = this.lensesChanged.event;
  private shown: Shown | undefined;

  /** Replaces the content and shows the document (beside nothing: in the active group, kept open). */
  async show(text: PlanText, body: Plan, scope: vscode.Uri | undefined): Promise<void> {
    const changes = toApply(filesOf(body)).length;
    const blocked = blockers(body).length > 0;
    this.shown = { ...text, scope, changes, blocked, signature: body.ok ? sendSignature(body.files) : '' };
    this.changed.fire(PLAN_URI);
    this.lensesChanged.fire();
    const doc = await vscode.workspace.openTextDocument(PLAN_URI);
    await vscode.window.showTextDocument(doc, { preview: false, preserveFocus: true });
    // Once more on the new text: lenses asked for while the old text was still shown would stay.
    this.lensesChanged.fire();
  }

  /** Whether the user last saw a plan of `scope` that sends exactly `signature`. */
  saw(scope: vscode.Uri | undefined, signature: string): boolean {
    return this.shown !== undefined && this.shown.scope?.toString() === scope?.toString() && this.shown.signature === signature;
  }

  /** Whether the document shows a plan of `scope` (an apply that finds another plan says it changed). */
  isShowing(scope: vscode.Uri | undefined): boolean {
    return this.shown !== undefined && this.shown.scope?.toString() === scope?.toString();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return uri.toString() === PLAN_URI.toString() ? (this.shown?.text ?? 'No plan yet: run Qualys: Plan Workspace.\n') : '';
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    if (document.uri.toString() !== PLAN_URI.toString() || !this.shown) return [];
    return this.shown.links.map((l) => {
      const link = new vscode.DocumentLink(new vscode.Range(l.line, l.start, l.line, l.end), vscode.Uri.file(l.path));
      link.tooltip = 'Open the request';
      return link;
    });
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.toString() !== PLAN_URI.toString() || !this.shown) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const args = this.shown.scope ? [{ uri: this.shown.scope.toString() }] : [];
    const lenses = [new vscode.CodeLens(top, { title: '$(refresh) Refresh Plan', command: FleetCommandIds.planWorkspace, arguments: args })];
    const { changes, blocked } = this.shown;
    if (changes > 0 && !blocked) lenses.unshift(new vscode.CodeLens(top, { title: `$(cloud-upload) Apply ${changes} change${changes === 1 ? '' : 's'}`, command: FleetCommandIds.applyWorkspace, arguments: args }));
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
    this.lensesChanged.dispose();
  }
}
