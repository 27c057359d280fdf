import { spawn } from 'node:child_process';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { track } from '../harness';

const CLI = join(__dirname, '../../../dist/cli.js');

export interface Hostile {
  url: string;
  /** The request bodies received, in order. */
  bodies: string[];
  close(): Promise<void>;
}

/** How a test's server answers each request (its body read whole). */
export type Answer = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/**
 * For a `describe`: starts a test's servers, each closed when the test ends, passed or failed
 * (registers the `afterEach` that closes them).
 */
export function serverPerTest(): (answer: Answer) => Promise<Hostile> {
  const running: Hostile[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((s) => s.close()));
  });
  return async (answer) => {
    const server = await hostileServer(answer);
    running.push(server);
    return server;
  };
}

/** A server on 127.0.0.1 that answers as the test says: the malicious Qualys of these tests. */
export async function hostileServer(answer: Answer): Promise<Hostile> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      bodies.push(body);
      answer(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bodies,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `qualys-connector ...` as a real process, with credentials in its environment. */
export function cli(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = track(spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } }));
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
