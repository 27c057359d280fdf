import { IncomingHttpHeaders } from 'node:http';
import { WireFormat } from './response';

/** The format of a request body: XML for text/xml, application/xml or no type; JSON for application/json. */
export type BodyFormat = WireFormat | 'yaml';

export function bodyFormat(headers: IncomingHttpHeaders, body: string): BodyFormat {
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === '' || type === 'text/xml' || type === 'application/xml' || type.endsWith('+xml')) return 'xml';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (/^(application|text)\/(x-)?yaml$/.test(type)) return 'yaml';
  // curl's default (application/x-www-form-urlencoded) and other types: the body tells.
  return body.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'json' : 'xml';
}

/** JSON when the Accept header names application/json, else XML (`Accept: text/xml` is treated as XML too). */
export function responseFormat(headers: IncomingHttpHeaders): WireFormat {
  const accept = String(headers.accept ?? '').toLowerCase();
  return /application\/json/.test(accept) ? 'json' : 'xml';
}
