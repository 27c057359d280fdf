import { isLoopback } from './options';

/**
 * Whether a Host header names this emulator on loopback: `127.0.0.1:PORT`, `localhost:PORT` or
 * `[::1]:PORT` (without a port only when PORT is 80). A web page whose name DNS points here
 * (DNS rebinding) sends its own name, and is refused before it can try the demo credentials.
 */
export function isOwnHost(header: string | undefined, port: number): boolean {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/i.exec((header ?? '').trim());
  if (!m) return false;
  const given = m[2] === undefined ? 80 : Number(m[2]);
  return given === port && isLoopback(m[1]);
}
