import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { basicAuthenticator } from './auth';
import { EmulatorState, requestHandler } from './handler';
import { ConcurrencyLimiter, RateLimiter } from './limits';
import { baseUrl, EmulatorOptions, settingsOf } from './options';
import { ConnectorStore } from './store';
import { CallCounter, CallCounts } from './calls';
import { addDemoConnectors } from './demo';
import { loadStore, saveStore } from './persist';
import { resolve } from 'node:path';

export { DEFAULTS } from './options';
export type { CallCounts } from './calls';
export type { EmulatorOptions } from './options';

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
  /** Requests seen, for tests. */
  readonly requests: number;
  /** Calls holding a concurrency slot now, for tests. */
  readonly running: number;
  /** Calls served so far, in total and per operation (a copy), for call budgets. */
  readonly calls: CallCounts;
  /** `calls: 7 (search 4, create 2, update 1)`: what the CLI prints when it stops. */
  callSummary(): string;
}

/** Headers must come within this; the whole request within settings.requestTimeoutMs. */
const HEADERS_TIMEOUT_MS = 10_000;

/**
 * Starts a local emulator of the Qualys QPS REST 3.0 connector API (module am) on loopback:
 * create, update (by id or filter), get, search, delete and run for AWS and Azure connectors,
 * with HTTP Basic authentication and the API's rate and concurrency limits.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = settingsOf(options);
  const dataFile = settings.dataFile === '' ? undefined : resolve(settings.dataFile);
  const store = dataFile ? loadStore(dataFile) : new ConnectorStore();
  if (settings.demo && store.size === 0) addDemoConnectors(store);
  const state: EmulatorState = {
    settings,
    store,
    rate: new RateLimiter(settings.rateLimit, settings.rateWindowSec, () => settings.clock.now()),
    concurrency: new ConcurrencyLimiter(settings.concurrencyLimit),
    authenticate: basicAuthenticator(settings.username, settings.password),
    url: '',
    port: 0,
    seen: 0,
    delays: new Set(),
    calls: new CallCounter(),
    persist: dataFile ? persistTo(dataFile, store, settings.log) : undefined,
  };
  // Written at once (demo connectors included): a folder that cannot take the file fails the start, not the first create.
  if (dataFile) saveStore(dataFile, store);
  // Node checks its own timeouts every connectionsCheckingInterval (30 s by default): checked each
  // second, a stalled connection goes near its deadline. The body reader's own deadline answers 408 first.
  const server = createServer({ connectionsCheckingInterval: 1000 }, requestHandler(state));
  server.requestTimeout = settings.requestTimeoutMs + 1000;
  server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, settings.requestTimeoutMs);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Errors after listening (a socket failing, say) concern one connection, not the server.
  server.on('error', () => undefined);
  const address = server.address() as AddressInfo;
  state.url = baseUrl(address.address, address.port);
  state.port = address.port;
  let closing: Promise<void> | undefined;
  return {
    url: state.url,
    get requests() {
      return state.seen;
    },
    get running() {
      return state.concurrency.total();
    },
    get calls() {
      return state.calls.snapshot();
    },
    callSummary() {
      return state.calls.summary();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const end of [...state.delays]) end();
      });
      return closing;
    },
  };
}

/** Saves the store after a change; a failed save is logged (the call itself succeeded, in memory). */
function persistTo(file: string, store: ConnectorStore, log: (line: string) => void): () => void {
  return () => {
    try {
      saveStore(file, store);
    } catch (e) {
      try {
        log(`could not save ${file}: ${(e as Error).message}`);
      } catch {
        // A failing logger must not take the server down.
      }
    }
  };
}
