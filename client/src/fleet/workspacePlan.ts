import * as vscode from 'vscode';
import { relative } from 'node:path';
import { UsageError } from '../../../server/src/fleet/errors';
import { FileError, makePlan, Plan, PlannedFile } from '../../../server/src/fleet/planner';
import type { Api } from '../../../server/src/send/api';
import { isInside } from '../../../server/src/workspace/record';

/** What a plan or an apply covers: the whole workspace, or a folder or file in it. */
export interface PlanArgs {
  /** A folder or file to plan alone; the whole workspace without it. */
  uri?: vscode.Uri;
  /** Save dirty request files without asking (scripts, tests). */
  save?: boolean;
}

/** One workspace folder's share of a plan: `pattern` (`.` or a path under it) is what makePlan expands. */
interface Scope {
  folder: vscode.WorkspaceFolder;
  pattern: string;
}

export type WorkspacePlan = { ok: true; body: Plan; folders: string[] } | { ok: false; message: string };

/** A command's argument: a Uri (explorer, with its selection after it), `{ uri, save }`, or nothing. An apply is confirmed only by the user (or the test hook). */
export function planArgs(arg: unknown): PlanArgs {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  const uri = a.uri instanceof vscode.Uri ? a.uri : typeof a.uri === 'string' ? vscode.Uri.parse(a.uri) : undefined;
  return { uri, save: a.save === true };
}

/**
 * Plans each workspace folder (or the part of one under `uri`) with the CLI's planner, the folder
 * being the record root: a qualys-targets.json above a workspace folder is never read. Paths are
 * shown relative to their folder, with the folder's name first when there are several.
 */
export async function planWorkspace(uri: vscode.Uri | undefined, api: Api): Promise<WorkspacePlan> {
  const scopes = scopesOf(uri);
  if (typeof scopes === 'string') return { ok: false, message: scopes };
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  const shownIn = (folder: vscode.WorkspaceFolder, path: string): string => {
    const rel = relative(folder.uri.fsPath, path);
    return multiRoot ? `${folder.name}/${rel}` : rel;
  };
  const files: PlannedFile[] = [];
  const errors: FileError[] = [];
  const folders: string[] = [];
  for (const { folder, pattern } of scopes) {
    const root = folder.uri.fsPath;
    let plan;
    try {
      plan = await makePlan([pattern], root, api, root);
    } catch (e) {
      if (e instanceof UsageError) continue; // no request files in this folder
      throw e;
    }
    folders.push(pattern === '.' ? folder.name : `${multiRoot ? `${folder.name}/` : ''}${pattern}`);
    if (!plan.ok) {
      for (const e of plan.errors) errors.push({ ...e, shown: shownIn(folder, e.path) });
      continue;
    }
    // A fleet's account is shown by its fleet file and its account, as the CLI shows it.
    for (const f of plan.files) files.push({ ...f, shown: f.fleet ? `${shownIn(folder, f.fleet.file)} ${f.fleet.label}` : shownIn(folder, f.path) });
  }
  if (folders.length === 0) return { ok: false, message: `No request files (*.qualys.xml, .json, .yaml or .yml) or fleet files (*.qualys-fleet.yaml, .json) in ${uri ? vscode.workspace.asRelativePath(uri) : 'the workspace'}.` };
  return { ok: true, folders, body: errors.length > 0 ? { ok: false, errors } : { ok: true, files } };
}

function scopesOf(uri: vscode.Uri | undefined): Scope[] | string {
  const all = vscode.workspace.workspaceFolders ?? [];
  if (!uri) return all.length > 0 ? all.map((folder) => ({ folder, pattern: '.' })) : 'Open a folder to plan its requests.';
  const folder = uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  if (!folder || !isInside(folder.uri.fsPath, uri.fsPath)) return `${uri.fsPath} is not in a workspace folder: only requests in the workspace are planned.`;
  return [{ folder, pattern: relative(folder.uri.fsPath, uri.fsPath) || '.' }];
}

/**
 * Plans read the files on disk: dirty request documents under `uri` are saved first, or left as
 * they are on disk, as the user says (`save` saves without asking). False when the user gave up.
 */
export async function savedOrAsked(uri: vscode.Uri | undefined, save: boolean): Promise<boolean> {
  const under = uri?.fsPath;
  const dirty = vscode.workspace.textDocuments.filter(
    (d) => d.isDirty && d.uri.scheme === 'file' && /^qualys-(xml|json|yaml)$/.test(d.languageId) && (under === undefined || isInside(under, d.uri.fsPath)),
  );
  if (dirty.length === 0) return true;
  const SAVE = 'Save All and Plan';
  const choice = save
    ? SAVE
    : await vscode.window.showWarningMessage(
        `${dirty.length} request file${dirty.length === 1 ? ' has' : 's have'} unsaved changes.`,
        { modal: true, detail: 'The plan reads the files on disk, as apply sends them.' },
        SAVE,
        'Plan Saved Files',
      );
  if (choice === undefined) return false;
  if (choice === SAVE) await Promise.all(dirty.map((d) => d.save()));
  return true;
}
