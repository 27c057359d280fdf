import fetch, { FetchError, Response } from 'node-fetch';

export interface HttpRequest {
  baseUrl: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  contentType?: string;
  accept: string;
  username: string;
  password: string;
  timeoutMs: number;
  /** Aborted when the user cancels. */
  signal?: AbortSignal;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  ms: number;
  bytes: number;
}

export type NetworkErrorKind = 'timeout' | 'cancelled' | 'dns' | 'refused' | 'tls' | 'network' | 'redirect' | 'too-large';

/** A request that got no HTTP answer; the message says what to check and never holds a secret. */
export class NetworkError extends Error {
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Answers larger than this are not connector responses; reading them would only stall the editor. */
export const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/**
 * The longest timeout a send may have, in seconds (one hour). Node's timers hold at most 2^31-1 ms
 * (about 24.8 days); past that a timer fires at once, and every send failed as timed out.
 */
export const MAX_TIMEOUT_SEC = 3600;

/**
 * One HTTP request through node-fetch (VS Code's proxy support patches the modules it uses).
 * Redirects are not followed: a redirect would carry the credentials to another address.
 */
export async function httpRequest(req: HttpRequest): Promise<HttpResult> {
  const url = req.baseUrl + req.path;
  const host = new URL(url).host;
  const controller = new AbortController();
  let timedOut = false;
  let answering = false;
  // One deadline for the whole exchange, the answer's last byte included: a server that trickles
  // its body cannot hold a send past its timeout.
  const timeoutMs = Math.min(Math.max(1, req.timeoutMs), MAX_TIMEOUT_SEC * 1000);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCancel = (): void => controller.abort();
  if (req.signal?.aborted) controller.abort();
  req.signal?.addEventListener('abort', onCancel);
  const started = performance.now();
  try {
    const headers: Record<string, string> = {
      Authorization: 'Basic ' + Buffer.from(`${req.username}:${req.password}`, 'utf8').toString('base64'),
      'X-Requested-With': 'qualys-connector-vscode',
      Accept: req.accept,
    };
    if (req.contentType) headers['Content-Type'] = req.contentType;
    const res = await fetch(url, { method: req.method, headers, body: req.body, redirect: 'manual', signal: controller.signal as never, compress: true });
    if (res.status >= 300 && res.status < 400) {
      const to = res.headers.get('location') ?? 'another address';
      throw new NetworkError('redirect', `${host} redirected the request to ${to}; it was not followed, so your credentials stay with ${host}. Check the platform setting: use the API server's final address.`);
    }
    answering = true;
    const body = await readCapped(res);
    const headersOut: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headersOut[name.toLowerCase()] = value;
    });
    return { status: res.status, headers: headersOut, body, ms: Math.round(performance.now() - started), bytes: Buffer.byteLength(body) };
  } catch (e) {
    // Whatever went wrong, the connection goes too: a server still sending holds nothing of ours.
    controller.abort();
    if (e instanceof NetworkError) throw e;
    if (timedOut) {
      const what = answering ? 'began answering but did not finish' : 'did not answer';
      throw new NetworkError('timeout', `${host} ${what} within ${Math.round(timeoutMs / 1000)} s. Check your network or proxy, or raise the timeout setting (qualys.send.timeout).`);
    }
    if (req.signal?.aborted) throw new NetworkError('cancelled', 'The request was cancelled.');
    throw networkError(e, host);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onCancel);
  }
}

async function readCapped(res: Response): Promise<string> {
  const tooLarge = (): NetworkError => new NetworkError('too-large', `The answer is larger than ${MAX_RESPONSE_BYTES / 1048576} MB; it is not a connector response. Check the platform setting.`);
  if (Number(res.headers.get('content-length')) > MAX_RESPONSE_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > MAX_RESPONSE_BYTES) throw tooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS/i;

function networkError(e: unknown, host: string): NetworkError {
  const code = String((e as FetchError).code ?? (e as { errno?: string }).errno ?? '');
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new NetworkError('dns', `Cannot find ${host} (DNS lookup failed). Check the platform setting, your network and your proxy (http.proxy).`);
  if (code === 'ECONNREFUSED') return new NetworkError('refused', `Nothing answers at ${host} (connection refused). Check the platform setting; for the local emulator, check that it is running.`);
  if (TLS_CODES.test(code)) return new NetworkError('tls', `The TLS certificate of ${host} was not accepted (${code}). Check the platform URL; behind a TLS-inspecting proxy, give Node its CA (NODE_EXTRA_CA_CERTS) or see http.proxyStrictSSL.`);
  if (code === 'ERR_STREAM_PREMATURE_CLOSE' || /premature close/i.test(String((e as Error).message))) {
    return new NetworkError('network', `${host} closed the connection before its answer was complete, so the answer could not be read. Check in Qualys whether the call took effect before sending it again.`);
  }
  if (code === 'ETIMEDOUT') return new NetworkError('timeout', `The connection to ${host} timed out. Check your network or proxy.`);
  return new NetworkError('network', `The request to ${host} failed (${code || 'network error'}). Check your network and proxy settings.`);
}
