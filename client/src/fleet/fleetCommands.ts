import * as vscode from 'vscode';
import { applyPlan, toApply } from '../../../server/src/fleet/apply';
import { summarize } from '../../../server/src/fleet/outcomes';
import { Plan, PlannedFile } from '../../../server/src/fleet/planner';
import { blockers, filesOf, sendSignature } from '../../../server/src/fleet/policy';
import { planJson, progressLine, summaryLine } from '../../../server/src/fleet/render';
import { MISSING_REFUSAL } from '../../../server/src/fleet/views/text';
import { openApi } from '../../../server/src/send/api';
import type { Api } from '../../../server/src/send/api';
import { PaceState } from '../../../server/src/send/pace';
import { redactSecrets } from '../../../server/src/send/redact';
import { ConnectorChanges } from '../connectors/changes';
import { APPLYING_CONTEXT } from './commands';
import { applySummary, changeOf, outcomeLines } from './outcomes';
import { PlatformSession } from '../send/session';
import { PlanDocument } from './planDocument';
import { clockTime, countsOf, PlanText, planText } from './planText';
import { planArgs, planWorkspace, savedOrAsked } from './workspacePlan';
import { testConfirmations } from '../testConfirmations';

/** What Plan Workspace returns to scripts and tests. */
export interface PlanResult {
  summary: string;
  changes: number;
  errors: number;
  files: unknown[];
  text: string;
}

/** What Apply Workspace returns: what it sent, or why it sent nothing. */
export type ApplyResult = { applied: number; failed: number; notSent: number; summary: string; details: string[] } | { outcome: 'not-sent'; reason: string };

interface Made {
  body: Plan;
  text: PlanText;
  result: PlanResult;
}

/**
 * Plan Workspace and Apply Workspace: the CLI's planner and apply engine over the workspace
 * folders, with the editor's platform session (settings, keychain, host consent).
 */
export class FleetCommands implements vscode.Disposable {
  private running: AbortController | undefined;

  constructor(
    private readonly session: PlatformSession,
    private readonly document: PlanDocument,
    private readonly changes: ConnectorChanges,
    private readonly log: vscode.OutputChannel,
  ) {}

  async plan(arg: unknown): Promise<PlanResult | undefined> {
    const { uri, save } = planArgs(arg);
    if (!(await savedOrAsked(uri, save === true))) return undefined;
    const access = await this.session.open(true);
    if (!access.ok) {
      void vscode.window.showErrorMessage(`Qualys: Plan Workspace: ${access.message}`);
      return undefined;
    }
    const made = await this.made(uri, access.api, access.platform.label, access.connection.credentials.password);
    return made?.result;
  }

  /** One apply at a time; Cancel Apply stops it from the start (a cancel before sending sends nothing). */
  async apply(arg: unknown): Promise<ApplyResult> {
    if (this.running) {
      void vscode.window.showWarningMessage('Qualys: an apply is already running; cancel it or wait for it to finish.');
      return { outcome: 'not-sent', reason: 'busy' };
    }
    const controller = new AbortController();
    this.running = controller;
    void vscode.commands.executeCommand('setContext', APPLYING_CONTEXT, true);
    try {
      return await this.applyWith(arg, controller.signal);
    } finally {
      this.running = undefined;
      void vscode.commands.executeCommand('setContext', APPLYING_CONTEXT, false);
    }
  }

  private async applyWith(arg: unknown, signal: AbortSignal): Promise<ApplyResult> {
    const { uri, save } = planArgs(arg);
    if (!(await savedOrAsked(uri, save === true))) return { outcome: 'not-sent', reason: 'unsaved' };
    const access = await this.session.open(true);
    if (!access.ok) {
      void vscode.window.showErrorMessage(`Qualys: Apply Workspace: ${access.message}`);
      return { outcome: 'not-sent', reason: access.reason };
    }
    const label = access.platform.label;
    const password = access.connection.credentials.password;
    let pace: PaceState | undefined;
    const api = openApi(access.connection, (s) => {
      pace = s;
    });
    // Never a stale plan: what is sent is planned now, and compared with what the user last saw.
    const sawBefore = this.document.isShowing(uri);
    const made = await this.made(uri, api, label, password, false);
    if (!made) return { outcome: 'not-sent', reason: 'plan' };
    const [blocker] = blockers(made.body);
    if (blocker) {
      await this.showPlan(made, uri);
      void vscode.window.showErrorMessage(`Qualys: Apply Workspace: ${blocker.reason === 'errors' ? `${made.result.summary}; nothing was sent.` : MISSING_REFUSAL}`);
      return { outcome: 'not-sent', reason: blocker.reason };
    }
    const files = filesOf(made.body);
    const todo = toApply(files);
    if (todo.length === 0) {
      await this.showPlan(made, uri);
      const summary = `No changes. The requests match ${label}.`;
      void vscode.window.showInformationMessage(`Qualys: ${summary}`);
      return { applied: 0, failed: 0, notSent: 0, summary, details: [] };
    }
    const changed = !this.document.saw(uri, sendSignature(files));
    if (changed) await this.showPlan(made, uri);
    if (!testConfirmations.take()) {
      const n = todo.length;
      const question = `${changed && sawBefore ? 'The plan changed since you last saw it. ' : ''}Apply ${n} change${n === 1 ? '' : 's'} on ${label}: ${countsOf(todo)}?`;
      const go = await vscode.window.showWarningMessage(question, { modal: true, detail: summaryLine(files) }, 'Apply');
      if (go !== 'Apply') return { outcome: 'not-sent', reason: 'declined' };
    }
    if (signal.aborted) return { outcome: 'not-sent', reason: 'cancelled' };
    const result = await this.send(todo, api, label, password, signal, () => pace ?? api.pace.state());
    // The document shows the state the apply left: "No changes" after a full apply.
    const after = await this.made(uri, api, label, password, false);
    if (after) await this.showPlan(after, uri);
    return result;
  }

  cancel(): void {
    this.running?.abort();
  }

  dispose(): void {
    this.running?.abort();
  }

  private async send(todo: PlannedFile[], api: Api, label: string, password: string, signal: AbortSignal, paceNow: () => PaceState): Promise<ApplyResult> {
    let done = 0;
    const applied = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Qualys: applying on ${label}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => this.cancel());
        const report = (increment = 0) => progress.report({ message: progressLine(done, todo.length, paceNow()), increment });
        report();
        const timer = setInterval(report, 500);
        try {
          return await applyPlan(todo, api, {
            signal,
            onOutcome: (o) => {
              done++;
              report(100 / todo.length);
              if (o.ok) this.changes.fire(changeOf(o));
            },
          });
        } finally {
          clearInterval(timer);
        }
      },
    );
    const details = outcomeLines(applied, password);
    this.log.appendLine(`Apply on ${label} at ${clockTime(new Date())}`);
    for (const line of details) this.log.appendLine(line);
    // A wait the platform asked for that is too long to sleep: said, with what it left unsent.
    const stopped = api.pace.stopped;
    if (stopped) this.log.appendLine(`Stopped: ${redactSecrets(stopped.message, [password])}`);
    const counted = summarize(applied);
    const applyText = applySummary(applied, label);
    const summary = stopped ? `${applyText.summary} ${redactSecrets(stopped.message, [password])}` : applyText.summary;
    const problems = applyText.problems || stopped !== undefined;
    if (!problems) void vscode.window.showInformationMessage(`Qualys: ${summary}`);
    else
      void vscode.window.showWarningMessage(`Qualys: ${summary}`, 'Show Details').then((choice) => {
        if (choice) this.log.show(true);
      });
    return { applied: counted.applied, failed: counted.failed, notSent: counted.notSent, summary, details };
  }

  /** The plan of `uri`, with its result; undefined once a failure to make it is shown. */
  private async made(uri: vscode.Uri | undefined, api: Api, label: string, password: string, show = true): Promise<Made | undefined> {
    let planned;
    try {
      planned = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Qualys: planning against ${label}…` }, () => planWorkspace(uri, api));
    } catch (e) {
      void vscode.window.showErrorMessage(`Qualys: the plan could not be made: ${redactSecrets(e instanceof Error ? e.message : String(e), [password])}`);
      return undefined;
    }
    if (!planned.ok) {
      void vscode.window.showInformationMessage(`Qualys: ${planned.message}`);
      return undefined;
    }
    const { body } = planned;
    const text = planText({ platform: label, time: clockTime(new Date()), folders: planned.folders }, body);
    const result: PlanResult = body.ok
      ? { summary: summaryLine(body.files), changes: toApply(body.files).length, errors: 0, files: (planJson(body.files) as { files: unknown[] }).files, text: text.text }
      : { summary: `${body.errors.length} file${body.errors.length === 1 ? '' : 's'} with errors`, changes: 0, errors: body.errors.length, files: [], text: text.text };
    const made = { body, text, result };
    if (show) await this.showPlan(made, uri);
    return made;
  }

  private showPlan(made: Made, uri: vscode.Uri | undefined): Promise<void> {
    return this.document.show(made.text, made.body, uri);
  }
}
