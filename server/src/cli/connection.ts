import { Connection } from '../send/api';
import { MAX_TIMEOUT_SEC } from '../send/http';
import { PLATFORMS, resolvePlatform } from '../send/platforms';
import { OptionValues } from './args';
import { UsageError } from './io';

/**
 * Where and as whom a command talks to Qualys: the flags and environment every command that calls
 * the API shares (send, and pull/plan/apply). Spread CONNECTION_OPTIONS into the command's options,
 * append CONNECTION_USAGE to its help, and call `connectionFrom` with the parsed values.
 */
export const CONNECTION_OPTIONS = {
  platform: { type: 'string' },
  'base-url': { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const DEFAULT_TIMEOUT_SEC = 60;

export const CONNECTION_USAGE = `  --platform P      the Qualys platform: ${Object.keys(PLATFORMS).join(', ')}
  --base-url URL    or the API server's address (https; http only on this machine, e.g. the emulator)
  --timeout S       seconds for the whole answer (default ${DEFAULT_TIMEOUT_SEC}, above 0, at most ${MAX_TIMEOUT_SEC})
Credentials come from the environment: QUALYS_USERNAME and QUALYS_PASSWORD.`;


/**
 * The platform, credentials and timeout from the parsed flags and the environment; a UsageError
 * naming what is missing or wrong. Checked in this order so that a mistyped flag is reported before
 * missing credentials. The password is never part of a message.
 */
export function connectionFrom(values: OptionValues<typeof CONNECTION_OPTIONS>, env: NodeJS.ProcessEnv): Connection {
  const timeoutSec = values.timeout === undefined ? DEFAULT_TIMEOUT_SEC : timeoutOf(values.timeout);
  if (!values.platform && !values['base-url']) throw new UsageError('Say where to send: --platform US1 (or another platform) or --base-url URL.');
  const platform = resolvePlatform(values.platform, values['base-url']);
  if ('error' in platform) throw new UsageError(platform.error);
  const username = env.QUALYS_USERNAME ?? '';
  const password = env.QUALYS_PASSWORD ?? '';
  if (!username || !password) throw new UsageError('Set QUALYS_USERNAME and QUALYS_PASSWORD in the environment.');
  return { platform, credentials: { username, password }, timeoutMs: timeoutSec * 1000 };
}

function timeoutOf(given: string): number {
  const t = /^\s*\d*\.?\d+\s*$/.test(given) ? Number(given) : NaN;
  if (!(t > 0 && t <= MAX_TIMEOUT_SEC)) throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SEC}; got "${given.slice(0, 40)}".`);
  return t;
}
