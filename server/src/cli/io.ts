/** What a CLI command reads and writes, so that tests can run commands in-process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
  /** The time calls wait in: the real clock unless a test runs the command on a virtual one. */
  clock?: Clock;
}

import { Clock } from '../core/clock';
import { UsageError } from '../fleet/errors';

/** A mistake in how the command was called: exit status 2 (plan and apply: 1), with the message and a pointer to --help. */
export { UsageError };

/**
 * The usage errors of plan and apply, said with the pointer to --help and ending with status 1:
 * their status 2 means something else (plan: changes to apply), as in `terraform plan
 * -detailed-exitcode`, so that CI tells a mistake from pending changes.
 */
export async function usageErrorsFail(command: string, io: CliIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(`qualys-connector: ${e.message} See qualys-connector ${command} --help.`);
    return 1;
  }
}

/** The process's own terminal (or pipes): made once, by the CLI's entry point. */
export function processIo(): CliIo {
  return { out: lineWriter(process.stdout), err: lineWriter(process.stderr), cwd: process.cwd() };
}

/**
 * Writes lines to the stream until its reader has gone (EPIPE: `npm start` stopped and took the
 * emulator's stdout with it, or `| head` has read enough); then drops them instead of crashing.
 */
function lineWriter(stream: NodeJS.WritableStream): (line: string) => void {
  let gone = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    gone = true;
  });
  return (line) => {
    if (!gone) stream.write(line + '\n');
  };
}
