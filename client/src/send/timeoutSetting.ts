import { MAX_TIMEOUT_SEC } from '../../../server/src/send/http';

/**
 * `qualys.send.timeout` in seconds, within 1 and MAX_TIMEOUT_SEC. package.json declares the same
 * bounds, but a value typed into settings.json past them is still read, and a timeout beyond
 * Node's timer range would fail every send at once: it is clamped here. Not a number: the default.
 */
export function timeoutSecOf(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 60;
  return Math.min(MAX_TIMEOUT_SEC, Math.max(1, value));
}
