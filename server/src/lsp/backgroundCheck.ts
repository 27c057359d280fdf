import { Diagnostic } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

/*
 * What the language server asks of a background check of the workspace's files, without the check
 * itself: the Node server walks the disk (`WorkspaceCheck`, `workspaceCheck.ts`); the browser build
 * has no disk to walk and checks open documents only (`OpenDocumentsOnly`).
 */

/** What the background check needs from the server around it. */
export interface WorkspaceCheckHost {
  /** The workspace folders (paths). */
  roots(): readonly string[];
  /** Whether the editor has the document open: its live version wins. */
  isOpen(uri: string): boolean;
  /** The diagnostics of a file's text (the language service's, without keeping its analysis). */
  validate(document: TextDocument): Diagnostic[];
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** Said once per distinct message. */
  warn(message: string): void;
}

export interface WorkspaceCheckSettings {
  enabled: boolean;
  maxFiles: number;
  /** `qualys.files.include`: further files that are requests. */
  include: string[];
  /** `files.exclude` globs set to true. */
  exclude: string[];
}

export const DEFAULT_MAX_FILES = 1000;

/** The names the server asks the editor to watch for it (request and fleet files), as globs under any folder. */
export const REQUEST_FILE_GLOBS = ['*.qualys.{xml,json,yaml,yml}', '*.qualys-fleet.{json,yaml,yml}'];

/** The globs of VS Code's `files.exclude` setting that are on (a glob mapped to true). */
export function excludeGlobs(setting: unknown): string[] {
  if (setting === null || typeof setting !== 'object' || Array.isArray(setting)) return [];
  return Object.entries(setting).flatMap(([glob, on]) => (on === true ? [glob] : []));
}

/** The background check as the server drives it. */
export interface BackgroundCheck {
  configure(settings: Partial<WorkspaceCheckSettings>): void;
  /** Checks the workspace again after a short pause. */
  restart(): void;
  stop(): void;
  /** Whether a file (its URI) is one the check would take by its name. */
  isRequestFile(uri: string): boolean;
  /** A watched file changed on disk, or was deleted (a folder holding it too). */
  changed(uri: string, deleted: boolean): void;
  /** A path was created: it may be a folder holding request files. */
  folderCreated(uri: string): void;
  /** A document was closed: its diagnostics become what its file says, or none. */
  closed(uri: string): void;
}

/** Makes the server's background check, given what it needs but the workspace folders, which the maker knows. */
export type BackgroundCheckFactory = (host: Omit<WorkspaceCheckHost, 'roots'>) => BackgroundCheck;

/** No background check (a browser has no disk to walk): a closed document's diagnostics are cleared. */
export class OpenDocumentsOnly implements BackgroundCheck {
  constructor(private readonly host: Pick<WorkspaceCheckHost, 'publish'>) {}
  configure(): void {}
  restart(): void {}
  stop(): void {}
  isRequestFile(): boolean {
    return false;
  }
  changed(): void {}
  folderCreated(): void {}
  closed(uri: string): void {
    this.host.publish(uri, []);
  }
}
