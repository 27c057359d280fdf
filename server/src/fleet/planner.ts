import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyze, Analysis } from '../core/analyze';
import { FLEET_NAME } from '../core/fleet/fleetFile';
import { placeholdersOf } from '../core/fleet/placeholders';
import { documentValue } from '../core/bind';
import { connectorOf, diffConnector, FieldChange, isRealChange } from '../core/fleet/diff';
import { ConnectorKind, isConnectorId, kindRow, Operation } from '../core/model';
import { PreparedRequest, prepareRequest } from '../core/prepare';
import { ApiError, connectorsById, searchAll } from '../send/connectors';
import { Api } from '../send/api';
import { Recorded, RecordLookup } from '../core/target';
import { projectRoot, RECORD_FILE } from '../workspace/record';
import { recordedIds } from '../workspace/recorded';
import { RecordResolver } from '../workspace/resolver';
import { RuleConfigResolver } from '../workspace/ruleConfig';
import { expand } from './files';
import { FleetRead, FleetRef, readFleet } from './fleets';
import { readRequest } from './readRequest';

/** What `apply` would do with one file. */
export type Action = 'create' | 'adopt' | 'update' | 'update-by-filter' | 'delete' | 'run' | 'unchanged' | 'gone' | 'missing' | 'skip';

/** Actions that send something. */
export const SENDS: ReadonlySet<Action> = new Set(['create', 'adopt', 'update', 'update-by-filter', 'delete', 'run']);

export interface PlannedFile {
  path: string;
  shown: string;
  kind: ConnectorKind;
  operation?: Operation;
  id?: number;
  action: Action;
  changes: FieldChange[];
  /** Why a file is skipped or cannot be applied. */
  note?: string;
  prepared: PreparedRequest;
  root: string;
  /** What the file's record entry said when it was planned: apply puts it back after a create it could not make. */
  entry?: Recorded;
  /** SHA-256 of the file's text as planned: a saved plan is stale once it changes. */
  contentHash: string;
  /** SHA-256 of what the plan compared of its live connector (the fields the file sets), when it has one. */
  liveHash?: string;
  /** The fleet and account this connector is planned for (its `path` is then the account's record entry). */
  fleet?: FleetRef;
  /** Set for a fleet's template: the fleet file (as shown) that plans it once per account. */
  templateOf?: string;
}

/** A file that kept the plan from being made, and its first errors. */
export interface FileError {
  /** The file, absolute: what the editor links to. */
  path: string;
  shown: string;
  messages: string[];
}

export type Plan = { ok: true; files: PlannedFile[] } | { ok: false; errors: FileError[] };

/** A planned file while it is planned: with its request as a JSON value, to compare with its connector. */
interface Planning extends PlannedFile {
  value: unknown;
}

type Read = { ok: true; files: Planning[] } | { ok: false; errors: FileError[] };

/**
 * Reads and validates every file (one error anywhere: nothing is fetched), then fetches the live
 * connectors that recorded updates and deletes name, per kind and in pages of ids, and compares.
 */
export async function makePlan(patterns: string[], cwd: string, api: Api, rootFlag?: string, records = new RecordResolver()): Promise<Plan> {
  const read = await readAll(patterns, cwd, records, rootFlag);
  if (!read.ok) return read;
  const wanted = new Map<ConnectorKind, number[]>();
  for (const f of read.files) {
    if ((f.action === 'update' || f.action === 'delete') && f.id !== undefined) {
      const ids = wanted.get(f.kind) ?? [];
      ids.push(f.id);
      wanted.set(f.kind, ids);
    }
  }
  const live = new Map<ConnectorKind, Map<number, Record<string, unknown>>>();
  for (const [kind, ids] of wanted) live.set(kind, await connectorsById(api, kind, ids));
  for (const f of read.files) compare(f, live.get(f.kind)?.get(f.id ?? 0));
  const conflicts = await checkCreates(read.files, api);
  if (conflicts.length > 0) return { ok: false, errors: conflicts };
  // The values stay here: a plan holds what its views and apply read.
  return { ok: true, files: read.files.map(({ value: _value, ...planned }) => planned) };
}

/**
 * The creates, against the live connectors of the same name (one search per kind). A create that
 * an apply sent and never saw answered (its record entry says `creating`) adopts the one connector
 * of its name that no record under its root names: that apply made it. Any other connector of the
 * name stops the plan: a create would make a second one, and this tool never takes over a connector
 * it did not make unless told to (pull it, or record its id for the file).
 */
async function checkCreates(files: Planning[], api: Api): Promise<FileError[]> {
  const creates = new Map<ConnectorKind, Map<string, Planning[]>>();
  for (const f of files) {
    const name = f.action === 'create' ? connectorOf(f.value, f.kind).name : undefined;
    // IN splits on commas: a name with one cannot be looked up this way.
    if (typeof name !== 'string' || name.includes(',') || name.trim() !== name || name === '') continue;
    const byName = creates.get(f.kind) ?? new Map<string, Planning[]>();
    byName.set(name, [...(byName.get(name) ?? []), f]);
    creates.set(f.kind, byName);
  }
  const errors: FileError[] = [];
  const recorded = new Map<string, Set<number> | { problem: string }>();
  for (const [kind, byName] of creates) {
    let found: Record<string, unknown>[];
    try {
      found = await searchAll(api, kind, [{ field: 'name', operator: 'IN', value: [...byName.keys()].join(',') }]);
    } catch (e) {
      // A platform that refuses names in IN only loses this check: the creates go as planned.
      if (e instanceof ApiError) continue;
      throw e;
    }
    for (const [name, named] of byName) {
      const same = found.filter((c) => c.name === name);
      if (same.length === 0) continue;
      for (const f of named) {
        let ids = recorded.get(f.root);
        if (!ids) recorded.set(f.root, (ids = await recordedIds(f.root)));
        if ('problem' in ids) {
          errors.push({ path: f.path, shown: f.shown, messages: [ids.problem] });
          continue;
        }
        const known = ids;
        const unrecorded = same.filter((c) => !known.has(Number(c.id)));
        if (f.entry?.creating && named.length === 1 && unrecorded.length === 1 && isConnectorId(Number(unrecorded[0].id))) {
          f.id = Number(unrecorded[0].id);
          f.liveHash = liveHashOf(f, unrecorded[0]);
          f.changes = diffConnector(f.kind, connectorOf(f.value, f.kind), unrecorded[0]).filter(isRealChange);
          f.action = 'adopt';
          f.note = `connector ${f.id} has this file's name, no file records it, and an apply sent this file's create at ${f.entry.creating} without seeing the answer: adopted, not created again`;
          continue;
        }
        errors.push({ path: f.path, shown: f.shown, messages: [nameTaken(kind, name, same, known, f)] });
      }
    }
  }
  return errors;
}

/** Why a create may not go: the connectors that have its name, and how to take one over on purpose. */
function nameTaken(kind: ConnectorKind, name: string, same: Record<string, unknown>[], recorded: ReadonlySet<number>, f: Planning): string {
  const ids = same.slice(0, 5).map((c) => `${c.id}${recorded.has(Number(c.id)) ? ' (recorded for another file)' : ''}`);
  const more = same.length > 5 ? ` and ${same.length - 5} more` : '';
  const interrupted = f.entry?.creating ? ` An apply sent this create at ${f.entry.creating}, but which connector it made cannot be told.` : '';
  return `a ${kindRow(kind).label} connector named ${JSON.stringify(name)} already exists (id ${ids.join(', ')}${more}): this create would make another one.${interrupted} To manage the existing connector with this file, pull it (qualys-connector pull) or record its id for this file in ${RECORD_FILE} ({"operation": "update", "id": ${same[0].id}}); to create a new one, give it another name.`;
}

/** What a plan compared of a live connector: the fields the file sets, as SHA-256 (no value is kept). */
function liveHashOf(f: Planning, connector: Record<string, unknown>): string {
  const compared = Object.keys(connectorOf(f.value, f.kind)).sort();
  return sha256(stableJson(Object.fromEntries(compared.map((k) => [k, connector[k] ?? null]))));
}

function compare(f: Planning, connector: Record<string, unknown> | undefined): void {
  if (connector) f.liveHash = liveHashOf(f, connector);
  if (f.action === 'delete' && !connector) {
    f.action = 'gone';
    f.note = `connector ${f.id} is already gone`;
  } else if (f.action === 'update') {
    if (!connector && f.fleet?.removed) {
      // Its account left the inventory and its connector is gone too: nothing left to disable.
      f.action = 'gone';
      f.note = `connector ${f.id} is already gone`;
      return;
    }
    if (!connector) {
      f.action = 'missing';
      f.note = `connector ${f.id} does not exist (or is outside your scope): the update would fail`;
      return;
    }
    f.changes = diffConnector(f.kind, connectorOf(f.value, f.kind), connector);
    // A fleet's account says `disabled: false` to enable a connector it disabled; one that does not report the field is not disabled.
    if (f.fleet) f.changes = f.changes.filter((c) => !(c.path === 'disabled' && c.before === undefined && c.after === false));
    if (!f.changes.some(isRealChange)) f.action = 'unchanged';
  }
}

async function readAll(patterns: string[], cwd: string, records: RecordResolver, rootFlag?: string): Promise<Read> {
  const ruleFiles = new RuleConfigResolver();
  const files: Planning[] = [];
  const errors: FileError[] = [];
  const skipped = (shown: string, why: string, path: string): void => void errors.push({ path, shown, messages: [`${why}: remove the link, or name what it leads to`] });
  const args = await expand(patterns, cwd, rootFlag ? resolve(cwd, rootFlag) : undefined, skipped, true);
  const rootOf = (path: string): string => (rootFlag ? resolve(cwd, rootFlag) : projectRoot(path));
  // Fleets first: the templates they name are not requests of their own, wherever they are listed.
  const fleets = new Map<string, FleetRead>();
  const templates = new Map<string, string>();
  for (const arg of args.filter((a) => FLEET_NAME.test(a.path))) {
    const path = resolve(arg.path);
    const read = await readFleet(path, arg.shown, rootOf(path), records);
    fleets.set(arg.path, read);
    if (read.template !== undefined && !templates.has(read.template)) templates.set(read.template, arg.shown);
  }
  for (const arg of args) {
    const path = resolve(arg.path);
    const root = rootOf(path);
    const fleet = fleets.get(arg.path);
    if (fleet) {
      if (!fleet.ok) errors.push({ path, shown: arg.shown, messages: fleet.messages });
      else for (const item of fleet.items) files.push(planning(item.path, item.shown, item.contentHash, item.analysis, item.prepared, root, item.record, { fleet: item.fleet, note: item.skip }));
      continue;
    }
    let text: string;
    let size: number;
    try {
      ({ text, size } = await readRequest(path));
    } catch (e) {
      errors.push({ path, shown: arg.shown, messages: [`cannot read it: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`] });
      continue;
    }
    // One read of each record for all its files: a record of thousands is read once, not thousands of times.
    const record = records.lookup(path, root);
    if (record.problem) {
      errors.push({ path, shown: arg.shown, messages: [record.problem] });
      continue;
    }
    // The project's rule levels apply, as in the editor and validate: a finding turned off does not block.
    const analysis = analyze(text, path, undefined, { size, record, treatAsRequest: true, rules: ruleFiles.settingsFor(path, root) });
    const prepared = prepareRequest(text, analysis);
    const fleetOf = templates.get(await realpath(path).catch(() => path));
    if (fleetOf !== undefined) {
      // Its placeholders are not values yet: it is checked once per account, in its fleet.
      files.push(planning(path, arg.shown, sha256(text), analysis, prepared, root, record, { templateOf: fleetOf, note: `the template of ${fleetOf}: planned once per account of its inventory, not as a request of its own` }));
      continue;
    }
    // As send judges it: a file that is not sent (a run, a delete by id) cannot be wrong.
    if (prepared.errors.length > 0 && (prepared.body !== undefined || !prepared.operation)) {
      errors.push({ path, shown: arg.shown, messages: prepared.errors.slice(0, 5).map((f) => `${f.code}: ${f.message}`) });
      continue;
    }
    // A template planned without its fleet would make a connector named "aws-${Name}".
    const placeholders = prepared.body !== undefined && analysis.bound ? placeholdersOf(documentValue(analysis.bound)) : [];
    if (placeholders.length > 0) {
      errors.push({ path, shown: arg.shown, messages: [`it holds placeholders (${placeholders.slice(0, 3).map((p) => `\${${p}}`).join(', ')}): it is a fleet's template, sent only for each account of its inventory; plan the fleet file that names it (a *.qualys-fleet.yaml beside it).`] });
      continue;
    }
    files.push(planning(path, arg.shown, sha256(text), analysis, prepared, root, record));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, files };
}

/** One file (or fleet account) as planned before it is compared: a `note` given makes it a skip. */
function planning(path: string, shown: string, contentHash: string, analysis: Analysis, prepared: PreparedRequest, root: string, record: RecordLookup, extra: { fleet?: FleetRef; templateOf?: string; note?: string } = {}): Planning {
  const value = analysis.bound ? documentValue(analysis.bound) : undefined;
  const skip = extra.note !== undefined;
  return {
    path,
    shown,
    contentHash,
    kind: prepared.kind,
    operation: prepared.operation,
    id: prepared.id,
    action: skip ? 'skip' : actionOf(prepared),
    changes: skip ? [] : secretsOf(prepared, value),
    prepared,
    root,
    value,
    ...(skip ? { note: extra.note } : noteOf(prepared)),
    ...(record.recorded ? { entry: record.recorded } : {}),
    ...(extra.fleet ? { fleet: extra.fleet } : {}),
    ...(extra.templateOf !== undefined ? { templateOf: extra.templateOf } : {}),
  };
}

function actionOf(p: PreparedRequest): Action {
  switch (p.operation) {
    case 'create':
      return 'create';
    case 'update':
      return p.id !== undefined ? 'update' : 'update-by-filter';
    case 'delete':
      return p.id !== undefined ? 'delete' : 'skip';
    case 'run':
      return 'run';
    default:
      return 'skip';
  }
}

function noteOf(p: PreparedRequest): { note?: string } {
  if (!p.operation) return { note: 'no operation recorded or inferred: not applied (record one with send or pull)' };
  if (p.operation === 'search' || p.operation === 'get') return { note: `a ${p.operation}: reads only, not applied` };
  if (p.operation === 'delete' && p.id === undefined) return { note: 'a delete by filter: not applied (too broad to plan); send it on its own' };
  return {};
}

/**
 * A create sends every field, and so does an update by filter (no one connector to compare it with):
 * their secrets are listed as sent, never shown. An update by id lists them in its comparison.
 */
function secretsOf(p: PreparedRequest, value: unknown): FieldChange[] {
  if (p.operation !== 'create' && !(p.operation === 'update' && p.id === undefined)) return [];
  return diffConnector(p.kind, connectorOf(value, p.kind), {}).filter((c) => c.action === 'secret');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with every object's keys sorted: the same value gives the same text, whatever order the API answered in. */
function stableJson(value: unknown, depth = 0): string {
  // Past any connector's depth (a hostile answer): as it came, which is still deterministic for one answer.
  if (depth > 64) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => stableJson(v, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${stableJson(o[k], depth + 1)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
