/** What a CLI command reads and writes, so that tests can run commands in-process. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  cwd: string;
}

/** A mistake in how the command was called: exit status 2, with the message and a pointer to --help. */
export { UsageError } from '../fleet/errors';

export const processIo: CliIo = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  cwd: process.cwd(),
};
