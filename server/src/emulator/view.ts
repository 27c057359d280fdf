import { connectorFields } from '../core/schema/connectors';
import { CONNECTOR_ELEMENTS, ConnectorKind } from '../core/model';
import { COLLECTIONS, CollectionSpec } from './collections';
import { Items, OutValue } from './response';
import { StoredConnector } from './store';
import { asArray, isObject, isScalar } from './values';

/** The read-only `type` of a connector: the kind upper-cased, as Qualys' schema spells it (AWS, AZURE, GCP, OCI). */
export function connectorType(kind: ConnectorKind): string {
  return kind.toUpperCase();
}

/** Fields a response puts first, in the order of the API's samples. */
const LEADING = ['name', 'description'];

/**
 * A stored connector as the API returns it: id, name, description, connectorState, type, the other
 * fields, collections as `list`, and for kinds with an `authRecord` an empty one (as the Azure
 * create sample answers: credentials are never echoed).
 */
export function connectorView(c: StoredConnector): { [key: string]: OutValue } {
  const entries: [string, OutValue][] = [['id', c.id]];
  for (const key of LEADING) if (c.fields[key] !== undefined) entries.push([key, fieldView(key, c.fields[key])]);
  entries.push(['connectorState', c.connectorState], ['type', connectorType(c.kind)]);
  for (const key of ['lastSync', 'nextSync', 'lastError'] as const) if (c.sync?.[key] !== undefined) entries.push([key, c.sync[key]]);
  for (const [key, value] of Object.entries(c.fields)) {
    if (!LEADING.includes(key) && key !== 'authRecord') entries.push([key, fieldView(key, value)]);
  }
  if (connectorFields(c.kind).has('authRecord')) entries.push(['authRecord', {}]);
  // fromEntries defines every key as data: no key can reach a prototype.
  return Object.fromEntries(entries);
}

/** `{Kind: view}` entries for a response's data. */
export function dataOf(connectors: StoredConnector[], view: (c: StoredConnector) => { [key: string]: OutValue } = connectorView): Items {
  return new Items(connectors.map((c) => [CONNECTOR_ELEMENTS[c.kind], view(c)] as const));
}

function fieldView(key: string, value: unknown, collections: Record<string, CollectionSpec> = COLLECTIONS): OutValue {
  const spec = Object.prototype.hasOwnProperty.call(collections, key) ? collections[key] : undefined;
  return spec ? listView(asArray(value), spec) : plainView(value);
}

function listView(items: unknown[], spec: CollectionSpec): OutValue {
  return { list: new Items(items.map((item) => [spec.element, itemView(item, spec)] as const)) };
}

function itemView(item: unknown, spec: CollectionSpec): OutValue {
  if (spec.inner) return listView(asArray(item), spec.inner);
  if (!isObject(item)) return plainView(item);
  const decorated = spec.decorate ? spec.decorate(item) : item;
  return Object.fromEntries(Object.entries(decorated).map(([k, v]) => [k, fieldView(k, v, spec.fields ?? {})]));
}

function plainView(value: unknown): OutValue {
  if (isScalar(value) || value === null) return value;
  if (Array.isArray(value)) return value.map(String).join(',');
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainView(v)]));
  return null;
}
