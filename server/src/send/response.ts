import { parseJson } from '../core/parse/json';
import { parseXml } from '../core/parse/xml';
import { SECRET_FIELDS } from '../core/model';
import { plainValue } from '../core/plain';
import { HttpResult } from './http';

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
  const root = format === 'xml' ? parseXml(text).root : format === 'json' ? parseJson(text).root : undefined;
  const value = root ? (plainValue(root) as Record<string, unknown>) : {};
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
  const responseCode = typeof sr.responseCode === 'string' ? sr.responseCode.trim() : undefined;
  const response: ApiResponse = {
    status: result.status,
    ms: result.ms,
    bytes: result.bytes,
    format,
    responseCode,
    count: num(String(sr.count ?? '')),
    errorMessage: typeof details.errorMessage === 'string' ? redactSecrets(details.errorMessage, secrets) : undefined,
    errorResolution: typeof details.errorResolution === 'string' ? redactSecrets(details.errorResolution, secrets) : undefined,
    ids,
    connectorState,
    limits,
    pretty: redact(pretty(text, format), secrets),
    ok: result.status >= 200 && result.status < 300 && responseCode === 'SUCCESS',
    summary: '',
  };
  response.problem = problemOf(response);
  response.summary = summaryOf(response);
  return response;
}

function summaryOf(r: ApiResponse): string {
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
      if (/^<[^/?!][^>]*[^/]>$/.test(line) && !/<\/[^>]+>$/.test(line)) depth++;
      return out;
    })
    .join('\n');
}

/** The schemas' secrets (`x-secret`: Azure's authenticationKey, GCP's private_key, OCI's privateKey and passphrase), and credentials whatever they belong to. */
const SECRET_NAMES = [...new Set([...SECRET_FIELDS, 'password', 'secretKey', 'clientSecret'])];
export const MASK = '••••••';

/**
 * Where a secret field's value is, in each way a request or answer can write it: `before` is what
 * comes before the value, `value` the value. YAML values may run over several lines (a PEM key as
 * a block scalar, or a quoted string folded over lines).
 */
function secretValues(f: string): RegExp[] {
  const key = `^(?<before>(?<indent>[ \\t]*)${f}[ \\t]*:[ \\t]*)`;
  return [
    new RegExp(`(?<before><${f}>)(?<value>[^<]*)(?=</${f}>)`, 'g'),
    new RegExp(`(?<before>"${f}"\\s*:\\s*)"(?<value>(?:[^"\\\\]|\\\\.)*)"`, 'g'),
    new RegExp(`${key}"(?<value>(?:[^"\\\\]|\\\\.)*)"`, 'gm'),
    new RegExp(`${key}'(?<value>(?:[^']|'')*)'`, 'gm'),
    new RegExp(`${key}[|>][-+0-9]*[ \\t]*(?:#.*)?\\n(?<value>(?:[ \\t]*\\n|\\k<indent>[ \\t]+\\S.*(?:\\n|$))*)`, 'gm'),
    new RegExp(`${key}(?<value>[^\\s"'|>#].*)$`, 'gm'),
  ];
}

type Groups = { before: string; value: string };

/** Hides secret fields (XML, JSON, YAML) and any of the given secret strings. */
export function redact(text: string, secrets: string[] = []): string {
  let out = text;
  for (const f of SECRET_NAMES) {
    for (const re of secretValues(f)) {
      const xml = re.source.startsWith('(?<before><');
      out = out.replace(re, (...args: unknown[]) => {
        const { before, value } = args[args.length - 1] as Groups;
        return `${before}${xml ? MASK : `"${MASK}"`}${value.endsWith('\n') ? '\n' : ''}`;
      });
    }
  }
  return redactSecrets(out, secrets);
}

export function redactSecrets(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(MASK);
  return out;
}

/** The secret values a request carries (keys, passphrases), to keep them out of anything shown or stored. */
export function secretsIn(text: string): string[] {
  const found = new Set<string>();
  for (const f of SECRET_NAMES) {
    for (const re of secretValues(f)) {
      for (const m of text.matchAll(re)) {
        const value = (m.groups as Groups).value;
        // A multi-line value (a PEM key) is kept line by line too: an answer may quote it re-wrapped or escaped.
        for (const v of [value, ...value.split(/\n|\\n/)]) if (v.trim()) found.add(v.trim());
      }
    }
  }
  return [...found];
}
