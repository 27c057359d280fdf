import { CONNECTOR_ELEMENTS, ConnectorKind, kindRow } from '../core/model';
import { Credentials } from './execute';
import { httpRequest, NetworkError } from './http';
import { Pace } from './pace';
import { ResolvedPlatform } from './platforms';
import { redactSecrets } from './redact';
import { ApiResponse, interpret } from './response';

/** Where and how `pull`, `plan` and `apply` call the API: one pace for all their calls. */
export interface Api {
  platform: ResolvedPlatform;
  credentials: Credentials;
  timeoutMs: number;
  pace: Pace;
  /** Counts every call that went out (refused ones included), for the budget. */
  calls: { count: number };
}

export type LiveConnector = Record<string, unknown>;

export interface Criterion {
  field: string;
  operator: 'EQUALS' | 'IN' | 'CONTAINS';
  value: string;
}

/** Connectors per search page: the API's documented maximum is 1,000; ids per `IN` are kept well below it. */
export const PAGE_SIZE = 250;

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
  const answer = await call(api, `/qps/rest/3.0/search/am/${kindRow(kind).noun}`, body);
  const connectors = connectorsIn(answer.value, kind);
  const sr = serviceResponse(answer.value);
  const lastId = Number(sr.lastId);
  const more = String(sr.hasMoreRecords).toLowerCase() === 'true' && connectors.length > 0 && Number.isSafeInteger(lastId);
  return { connectors, next: more ? lastId + 1 : undefined };
}

/**
 * Every connector of a kind matching the criteria, page after page (`hasMoreRecords`, then
 * `startFromId` one past `lastId`).
 */
export async function searchAll(api: Api, kind: ConnectorKind, criteria: Criterion[], pageSize = PAGE_SIZE): Promise<LiveConnector[]> {
  const found: LiveConnector[] = [];
  let startFromId: number | undefined;
  for (let page = 0; page < 100_000; page++) {
    const { connectors, next } = await searchPage(api, kind, criteria, pageSize, startFromId);
    for (const c of connectors) found.push(c);
    if (next === undefined) break;
    startFromId = next;
  }
  return found;
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

/** One JSON call through the pace; an answer other than SUCCESS throws ApiError. */
async function call(api: Api, path: string, body: unknown): Promise<{ response: ApiResponse; value: unknown }> {
  const secrets = [api.credentials.password];
  const response = await api.pace.run(
    async () => {
      api.calls.count++;
      const result = await httpRequest({
        baseUrl: api.platform.baseUrl,
        method: 'POST',
        path,
        body: JSON.stringify(body),
        contentType: 'application/json',
        accept: 'application/json',
        username: api.credentials.username,
        password: api.credentials.password,
        timeoutMs: api.timeoutMs,
      }).catch((e: unknown) => {
        throw e instanceof NetworkError ? new NetworkError(e.kind, redactSecrets(e.message, secrets)) : e;
      });
      return { result, response: interpret(result, secrets) };
    },
    (r) => r.response,
  );
  if (!response.response.ok) throw new ApiError(`${path}: ${response.response.problem ?? response.response.summary}`, response.response.status);
  let value: unknown;
  try {
    value = JSON.parse(response.result.body);
  } catch {
    throw new ApiError(`${path}: the answer is not JSON.`);
  }
  return { response: response.response, value };
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
