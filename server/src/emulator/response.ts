import { serialize } from '../core/serialize';

/** Named entries in order: `data` and the `list` of a collection. JSON writes them as `[{"Name": value}]`, XML as repeated elements. */
export class Items {
  constructor(readonly entries: ReadonlyArray<readonly [string, OutValue]>) {}
}

export type OutValue = string | number | boolean | null | Items | { [key: string]: OutValue };

export type ResponseCode =
  | 'SUCCESS'
  | 'INVALID_REQUEST'
  | 'OBJECT_NOT_FOUND'
  | 'UNAUTHORIZED'
  | 'INSUFFICIENT_PERMISSION'
  | 'INVALID_API_VERSION'
  | 'LIMIT_EXCEEDED'
  | 'OTHER_ERROR';

export interface ServiceResponse {
  responseCode: ResponseCode;
  count?: number;
  hasMoreRecords?: boolean;
  lastId?: number;
  data?: Items;
  responseErrorDetails?: { errorMessage: string; errorResolution?: string };
}

/** A response before it is written: HTTP status, body and any extra headers. */
export interface Reply {
  status: number;
  body: ServiceResponse;
  headers?: Record<string, string>;
}

export function success(data: Items, extra: Omit<ServiceResponse, 'responseCode' | 'data'> = {}): Reply {
  return { status: 200, body: { responseCode: 'SUCCESS', count: data.entries.length, ...extra, data } };
}

export function failure(status: number, responseCode: ResponseCode, errorMessage: string, errorResolution?: string, headers?: Record<string, string>): Reply {
  return { status, body: { responseCode, responseErrorDetails: { errorMessage, ...(errorResolution ? { errorResolution } : {}) } }, ...(headers ? { headers } : {}) };
}

export type WireFormat = 'xml' | 'json';

export const CONTENT_TYPES: Record<WireFormat, string> = {
  xml: 'application/xml; charset=UTF-8',
  json: 'application/json; charset=UTF-8',
};

/** Characters XML 1.0 cannot carry (a request's text echoed in a message may hold them). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The body text of a response: JSON as the API's JSON samples show it, XML as its XML samples. */
export function writeResponse(body: ServiceResponse, format: WireFormat, schemaLocation?: string): string {
  if (format === 'json') return serialize({ ServiceResponse: envelope(body, toJson) }, 'json');
  const text = serialize({ ServiceResponse: envelope(body, toXml) }, 'xml');
  const location = schemaLocation ? ` xsi:noNamespaceSchemaLocation="${schemaLocation.replace(/[<>&"]/g, '')}"` : '';
  return text
    .replace('\n<ServiceResponse>', `\n<ServiceResponse xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"${location}>`)
    .replace(NOT_XML, '\ufffd');
}

function envelope(body: ServiceResponse, convert: (v: OutValue) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { responseCode: body.responseCode };
  if (body.count !== undefined) out.count = body.count;
  // JSON answers carry it as a string ("false"), as they do every boolean.
  if (body.hasMoreRecords !== undefined) out.hasMoreRecords = convert(body.hasMoreRecords);
  if (body.lastId !== undefined) out.lastId = body.lastId;
  if (body.data !== undefined) out.data = convert(body.data);
  if (body.responseErrorDetails) out.responseErrorDetails = { ...body.responseErrorDetails };
  return out;
}

/** JSON: items become `[{"Name": value}]`; booleans inside data come back as strings, as in the API's JSON samples. */
function toJson(value: OutValue): unknown {
  if (value instanceof Items) return value.entries.map(([name, v]) => ({ [name]: toJson(v) }));
  if (typeof value === 'boolean') return String(value);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}

/** XML: items become repeated elements (a value holding a list is what `serialize` writes so). */
function toXml(value: OutValue): unknown {
  if (value instanceof Items) {
    const grouped: Record<string, unknown[]> = {};
    for (const [name, v] of value.entries) (grouped[name] ??= []).push(toXml(v));
    return Object.fromEntries(Object.entries(grouped).map(([k, vs]) => [k, vs.length === 1 ? vs[0] : vs]));
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toXml(v)]));
  return value;
}
