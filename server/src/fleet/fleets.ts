import { createHash } from 'node:crypto';
import { realpath } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { analyze, Analysis } from '../core/analyze';
import { AccountProblems, accountRequest, readTemplate, Template } from '../core/fleet/accounts';
import { FleetSpec, OnRemoved, parseFleet } from '../core/fleet/fleetFile';
import { MAX_INVENTORY_BYTES, readInventory } from '../core/fleet/inventory';
import { FleetEntry, selectEntries } from '../core/fleet/select';
import { thousands } from '../core/finding';
import { MAX_DOCUMENT_SIZE } from '../core/limits';
import { lineIndexAt } from '../core/lines';
import { CONNECTOR_ELEMENTS, ConnectorKind } from '../core/model';
import { PreparedRequest, prepareRequest } from '../core/prepare';
import { serialize } from '../core/serialize';
import { Recorded, RecordLookup } from '../core/target';
import { fleetEntryPath, fleetKeys, isInside } from '../workspace/record';
import { RecordResolver } from '../workspace/resolver';
import { readRequest } from './readRequest';

/** Which fleet and account a planned connector belongs to. */
export interface FleetRef {
  /** The fleet file, absolute. */
  file: string;
  key: string;
  /** `[111122223333 prod-payments]`: what plan lines show after the fleet file's name. */
  label: string;
  /** Set when the account left the inventory: what the fleet does with its connector. */
  removed?: OnRemoved;
}

/** One connector of a fleet, analysed as its own request: what the planner turns into a planned file. */
export interface FleetItem {
  /** The account's record entry, as a path: `FLEET#KEY`. */
  path: string;
  shown: string;
  analysis: Analysis;
  prepared: PreparedRequest;
  record: RecordLookup;
  contentHash: string;
  fleet: FleetRef;
  /** Why it is not applied (a removed account kept, or one whose create was never answered). */
  skip?: string;
}

/** `template` (its real path) once it is known: a template is not planned as a request even when its fleet has errors. */
export type FleetRead = { ok: true; items: FleetItem[]; template: string } | { ok: false; messages: string[]; template?: string };

/**
 * Reads a fleet file, its template and its inventory (each inside `root`, links included, each
 * bounded), and makes one request per selected account: a create when the record holds no id for
 * its key, an update of its connector when it does, and for recorded keys no longer in the
 * inventory what `onRemoved` says. Every expanded request is validated as the file it stands for;
 * any problem, and nothing of the fleet is planned.
 */
export async function readFleet(path: string, shown: string, root: string, records: RecordResolver): Promise<FleetRead> {
  let known: string | undefined;
  const fail = (...messages: string[]): FleetRead => ({ ok: false, messages, ...(known !== undefined ? { template: known } : {}) });
  let fleetText: string;
  try {
    fleetText = await readSmall(path);
  } catch (e) {
    return fail(`cannot read it: ${(e as Error).message}`);
  }
  const parsed = parseFleet(fleetText, path);
  if (!parsed.spec) return fail(...parsed.problems.slice(0, 5).map((p) => `line ${lineIndexAt(fleetText, p.span.start) + 1}: ${p.message.split('\n')[0]}`));
  const spec = parsed.spec;
  const realRoot = await realpath(root).catch(() => root);
  const template = await inside(path, spec.template, 'template', realRoot);
  const inventory = await inside(path, spec.inventory, 'inventory', realRoot);
  if ('real' in template) known = template.real;
  if ('problem' in template || 'problem' in inventory) return fail(...['problem' in template ? template.problem : '', 'problem' in inventory ? inventory.problem : ''].filter((m) => m !== ''));

  let templateText: string;
  let inventoryRead: { text: string; size: number };
  try {
    templateText = await readSmall(template.path);
    inventoryRead = await readRequest(inventory.path, MAX_INVENTORY_BYTES);
  } catch (e) {
    return fail(`cannot read its template or inventory: ${(e as Error).message}`);
  }
  const base = readTemplate(templateText, template.path);
  if ('problems' in base) return fail(...base.problems.map((p) => `template ${spec.template}, line ${lineIndexAt(templateText, p.start) + 1}: ${p.message}`));
  const inv = readInventory(inventoryRead.text, inventory.path, inventoryRead.size);
  if ('problem' in inv) return fail(`inventory ${spec.inventory}: ${inv.problem}`);
  const selection = selectEntries(inv, spec.where, spec.key);
  if ('problem' in selection) return fail(`inventory ${spec.inventory}: ${selection.problem}`);
  // An empty export (a CLI that failed, a filter with a typo) would otherwise remove every account's connector.
  if (selection.entries.length === 0) return fail(`inventory ${spec.inventory}: ${inv.entries.length === 0 ? 'it holds no account' : `"where" selects none of its ${thousands(inv.entries.length)} accounts`}; nothing is planned, so that an empty inventory never disables or deletes a fleet.`);

  const recorded = fleetKeys(path, root);
  if (recorded.problem) return fail(recorded.problem);
  const kind = base.kind;
  const fleetHash = sha256(`${fleetText}\0${templateText}`);
  const items: FleetItem[] = [];
  const problems = new AccountProblems();
  for (const account of selection.entries) {
    const entryPath = fleetEntryPath(path, account.key);
    const record = records.lookup(entryPath, root);
    if (record.problem) return fail(record.problem);
    const made = accountRequest(base, account, record);
    if ('unresolved' in made) {
      problems.add(made.group, made.unresolved, account.key);
      continue;
    }
    const { analysis, prepared } = made;
    for (const f of prepared.errors.slice(0, 3)) problems.add(`${f.code}@${f.path ?? f.message}`, `${f.code}: ${f.message}`, account.key);
    items.push({ path: entryPath, shown: `${shown} ${labelOf(account)}`, analysis, prepared, record, contentHash: sha256(`${fleetHash}\0${JSON.stringify(account.entry)}`), fleet: { file: path, key: account.key, label: labelOf(account) } });
  }
  if (!problems.empty) return fail(...problems.list().map((p) => p.text));

  const selected = new Set(selection.entries.map((e) => e.key));
  for (const [key, record] of recorded.keys) {
    if (selected.has(key)) continue;
    if (record.problem) return fail(record.problem);
    items.push(removed(path, shown, key, record, spec, kind, base, sha256(`${fleetHash}\0${key}`)));
  }
  return { ok: true, items, template: template.real };
}

/** What happens to the connector of an account that left the inventory. */
function removed(path: string, shown: string, key: string, record: RecordLookup, spec: FleetSpec, templateKind: ConnectorKind, base: Template, contentHash: string): FleetItem {
  const id = record.recorded?.id;
  const kind = record.recorded?.kind ?? templateKind;
  const action = id === undefined ? 'keep' : spec.onRemoved;
  const body = { ServiceRequest: { data: { [CONNECTOR_ELEMENTS[kind]]: { disabled: true } } } };
  const text = serialize(body, base.format);
  const target: Recorded = action === 'delete' ? { operation: 'delete', id, kind } : action === 'disable' ? { operation: 'update', id, kind } : { operation: 'get', kind };
  const analysis = analyze(text, path, undefined, { treatAsRequest: true, record: { ...record, recorded: target } });
  const skip = id === undefined ? `its account left the inventory; its create was sent${record.recorded?.creating ? ` at ${record.recorded.creating}` : ''} and never answered: check in Qualys whether it was made` : action === 'keep' ? `connector ${id}'s account left the inventory: kept (onRemoved: keep)` : undefined;
  return { path: fleetEntryPath(path, key), shown: `${shown} ${labelOf({ key })}`, analysis, prepared: prepareRequest(text, analysis), record, contentHash, fleet: { file: path, key, label: labelOf({ key }), removed: spec.onRemoved }, ...(skip ? { skip } : {}) };
}

function labelOf(account: Pick<FleetEntry, 'key' | 'name'>): string {
  return `[${account.key}${account.name ? ` ${account.name}` : ''}]`;
}

/** The template's or inventory's path, resolved and checked: inside the root, through links too. */
async function inside(fleetFile: string, given: string, what: string, realRoot: string): Promise<{ path: string; real: string } | { problem: string }> {
  const path = resolve(dirname(fleetFile), given);
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined) return { problem: `its ${what} ${given} does not exist (${what} paths are relative to the fleet file).` };
  if (!isInside(realRoot, real)) return { problem: `its ${what} ${given} is outside the workspace (${real}); a fleet reads only files inside it.` };
  return { path, real };
}

/** A fleet file or a template: no larger than a request may be. */
async function readSmall(path: string): Promise<string> {
  const { text, size } = await readRequest(path);
  if (size > MAX_DOCUMENT_SIZE) throw new Error(`${basename(path)} is ${thousands(size)} bytes, more than the ${thousands(MAX_DOCUMENT_SIZE)} a request may be`);
  return text;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
