import { CONNECTOR_ELEMENTS, ConnectorKind } from '../model';
import { readOnlyFieldNames } from '../schema/store';
import { isSecretField } from '../secretFields';
import { liveAsRequest } from './shape';
import { asList, canonical, isObj, isWrapped, itemsOf, Obj } from './values';

/**
 * What an update would do to one live connector, field by field: the engine behind `plan`. Pure:
 * the request's connector value (as the file binds) against the connector as an answer gives it.
 */
export interface FieldChange {
  /** `description`, `authRecord.subscriptionId`, `defaultTags`. */
  path: string;
  /**
   * `value`: a field takes a new value; `set`: a collection is replaced; `add`/`remove`: items are
   * appended or deleted; `update`: items are edited in place; `secret`: a secret is sent, which
   * Qualys never returns, so it cannot be compared.
   */
  action: 'value' | 'set' | 'add' | 'remove' | 'update' | 'secret';
  /** The live value (for `value` and `set`); undefined when the connector has none. */
  before?: unknown;
  /** The value sent (`value`, `set`), or the items appended, deleted or edited. */
  after?: unknown;
}

/** Whether a change is one the plan can tell: a secret sent alone is not counted as a change. */
export function isRealChange(c: FieldChange): boolean {
  return c.action !== 'secret';
}

/** The connector object of a request's value (`ServiceRequest.data.<element>`), or `{}`. */
export function connectorOf(value: unknown, kind: ConnectorKind): Obj {
  const sr = isObj(value) ? value.ServiceRequest : undefined;
  const data = isObj(sr) ? sr.data : undefined;
  const c = isObj(data) ? data[CONNECTOR_ELEMENTS[kind]] : undefined;
  return isObj(c) ? c : {};
}

export function diffConnector(kind: ConnectorKind, request: Obj, live: Obj): FieldChange[] {
  const readOnly = readOnlyFieldNames(kind);
  const current = liveAsRequest(kind, live);
  const changes: FieldChange[] = [];
  for (const [key, value] of Object.entries(request)) {
    if (readOnly.has(key)) continue; // Qualys ignores it; validate warns
    diffField(key, value, current[key], changes, 0);
  }
  return changes;
}

function diffField(path: string, wanted: unknown, live: unknown, out: FieldChange[], depth: number): void {
  const leaf = path.slice(path.lastIndexOf('.') + 1);
  if (isSecretField(leaf)) {
    out.push({ path, action: 'secret' });
    return;
  }
  if (isWrapped(wanted)) {
    diffCollection(path, wanted, live, out);
    return;
  }
  if (isObj(wanted) && depth < 16) {
    // A record (authRecord, connectorScanSetting): its fields merge into the live one.
    const current = isObj(live) ? live : {};
    for (const [key, value] of Object.entries(wanted)) diffField(`${path}.${key}`, value, current[key], out, depth + 1);
    return;
  }
  if (live === undefined || canonical(wanted) !== canonical(live)) out.push({ path, action: 'value', before: live, after: wanted });
}

/** A collection's wrappers in the order written, each against the items as the previous left them. */
function diffCollection(path: string, wanted: Obj, live: unknown, out: FieldChange[]): void {
  let items = isObj(live) ? itemsOf(live.set) : [];
  for (const [wrapper, content] of Object.entries(wanted)) {
    const given = itemsOf(content);
    switch (wrapper) {
      case 'set':
        if (canonical(given) !== canonical(items)) out.push({ path, action: 'set', before: items, after: given });
        items = given;
        break;
      case 'add': {
        const known = new Set(items.map((i) => canonical(i)));
        const added = given.filter((g) => !known.has(canonical(g)));
        if (added.length > 0) out.push({ path, action: 'add', after: added });
        items = [...items, ...added];
        break;
      }
      case 'remove': {
        const removed = given.filter((g) => items.some((i) => covers(i, g)));
        if (removed.length > 0) out.push({ path, action: 'remove', after: removed });
        items = items.filter((i) => !given.some((g) => covers(i, g)));
        break;
      }
      case 'update': {
        // An edit that every item it names already matches changes nothing.
        const edits = given.filter((g) => !items.some((i) => covers(i, g)));
        if (edits.length > 0) out.push({ path, action: 'update', after: edits });
        break;
      }
    }
  }
}

/** Whether an item holds every field a pattern names with the same value (`{id: 5}` covers the tag with id 5). */
function covers(item: unknown, pattern: unknown): boolean {
  if (!isObj(pattern) || !isObj(item)) return canonical(item) === canonical(pattern);
  return Object.entries(pattern).every(([k, v]) => (isObj(v) || Array.isArray(v) ? canonical(asList(item[k])) === canonical(asList(v)) : canonical(item[k]) === canonical(v)));
}
