import { escapeForDisplay } from '../displayText';
import { Inventory } from './inventory';
import { valueAt } from './placeholders';
import { Obj } from './values';

/** One account of a fleet: its key, a name to show beside it, and its inventory entry. */
export interface FleetEntry {
  key: string;
  /** The account's name when the inventory gives one (`Name`, `name`, `displayName`), for plan lines. */
  name?: string;
  entry: Obj;
}

/** Longest key: account ids, subscription GUIDs and project ids are 12 to 36 characters; OCIDs about 90. */
export const MAX_KEY_CHARS = 256;

export type Selection = { key: string; entries: FleetEntry[]; filteredOut: number } | { problem: string };

/**
 * The entries `where` selects (each field equal to one of its values, compared as text), each
 * with its key: the key field is required, a value, and unique among the selected entries.
 * One pass with a set: linear in the inventory.
 */
export function selectEntries(inventory: Inventory, where: ReadonlyMap<string, readonly string[]>, key = inventory.shape.defaultKey): Selection {
  if (key === undefined) return { problem: `"key" is needed for ${inventory.shape.command}: the column that names an account across runs (its id, say).` };
  const filters = [...where].map(([field, values]) => ({ field, values: new Set(values) }));
  const entries: FleetEntry[] = [];
  const seen = new Map<string, number>();
  let filteredOut = 0;
  for (const [i, entry] of inventory.entries.entries()) {
    if (!filters.every(({ field, values }) => values.has(asText(valueAt(entry, field)) ?? '\0none'))) {
      filteredOut++;
      continue;
    }
    const k = asText(valueAt(entry, key));
    if (k === undefined || k.trim() === '') return { problem: `entry ${i + 1} of the inventory has no ${JSON.stringify(key)} (the key that names an account across runs).` };
    // eslint-disable-next-line no-control-regex -- control characters are what a key may not hold
    if (k.length > MAX_KEY_CHARS || /[\u0000-\u001f\u007f]/.test(k)) return { problem: `entry ${i + 1} of the inventory has a ${JSON.stringify(key)} that is no account key (longer than ${MAX_KEY_CHARS} characters, or with control characters).` };
    const before = seen.get(k);
    if (before !== undefined) return { problem: `entries ${before + 1} and ${i + 1} of the inventory have the same ${key} ${JSON.stringify(k)}: each account must have its own key.` };
    seen.set(k, i);
    const name = asText(entry.Name ?? entry.name ?? entry.displayName);
    entries.push({ key: k, ...(name !== undefined && name !== k ? { name: escapeForDisplay(name).slice(0, 80) } : {}), entry });
  }
  return { key, entries, filteredOut };
}

function asText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}
