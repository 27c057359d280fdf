import * as vscode from 'vscode';
import { lstat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import { pulledFileName } from '../../../server/src/core/fleet/pulled';
import { ConnectorKind, isConnectorId, isKind, kindRow, Operation } from '../../../server/src/core/model';
import type { Format } from '../../../server/src/core/tree';
import { writePulled } from '../../../server/src/fleet/pull';
import { pulledText } from '../../../server/src/fleet/pulledText';
import { connectorsById, LiveConnector } from '../../../server/src/send/connectors';
import { redactSecrets } from '../../../server/src/send/redact';
import { writeRecord } from '../../../server/src/workspace/record';
import { formatOfFile, isFormat } from '../../../server/src/core/format';
import { escapeInFile } from '../../../server/src/core/displayText';
import { testConfirmations } from '../testConfirmations';
import { SendCommands } from '../send/commands';
import { compareLive, describeFile } from '../send/serverRequests';
import { isRealChange } from '../../../server/src/core/fleet/diff';
import { showSettingError } from '../send/settings';
import { ConnectorChanges } from './changes';
import { pullFolder } from './folder';
import { LiveDocuments } from './live';
import { fleetText, inFleet, labelOf, printable, problemOf } from './present';
import { connectorKey } from './records';
import { FleetCommandIds } from '../fleet/commands';
import { Access, PlatformSession } from '../send/session';
import { ConnectorsView, Node } from './view';

/** A connector an action is about: a tree node, or `{kind, id}` from a script or test. */
export interface ConnectorTarget {
  kind: ConnectorKind;
  id: number;
  connector?: LiveConnector;
}

/** What Run and Delete came to; returned by their commands for scripts and tests. Never holds a secret. */
export interface ActionOutcome {
  ok: boolean;
  summary: string;
  problem?: string;
}

export interface ActionDeps {
  client: LanguageClient;
  session: PlatformSession;
  view: ConnectorsView;
  live: LiveDocuments;
  changes: ConnectorChanges;
}

export function targetOf(arg: unknown): ConnectorTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Partial<Node> & { kind?: unknown; id?: unknown };
  if (!isKind(a.kind) || !isConnectorId(a.id)) return undefined;
  return { kind: a.kind, id: a.id, connector: a.type === 'connector' ? a.connector : undefined };
}

/**
 * The actions on one connector: Open as Request, Compare with Live, Run, Delete, Copy Id. Each
 * opens the platform session itself (asking once for what is missing), reports a failure once in
 * plain words, and tells the view what it changed.
 */
export class ConnectorActions {
  constructor(private readonly deps: ActionDeps) {}

  /**
   * Writes the connector into the workspace as an update request, or opens the file already
   * recorded for it: its request file, or the fleet file whose account it is (a second file would
   * manage the same connector).
   */
  async openAsRequest(arg: unknown): Promise<{ file: string; existing: boolean; fleetKey?: string } | undefined> {
    const target = this.target(arg, 'Open as Request');
    if (!target) return undefined;
    const recorded = (await this.deps.view.recordedFiles()).get(connectorKey(target.kind, target.id));
    if (recorded) {
      await vscode.window.showTextDocument(vscode.Uri.file(recorded.file));
      if (inFleet(recorded)) {
        void vscode.window.showInformationMessage(`Connector ${target.id} is the account of ${fleetText(recorded, [])}: opened the fleet file, whose template makes it (Plan this fleet shows what differs); no request file is written.`);
        return { file: recorded.file, existing: true, fleetKey: recorded.fleetKey };
      }
      void vscode.window.showInformationMessage(`Connector ${target.id} is already in the workspace as ${vscode.workspace.asRelativePath(recorded.file)}: opened as it is (Compare with Live shows what differs).`);
      return { file: recorded.file, existing: true };
    }
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || folder.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Open as Request: open a folder first; the request is written into it.');
      return undefined;
    }
    const access = await this.open();
    if (!access) return undefined;
    const live = await this.fetch(access, target);
    if (!live) return undefined;
    const config = vscode.workspace.getConfiguration('qualys.connectors');
    const out = await pullFolder(folder.uri.fsPath, config.get<string>('folder', 'connectors'));
    if ('error' in out) {
      void showSettingError(`Open as Request: ${out.error}`, 'qualys.connectors.folder');
      return undefined;
    }
    const format = formatSetting(config.get<string>('format'));
    const path = join(out.path, pulledFileName(live.name, target.id, target.kind, format));
    if (await lstat(path).catch(() => undefined)) {
      // Not recorded as this connector: it may hold someone's work, so it is not overwritten.
      void vscode.window.showWarningMessage(`Open as Request: ${vscode.workspace.asRelativePath(path)} exists but is not recorded as connector ${target.id}; it is not overwritten. Rename or delete it, then open the connector again.`);
      return undefined;
    }
    try {
      const pulled = await writePulled(out.path, new Map(), target.kind, live, format, secretsOf(access));
      if (!pulled) throw new Error(`the connector's id is not a connector id.`);
      await writeRecord(pulled.path, pulled.target, folder.uri.fsPath);
      await vscode.window.showTextDocument(vscode.Uri.file(pulled.path));
      return { file: pulled.path, existing: false };
    } catch (e) {
      void vscode.window.showErrorMessage(`Open as Request: ${this.redact(access, (e as Error).message)}`);
      return undefined;
    }
  }

  /**
   * The diff of the live connector (as a request in the file's format) and a request file: the file
   * given (editor, CodeLens), else the active editor's, else the file recorded for a tree node.
   */
  async compareWithLive(arg: unknown): Promise<Compared | undefined> {
    const target = targetOf(arg);
    if (target) {
      const home = (await this.deps.view.recordedFiles()).get(connectorKey(target.kind, target.id));
      if (inFleet(home)) {
        const go = await vscode.window.showInformationMessage(`Connector ${target.id} is the account of ${fleetText(home, [])}: Plan this fleet compares it with the fleet's template.`, 'Plan this fleet');
        if (go === 'Plan this fleet') await vscode.commands.executeCommand(FleetCommandIds.planFile, { uri: vscode.Uri.file(home.file) });
        return undefined;
      }
      if (home) return this.compareFile(vscode.Uri.file(home.file));
      const go = await vscode.window.showInformationMessage(`Connector ${target.id} has no request file in the workspace.`, 'Open as Request');
      if (go === 'Open as Request') await this.openAsRequest(target);
      return undefined;
    }
    const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!uri) {
      void vscode.window.showErrorMessage('Compare with Live: open a request file recorded as the update of a connector first.');
      return undefined;
    }
    return this.compareFile(uri);
  }

  /** Runs the connector now (a disabled one is refused by Qualys: its message is shown). */
  run(arg: unknown): Promise<ActionOutcome | undefined> {
    const target = this.target(arg, 'Run');
    return target ? this.send(target, 'run') : Promise.resolve(undefined);
  }

  /** Deletes the connector after a modal confirmation naming it (given by the test hook alone, never by the command's argument). */
  async delete(arg: unknown): Promise<ActionOutcome | undefined> {
    const target = this.target(arg, 'Delete');
    if (!target) return undefined;
    const access = await this.open();
    if (!access) return undefined;
    if (!testConfirmations.take()) {
      const known = target.connector ?? this.deps.view.connector(target.kind, target.id);
      const name = known ? labelOf(known, secretsOf(access)) : `#${target.id}`;
      const go = await vscode.window.showWarningMessage(
        `Delete the ${kindRow(target.kind).label} connector "${name}" (#${target.id}) on ${access.platform.label}?`,
        { modal: true, detail: 'This cannot be undone.' },
        'Delete',
      );
      if (go !== 'Delete') return undefined;
    }
    const outcome = await this.send(target, 'delete', access);
    const home = (await this.deps.view.recordedFiles()).get(connectorKey(target.kind, target.id));
    if (outcome?.ok && home) {
      const kept = inFleet(home) ? `The record of ${fleetText(home, [])}` : vscode.workspace.asRelativePath(home.file);
      void vscode.window.showInformationMessage(`${kept} is kept; it now names connector ${target.id}, which no longer exists.`);
    }
    return outcome;
  }

  async copyId(arg: unknown): Promise<number | undefined> {
    const target = this.target(arg, 'Copy Id');
    if (!target) return undefined;
    await vscode.env.clipboard.writeText(String(target.id));
    vscode.window.setStatusBarMessage(`Connector id ${target.id} copied.`, 3000);
    return target.id;
  }

  /**
   * Compares as `plan` does (values, not key order, quoting or wrappers; secrets not comparable):
   * a file that would change nothing is said to match, with no diff to read; otherwise the diff
   * opens, its title counting the differences.
   */
  private async compareFile(uri: vscode.Uri): Promise<Compared | undefined> {
    const described = await describeFile(this.deps.client, uri);
    if (!described?.isRequest) {
      void vscode.window.showErrorMessage(`Compare with Live: ${basename(uri.path)} is not a Qualys request.`);
      return undefined;
    }
    if (described.id === undefined || described.byFilter) {
      void vscode.window.showErrorMessage(`Compare with Live: ${basename(uri.path)} does not name one connector by id. Record it as the update of a connector (Set Request Target) first.`);
      return undefined;
    }
    const access = await this.open();
    if (!access) return undefined;
    const target = { kind: described.kind, id: described.id };
    const live = await this.fetch(access, target);
    if (!live) return undefined;
    const document = await vscode.workspace.openTextDocument(uri);
    const compared = await compareLive(this.deps.client, uri, live);
    const changes = 'changes' in compared ? compared.changes : undefined;
    const real = changes?.filter(isRealChange);
    const secrets = (changes ?? []).filter((c) => !isRealChange(c)).map((c) => c.path);
    const notCompared = secrets.length > 0 ? ` (${secrets.join(', ')} not compared: Qualys never returns secrets)` : '';
    if (real?.length === 0) {
      void vscode.window.showInformationMessage(`No differences from live connector ${target.id}: an update from ${basename(uri.path)} would change nothing on ${access.platform.label}${notCompared}.`);
      return { file: uri.toString(), differences: 0 };
    }
    const format = formatOfDocument(document);
    // In the file's shape when the server could write it so: the diff then shows what plan shows, nothing of layout.
    const shaped = 'changes' in compared && compared.shaped !== undefined ? escapeInFile(redactSecrets(compared.shaped, secretsOf(access)), format) : undefined;
    const liveUri = this.deps.live.put(target.kind, target.id, format, shaped ?? pulledText(target.kind, live, format, secretsOf(access)));
    const counted = real ? ` · ${real.length} difference${real.length === 1 ? '' : 's'}` : '';
    const title = `${labelOf(live, secretsOf(access))} #${target.id}: live ↔ ${basename(uri.path)}${counted}`;
    await vscode.commands.executeCommand('vscode.diff', liveUri, uri, title);
    return { live: liveUri.toString(), file: uri.toString(), ...(real ? { differences: real.length } : {}) };
  }

  /** Sends a run or a delete of one connector, says how it went, and tells the view. */
  private async send(target: ConnectorTarget, operation: Extract<Operation, 'run' | 'delete'>, opened?: Access & { ok: true }): Promise<ActionOutcome | undefined> {
    const access = opened ?? (await this.open());
    if (!access) return undefined;
    const what = `${operation === 'run' ? 'Running' : 'Deleting'} ${kindRow(target.kind).label} connector ${target.id} on ${access.platform.label}`;
    try {
      const executed = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Qualys: ${what}…` }, () =>
        access.api.send({ kind: target.kind, operation, id: target.id, byFilter: false, accept: 'application/json' }),
      );
      const r = executed.response;
      const summary = printable(r.summary, executed.secrets, 300);
      if (!r.ok) {
        const problem = printable(r.problem ?? r.summary, executed.secrets, 600);
        void vscode.window.showWarningMessage(`${what}: ${problem}`);
        return { ok: false, summary, problem };
      }
      this.deps.changes.fire({ kind: target.kind, ids: [target.id], deleted: operation === 'delete' });
      void vscode.window.showInformationMessage(`${what}: ${summary}`);
      return { ok: true, summary };
    } catch (e) {
      const problem = this.fail(access, e);
      return { ok: false, summary: 'failed', problem };
    }
  }

  /** The connector as it is now; undefined (said) when it is gone or the call failed. */
  private async fetch(access: Access & { ok: true }, target: { kind: ConnectorKind; id: number }): Promise<LiveConnector | undefined> {
    try {
      const live = (await connectorsById(access.api, target.kind, [target.id])).get(target.id);
      if (!live) void vscode.window.showErrorMessage(`${kindRow(target.kind).label} connector ${target.id} does not exist on ${access.platform.label}.`);
      return live;
    } catch (e) {
      this.fail(access, e);
      return undefined;
    }
  }

  /** The platform session, asking once for what is missing; undefined (said) when it cannot be had. */
  private async open(): Promise<(Access & { ok: true }) | undefined> {
    const access = await this.deps.session.open(true);
    if (access.ok) return access;
    if (access.reason === 'platform') void showSettingError(access.message, 'qualys.platform');
    else if (access.reason === 'credentials') offerCredentials(access.message);
    else void vscode.window.showWarningMessage(access.message);
    return undefined;
  }

  private fail(access: Access & { ok: true }, e: unknown): string {
    const problem = problemOf(e, access.platform.label, secretsOf(access));
    if (problem.state === 'refused') offerCredentials(problem.message);
    else if (problem.state === 'unreachable') void showSettingError(problem.message, 'qualys.platform');
    else void vscode.window.showErrorMessage(problem.message);
    return problem.message;
  }

  private target(arg: unknown, title: string): ConnectorTarget | undefined {
    const target = targetOf(arg);
    if (!target) void vscode.window.showErrorMessage(`Qualys: ${title}: choose a connector in the Qualys Connectors view.`);
    return target;
  }

  private redact(access: Access & { ok: true }, text: string): string {
    return redactSecrets(text, secretsOf(access));
  }
}

/** What Compare with Live came to: the live document shown beside the file, or none when they match. */
export interface Compared {
  file: string;
  live?: string;
  /** The changes an update from the file would make, as `plan` counts them. */
  differences?: number;
}

function secretsOf(access: Access & { ok: true }): string[] {
  return [access.connection.credentials.password];
}

function offerCredentials(message: string): void {
  void vscode.window.showWarningMessage(message, 'Set Credentials').then((c) => {
    if (c === 'Set Credentials') void vscode.commands.executeCommand(SendCommands.setCredentials);
  });
}

function formatSetting(value: string | undefined): Format {
  return isFormat(value) ? value : 'yaml';
}

/** The file's format, as the server decides it: its language, its name, then its first characters. */
function formatOfDocument(document: vscode.TextDocument): Format {
  return formatOfFile(document.uri.path, document.getText(), document.languageId);
}
