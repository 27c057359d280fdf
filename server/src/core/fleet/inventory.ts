import { thousands } from '../finding';
import { parseCsv } from './csv';
import { isObj, Obj } from './values';

/**
 * An inventory of accounts, as the clouds' own CLIs print it, recognised by its shape: one row per
 * shape, so a new cloud is one row. Each row says how to find the entries and which field keys them.
 */
export interface InventoryShape {
  id: 'aws-organizations' | 'azure-subscriptions' | 'gcp-projects' | 'csv';
  /** The command that prints it, for messages and the README. */
  command: string;
  /** The field that names an account across runs, when the fleet file gives no `key`. */
  defaultKey?: string;
}

export const SHAPES: Record<InventoryShape['id'], InventoryShape> = {
  'aws-organizations': { id: 'aws-organizations', command: 'aws organizations list-accounts --output json', defaultKey: 'Id' },
  'azure-subscriptions': { id: 'azure-subscriptions', command: 'az account list --output json', defaultKey: 'id' },
  'gcp-projects': { id: 'gcp-projects', command: 'gcloud projects list --format=json', defaultKey: 'projectId' },
  csv: { id: 'csv', command: 'a CSV file with a header row' },
};

/**
 * Largest inventory read: an organization's 10,000 accounts print as about 3 MB of JSON, so 16 MiB
 * holds five times that, and JSON.parse or the CSV reader still take well under a second.
 */
export const MAX_INVENTORY_BYTES = 16 * 1024 * 1024;
/** Most entries: each becomes a connector and a record entry (a record holds some 30,000). */
export const MAX_INVENTORY_ENTRIES = 25_000;
/** Most columns of a CSV row, and characters of a CSV header name. */
const MAX_COLUMNS = 200;

export interface Inventory {
  shape: InventoryShape;
  entries: Obj[];
}

export type InventoryRead = Inventory | { problem: string };

const ALL_SHAPES = `${SHAPES['aws-organizations'].command} ({"Accounts": [...]}), ${SHAPES['azure-subscriptions'].command} ([{"id", "tenantId", ...}]), ${SHAPES['gcp-projects'].command} ([{"projectId", ...}]) or a CSV file (.csv) with a header row`;

/** Reads an inventory file's text: CSV by its name (`.csv`), else JSON of one of the shapes. */
export function readInventory(text: string, fileName: string, size = text.length): InventoryRead {
  if (size > MAX_INVENTORY_BYTES) return { problem: `the inventory is ${thousands(size)} bytes, more than the ${thousands(MAX_INVENTORY_BYTES)} an inventory may be.` };
  if (/\.csv$/i.test(fileName)) return readCsvInventory(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { problem: `the inventory is not JSON (${(e as Error).message}); expected the output of ${ALL_SHAPES}.` };
  }
  return recognise(parsed);
}

function recognise(parsed: unknown): InventoryRead {
  let list: unknown;
  let shape: InventoryShape | undefined;
  if (isObj(parsed) && Array.isArray(parsed.Accounts)) {
    list = parsed.Accounts;
    shape = SHAPES['aws-organizations'];
  } else if (Array.isArray(parsed)) {
    list = parsed;
    const first = parsed[0];
    if (isObj(first) && 'projectId' in first && ('lifecycleState' in first || 'projectNumber' in first)) shape = SHAPES['gcp-projects'];
    else if (isObj(first) && 'id' in first && ('tenantId' in first || 'homeTenantId' in first)) shape = SHAPES['azure-subscriptions'];
  }
  if (!shape || !Array.isArray(list)) return { problem: `the inventory is none of the shapes this tool reads: ${ALL_SHAPES}.` };
  if (list.length > MAX_INVENTORY_ENTRIES) return { problem: `the inventory has ${thousands(list.length)} entries, more than the ${thousands(MAX_INVENTORY_ENTRIES)} a fleet may have.` };
  for (let i = 0; i < list.length; i++) {
    if (!isObj(list[i])) return { problem: `entry ${i + 1} of the inventory is not an object (as ${shape.command} prints each account).` };
  }
  return { shape, entries: list as Obj[] };
}

function readCsvInventory(text: string): InventoryRead {
  const read = parseCsv(text);
  if ('problem' in read) return { problem: `the CSV inventory, line ${read.line}: ${read.problem}.` };
  const [header, ...rows] = read.rows;
  if (!header) return { problem: 'the CSV inventory is empty: its first line must name the columns.' };
  if (rows.length > MAX_INVENTORY_ENTRIES) return { problem: `the inventory has ${thousands(rows.length)} entries, more than the ${thousands(MAX_INVENTORY_ENTRIES)} a fleet may have.` };
  if (header.length > MAX_COLUMNS) return { problem: `the CSV inventory has ${header.length} columns, more than ${MAX_COLUMNS}.` };
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === '') return { problem: `the CSV inventory's header has an empty name in column ${i + 1}: every column needs a name.` };
    if (seen.has(name)) return { problem: `the CSV inventory's header names the column ${JSON.stringify(name.slice(0, 60))} twice.` };
    seen.add(name);
  }
  const entries: Obj[] = [];
  for (const [i, row] of rows.entries()) {
    if (row.length !== names.length) return { problem: `the CSV inventory, row ${i + 2}: ${row.length} fields where the header names ${names.length}.` };
    // fromEntries defines each name as data: a column named __proto__ stays a column.
    entries.push(Object.fromEntries(names.map((n, c) => [n, row[c]])));
  }
  return { shape: SHAPES.csv, entries };
}
