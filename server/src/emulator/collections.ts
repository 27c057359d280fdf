import { asArray, blank, clone, isObject, isScalar, Obj, sameValue } from './values';

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
  for (const item of list) {
    const at = out.findIndex((o) => sameValue(key(o), key(item)));
    if (at >= 0) out[at] = item;
    else out.push(item);
  }
  return out;
}

function remove(list: unknown[], given: unknown[], spec: CollectionSpec): unknown[] {
  const key = spec.key;
  const inner = spec.inner;
  if (key) return list.filter((item) => !given.some((g) => sameValue(key(item), key(g))));
  if (inner) {
    // Removing apps: each named app leaves whichever list holds it; lists left empty go.
    const apps = given.flatMap((g) => (isObject(g) ? Object.values(g).flatMap((c) => itemsOf(c, inner.element)) : []));
    return list.map((l) => remove(asArray(l), apps, inner)).filter((l) => l.length > 0);
  }
  return list.filter((item) => !given.some((g) => fieldsMatch(item, g)));
}

function update(list: unknown[], given: unknown[], spec: CollectionSpec): unknown[] {
  const key = spec.key;
  const inner = spec.inner;
  if (key) {
    // Items edited in place, found by key; an item the connector does not have is ignored.
    return list.map((item) => {
      const edits = given.filter((g) => sameValue(key(item), key(g)));
      return edits.reduce((acc: unknown, g) => merge(acc, g, spec), item);
    });
  }
  if (inner) {
    const apps = given.flatMap((g) => (isObject(g) ? Object.values(g).flatMap((c) => itemsOf(c, inner.element)) : []));
    return list.map((l) => update(asArray(l), apps, inner));
  }
  // No identity (scan configurations): the n-th item given edits the n-th item stored.
  return list.map((item, i) => (i < given.length ? merge(item, given[i], spec) : item));
}

function merge(item: unknown, edit: unknown, spec: CollectionSpec): unknown {
  if (isObject(item) && isObject(edit)) return applyFields(clone(item), edit, spec.fields ?? {});
  return clone(edit);
}

/** Whether every scalar field of `pattern` has the same value in `item`. */
function fieldsMatch(item: unknown, pattern: unknown): boolean {
  if (!isObject(item) || !isObject(pattern)) return sameValue(item, pattern);
  return Object.entries(pattern).every(([k, v]) => !isScalar(v) || sameValue(item[k], v));
}
