import { IncomingMessage, ServerResponse } from 'node:http';
import { Authenticator } from './auth';
import { readBody } from './body';
import { ConcurrencyLimiter, limitHeaders, RateLimiter, RateState } from './limits';
import { perform } from './operations';
import { Settings } from './options';
import { CONTENT_TYPES, failure, Reply, WireFormat, writeResponse } from './response';
import { route } from './routes';
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
  /** Requests seen, whatever their outcome. */
  seen: number;
  /** Ends of the artificial delays under way, called at once when the emulator closes. */
  delays: Set<() => void>;
}

/** What a request came to, for its response and its log line. */
interface Outcome {
  reply?: Reply;
  noun?: string;
  user?: string;
  release?: () => void;
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
  const outcome: Outcome = {};
  let rate: RateState = state.rate.peek(state.settings.username);
  try {
    const user = state.authenticate(req.headers.authorization);
    if (user === undefined) {
      // Refused before it counts: an unauthenticated call does not use the rate.
      outcome.reply = failure(401, 'UNAUTHORIZED', 'Authentication failed: the request has no valid HTTP Basic credentials.', 'Send the username and password with HTTP Basic authentication.', {
        'WWW-Authenticate': 'Basic realm="Qualys"',
      });
    } else {
      outcome.user = user;
      const taken = state.rate.take(user);
      rate = taken.state;
      if (!taken.allowed) {
        outcome.reply = rateExceeded(rate);
      } else {
        outcome.release = state.concurrency.acquire(user);
        outcome.reply = outcome.release ? await admitted(state, req, method, path, outcome) : concurrencyExceeded(state.concurrency.limit);
      }
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

/** A call past authentication and the limits: latency, route, body, operation. */
async function admitted(state: EmulatorState, req: IncomingMessage, method: string, path: string, outcome: Outcome): Promise<Reply | undefined> {
  if (state.settings.delayMs > 0) await delay(state, state.settings.delayMs);
  const r = route(method, path);
  if (!r.ok) {
    outcome.noun = r.noun;
    return failure(r.status, r.code, r.message, r.code === 'INVALID_API_VERSION' ? 'Use /qps/rest/3.0/.' : 'Check the method and path.', r.allow ? { Allow: r.allow } : undefined);
  }
  outcome.noun = r.route.noun;
  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === 'aborted') return undefined;
    return failure(413, 'INVALID_REQUEST', 'The request body is larger than 10 MB.', 'Send a connector request: they are a few kilobytes.');
  }
  return perform(state.store, { route: r.route, body: body.text, format: bodyFormat(req.headers, body.text) });
}

/** The artificial latency; closing the emulator cuts it short. */
export function delay(state: EmulatorState, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      state.delays.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.delays.add(done);
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
  });
  res.end(text);
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
