import { httpRequest, NetworkError } from './http';
import { WireRequest } from '../core/prepare';
import { redactSecrets } from './redact';
import { secretsIn } from './secrets';
import { ApiResponse, interpret } from './response';
import { ResolvedPlatform } from './platforms';
import { RequestLine, requestLine } from './target';

export interface Credentials {
  username: string;
  password: string;
}

export interface ExecuteOptions {
  platform: ResolvedPlatform;
  credentials: Credentials;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Something missing before a request can go: no operation, no id. Nothing was sent. */
export class SetupError extends Error {}

export interface Executed {
  line: RequestLine;
  url: string;
  response: ApiResponse;
  /** Secret strings to keep out of anything shown or stored (the password, keys in the body). */
  secrets: string[];
  /** The answer's body as it came, unmasked: for reading its data (a search's connectors), never for showing. */
  body: string;
}

/** Sends a request and reads the answer. Network failures throw NetworkError; a missing operation or id, SetupError. */
export async function execute(request: WireRequest, options: ExecuteOptions): Promise<Executed> {
  if (!request.operation) throw new SetupError('Which operation? Give one of create, update, get, search, delete, run.');
  const line = requestLine(request.kind, { operation: request.operation, id: request.id }, request.byFilter);
  if ('error' in line) throw new SetupError(line.error);
  if (!options.credentials.username || !options.credentials.password) throw new SetupError('No credentials for this platform: set a username and password first.');
  const secrets = [options.credentials.password, ...secretsIn(request.body ?? '')];
  const result = await httpRequest({
    baseUrl: options.platform.baseUrl,
    method: line.method,
    path: line.path,
    body: request.body,
    contentType: request.contentType,
    accept: request.accept,
    username: options.credentials.username,
    password: options.credentials.password,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  }).catch((e: unknown) => {
    // A redirect's Location, say, may carry a key: failures are masked like answers.
    throw e instanceof NetworkError ? new NetworkError(e.kind, redactSecrets(e.message, secrets)) : e;
  });
  return { line, url: options.platform.baseUrl + line.path, response: interpret(result, secrets), secrets, body: result.body };
}
