import { ConnectorKind, KINDS } from '../core/model';
import { isSecretField } from '../core/secretFields';
import { readOnlyFieldNames } from '../core/schema/store';
import { CONNECTOR_ELEMENTS } from '../core/model';
import { applyFields, COLLECTIONS } from './collections';
import { Criterion, matchesAll, readCriteria } from './criteria';
import { decodeConnectorBody, decodeFilterBody, Refusal } from './decode';
import { failure, Reply, success } from './response';
import { Route } from './routes';
import { ConnectorStore, StoredConnector } from './store';
import { dataOf } from './view';
import { blank, isObject, isScalar, Obj } from './values';
import { BodyFormat } from './wire';

export interface Call {
  route: Route;
  body: string;
  format: BodyFormat;
}

/** Fields a request may not set, as Qualys ignores them: the id comes from the URL or the emulator, the rest are reported, not taken. */
const IGNORED_FIELDS = new Map<ConnectorKind, Set<string>>(KINDS.map((k) => [k.kind, readOnlyFieldNames(k.kind)]));

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/** Performs one API call on the store. */
export function perform(store: ConnectorStore, call: Call): Reply {
  const { route } = call;
  switch (route.action) {
    case 'create':
      return create(store, call);
    case 'update':
      return route.id !== undefined ? updateOne(store, call, route.id) : updateByFilter(store, call);
    case 'get':
      return withConnector(store, route, route.id, (c) => success(dataOf([c])));
    case 'search':
      return search(store, call);
    case 'delete':
      return route.id !== undefined ? deleteOne(store, route, route.id) : deleteByFilter(store, call);
    case 'run':
      return withConnector(store, route, route.id, (c) => {
        // Create AWS Connector 3.0: "If a single connector is run and it is disabled an error is returned."
        if (c.fields.disabled === true) {
          return invalid({ message: `${CONNECTOR_ELEMENTS[c.kind]} ${c.id} is disabled: a disabled connector does not run.`, resolution: 'Enable it first (update it with disabled set to false), then run it again.' });
        }
        c.connectorState = 'RUNNING';
        return success(dataOf([c], (x) => ({ id: x.id, connectorState: x.connectorState })));
      });
  }
}

function create(store: ConnectorStore, call: Call): Reply {
  const decoded = decodeConnectorBody(call.body, call.format, call.route.kind, 'create');
  if (!decoded.ok) return invalid(decoded);
  return success(dataOf([createConnector(store, call.route.kind, decoded.value.data)]));
}

/** A new connector from a create's data: enabled unless it says otherwise, without read-only fields or secrets. */
export function createConnector(store: ConnectorStore, kind: ConnectorKind, data: Obj): StoredConnector {
  const fields = blank();
  fields.disabled = false;
  applyFields(fields, storable(data, kind), COLLECTIONS);
  return store.add(kind, fields);
}

function updateOne(store: ConnectorStore, call: Call, id: number): Reply {
  return withConnector(store, call.route, id, (c) => {
    const decoded = decodeConnectorBody(call.body, call.format, call.route.kind, 'update');
    if (!decoded.ok) return invalid(decoded);
    if (decoded.value.filters !== undefined) {
      return invalid({ message: 'filters are not allowed when the URL names a connector id (at ServiceRequest.filters).', resolution: 'Remove the id from the URL to update by filter, or remove filters.' });
    }
    applyFields(c.fields, storable(decoded.value.data, c.kind), COLLECTIONS);
    return success(dataOf([c], idOnly));
  });
}

function updateByFilter(store: ConnectorStore, call: Call): Reply {
  const decoded = decodeConnectorBody(call.body, call.format, call.route.kind, 'update');
  if (!decoded.ok) return invalid(decoded);
  const criteria = requiredCriteria(decoded.value.filters, call, true);
  if (!Array.isArray(criteria)) return criteria;
  const matched = store.all(call.route.kind).filter((c) => matchesAll(c, criteria));
  const data = storable(decoded.value.data, call.route.kind);
  for (const c of matched) applyFields(c.fields, data, COLLECTIONS);
  return success(dataOf(matched, idOnly));
}

function search(store: ConnectorStore, call: Call): Reply {
  const decoded = decodeFilterBody(call.body, call.format, call.route.kind);
  if (!decoded.ok) return invalid(decoded);
  const read = readCriteria(decoded.value.filters, call.route.kind, false);
  if (!read.ok) return invalid({ message: read.message, resolution: 'Correct the filters and search again.' });
  const prefs = preferencesOf(decoded.value.preferences);
  if (typeof prefs === 'string') return invalid({ message: prefs, resolution: 'Correct the preferences and search again.' });
  const found = store.all(call.route.kind).filter((c) => c.id >= prefs.startFromId && matchesAll(c, read.criteria));
  // startFromOffset counts from 1; QPS clients send 0 for the first page too.
  const from = Math.max(0, prefs.startFromOffset - 1);
  const page = found.slice(from, from + prefs.limitResults);
  const hasMoreRecords = found.length > from + page.length;
  return success(dataOf(page), { hasMoreRecords, ...(page.length > 0 ? { lastId: page[page.length - 1].id } : {}) });
}

function deleteOne(store: ConnectorStore, route: Route, id: number): Reply {
  return withConnector(store, route, id, (c) => {
    store.delete(c.kind, c.id);
    return success(dataOf([c], idOnly));
  });
}

function deleteByFilter(store: ConnectorStore, call: Call): Reply {
  const decoded = decodeFilterBody(call.body, call.format, call.route.kind);
  if (!decoded.ok) return invalid(decoded);
  const criteria = requiredCriteria(decoded.value.filters, call, false);
  if (!Array.isArray(criteria)) return criteria;
  const matched = store.all(call.route.kind).filter((c) => matchesAll(c, criteria));
  for (const c of matched) store.delete(c.kind, c.id);
  return success(dataOf(matched, idOnly));
}

/** The criteria of a call without an id: at least one, so that no call touches every connector by accident. */
function requiredCriteria(filters: unknown, call: Call, forUpdate: boolean): Criterion[] | Reply {
  const read = readCriteria(filters, call.route.kind, forUpdate);
  if (!read.ok) return invalid({ message: read.message, resolution: 'Correct the filters and send the request again.' });
  if (read.criteria.length === 0) {
    const path = `/qps/rest/3.0/${call.route.action}/am/${call.route.noun}`;
    return invalid({ message: `${call.route.action} without an id needs ServiceRequest.filters with at least one Criteria.`, resolution: `Name the connector in the URL (${path}/<id>) or add filters.` });
  }
  return read.criteria;
}

function preferencesOf(prefs: unknown): { limitResults: number; startFromId: number; startFromOffset: number } | string {
  const out = { limitResults: DEFAULT_LIMIT, startFromId: 0, startFromOffset: 1 };
  if (prefs === undefined || prefs === '') return out;
  if (!isObject(prefs)) return 'preferences must hold limitResults, startFromId and/or startFromOffset.';
  const limit = integerOf(prefs.limitResults);
  if (limit === null || (limit !== undefined && (limit < 1 || limit > MAX_LIMIT))) return `preferences.limitResults must be an integer from 1 to ${MAX_LIMIT}.`;
  const start = integerOf(prefs.startFromId);
  if (start === null || (start !== undefined && start < 0)) return 'preferences.startFromId must be a connector id (a positive integer).';
  const offset = integerOf(prefs.startFromOffset);
  if (offset === null) return 'preferences.startFromOffset must be a position in the results (an integer, 1 for the first).';
  return { limitResults: limit ?? out.limitResults, startFromId: start ?? out.startFromId, startFromOffset: offset ?? out.startFromOffset };
}

/** undefined when absent, null when not an integer. */
function integerOf(v: unknown): number | undefined | null {
  if (v === undefined) return undefined;
  if (!isScalar(v) || !/^\s*\d{1,15}\s*$/.test(String(v))) return null;
  return Number(v);
}

function withConnector(store: ConnectorStore, route: Route, id: number | undefined, then: (c: StoredConnector) => Reply): Reply {
  const c = id !== undefined ? store.get(route.kind, id) : undefined;
  if (!c) return failure(200, 'OBJECT_NOT_FOUND', `${CONNECTOR_ELEMENTS[route.kind]} with id ${id ?? '(none)'} was not found.`, 'Check the id: search lists the connectors you can see.');
  return then(c);
}

function idOnly(c: StoredConnector): { id: number } {
  return { id: c.id };
}

function invalid(refusal: Refusal): Reply {
  return failure(200, 'INVALID_REQUEST', refusal.message, refusal.resolution);
}

/** The request's connector fields as stored: no read-only field (the id included), no secret. */
export function storable(data: Obj, kind: ConnectorKind): Obj {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!isObject(value)) return value;
    const out = blank();
    for (const [k, v] of Object.entries(value)) if (!isSecretField(k)) out[k] = strip(v);
    return out;
  };
  const out = strip(data) as Obj;
  for (const k of IGNORED_FIELDS.get(kind) ?? []) delete out[k];
  return out;
}
