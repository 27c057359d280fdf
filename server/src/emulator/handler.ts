import { IncomingMessage, ServerResponse } from 'node:http';
import { operationRow } from '../core/model';
import { Authenticator } from './auth';
import { CallCounter } from './calls';
import { MAX_BODY_BYTES, readBody } from './body';
import { crossSiteProblem } from './crossSite';
import { isOwnHost } from './host';
import { ConcurrencyLimiter, limitHeaders, RateLimiter, RateState } from './limits';
import { perform } from './operations';
import { Settings } from './options';
import { CONTENT_TYPES, failure, Reply, WireFormat, writeResponse } from './response';
import { route, RouteResult } from './routes';
import { ConnectorStore } from './store';
import { bodyFormat, responseFormat } from './wire';

/** Everything one emulator keeps between requests. */
export interface EmulatorState {
  settings: Settings;
  store: ConnectorStore;
  rate: RateLimiter;
  concurrency: ConcurrencyLimiter;
  authenticate: Authenticator;
  /** The base URL, once the server listens (for the XML schema location). */
  url: string;
  /** The port listened on, once listening (for the Host check). */
  port: number;
  /** Requests seen, whatever their outcome. */
  seen: number;
  /** Ends of the artificial delays under way, called at once when the emulator closes. */
  delays: Set<() => void>;
  /** Calls per operation. */
  calls: CallCounter;
  /** Keeps the store after a call changed it (`--data`); undefined when it lives in memory only. */
  persist?: () => void;
}

/** What a request came to, for its response and its log line. */
interface Outcome {
  reply?: Reply;
  noun?: string;
  user?: string;
  release?: () => void;
  /** The request's body was not read whole: the connection closes after the answer. */
  close?: boolean;
}

export function requestHandler(state: EmulatorState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(state, req, res).catch(() => {
      // handle() answers its own failures; this is the last resort that keeps the server up.
      if (!res.headersSent && !res.destroyed) {
        res.statusCode = 500;
        res.end();
      }
    });
  };
}

async function handle(state: EmulatorState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  state.seen++;
  const method = req.method ?? 'GET';
  const path = (req.url ?? '/').split('?')[0];
  const format = responseFormat(req.headers);
  const routed = route(method, path);
  if (routed.ok) state.calls.count(routed.route.action);
  const outcome: Outcome = {};
  let rate: RateState = state.rate.peek(state.settings.username);
  // A slot is free again as soon as the client goes, not when its delay or body would have ended.
  res.once('close', () => outcome.release?.());
  try {
    const ownHost = isOwnHost(req.headers.host, state.port);
    // A web page's request is refused before its credentials are looked at (a form can carry them in its URL).
    const crossSite = ownHost ? crossSiteProblem(req.headers, state.port) : undefined;
    const user = ownHost && !crossSite ? state.authenticate(req.headers.authorization) : undefined;
    if (!ownHost) {
      outcome.reply = wrongHost(state, req.headers.host);
    } else if (crossSite) {
      outcome.reply = failure(crossSite.status, 'OTHER_ERROR', crossSite.message, 'Send requests from an API client (curl, the CLI, the extension), not from a web page.');
    } else if (user === undefined) {
      // Refused before it counts: an unauthenticated call does not use the rate.
      outcome.reply = failure(401, 'UNAUTHORIZED', 'Authentication failed: the request has no valid HTTP Basic credentials.', 'Send the username and password with HTTP Basic authentication.', {
        'WWW-Authenticate': 'Basic realm="Qualys"',
      });
    } else {
      outcome.user = user;
      const taken = state.rate.take(user);
      rate = taken.state;
      outcome.reply = taken.allowed ? await admitted(state, req, res, routed, outcome, started) : rateExceeded(rate);
    }
  } catch {
    outcome.reply = failure(500, 'OTHER_ERROR', 'The emulator failed while handling this request.', 'Send the request again; if it keeps failing, report it with the request (without secrets).');
  }
  let sent = false;
  try {
    sent = send(state, res, outcome, format, rate);
  } finally {
    outcome.release?.();
    log(state, method, path, sent ? outcome.reply : undefined, started);
  }
}

/**
 * A call past authentication and the rate: route, body, then a concurrency slot, latency and the
 * operation. The body is read before a slot is taken, so a client that sends slowly holds none.
 */
async function admitted(state: EmulatorState, req: IncomingMessage, res: ServerResponse, r: RouteResult, outcome: Outcome, started: number): Promise<Reply | undefined> {
  if (!r.ok) {
    outcome.noun = r.noun;
    return failure(r.status, r.code, r.message, r.code === 'INVALID_API_VERSION' ? 'Use /qps/rest/3.0/.' : 'Check the method and path.', r.allow ? { Allow: r.allow } : undefined);
  }
  outcome.noun = r.route.noun;
  const timeoutMs = state.settings.requestTimeoutMs;
  const body = await readBody(req, timeoutMs - (performance.now() - started));
  if (!body.ok) {
    if (body.reason === 'aborted') return undefined;
    if (body.reason === 'timeout') {
      // A client this slow is not waited for again: its connection ends with the answer. (A body
      // too large is drained by Node after the 413, so the client reads the answer, not a reset.)
      outcome.close = true;
      return failure(408, 'INVALID_REQUEST', `The request body did not arrive whole within ${timeoutMs / 1000} s.`, 'Send the whole request at once.');
    }
    return failure(413, 'INVALID_REQUEST', `The request body is larger than ${MAX_BODY_BYTES / 1048576} MB.`, 'Send a connector request: they are a few kilobytes.');
  }
  outcome.release = state.concurrency.acquire(outcome.user ?? '');
  if (!outcome.release) return concurrencyExceeded(state.concurrency.limit);
  if (state.settings.delayMs > 0) await delay(state, state.settings.delayMs, res);
  if (res.destroyed) return undefined;
  const reply = perform(state.store, { route: r.route, body: body.text, format: bodyFormat(req.headers, body.text) });
  if (state.persist && reply.body.responseCode === 'SUCCESS' && operationRow(r.route.action).effect !== 'reads') state.persist();
  return reply;
}

function wrongHost(state: EmulatorState, host: string | undefined): Reply {
  const own = `127.0.0.1:${state.port}, localhost:${state.port} or [::1]:${state.port}`;
  const given = host === undefined ? 'no Host header' : `Host "${printable(host, 80)}"`;
  return failure(421, 'OTHER_ERROR', `This emulator answers only requests addressed to it on this machine (${own}); this one has ${given}.`, `Send to the URL the emulator printed (${state.url}).`);
}

/** The artificial latency; closing the emulator, or the client going, cuts it short. */
export function delay(state: EmulatorState, ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      state.delays.delete(done);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.delays.add(done);
    res.once('close', done);
  });
}

function rateExceeded(rate: RateState): Reply {
  return failure(
    409,
    'LIMIT_EXCEEDED',
    `API rate limit exceeded (code 1965): ${rate.limit} calls per ${rate.windowSec} seconds. Retry in ${rate.toWaitSec} seconds.`,
    `Wait ${rate.toWaitSec} seconds (X-RateLimit-ToWait-Sec) before the next call.`,
  );
}

function concurrencyExceeded(limit: number): Reply {
  return failure(
    409,
    'LIMIT_EXCEEDED',
    `API concurrency limit exceeded (code 1960): at most ${limit} call${limit === 1 ? '' : 's'} may run at once.`,
    'Retry when a running call has finished.',
  );
}

/** Writes the reply; false when there is none or the client has gone. */
function send(state: EmulatorState, res: ServerResponse, outcome: Outcome, format: WireFormat, rate: RateState): boolean {
  if (res.headersSent || res.destroyed || !outcome.reply) return false;
  const reply = outcome.reply;
  const location = outcome.noun ? `${state.url}/qps/xsd/3.0/am/${outcome.noun}.xsd` : undefined;
  const text = writeResponse(reply.body, format, location);
  const running = outcome.user !== undefined ? state.concurrency.count(outcome.user) : 0;
  res.writeHead(reply.status, {
    ...limitHeaders(rate, state.settings.concurrencyLimit, running),
    ...reply.headers,
    'Content-Type': CONTENT_TYPES[format],
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...(outcome.close ? { Connection: 'close' } : {}),
  });
  // A body left unread by a client too slow is not waited for: the connection ends with the answer.
  res.end(text, () => {
    if (outcome.close) res.socket?.destroy();
  });
  return true;
}

/** One line per request: method, path, status, responseCode, time. Never a body, a header value or a secret. */
function log(state: EmulatorState, method: string, path: string, reply: Reply | undefined, started: number): void {
  const ms = Math.round(performance.now() - started);
  const status = reply ? `${reply.status} ${reply.body.responseCode}` : '- (client gone)';
  try {
    state.settings.log(`${printable(method, 16)} ${printable(path, 200)} ${status} ${ms}ms`);
  } catch {
    // A failing logger must not take the server down.
  }
}

function printable(s: string, max: number): string {
  const clean = s.replace(/[^\x21-\x7e]/g, '?');
  return clean.length > max ? clean.slice(0, max - 3) + '...' : clean;
}
