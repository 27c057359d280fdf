import { CONNECTOR_ELEMENTS, ConnectorKind, isConnectorId, kindRow } from '../core/model';
import { Api } from './api';

export type LiveConnector = Record<string, unknown>;

export interface Criterion {
  field: string;
  operator: 'EQUALS' | 'IN' | 'CONTAINS';
  value: string;
}

/** Connectors per search page: the API's documented maximum is 1,000; ids per `IN` are kept well below it. */
export const PAGE_SIZE = 250;
/** A search of every connector of a kind (pull) takes the API's documented maximum a page: 10,000 in 10 calls. */
export const PULL_PAGE_SIZE = 1000;

/** An answer that is not SUCCESS: the message says what Qualys said, masked; `status` tells a 401 from the rest. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** One page of a search: its connectors, and where the next page starts when there is one. */
export interface SearchPage {
  connectors: LiveConnector[];
  /** The `startFromId` of the next page; undefined on the last page. */
  next?: number;
}

/** One page of the connectors of a kind matching the criteria, from `startFromId` on. */
export async function searchPage(api: Api, kind: ConnectorKind, criteria: Criterion[], pageSize = PAGE_SIZE, startFromId?: number): Promise<SearchPage> {
  const body = {
    ServiceRequest: {
      ...(criteria.length > 0 ? { filters: { Criteria: criteria } } : {}),
      preferences: { limitResults: pageSize, ...(startFromId !== undefined ? { startFromId } : {}) },
    },
  };
  const answer = await search(api, kind, body);
  const connectors = connectorsIn(answer.value, kind);
  const sr = serviceResponse(answer.value);
  const lastId = Number(sr.lastId);
  const more = String(sr.hasMoreRecords).toLowerCase() === 'true' && connectors.length > 0 && Number.isSafeInteger(lastId);
  return { connectors, next: more ? lastId + 1 : undefined };
}

/** The most connectors one search gathers, all its pages together: past it the search stops with an error instead of filling memory. */
export const MAX_SEARCH_RESULTS = 50_000;

/**
 * Every connector of a kind matching the criteria, page after page (`hasMoreRecords`, then
 * `startFromId` one past `lastId`). Bounded whatever the API answers: a page whose `lastId` does
 * not move past the page's `startFromId` ends the search with an error (it would loop), an id seen
 * on an earlier page is kept once, and more than `max` connectors end it with an error.
 */
export async function searchAll(api: Api, kind: ConnectorKind, criteria: Criterion[], pageSize = PAGE_SIZE, max = MAX_SEARCH_RESULTS): Promise<LiveConnector[]> {
  const found: LiveConnector[] = [];
  const seen = new Set<number>();
  let startFromId: number | undefined;
  const maxCalls = Math.ceil(max / pageSize) + 1;
  const what = `The ${kindRow(kind).label} connector search`;
  for (let calls = 1; ; calls++) {
    const { connectors, next } = await searchPage(api, kind, criteria, pageSize, startFromId);
    const before = found.length;
    for (const c of connectors) {
      const id = Number(c.id);
      if (isConnectorId(id)) {
        if (seen.has(id)) continue;
        seen.add(id);
      }
      found.push(c);
    }
    if (found.length > max) throw new ApiError(`${what} found more than ${max} connectors; it stops there. Narrow it (by kind or filters).`);
    if (next === undefined) return found;
    if ((startFromId !== undefined && next <= startFromId) || found.length === before) {
      throw new ApiError(`${what} does not advance: the API answered hasMoreRecords with lastId ${next - 1} after startFromId ${startFromId ?? 'none'} and ${found.length - before} new connectors; stopped after ${calls} calls instead of asking again.`);
    }
    if (calls >= maxCalls) throw new ApiError(`${what} took ${calls} pages of at most ${pageSize} without an end; it stops there.`);
    startFromId = next;
  }
}

/** The live connectors with these ids, in as few searches as `IN` and the page size allow. */
export async function connectorsById(api: Api, kind: ConnectorKind, ids: readonly number[]): Promise<Map<number, LiveConnector>> {
  const out = new Map<number, LiveConnector>();
  const unique = [...new Set(ids)].sort((a, b) => a - b);
  for (let i = 0; i < unique.length; i += PAGE_SIZE) {
    const chunk = unique.slice(i, i + PAGE_SIZE);
    for (const c of await searchAll(api, kind, [{ field: 'id', operator: 'IN', value: chunk.join(',') }])) {
      const id = Number(c.id);
      if (Number.isSafeInteger(id)) out.set(id, c);
    }
  }
  return out;
}

/** One JSON search through the api; an answer other than SUCCESS throws ApiError. */
async function search(api: Api, kind: ConnectorKind, body: unknown): Promise<{ value: unknown }> {
  const done = await api.send({ kind, operation: 'search', byFilter: false, body: JSON.stringify(body), contentType: 'application/json', accept: 'application/json' });
  const path = done.line.path;
  if (!done.response.ok) throw new ApiError(`${path}: ${done.response.problem ?? done.response.summary}`, done.response.status);
  try {
    return { value: JSON.parse(done.body) };
  } catch {
    throw new ApiError(`${path}: the answer is not JSON.`);
  }
}

function serviceResponse(value: unknown): Record<string, unknown> {
  const sr = (value as { ServiceResponse?: unknown } | null)?.ServiceResponse;
  return sr && typeof sr === 'object' ? (sr as Record<string, unknown>) : {};
}

/** The connectors of a kind in an answer's `data` (`[{"AwsAssetDataConnector": {...}}]`). */
function connectorsIn(value: unknown, kind: ConnectorKind): LiveConnector[] {
  const element = CONNECTOR_ELEMENTS[kind];
  const out: LiveConnector[] = [];
  for (const item of [serviceResponse(value).data].flat()) {
    if (!item || typeof item !== 'object') continue;
    for (const c of [(item as Record<string, unknown>)[element]].flat()) if (c && typeof c === 'object' && !Array.isArray(c)) out.push(c as LiveConnector);
  }
  return out;
}
