import { escapeForDisplay } from '../core/displayText';
import { lineIndexAt } from '../core/lines';
import { parseJson } from '../core/parse/json';
import { parseXml } from '../core/parse/xml';
import { plainValue } from '../core/plain';
import { HttpResult } from './http';
import { redactBody, redactSecrets } from './redact';

export interface Limits {
  rateLimit?: number;
  rateWindowSec?: number;
  rateRemaining?: number;
  rateToWaitSec?: number;
  concurrencyLimit?: number;
  concurrencyRunning?: number;
}

export interface ApiResponse {
  status: number;
  ms: number;
  bytes: number;
  format: 'xml' | 'json' | 'text';
  /** `responseCode` of the ServiceResponse, when there is one. */
  responseCode?: string;
  count?: number;
  errorMessage?: string;
  errorResolution?: string;
  /** Ids of the connectors in `data`. */
  ids: number[];
  connectorState?: string;
  limits: Limits;
  /** The body pretty-printed, secrets redacted. */
  pretty: string;
  ok: boolean;
  /** Why the body could not be read as the XML or JSON it claims to be (cut off, malformed). */
  unreadable?: string;
  /** One line: `SUCCESS · id 843003 · 412 ms`, or what went wrong. */
  summary: string;
  /** What went wrong and what to do, when it did. */
  problem?: string;
}

const num = (v: string | undefined): number | undefined => (v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

export function limitsOf(headers: Record<string, string>): Limits {
  return {
    rateLimit: num(headers['x-ratelimit-limit']),
    rateWindowSec: num(headers['x-ratelimit-window-sec']),
    rateRemaining: num(headers['x-ratelimit-remaining']),
    rateToWaitSec: num(headers['x-ratelimit-towait-sec']),
    concurrencyLimit: num(headers['x-concurrency-limit-limit']),
    concurrencyRunning: num(headers['x-concurrency-limit-running']),
  };
}

/** Reads a Qualys answer: its code, error, ids and limits, and what it means for the user. */
export function interpret(result: HttpResult, secrets: string[] = []): ApiResponse {
  const text = result.body;
  const trimmed = text.trimStart();
  const format = trimmed.startsWith('<') ? 'xml' : trimmed.startsWith('{') ? 'json' : 'text';
  const parsed = format === 'xml' ? parseXml(text) : format === 'json' ? parseJson(text) : undefined;
  const root = parsed?.root;
  const value = root ? (plainValue(root) as Record<string, unknown>) : {};
  // Text around elements is harmless; anything else means the answer is not whole or not well-formed.
  const broken = parsed?.problems.find((p) => p.code !== 'mixed-content');
  const sr = (value.ServiceResponse ?? {}) as Record<string, unknown>;
  const details = (sr.responseErrorDetails ?? {}) as Record<string, unknown>;
  const ids: number[] = [];
  let connectorState: string | undefined;
  for (const item of [sr.data].flat()) {
    if (!item || typeof item !== 'object') continue;
    for (const connectors of Object.values(item as Record<string, unknown>)) {
      for (const c of [connectors].flat()) {
        const id = num(String((c as Record<string, unknown> | undefined)?.id ?? ''));
        if (id !== undefined) ids.push(id);
        const state = (c as Record<string, unknown> | undefined)?.connectorState;
        if (typeof state === 'string') connectorState = state;
      }
    }
  }
  const limits = limitsOf(result.headers);
  // Everything the server wrote is masked before it is shown or kept: the code and state too; and
  // each is one line, its line breaks and bidi controls escaped, so it cannot forge lines of ours.
  const shown = (v: unknown): string | undefined => (typeof v === 'string' ? escapeForDisplay(redactSecrets(v, secrets)) : undefined);
  // A code read from a broken answer is not trusted: a cut-off SUCCESS says nothing of what happened.
  const responseCode = broken ? undefined : shown(sr.responseCode)?.trim();
  const response: ApiResponse = {
    status: result.status,
    ms: result.ms,
    bytes: result.bytes,
    format,
    responseCode,
    count: num(String(sr.count ?? '')),
    errorMessage: shown(details.errorMessage),
    errorResolution: shown(details.errorResolution),
    ids,
    connectorState: shown(connectorState),
    limits,
    pretty: redactBody(pretty(text, format), secrets),
    ok: result.status >= 200 && result.status < 300 && responseCode === 'SUCCESS',
    ...(broken ? { unreadable: `${shown(broken.message)} (${lineOf(text, broken.span.start)})` } : {}),
    summary: '',
  };
  response.problem = problemOf(response);
  response.summary = summaryOf(response);
  return response;
}

/** `line 3`, 1-based, of an offset. */
function lineOf(text: string, offset: number): string {
  return `line ${lineIndexAt(text, offset) + 1}`;
}

function summaryOf(r: ApiResponse): string {
  if (r.unreadable !== undefined) return `Unreadable answer · HTTP ${r.status} · ${r.ms} ms`;
  const parts = [r.responseCode ?? `HTTP ${r.status}`];
  if (r.ids.length === 1) parts.push(`id ${r.ids[0]}`);
  else if (r.ids.length > 1) parts.push(`${r.ids.length} connectors`);
  if (r.connectorState) parts.push(r.connectorState);
  parts.push(`${r.ms} ms`);
  return parts.join(' · ');
}

function problemOf(r: ApiResponse): string | undefined {
  if (r.ok) return undefined;
  const l = r.limits;
  switch (r.status) {
    case 401:
      return 'Qualys refused the credentials (HTTP 401): check the username and password stored for this platform (Qualys: Set Credentials), and that the account may use the API.';
    case 403:
      return 'The account may not do this (HTTP 403): changing connectors needs a Manager with full scope.';
    case 404:
      return 'Not found (HTTP 404): this path does not exist on the server. Check the platform setting (the API server, not the web UI address).';
    case 409:
    case 429:
      return limitMessage(r, l);
  }
  if (r.status >= 500) return `The server failed (HTTP ${r.status}). Try again later; if it persists, check the Qualys status page.`;
  if (r.unreadable !== undefined) {
    return `The answer (HTTP ${r.status}, ${r.bytes} bytes) could not be read as ${r.format.toUpperCase()}: ${r.unreadable}. It may have been cut off on the way: check in Qualys whether the call took effect before sending it again.`;
  }
  if (r.responseCode && r.responseCode !== 'SUCCESS') {
    const resolution = r.errorResolution ? ` ${r.errorResolution}` : '';
    return `${r.responseCode}${r.errorMessage ? `: ${r.errorMessage}` : ''}${resolution}`;
  }
  if (!r.responseCode) return `The answer (HTTP ${r.status}) is not a Qualys ServiceResponse. Check the platform setting.`;
  return undefined;
}

function limitMessage(r: ApiResponse, l: Limits): string {
  const body = `${r.errorMessage ?? ''} ${r.pretty}`;
  const concurrency = /\b1960\b/.test(body) || (l.concurrencyLimit !== undefined && l.concurrencyRunning !== undefined && l.concurrencyRunning >= l.concurrencyLimit && !/\b1965\b/.test(body));
  const wait = l.rateToWaitSec;
  const when = wait !== undefined ? ` Retry in ${wait} s (after ${new Date(Date.now() + wait * 1000).toLocaleTimeString()}).` : ' Retry later.';
  if (concurrency) {
    const cap = l.concurrencyLimit !== undefined ? `${l.concurrencyLimit} call${l.concurrencyLimit === 1 ? '' : 's'} at once` : 'a number of calls at once';
    return `Concurrency limit reached (HTTP ${r.status}, code 1960): the subscription allows ${cap}${l.concurrencyRunning !== undefined ? ` and ${l.concurrencyRunning} are running` : ''}. Retry when one finishes.`;
  }
  const rate = l.rateLimit !== undefined && l.rateWindowSec !== undefined ? `${l.rateLimit} calls per ${l.rateWindowSec} s` : 'the rate limit';
  return `Rate limit reached (HTTP ${r.status}${r.status === 409 ? ', code 1965' : ''}): ${rate}.${when}`;
}

function pretty(text: string, format: 'xml' | 'json' | 'text'): string {
  if (format === 'json') {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return text;
    }
  }
  if (format === 'xml') return prettyXml(text);
  return text;
}

/** Re-indents XML whose elements are on one line; text that is already laid out is kept. */
function prettyXml(text: string): string {
  if (text.split('\n').length > 3) return text;
  let depth = 0;
  return text
    .replace(/>\s*</g, '>\n<')
    .split('\n')
    .map((line) => {
      if (/^<\//.test(line)) depth = Math.max(0, depth - 1);
      const out = '  '.repeat(depth) + line;
      if (/^<[^/?!](?:[^>]*[^/])?>$/.test(line) && !/<\/[^>]+>$/.test(line)) depth++;
      return out;
    })
    .join('\n');
}
