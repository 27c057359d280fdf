import { FleetInput, ReadFleetInput } from '../core/fleet/checkFleet';
import { FLEET_NAME, FleetSpec, MAX_FLEETS_BESIDE, parseFleet } from '../core/fleet/fleetFile';
import { MAX_INVENTORY_BYTES } from '../core/fleet/inventory';
import { MAX_DOCUMENT_SIZE } from '../core/limits';
import { MAX_RULE_CONFIG_BYTES, readRuleConfig, RULE_CONFIG_FILE, ruleFileUnused, RuleLevels, RuleSettings, settingsOver } from '../core/ruleLevels';
import { RecordLookup } from '../core/target';
import type { ListFleetFilesResult, ReadProjectFileResult } from '../protocol';
import { entryOfKey, MAX_RECORD_BYTES, parseRecord, RECORD_FILE, RecordRead } from '../workspace/recordEntries';
import { FleetOfTemplate, ProjectFiles } from './projectFiles';

/** Reads one workspace file through the editor: the browser build's only way to the workspace. */
export type ReadThroughClient = (uri: string, maxBytes: number) => Promise<ReadProjectFileResult>;

/** Lists the fleet files of one workspace folder through the editor. */
export type ListThroughClient = (folderUri: string) => Promise<ListFleetFilesResult>;

/** One file as the editor gave it, with what was made of it (parsed once, however often looked up). */
interface Read {
  result: ReadProjectFileResult;
  record?: RecordRead;
  rules?: { levels: RuleLevels; problem?: string };
}

/** Folders walked up from a document at most, as the Node server's `findUp` does. */
const MAX_DEPTH = 128;

/**
 * The browser build's project files: read by the editor (`vscode.workspace.fs`, through the
 * `qualys/readProjectFile` request), kept until the watcher says one changed. Only files inside a
 * workspace folder are asked for (the client refuses others too), each with its cap: the record's
 * 4 MB, the rule file's 64 KiB, a template's 2 MB, an inventory's 16 MB. The record and the rule
 * file are looked for from the document's folder up to its workspace folder, as on disk; a fleet's
 * template and inventory are read when the fleet file is checked. Nothing is ever written.
 */
export class ClientFiles implements ProjectFiles {
  private roots: string[] = [];
  private readonly reads = new Map<string, Read>();
  private readonly reading = new Map<string, Promise<void>>();
  /** Bumped by every invalidation: a read asked for before it is not kept (it may hold the file as it was). */
  private generation = 0;

  /** The fleet files listed in a folder (their URIs) at the last check of a template in it. */
  private readonly fleetsIn = new Map<string, string[]>();

  constructor(
    private readonly read: ReadThroughClient,
    private readonly list?: ListThroughClient,
  ) {}

  setRoots(uris: readonly string[]): void {
    this.roots = uris.map(withoutSlash);
    this.invalidate();
  }

  invalidate(uri?: string): void {
    this.generation++;
    this.reading.clear();
    if (uri === undefined) {
      this.reads.clear();
      this.fleetsIn.clear();
    } else this.reads.delete(uri);
  }

  async ready(uri: string, text: string): Promise<void> {
    const wanted: [string, number][] = [];
    for (const dir of this.foldersUp(uri)) wanted.push([`${dir}/${RECORD_FILE}`, MAX_RECORD_BYTES], [`${dir}/${RULE_CONFIG_FILE}`, MAX_RULE_CONFIG_BYTES]);
    let reads = wanted.filter(([u]) => !this.reads.has(u)).map(([u, max]) => this.fetch(u, max));
    if (FLEET_NAME.test(uri)) {
      const spec = parseFleet(text, baseName(uri)).spec;
      // Read at every check, as the Node server reads them from disk: no watcher tells of a template
      // or an inventory changing (an inventory is any .csv or .json), and a check is not typing-fast.
      if (spec) reads = reads.concat(this.fetchInputs(uri, spec));
    } else if (text.includes('${') && this.list && this.rootOf(uri)) reads.push(this.readFleetsBeside(uri));
    await Promise.all(reads);
  }

  /** Reads a fleet's template and inventory, those inside the workspace, each with its cap. */
  private fetchInputs(fleet: string, spec: FleetSpec): Promise<void>[] {
    const dir = parentOf(fleet);
    const reads: Promise<void>[] = [];
    for (const [given, max] of [[spec.template, MAX_DOCUMENT_SIZE], [spec.inventory, MAX_INVENTORY_BYTES]] as const) {
      const target = this.inside(fleet, resolveUri(dir, given));
      if (target) reads.push(this.fetch(target, max));
    }
    return reads;
  }

  /**
   * A template's fleets, read as the Node server reads them from disk at each check: the fleet files
   * in its folder (the first few by name), and the template and inventory of each that names it.
   */
  private async readFleetsBeside(uri: string): Promise<void> {
    const dir = parentOf(uri);
    const listed = await (this.list as ListThroughClient)(dir).then(
      (r) => r,
      (): ListFleetFilesResult => ({ names: [] }),
    );
    const names = 'names' in listed && Array.isArray(listed.names) ? listed.names.filter((n) => typeof n === 'string' && !n.includes('/') && FLEET_NAME.test(n)) : [];
    const fleets = names.sort().slice(0, MAX_FLEETS_BESIDE).map((n) => `${dir}/${encodeURIComponent(n)}`);
    this.fleetsIn.set(dir, fleets);
    await Promise.all(fleets.map((f) => this.fetch(f, MAX_DOCUMENT_SIZE)));
    const inputs = fleets.flatMap((fleet) => {
      const named = this.naming(fleet, uri);
      return named ? this.fetchInputs(fleet, named.spec) : [];
    });
    await Promise.all(inputs);
  }

  /** A fleet file as read, when it names `template` as its template (inside the workspace). */
  private naming(fleet: string, template: string): { text: string; spec: FleetSpec } | undefined {
    const read = this.reads.get(fleet)?.result;
    if (!read || !('text' in read)) return undefined;
    const spec = parseFleet(read.text, baseName(fleet)).spec;
    if (!spec) return undefined;
    const target = this.inside(fleet, resolveUri(parentOf(fleet), spec.template));
    return target !== undefined && pathOf(target) === pathOf(template) ? { text: read.text, spec } : undefined;
  }

  lookup(uri: string): RecordLookup {
    for (const dir of this.foldersUp(uri)) {
      const file = `${dir}/${RECORD_FILE}`;
      const read = this.present(file);
      if (!read) continue;
      read.record ??= 'text' in read.result ? parseRecord(read.result.text, file, dir, '') : { file, dir, entries: new Map(), problem: unusedMessage(RECORD_FILE, read.result), stamp: '' };
      return entryOfKey(read.record, keyFrom(dir, uri));
    }
    return {};
  }

  rules(uri: string, over: RuleLevels): RuleSettings {
    for (const dir of this.foldersUp(uri)) {
      const read = this.present(`${dir}/${RULE_CONFIG_FILE}`);
      if (!read) continue;
      read.rules ??= 'text' in read.result ? readRuleConfig(read.result.text) : { levels: new Map(), problem: ruleFileUnused(unusedMessage(RULE_CONFIG_FILE, read.result)) };
      return settingsOver(read.rules, over);
    }
    return { levels: over };
  }

  readFleetInput(uri: string): ReadFleetInput {
    const dir = parentOf(uri);
    return (given, what): FleetInput => {
      const target = this.inside(uri, resolveUri(dir, given));
      if (!target) return { problem: `The ${what} ${given} is outside the workspace: a fleet reads only files inside it.` };
      const read = this.reads.get(target)?.result;
      if (!read) return { problem: `The ${what} ${given} has not been read yet.` };
      if ('missing' in read) return { problem: `The ${what} ${given} does not exist (a path relative to the fleet file).` };
      if ('problem' in read) return { problem: `The ${what} ${given} ${read.problem}.` };
      return { text: read.text, size: new TextEncoder().encode(read.text).length, path: pathOf(target) };
    };
  }

  /** The fleets beside a template that name it, as its last check read them (none before one, or where the editor cannot list folders). */
  fleetsNaming(uri: string): FleetOfTemplate[] {
    const out: FleetOfTemplate[] = [];
    for (const fleet of this.fleetsIn.get(parentOf(uri)) ?? []) {
      const named = this.naming(fleet, uri);
      if (named) out.push({ name: baseName(fleet), text: named.text, read: this.readFleetInput(fleet) });
    }
    return out;
  }

  /** A file read and found there (with its text or why it is not used); none when missing or not read. */
  private present(uri: string): Read | undefined {
    const read = this.reads.get(uri);
    return read && !('missing' in read.result) ? read : undefined;
  }

  private fetch(uri: string, maxBytes: number): Promise<void> {
    const inFlight = this.reading.get(uri);
    if (inFlight) return inFlight;
    const generation = this.generation;
    const pending: Promise<void> = this.read(uri, maxBytes)
      .then(
        (result) => result,
        (e: unknown): ReadProjectFileResult => ({ problem: `could not be read (${e instanceof Error ? e.message : String(e)})` }),
      )
      .then((result) => {
        if (generation === this.generation) this.reads.set(uri, { result });
        if (this.reading.get(uri) === pending) this.reading.delete(uri);
      });
    this.reading.set(uri, pending);
    return pending;
  }

  /** The deepest workspace folder holding `uri`. */
  private rootOf(uri: string): string | undefined {
    let best: string | undefined;
    for (const r of this.roots) if (uri.startsWith(`${r}/`) && (!best || r.length > best.length)) best = r;
    return best;
  }

  /** `target` when it is inside the workspace folder of `from` (none for a document no workspace folder holds). */
  private inside(from: string, target: string | undefined): string | undefined {
    const root = this.rootOf(from);
    return root !== undefined && target !== undefined && target.startsWith(`${root}/`) ? target : undefined;
  }

  /** The document's folder and each above it up to its workspace folder; none for a document no workspace folder holds (an untitled one, a file opened from elsewhere). */
  private foldersUp(uri: string): string[] {
    const root = this.rootOf(uri);
    if (!root) return [];
    let dir = parentOf(uri);
    const out: string[] = [];
    for (let i = 0; i < MAX_DEPTH && dir.startsWith(root); i++) {
      out.push(dir);
      if (dir === root) break;
      dir = parentOf(dir);
    }
    return out;
  }
}

/** Why a project file the editor refused is not used, in the words the Node server's reader uses. */
function unusedMessage(name: string, result: ReadProjectFileResult): string {
  return `${name} ${'problem' in result ? result.problem : 'could not be read'}, so it is not used.`;
}

function withoutSlash(uri: string): string {
  return uri.endsWith('/') ? uri.slice(0, -1) : uri;
}

function parentOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

function baseName(uri: string): string {
  return decodeSegment(uri.slice(uri.lastIndexOf('/') + 1));
}

/** The path part of a URI, decoded: how a file is named in messages. */
function pathOf(uri: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)$/i.exec(uri);
  return (m ? m[1] : uri).split('/').map(decodeSegment).join('/');
}

/** The record's key of a document: its path from the record's folder, decoded, with `/`. */
function keyFrom(dir: string, uri: string): string {
  return uri.slice(dir.length + 1).split('/').map(decodeSegment).join('/');
}

/** A path as a fleet file writes it (`../accounts.csv`), from `dir`; none when it climbs above the URI's root. */
function resolveUri(dir: string, given: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)?$/i.exec(dir);
  if (!m || given.startsWith('/') || given.includes('\\')) return undefined;
  const segments = (m[2] ?? '').split('/').filter((s) => s !== '');
  for (const part of given.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (segments.pop() === undefined) return undefined;
    } else segments.push(encodeURIComponent(part));
  }
  return `${m[1]}/${segments.join('/')}`;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
