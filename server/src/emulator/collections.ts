import { asArray, blank, clone, comparable, isObject, isScalar, Obj } from './values';

/**
 * How a collection field (`defaultTags`, `activation`, ...) holds its items. A request writes it
 * with wrappers, `{set|add|remove|update: {<element>: item or [items]}}`; the emulator stores the
 * resulting list and a response writes it back as `{list: ...}`.
 */
export interface CollectionSpec {
  /** The element naming one item inside a wrapper: TagSimple, ActivationModule... */
  element: string;
  /** What identifies an item for remove and update; without one, remove matches the fields given and update goes by position. */
  key?: (item: unknown) => unknown;
  /** Collections inside each item (the days of a scan configuration). */
  fields?: Record<string, CollectionSpec>;
  /** Each item is itself a collection (a ConnectorAppInfoQList holds ConnectorAppInfo). */
  inner?: CollectionSpec;
  /** Read-only fields a response adds to an item. */
  decorate?: (item: Obj) => Obj;
}

const field = (name: string) => (item: unknown): unknown => (isObject(item) ? item[name] : undefined);
const itself = (item: unknown): unknown => item;

const DAYS: CollectionSpec = { element: 'Day', key: itself };
const APPS: CollectionSpec = {
  element: 'ConnectorAppInfo',
  key: field('name'),
  decorate: (app) => (app.tagId !== undefined ? { ...app, tagMetadata: { id: app.tagId } } : app),
};

/** The collection fields of both connector kinds. */
export const COLLECTIONS: Record<string, CollectionSpec> = {
  defaultTags: { element: 'TagSimple', key: field('id') },
  activation: { element: 'ActivationModule', key: itself },
  endpoints: { element: 'AwsEndpointSimple', key: field('regionCode') },
  connectorAppInfos: { element: 'ConnectorAppInfoQList', inner: APPS },
  connectorScanConfig: { element: 'ConnectorScanConfiguration', fields: { daysOfWeek: DAYS } },
};

/**
 * Applies request fields to a stored object: scalars replace, plain objects (authRecord,
 * connectorScanSetting) merge field by field, and collections apply their wrappers in the order written.
 */
export function applyFields(target: Obj, data: Obj, collections: Record<string, CollectionSpec>): Obj {
  for (const [key, value] of Object.entries(data)) {
    const spec = Object.prototype.hasOwnProperty.call(collections, key) ? collections[key] : undefined;
    if (spec && isObject(value)) target[key] = applyCollection(asArray(target[key]), value, spec);
    else if (isObject(value)) target[key] = applyFields(isObject(target[key]) ? (target[key] as Obj) : blank(), value, {});
    else target[key] = clone(value);
  }
  return target;
}

export function applyCollection(stored: unknown[], wrappers: Obj, spec: CollectionSpec): unknown[] {
  let list = [...stored];
  for (const [wrapper, content] of Object.entries(wrappers)) {
    const given = itemsOf(content, spec.element);
    switch (wrapper) {
      case 'set':
        list = dedupe(given.map((g) => build(g, spec)), spec);
        break;
      case 'add':
        list = dedupe([...list, ...given.map((g) => build(g, spec))], spec);
        break;
      case 'remove':
        list = remove(list, given, spec);
        break;
      case 'update':
        list = update(list, given, spec);
        break;
    }
  }
  return list;
}

/** The items under a wrapper: `{TagSimple: item or [items]}`, or a list of such (`ConnectorAppInfoQList.set`). */
function itemsOf(content: unknown, element: string): unknown[] {
  return asArray(content).flatMap((c) => (isObject(c) ? asArray(c[element]) : []));
}

/** A new item as stored: nested collections resolved. */
function build(item: unknown, spec: CollectionSpec): unknown {
  if (spec.inner) return isObject(item) ? applyCollection([], item, spec.inner) : [];
  if (spec.fields && isObject(item)) return applyFields(blank(), item, spec.fields);
  return clone(item);
}

/** One item per key: a repeated key replaces the earlier item in its place. */
function dedupe(list: unknown[], spec: CollectionSpec): unknown[] {
  const key = spec.key;
  if (!key) return list;
  const out: unknown[] = [];
  const at = new Map<string, number>();
  for (const item of list) {
    const k = comparable(key(item));
    const i = k === undefined ? undefined : at.get(k);
    if (i !== undefined) out[i] = item;
    else {
      if (k !== undefined) at.set(k, out.length);
      out.push(item);
    }
  }
  return out;
}

/** The items' keys, for lookups in one pass (a key that equals nothing is left out). */
function keysOf(items: unknown[], key: (item: unknown) => unknown): Set<string> {
  return new Set(items.map((g) => comparable(key(g))).filter((k): k is string => k !== undefined));
}

/** The apps named under the wrappers of a ConnectorAppInfoQList item. */
function innerItems(given: unknown[], inner: CollectionSpec): unknown[] {
  return given.flatMap((g) => (isObject(g) ? Object.values(g).flatMap((c) => itemsOf(c, inner.element)) : []));
}

function remove(list: unknown[], given: unknown[], spec: CollectionSpec): unknown[] {
  const key = spec.key;
  const inner = spec.inner;
  if (key) {
    const gone = keysOf(given, key);
    return list.filter((item) => !gone.has(comparable(key(item)) ?? ''));
  }
  if (inner) {
    // Removing apps: each named app leaves whichever list holds it; lists left empty go.
    const apps = innerItems(given, inner);
    return list.map((l) => remove(asArray(l), apps, inner)).filter((l) => l.length > 0);
  }
  const matches = matcher(given);
  return list.filter((item) => !matches(item));
}

function update(list: unknown[], given: unknown[], spec: CollectionSpec): unknown[] {
  const key = spec.key;
  const inner = spec.inner;
  if (key) {
    // Items edited in place, found by key; an item the connector does not have is ignored.
    const edits = new Map<string, unknown[]>();
    for (const g of given) {
      const k = comparable(key(g));
      if (k === undefined) continue;
      const list = edits.get(k);
      if (list) list.push(g);
      else edits.set(k, [g]);
    }
    return list.map((item) => (edits.get(comparable(key(item)) ?? '') ?? []).reduce((acc: unknown, g) => merge(acc, g, spec), item));
  }
  if (inner) {
    const apps = innerItems(given, inner);
    return list.map((l) => update(asArray(l), apps, inner));
  }
  // No identity (scan configurations): the n-th item given edits the n-th item stored.
  return list.map((item, i) => (i < given.length ? merge(item, given[i], spec) : item));
}

function merge(item: unknown, edit: unknown, spec: CollectionSpec): unknown {
  if (isObject(item) && isObject(edit)) return applyFields(clone(item), edit, spec.fields ?? {});
  return clone(edit);
}

/**
 * Whether an item matches any pattern, every scalar field of a pattern having the same value in the
 * item. Patterns are grouped by the fields they name, so each item is looked up once per group
 * rather than compared with every pattern.
 */
function matcher(patterns: unknown[]): (item: unknown) => boolean {
  const plain = keysOf(patterns.filter((p) => !isObject(p)), (p) => p);
  const groups = new Map<string, { fields: string[]; values: Set<string> }>();
  for (const p of patterns) {
    if (!isObject(p)) continue;
    const fields = Object.keys(p).filter((k) => isScalar(p[k])).sort();
    const name = JSON.stringify(fields);
    let group = groups.get(name);
    if (!group) groups.set(name, (group = { fields, values: new Set() }));
    group.values.add(signature(p, fields) ?? '');
  }
  return (item) => {
    if (!isObject(item)) return plain.has(comparable(item) ?? '\0');
    for (const { fields, values } of groups.values()) {
      const sig = signature(item, fields);
      if (sig !== undefined && values.has(sig)) return true;
    }
    return false;
  };
}

/** The comparable values of the fields, or undefined when one of them equals nothing. */
function signature(o: Obj, fields: string[]): string | undefined {
  const parts: string[] = [];
  for (const f of fields) {
    const c = comparable(o[f]);
    if (c === undefined) return undefined;
    parts.push(c);
  }
  return JSON.stringify(parts);
}
