import { resolve as resolvePath } from 'node:path';
import { kindRow } from '../core/model';
import { DEFAULTS, EmulatorOptions, startEmulator } from '../emulator';
import { DEMO_PER_KIND } from '../emulator/demo';
import { EXIT, integerIn, parseCommandArgs } from './args';
import { CliIo, UsageError } from './io';

export const EMULATOR_USAGE = `Usage: qualys-connector emulator [--port N] [--username U --password P] [--rate-limit N]
                                 [--rate-window S] [--concurrency N] [--delay MS] [--data FILE] [--demo]

Runs a local emulator of the Qualys connector API (QPS REST 3.0; AWS, Azure, GCP and OCI connectors)
on 127.0.0.1, for trying requests without a Qualys account. The first line printed is its base URL;
then the demo credentials and limits in use, then one line per request. Ctrl+C stops it, and it
prints the calls it served: "calls: 7 (search 4, create 2, update 1)".

  --port N          port to listen on (default: any free port)
  --username U      HTTP Basic username (default: ${DEFAULTS.username})
  --password P      HTTP Basic password (default: ${DEFAULTS.password})
  --rate-limit N    calls allowed per window (default: ${DEFAULTS.rateLimit})
  --rate-window S   rate window in seconds (default: ${DEFAULTS.rateWindowSec})
  --concurrency N   calls allowed at once (default: ${DEFAULTS.concurrencyLimit})
  --delay MS        latency added to every call, in milliseconds (default: ${DEFAULTS.delayMs})
  --data FILE       keep the connectors in FILE (JSON, never a secret), so that they survive restarts;
                    a missing FILE starts empty, one that cannot be read stops the start
  --demo            start with ${DEMO_PER_KIND} connectors of each kind (some disabled) when there are none yet`;

/** The numeric flags: the option each sets and its range. */
const NUMERIC = {
  port: { key: 'port', min: 0, max: 65535 },
  'rate-limit': { key: 'rateLimit', min: 1, max: 1_000_000 },
  'rate-window': { key: 'rateWindowSec', min: 1, max: 31_536_000 },
  concurrency: { key: 'concurrencyLimit', min: 1, max: 10_000 },
  delay: { key: 'delayMs', min: 0, max: 600_000 },
} as const satisfies Record<string, { key: keyof EmulatorOptions; min: number; max: number }>;

const EMULATOR_ARGS = {
  options: {
    port: { type: 'string' },
    'rate-limit': { type: 'string' },
    'rate-window': { type: 'string' },
    concurrency: { type: 'string' },
    delay: { type: 'string' },
    username: { type: 'string' },
    password: { type: 'string' },
    data: { type: 'string' },
    demo: { type: 'boolean' },
  },
} as const;

/** `qualys-connector emulator`: resolves 0 once SIGINT or SIGTERM has closed the server. */
export async function emulatorCommand(args: string[], io: CliIo): Promise<number> {
  const options = emulatorOptions(args, io.cwd);
  if (options === 'help') {
    io.out(EMULATOR_USAGE);
    return EXIT.ok;
  }
  const emulator = await startEmulator({ ...options, log: (line) => io.out(line) }).catch((e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${options.port ?? 0} is in use: choose another with --port, or --port 0 for any free port.`);
    if (code === 'EACCES') throw new UsageError(`Port ${options.port ?? 0} may not be used by this user: choose one above 1023.`);
    throw new UsageError(e instanceof Error ? e.message : String(e));
  });
  io.out(emulator.url);
  io.out(`username: ${options.username ?? DEFAULTS.username}`);
  io.out(`password: ${options.password ?? DEFAULTS.password}`);
  io.out(`rate limit: ${options.rateLimit ?? DEFAULTS.rateLimit} calls per ${options.rateWindowSec ?? DEFAULTS.rateWindowSec} s`);
  io.out(`concurrency limit: ${options.concurrencyLimit ?? DEFAULTS.concurrencyLimit}`);
  io.out(`delay: ${options.delayMs ?? DEFAULTS.delayMs} ms`);
  io.out(`try: curl -u ${options.username ?? DEFAULTS.username}:<password> -X POST ${emulator.url}/qps/rest/3.0/search/am/${kindRow('aws').noun}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      emulator.close().then(resolve, resolve);
      io.out(emulator.callSummary());
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return EXIT.ok;
}

function emulatorOptions(args: string[], cwd: string): EmulatorOptions | 'help' {
  const parsed = parseCommandArgs(args, EMULATOR_ARGS);
  if (parsed === 'help') return 'help';
  const v = parsed.values;
  const options: EmulatorOptions = {};
  for (const [flag, { key, min, max }] of Object.entries(NUMERIC) as [keyof typeof NUMERIC, (typeof NUMERIC)[keyof typeof NUMERIC]][]) {
    const given = v[flag];
    if (given !== undefined) options[key] = integerIn(`--${flag}`, given, min, max);
  }
  if (v.username !== undefined) {
    if (v.username === '') throw new UsageError('--username needs a value.');
    if (v.username.includes(':')) throw new UsageError('--username cannot contain ":" (HTTP Basic cannot carry it).');
    options.username = v.username;
  }
  if (v.password !== undefined) {
    if (v.password === '') throw new UsageError('--password needs a value.');
    options.password = v.password;
  }
  if (v.data !== undefined) {
    if (v.data === '') throw new UsageError('--data needs a file.');
    options.dataFile = resolvePath(cwd, v.data);
  }
  if (v.demo) options.demo = true;
  return options;
}
