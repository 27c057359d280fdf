import { lstatSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FLEET_NAME } from '../core/fleet/fleetFile';
import { isQualysFileName } from '../core/analyze';
import { thousands } from '../core/finding';
import { MAX_DOCUMENT_SIZE } from '../core/limits';
import { globMatcher } from '../service/globs';
import { isInside, readProjectFile } from '../workspace/projectFile';
import { findRequestFiles } from '../workspace/requestFiles';
import { BackgroundCheck, DEFAULT_MAX_FILES, WorkspaceCheckHost, WorkspaceCheckSettings } from './backgroundCheck';

/** How long a burst of changes is gathered before the workspace is checked again. */
const RESTART_DELAY_MS = 150;

/**
 * Problems for the whole workspace: the request and fleet files on disk that the editor does not
 * have open, checked in the background as the open ones are, one file at a time with a pause
 * between, started again when settings or records change, a file again when the watcher says it
 * changed, and its diagnostics cleared when it is deleted.
 */
export class WorkspaceCheck implements BackgroundCheck {
  private settings: WorkspaceCheckSettings = { enabled: true, maxFiles: DEFAULT_MAX_FILES, include: [], exclude: [] };
  private included: (path: string) => boolean = () => false;
  private excluded: (path: string) => boolean = () => false;
  /** Files whose diagnostics from disk are shown (non-empty), by URI. */
  private readonly shown = new Set<string>();
  /** Files the last search found, by URI: a watched change to one of them is checked again. */
  private readonly known = new Set<string>();
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly host: WorkspaceCheckHost) {}

  configure(settings: Partial<WorkspaceCheckSettings>): void {
    const next = { ...this.settings, ...settings };
    if (!Number.isFinite(next.maxFiles) || next.maxFiles < 1) next.maxFiles = DEFAULT_MAX_FILES;
    next.maxFiles = Math.min(Math.floor(next.maxFiles), 100_000);
    this.settings = next;
    this.included = globMatcher(next.include).matches;
    this.excluded = globMatcher(next.exclude).matches;
    if (!next.enabled) this.stop();
  }

  /** Checks the workspace again after a short pause; a check under way stops at its next file. */
  restart(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    if (!this.settings.enabled) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run(this.generation);
    }, RESTART_DELAY_MS);
  }

  /** Stops checking and clears what it showed. */
  stop(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const uri of this.shown) this.host.publish(uri, []);
    this.shown.clear();
    this.known.clear();
  }

  /** Whether a file (its URI) is one the search would take by its name: a request, a fleet, or an include glob's. */
  isRequestFile(uri: string): boolean {
    const path = pathOf(uri);
    return path !== undefined && this.wanted(path);
  }

  /** A watched file changed on disk: checked again, or its diagnostics cleared when it (or a folder holding it) is gone. */
  changed(uri: string, deleted: boolean): void {
    if (!deleted) {
      this.checkOne(uri);
      return;
    }
    const prefix = uri.endsWith('/') ? uri : `${uri}/`;
    for (const u of [...this.known]) {
      if (u !== uri && !u.startsWith(prefix)) continue;
      this.known.delete(u);
      if (this.shown.delete(u) && !this.host.isOpen(u)) this.host.publish(u, []);
    }
  }

  /** A path was created: a folder (a checkout, an unpacked archive) may hold request files, so the workspace is walked again. */
  folderCreated(uri: string): void {
    if (!this.settings.enabled) return;
    const path = pathOf(uri);
    const root = path === undefined ? undefined : this.host.roots().find((r) => isInside(r, path));
    if (path === undefined || root === undefined || this.excluded(path)) return;
    // What the walk leaves out (dot folders, node_modules: an install makes thousands) starts no walk.
    if (relative(root, path).split(sep).some((part) => part.startsWith('.') || part === 'node_modules')) return;
    if (isFolder(path)) this.restart();
  }

  /** A document was closed: what its file on disk says, when it is a workspace request file; else nothing. */
  closed(uri: string): void {
    if (!this.checkOne(uri, true)) this.host.publish(uri, []);
    else if (!this.shown.has(uri)) this.host.publish(uri, []);
  }

  /** Checks one file from disk when it is one the search would find; whether it did. */
  private checkOne(uri: string, closing = false): boolean {
    if (!this.settings.enabled || this.host.isOpen(uri)) return false;
    const path = pathOf(uri);
    if (path === undefined || !this.wanted(path) || this.excluded(path)) return false;
    const root = this.host.roots().find((r) => isInside(r, path));
    if (root === undefined) return false;
    this.known.add(uri);
    if (closing) this.shown.delete(uri);
    this.check(path, root);
    return true;
  }

  private wanted(path: string): boolean {
    return isQualysFileName(path) || FLEET_NAME.test(path) || this.included(path);
  }

  private async run(generation: number): Promise<void> {
    const current = (): boolean => generation === this.generation;
    const roots = this.host.roots();
    const found = await findRequestFiles(roots, { wanted: (p) => this.wanted(p), excluded: this.excluded, maxFiles: this.settings.maxFiles, cancelled: () => !current() });
    if (!current()) return;
    if (found.capped) {
      this.host.warn(
        `The Problems panel shows the findings of the first ${thousands(found.files.length)} request files of the workspace (qualys.validation.workspaceMaxFiles); the others are checked when opened.`,
      );
    }
    const uris = new Set(found.files.map((f) => pathToFileURL(f).href));
    // Files gone since the last search (deleted while no watcher told) lose their diagnostics.
    for (const uri of this.shown) {
      if (uris.has(uri)) continue;
      this.shown.delete(uri);
      if (!this.host.isOpen(uri)) this.host.publish(uri, []);
    }
    this.known.clear();
    for (const uri of uris) this.known.add(uri);
    for (const path of found.files) {
      // A pause between files: typing in an open document is answered between them.
      await new Promise((resolve) => setImmediate(resolve));
      if (!current()) return;
      const uri = pathToFileURL(path).href;
      if (this.host.isOpen(uri)) continue;
      const root = roots.find((r) => isInside(r, path));
      if (root !== undefined) this.check(path, root);
    }
  }

  private check(path: string, root: string): void {
    const uri = pathToFileURL(path).href;
    const read = readProjectFile(path, root, MAX_DOCUMENT_SIZE, 'a request file');
    // A file that cannot be read (a link, too large, gone) is checked when it is opened.
    const diagnostics = 'text' in read ? this.host.validate(TextDocument.create(uri, '', 0, read.text)) : [];
    if (diagnostics.length > 0) {
      this.shown.add(uri);
      this.host.publish(uri, diagnostics);
    } else if (this.shown.delete(uri)) this.host.publish(uri, []);
  }
}

function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
