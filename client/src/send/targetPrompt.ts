import * as vscode from 'vscode';
import { dirname } from 'node:path';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConnectorKind, Operation } from '../../../server/src/core/model';
import { connectorPicks } from '../connectors/picks';
import type { LiveCache } from '../connectors/view';
import type { Target } from '../../../server/src/send/target';
import { writeRecord } from '../../../server/src/workspace/record';
import { idProblem, OPERATION_CHOICES, parseId, takesId } from './operations';
import { describeFile, PartialTarget, recordedTarget } from './serverRequests';
import { Created, Kept, UntitledTargets } from '../untitledTargets';

/**
 * Where each request goes (operation and connector id), recorded outside the request so its body is
 * never changed: files in the `qualys-targets.json` sidecar the CLI reads too (read by the language
 * server, the one reader of it; written here, only inside the workspace folder and atomically),
 * other documents (untitled) in workspaceState.
 */
export class TargetStore {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly untitled: UntitledTargets;
  /** What the Connectors view has loaded, for the connector-id prompt's pick list (set once the view is registered). */
  liveConnectors: () => Promise<LiveCache> = async () => ({ entries: [], secrets: [] });

  constructor(
    workspaceState: vscode.Memento,
    private readonly client: LanguageClient,
  ) {
    this.untitled = new UntitledTargets(workspaceState);
  }

  /** The recorded target: for a file, what the server read in qualys-targets.json. */
  async read(uri: vscode.Uri): Promise<PartialTarget> {
    if (uri.scheme === 'file') return recordedTarget(this.client, uri);
    return this.untitled.read(uri);
  }

  /** The connector Send Request created from this document, as its record says. */
  async created(uri: vscode.Uri): Promise<Created | undefined> {
    if (uri.scheme === 'file') return (await describeFile(this.client, uri))?.created;
    return this.untitled.created(uri);
  }

  /**
   * Records the target; resolves to the sidecar file written, if any. Throws when it cannot be
   * written. What the document created (given, or already recorded) is kept while the target is a
   * create or that same connector: so a second create can be asked about.
   */
  async write(uri: vscode.Uri, target: Target, created?: Created): Promise<string | undefined> {
    const made = created ?? (await this.created(uri));
    const keep = made && (target.operation === 'create' || target.id === made.id) ? made : undefined;
    const entry: Kept = keep ? { ...target, id: target.id ?? keep.id, created: keep.at } : target;
    let written: string | undefined;
    if (uri.scheme === 'file') {
      if (!vscode.workspace.isTrusted) throw new Error('this workspace is not trusted (Restricted Mode), so nothing is written to it');
      written = await writeRecord(uri.fsPath, entry, workspaceRoot(uri) ?? dirname(uri.fsPath));
    } else {
      await this.untitled.write(uri, entry);
    }
    this.changed.fire(uri);
    return written;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function workspaceRoot(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
}

/** The operation quick pick; the current one is marked. Undefined when the user gives up. `step` (`1/2`) goes in its title. */
export async function pickOperation(current?: Operation, step?: string): Promise<Operation | undefined> {
  const items = OPERATION_CHOICES.map((c) => ({
    label: c.operation,
    description: c.operation === current ? '(current)' : undefined,
    detail: c.description,
    operation: c.operation,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Qualys: which operation does this request do?${step ? ` (${step})` : ''}`,
    placeHolder: 'Recorded for this file, so it is asked once',
    ignoreFocusOut: true,
  });
  return chosen?.operation;
}

/** Where the id prompt's pick list comes from and what it shows: the file's kind, the step in its title. */
export interface IdPromptOptions {
  kind?: ConnectorKind;
  step?: string;
  live?: () => Promise<LiveCache>;
}

/**
 * The connector id: a pick list of the connectors the Connectors view has loaded (of the file's
 * kind) with "Enter an id…" first, or straight the input box when the view has none. `optional` (an
 * update by filter) accepts no id. Resolves to `{id}` (id undefined for none), or undefined when the
 * user gives up.
 */
export async function askId(operation: Operation, current: number | undefined, optional: boolean, options: IdPromptOptions = {}): Promise<{ id?: number } | undefined> {
  const title = `Qualys: id of the connector to ${operation}${options.step ? ` (${options.step})` : ''}`;
  const live = options.live ? await options.live().catch(() => undefined) : undefined;
  const picks = live ? connectorPicks(live.entries, live.secrets, { kind: options.kind, current, optional }) : [];
  // Only "Enter an id…" (and "No id"): nothing loaded to choose from.
  if (picks.some((p) => p.id !== undefined)) {
    const chosen = await vscode.window.showQuickPick(picks, { title, placeHolder: 'A connector the Connectors view has loaded, or Enter an id…', matchOnDescription: true, ignoreFocusOut: true });
    if (!chosen) return undefined;
    if (chosen.none) return {};
    if (chosen.id !== undefined) return { id: chosen.id };
  }
  const text = await vscode.window.showInputBox({
    title,
    prompt: optional ? 'Leave empty to update the connectors matching the filters in the file.' : 'The connector id, as in the answer to its create or a search.',
    value: current !== undefined ? String(current) : undefined,
    ignoreFocusOut: true,
    validateInput: (v) => idProblem(v, optional),
  });
  if (text === undefined) return undefined;
  return { id: parseId(text) };
}

/**
 * Asks operation then id (when the operation takes one). `hasFilters` says whether the file has
 * filters, which makes the id of an update optional.
 */
export async function promptTarget(current: PartialTarget, hasFilters: boolean, options: Omit<IdPromptOptions, 'step'> = {}): Promise<Target | undefined> {
  const operation = await pickOperation(current.operation, '1/2');
  if (!operation) return undefined;
  if (!takesId(operation)) return { operation };
  const optional = operation === 'update' && hasFilters;
  const answer = await askId(operation, current.id, optional, { ...options, step: '2/2' });
  if (!answer) return undefined;
  return answer.id !== undefined ? { operation, id: answer.id } : { operation };
}
