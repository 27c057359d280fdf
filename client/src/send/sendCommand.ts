import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { PreparedSend } from '../../../server/src/protocol';
import { execute, Executed, SetupError } from '../../../server/src/send/execute';
import { appendHistory } from '../../../server/src/send/history';
import { NetworkError, NetworkErrorKind } from '../../../server/src/send/http';
import type { ResolvedPlatform } from '../../../server/src/send/platforms';
import { redactSecrets } from '../../../server/src/send/redact';
import { secretsIn } from '../../../server/src/send/secrets';
import { createAgainMessage, type Target } from '../../../server/src/send/target';
import type { Operation } from '../../../server/src/core/model';
import { ConnectorChanges } from '../connectors/changes';
import { SERVED_LANGUAGES } from '../formats';
import { ApiDiagnostics } from './apiDiagnostics';
import { SENDING_CONTEXT } from './commands';
import { setCredentialsCommand } from './credentials';
import { documentFor } from './documents';
import { confirmChangeMessage, errorListMessage, logLine, needsId } from './operations';
import { viewOfResponse } from './responseHtml';
import { ResponseViews } from './responseView';
import { readSendSettings, showSettingError } from './settings';
import { prepareSend } from './serverRequests';
import { PlatformSession } from './session';
import { SendStates } from './state';
import { askId, promptTarget, TargetStore } from './targetPrompt';
import { testConfirmations } from '../testConfirmations';
import { fileNameOf } from './responseView';

/** What a send came to; returned by `qualys.sendRequest` so scripts and tests can check it. Never holds a secret. */
export type SendOutcome =
  | { outcome: 'answered'; status: number; responseCode?: string; ok: boolean; summary: string; ids: number[]; problem?: string }
  | { outcome: 'failed'; kind: NetworkErrorKind | 'setup' | 'internal'; message: string }
  | { outcome: 'cancelled' }
  | { outcome: 'not-sent'; reason: string };

export interface SendDeps {
  client: LanguageClient;
  /** How Send opens the platform, as the Connectors view, Plan and Apply do. */
  session: PlatformSession;
  targets: TargetStore;
  views: ResponseViews;
  diagnostics: ApiDiagnostics;
  states: SendStates;
  log: vscode.OutputChannel;
  historyDir: string;
  /** Told of every connector a successful create, update, delete or run touched. */
  changes: ConnectorChanges;
}

/**
 * `qualys.sendRequest` and `qualys.cancelRequest`. One request runs at a time: the Qualys API
 * allows a subscription only a couple of concurrent calls, and one Cancel has one thing to stop.
 * The server prepares the request from the editor's text; the send core (shared with the CLI)
 * sends it from the extension host, where VS Code's proxy settings apply.
 */
export class Sender implements vscode.Disposable {
  private running: AbortController | undefined;
  /** True from the command's start, prompts included: a second send waits for no half-answered question. */
  private busy = false;

  constructor(private readonly deps: SendDeps) {}

  /** A request still running when the extension stops is abandoned, not left to finish unseen. */
  dispose(): void {
    this.cancel();
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  async send(arg: unknown): Promise<SendOutcome> {
    if (this.running) {
      const choice = await vscode.window.showWarningMessage('A Qualys request is still being sent.', 'Cancel It');
      if (choice === 'Cancel It') this.cancel();
      return notSent('another request is running');
    }
    if (this.busy) return notSent('another send is being prepared');
    this.busy = true;
    try {
      return await this.prepareAndRun(arg);
    } finally {
      this.busy = false;
    }
  }

  private async prepareAndRun(arg: unknown): Promise<SendOutcome> {
    const document = await documentFor(arg);
    if (!document) {
      void vscode.window.showErrorMessage('Send Request: open a Qualys request file first.');
      return notSent('no document');
    }
    const version = document.version;

    const prepared = await this.prepare(document);
    if ('reason' in prepared) return notSent(prepared.reason);

    const settings = readSendSettings();
    const platform = settings.platform;
    if ('error' in platform) {
      void showSettingError(platform.error, 'qualys.platform');
      return notSent('platform not set');
    }
    const operation = prepared.operation as Operation;

    if (prepared.body !== undefined && prepared.errors.length > 0 && !prepared.errorsAccepted && !(await this.sendAnyway(prepared.errors))) return notSent('the request has errors');
    if (operation === 'create' && !(await this.createAgain(document.uri))) return notSent('second create not confirmed');
    const question = settings.confirmChanges && !platform.loopback ? confirmChangeMessage(operation, prepared.id, prepared.byFilter, platform.label) : undefined;
    if (question) {
      const verb = operation === 'delete' ? 'Delete' : 'Update';
      const go = await vscode.window.showWarningMessage(question, { modal: true, detail: 'Turn this question off with qualys.send.confirmChanges.' }, verb);
      if (go !== verb) return notSent('change not confirmed');
    }
    // Host consent, then credentials (asked once and stored): the same opening as the view, Plan and Apply.
    const access = await this.deps.session.open(true);
    if (!access.ok) return notSent(access.reason === 'host' ? 'host not confirmed' : access.reason === 'credentials' ? 'no credentials' : 'platform not set');

    return this.run(document, version, prepared, operation, access.platform, access.connection.credentials, access.connection.timeoutMs);
  }

  /**
   * The prepared request with an operation and, when it needs one, an id: asks for what the file
   * and its recorded target do not say, records the answer (so it is asked once) and asks the
   * server again with the full target.
   */
  private async prepare(document: vscode.TextDocument): Promise<(PreparedSend & { errorsAccepted?: boolean }) | { reason: string }> {
    const { client, targets } = this.deps;
    const recorded = await targets.read(document.uri);
    let prepared = await prepareSend(client, document.uri, recorded);
    if ('error' in prepared) {
      void vscode.window.showErrorMessage(`Send Request: ${notARequest(document) ?? prepared.error}`);
      return { reason: 'not prepared' };
    }
    const missingOperation = !prepared.operation;
    const missingId = prepared.operation !== undefined && needsId(prepared.operation, prepared.byFilter) && prepared.id === undefined;
    if (!missingOperation && !missingId) return prepared;
    // Errors first: a broken file is not worth a target chosen and recorded for it.
    const mayCarryBody = missingOperation || prepared.body !== undefined;
    if (mayCarryBody && prepared.errors.length > 0 && !(await this.sendAnyway(prepared.errors))) return { reason: 'the request has errors' };
    const errorsAccepted = mayCarryBody && prepared.errors.length > 0;

    // byFilter is true exactly when the file has filters and no id is known: then an update needs none.
    let target: Target | undefined;
    if (prepared.operation) {
      const answer = await askId(prepared.operation, undefined, false, { kind: prepared.kind, live: this.deps.targets.liveConnectors });
      target = answer?.id !== undefined ? { operation: prepared.operation, id: answer.id } : undefined;
    } else {
      target = await promptTarget({ id: recorded.id }, prepared.hasFilters, { kind: prepared.kind, live: this.deps.targets.liveConnectors });
    }
    if (!target) return { reason: 'no target chosen' };
    await this.record(document.uri, target);
    prepared = await prepareSend(client, document.uri, target);
    if ('error' in prepared) {
      void vscode.window.showErrorMessage(`Send Request: ${prepared.error}`);
      return { reason: 'not prepared' };
    }
    if (!prepared.operation) return { reason: 'no operation' };
    return { ...prepared, errorsAccepted };
  }

  /** Asks before a request with errors goes; the safe answer comes first, so Enter does not send it. */
  private async sendAnyway(errors: readonly string[]): Promise<boolean> {
    const { message, detail } = errorListMessage(errors);
    const go = await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Show Problems', 'Send Anyway');
    if (go === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    return go === 'Send Anyway';
  }

  /**
   * Before a create from a file that already created a connector: asks, and the first (default)
   * answer turns the file into an update of that connector without sending anything.
   */
  private async createAgain(uri: vscode.Uri): Promise<boolean> {
    const made = await this.deps.targets.created(uri);
    if (!made || testConfirmations.take()) return true;
    const update = `Make It Update #${made.id}`;
    const go = await vscode.window.showWarningMessage(
      createAgainMessage(made.id, made.at),
      { modal: true, detail: `Sending it as a create makes a second connector. "${update}" records this file as an update of #${made.id} and sends nothing.` },
      update,
      'Create Another',
    );
    if (go === update) await this.record(uri, { operation: 'update', id: made.id });
    return go === 'Create Another';
  }

  private async record(uri: vscode.Uri, target: Target, created?: { id: number; at: string }): Promise<void> {
    try {
      await this.deps.targets.write(uri, target, created);
    } catch (e) {
      // Not fatal: this send goes on with the target just given; the next one asks again.
      void vscode.window.showWarningMessage(`The request's target could not be recorded (${e instanceof Error ? e.message : String(e)}); it will be asked again next time.`);
    }
  }

  private async run(
    document: vscode.TextDocument,
    version: number,
    prepared: PreparedSend,
    operation: Operation,
    platform: ResolvedPlatform,
    credentials: { username: string; password: string },
    timeoutMs: number,
  ): Promise<SendOutcome> {
    const { states, diagnostics, log } = this.deps;
    const uri = document.uri;
    const secrets = [credentials.password, ...secretsIn(document.getText())];
    const controller = new AbortController();
    this.running = controller;
    void vscode.commands.executeCommand('setContext', SENDING_CONTEXT, true);
    states.set(uri, { phase: 'sending', platform: platform.label });
    diagnostics.clear(uri);
    const label = `${operation}${prepared.id !== undefined ? ` #${prepared.id}` : ''}`;
    try {
      const executed = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Qualys: sending ${label} to ${platform.label}…`, cancellable: true },
        (_progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          return execute(prepared, { platform, credentials, timeoutMs, signal: controller.signal });
        },
      );
      return await this.answered(document, version, operation, prepared, platform, executed);
    } catch (e) {
      if (e instanceof NetworkError && e.kind === 'cancelled') {
        states.set(uri, { phase: 'cancelled' });
        log.appendLine(logLine(new Date(), '-', platform.label, label, 'cancelled'));
        return { outcome: 'cancelled' };
      }
      const message = redactSecrets(e instanceof Error ? e.message : String(e), secrets);
      const kind = e instanceof NetworkError ? e.kind : e instanceof SetupError ? 'setup' : 'internal';
      states.set(uri, { phase: 'failed', message });
      log.appendLine(logLine(new Date(), '-', platform.label, label, `failed (${kind})`));
      void this.showFailure(kind, kind === 'internal' ? `Send Request failed: ${message}` : message);
      return { outcome: 'failed', kind, message };
    } finally {
      this.running = undefined;
      void vscode.commands.executeCommand('setContext', SENDING_CONTEXT, false);
    }
  }

  private async answered(
    document: vscode.TextDocument,
    version: number,
    operation: Operation,
    prepared: PreparedSend,
    platform: ResolvedPlatform,
    executed: Executed,
  ): Promise<SendOutcome> {
    const { states, log, views, diagnostics } = this.deps;
    const r = executed.response;
    const uri = document.uri;
    const time = new Date();
    const problem = r.problem !== undefined ? redactSecrets(r.problem, executed.secrets) : undefined;
    log.appendLine(logLine(time, executed.line.method, platform.label, executed.line.path, `HTTP ${r.status} · ${r.summary}`));
    // An answer that could not be read is a failure, whatever status it came with: the call may or may not have happened.
    states.set(uri, r.unreadable !== undefined ? { phase: 'failed', message: problem ?? r.summary } : { phase: 'answered', summary: r.summary, ok: r.ok, status: r.status });
    views.show(uri, viewOfResponse(r, executed.line, platform.label, time.toISOString()));

    try {
      // Only what the answer says, already redacted; never the request body or credentials.
      await appendHistory(this.deps.historyDir, {
        time: time.toISOString(),
        file: uri.toString(),
        platform: platform.label,
        operation,
        id: prepared.id,
        status: r.status,
        responseCode: r.responseCode,
        summary: r.summary,
        problem,
        ms: r.ms,
        body: r.pretty,
      });
    } catch (e) {
      log.appendLine(`The response could not be kept in the history: ${e instanceof Error ? e.message : String(e)}`);
    }

    if (r.responseCode && r.responseCode !== 'SUCCESS' && r.errorMessage) {
      void diagnostics.report(document, version, r.responseCode, r.errorMessage);
    }
    if (r.unreadable !== undefined && problem) {
      void vscode.window.showErrorMessage(problem);
    } else if ((r.status === 409 || r.status === 429) && problem) {
      void vscode.window.showWarningMessage(problem);
    } else if (r.status === 401 && problem) {
      void vscode.window.showWarningMessage(problem, 'Set Credentials').then((c) => {
        if (c === 'Set Credentials') void setCredentialsCommand(this.deps.session.credentials, undefined, () => platform);
      });
    }
    if (r.ok && operation !== 'get' && operation !== 'search') {
      const ids = prepared.id !== undefined ? [prepared.id] : r.ids;
      this.deps.changes.fire({ kind: prepared.kind, ids: prepared.byFilter ? [] : ids, deleted: operation === 'delete' });
    }
    if (r.ok && operation === 'create' && r.ids.length === 1) await this.madeFrom(uri, r.ids[0], time);
    return { outcome: 'answered', status: r.status, responseCode: r.responseCode, ok: r.ok, summary: r.summary, ids: r.ids, problem };
  }

  /**
   * A create answered with the new connector's id: the file becomes an update of it (as apply
   * records its creates), so sending it again changes that connector instead of making another.
   */
  private async madeFrom(uri: vscode.Uri, id: number, time: Date): Promise<void> {
    const created = { id, at: time.toISOString() };
    await this.record(uri, { operation: 'update', id }, created);
    void vscode.window.showInformationMessage(`Connector ${id} created; ${fileNameOf(uri)} now updates it.`, 'Keep as Create').then((c) => {
      if (c === 'Keep as Create') void this.record(uri, { operation: 'create' }, created);
    });
  }

  private async showFailure(kind: string, message: string): Promise<void> {
    // Each network failure names the setting to look at; offer to open it.
    const setting = kind === 'timeout' ? 'qualys.send.timeout' : ['dns', 'refused', 'tls', 'redirect', 'too-large'].includes(kind) ? 'qualys.platform' : undefined;
    if (setting) await showSettingError(message, setting);
    else void vscode.window.showErrorMessage(message);
  }
}

function notSent(reason: string): SendOutcome {
  return { outcome: 'not-sent', reason };
}

/** A clearer message than the server's "not open" for a document in a language the server is not given. */
function notARequest(document: vscode.TextDocument): string | undefined {
  if (SERVED_LANGUAGES.includes(document.languageId)) return undefined;
  return `this ${document.languageId} document is not a Qualys request; requests are XML, JSON or YAML files.`;
}
