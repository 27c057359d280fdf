import { IncomingHttpHeaders } from 'node:http';
import { isOwnHost } from './host';

/**
 * The media types an HTML form (or a page's fetch without a preflight) can send across sites. The
 * API takes XML (`text/xml`, `application/xml`) and JSON (`application/json`), which a browser sends
 * across sites only after a CORS preflight the emulator never grants; a body of these types could
 * be a web page's form posting to the emulator with the demo credentials in its URL.
 */
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** Why a request looks like a web page's rather than an API client's, or undefined when it does not. */
export function crossSiteProblem(headers: IncomingHttpHeaders, port: number): { status: number; message: string } | undefined {
  const origin = headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, port)) {
    return { status: 403, message: `This emulator answers API clients, not web pages: the request comes from the page at Origin "${origin.slice(0, 80)}".` };
  }
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (FORM_TYPES.has(type)) {
    return { status: 415, message: `Content-Type ${type} is what a web form sends; send XML as text/xml or JSON as application/json, as the Qualys API takes them.` };
  }
  return undefined;
}

/** `http://127.0.0.1:PORT` and the other loopback names of this emulator (a page it served itself, were there one). */
function isOwnOrigin(origin: string, port: number): boolean {
  const m = /^http:\/\/(.+)$/i.exec(origin.trim());
  return m !== null && isOwnHost(m[1], port);
}
