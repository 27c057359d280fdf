import { Clock, realClock } from '../core/clock';

/** How the emulator is set up: see `startEmulator`. */
export interface EmulatorOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Default 127.0.0.1; anything that is not a loopback address is refused. */
  host?: string;
  /** Default 'demo'. */
  username?: string;
  /** Default 'demo-password'. */
  password?: string;
  /** Calls allowed per window and user; default 300. */
  rateLimit?: number;
  /** Length of the rate window in seconds; default 3600. */
  rateWindowSec?: number;
  /** Calls allowed in flight at once per user; default 2. */
  concurrencyLimit?: number;
  /** Artificial latency added to each admitted call, in milliseconds; default 0. */
  delayMs?: number;
  /** A request must arrive whole (headers and body) within this many milliseconds; default 30000. */
  requestTimeoutMs?: number;
  /** Receives one line per request (never a body, a credential or a secret). */
  log?: (line: string) => void;
  /**
   * A JSON file the connectors are kept in, read at start (no file: none yet) and rewritten
   * atomically after each call that changes them, so that they survive restarts. Default '': memory only.
   */
  dataFile?: string;
  /** Start with a few dozen connectors of every kind when the store is empty (see demo.ts). Default false. */
  demo?: boolean;
  /** The time the rate window is counted in: the real clock by default; tests give the client and the emulator one virtual clock. */
  clock?: Clock;
}

export type Settings = Required<EmulatorOptions>;

export const DEFAULTS: Readonly<Omit<Settings, 'log' | 'clock'>> = {
  port: 0,
  host: '127.0.0.1',
  username: 'demo',
  password: 'demo-password',
  rateLimit: 300,
  rateWindowSec: 3600,
  concurrencyLimit: 2,
  delayMs: 0,
  requestTimeoutMs: 30_000,
  dataFile: '',
  demo: false,
};

/** The options with their defaults filled in; throws a RangeError on a value the emulator cannot use. */
export function settingsOf(options: EmulatorOptions = {}): Settings {
  const s: Settings = { ...DEFAULTS, log: () => undefined, clock: realClock };
  for (const [key, value] of Object.entries(options) as [keyof EmulatorOptions, unknown][]) {
    if (value !== undefined) (s as unknown as Record<string, unknown>)[key] = value;
  }
  integer('port', s.port, 0, 65535);
  integer('rateLimit', s.rateLimit, 1);
  integer('rateWindowSec', s.rateWindowSec, 1);
  integer('concurrencyLimit', s.concurrencyLimit, 1);
  integer('delayMs', s.delayMs, 0, 600_000);
  integer('requestTimeoutMs', s.requestTimeoutMs, 100, 600_000);
  if (!isLoopback(s.host)) throw new RangeError(`The emulator listens on loopback only (127.0.0.1, ::1 or localhost); got host "${s.host}".`);
  if (typeof s.username !== 'string' || s.username === '' || s.username.includes(':')) throw new RangeError('The username must be non-empty text without ":" (HTTP Basic cannot carry one).');
  if (typeof s.password !== 'string' || s.password === '') throw new RangeError('The password must be non-empty text.');
  if (typeof s.log !== 'function') throw new RangeError('log must be a function.');
  if (typeof s.clock?.now !== 'function') throw new RangeError('clock must have a now() function.');
  if (typeof s.dataFile !== 'string') throw new RangeError('dataFile must be a file path.');
  if (typeof s.demo !== 'boolean') throw new RangeError('demo must be true or false.');
  return s;
}

function integer(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}; got ${String(value)}.`);
  }
}

export function isLoopback(host: string): boolean {
  if (typeof host !== 'string') return false;
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(h);
}

/** `http://host:port`, with an IPv6 host in brackets. */
export function baseUrl(host: string, port: number): string {
  const h = host.replace(/^\[|\]$/g, '');
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}
