import { createInterface } from 'node:readline/promises';
import { EXIT } from './args';
import { CliIo, processIo, UsageError } from './io';
import { actionCommand } from './action';
import { emulatorCommand } from './emulator';
import { printableIo } from './printable';
import { sendCommand } from './send';
import { applyCommand } from './apply';
import { planCommand } from './plan';
import { pullCommand } from './pull';
import { validateCommand, VALIDATE_USAGE } from './validate';
import { installValidatorsBeside } from '../compiledValidators';

const USAGE = `Usage: qualys-connector <command> [options]

Commands:
  validate [--format text|json] <files, folders or globs...>   check connector request files
  send [file] [--operation OP] [--id N] [--platform P | --base-url URL]   send a request to Qualys
  pull [--kind K]... [--where F=V]... [--format yaml|json|xml] [--out DIR]   live connectors as files
  plan [DIR | FILES] [--format text|json]              what apply would change, field by field
  apply [DIR | FILES] [--yes]                          send only what the plan lists, within the limits
  emulator [--port N] [--username U --password P]      run the local Qualys API emulator

Each command takes --help. Exit status: 0 when all is well, 1 for findings, failed answers and any
other error, 2 for usage errors; plan and apply differ, as their --help says (plan: 2 for changes).

${VALIDATE_USAGE}`;

const COMMANDS = new Set(['validate', 'send', 'pull', 'plan', 'apply', 'emulator']);

export async function run(argv: string[], terminal: CliIo): Promise<number> {
  // What a server answered or a file holds reaches the terminal only as printable text.
  const io = printableIo(terminal);
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await validateCommand(rest, io);
      case 'send':
        return await sendCommand(rest, io, process.env, confirm);
      case 'pull':
        return await pullCommand(rest, io);
      case 'plan':
        return await planCommand(rest, io);
      case 'apply':
        return await applyCommand(rest, io, process.env, confirm, process.stderr.isTTY ? (line) => process.stderr.write(`\r\x1b[2K${line}`) : undefined);
      case 'emulator':
        return await emulatorCommand(rest, io);
      case 'github-action':
        return await actionCommand(rest, io);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        io.out(USAGE);
        return command === undefined ? EXIT.usage : EXIT.ok;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const help = command !== undefined && COMMANDS.has(command) ? `qualys-connector ${command} --help` : 'qualys-connector --help';
      io.err(`qualys-connector: ${e.message} See ${help}.`);
      return EXIT.usage;
    }
    // Not a usage error: 2 would read as a usage error, or to CI as plan's "changes".
    io.err(`qualys-connector: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failed;
  }
}

/** A yes/no question on the terminal; no answer (undefined) when standard input is not one. */
async function confirm(question: string): Promise<boolean | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

if (require.main === module) {
  installValidatorsBeside(__dirname, 'qualys-connector');
  run(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT.failed;
    },
  );
}
