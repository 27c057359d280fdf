import { CliIo, processIo, UsageError } from './io';
import { validateCommand, VALIDATE_USAGE } from './validate';

const USAGE = `Usage: qualys-connector <command> [options]

Commands:
  validate [--format text|json] <files or globs...>   check connector request files

${VALIDATE_USAGE}`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(rest, io);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`qualys-connector: ${e.message} See qualys-connector --help.`);
      return 2;
    }
    io.err(`qualys-connector: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
}

if (require.main === module) {
  run(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 2;
    },
  );
}
