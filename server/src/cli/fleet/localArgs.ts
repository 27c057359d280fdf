import { parseArgs } from 'node:util';
import { ExecuteOptions } from '../../send/execute';
import { MAX_TIMEOUT_SEC } from '../../send/http';
import { resolvePlatform } from '../../send/platforms';
import { UsageError } from '../io';

/**
 * A stand-in, with the same names and shapes, for the shared argument parser and connection flags
 * being built on branch `emu` (cli/args.ts, cli/connection.ts): swapped for them when they land.
 */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
}
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? string[] : string;
};

export function parseCommandArgs<O extends OptionSpecs>(args: readonly string[], shape: { options: O; positionals?: { max: number; what: string } }): { values: OptionValues<O>; positionals: string[] } | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  try {
    const { values, positionals } = parseArgs({ args: [...args], options: shape.options, strict: true, allowPositionals: true });
    if (positionals.length > (shape.positionals?.max ?? 0)) throw new UsageError(`Unexpected argument "${positionals[shape.positionals?.max ?? 0].slice(0, 40)}".`);
    return { values: values as OptionValues<O>, positionals };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message.split('\n')[0]);
  }
}

export const CONNECTION_OPTIONS = { platform: { type: 'string' }, 'base-url': { type: 'string' }, timeout: { type: 'string' } } as const;
export const CONNECTION_USAGE = `  --platform P | --base-url URL   where to call; --timeout S per call (default 60)
Credentials come from the environment: QUALYS_USERNAME and QUALYS_PASSWORD.`;
export type Connection = Omit<ExecuteOptions, 'signal'>;

export function connectionFrom(values: OptionValues<typeof CONNECTION_OPTIONS>, env: NodeJS.ProcessEnv): Connection {
  const t = values.timeout === undefined ? 60 : Number(values.timeout);
  if (!(t > 0 && t <= MAX_TIMEOUT_SEC)) throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SEC}.`);
  if (!values.platform && !values['base-url']) throw new UsageError('Say where to send: --platform US1 (or another platform) or --base-url URL.');
  const platform = resolvePlatform(values.platform, values['base-url']);
  if ('error' in platform) throw new UsageError(platform.error);
  const username = env.QUALYS_USERNAME ?? '';
  const password = env.QUALYS_PASSWORD ?? '';
  if (!username || !password) throw new UsageError('Set QUALYS_USERNAME and QUALYS_PASSWORD in the environment.');
  return { platform, credentials: { username, password }, timeoutMs: t * 1000 };
}
