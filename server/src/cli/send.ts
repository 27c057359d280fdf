import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyze } from '../core/analyze';
import { ConnectorKind, KIND_NAMES, operationRow, OPERATION_NAMES, parseConnectorId, sendsBody } from '../core/model';
import { Recorded } from '../core/target';
import { execute, SetupError } from '../send/execute';
import { NetworkError } from '../send/http';
import { prepareRequest } from '../core/prepare';
import { redactSecrets } from '../send/redact';
import { createAgainMessage } from '../send/target';
import { projectRoot, RECORD_FILE, writeRecord } from '../workspace/record';
import { RecordResolver } from '../workspace/resolver';
import { RuleConfigResolver } from '../workspace/ruleConfig';
import { CommandArgs, EXIT, oneOf, OptionValues, parseCommandArgs } from './args';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom } from './connection';
import { CliIo, UsageError } from './io';

export const SEND_USAGE = `Usage: qualys-connector send [file] [--operation OP] [--id N] [--kind ${KIND_NAMES.join('|')}]
                             [--platform US1|US2|... | --base-url URL] [--timeout SECONDS]
                             [--root DIR] [--yes] [--force] [--no-record]

Sends a request file to the Qualys API and prints the answer. OP is one of ${OPERATION_NAMES.join(', ')};
get, delete and run need no file (then give --kind). The operation and id come from the flags, else
from ${RECORD_FILE} in the file's folder or above it up to the project root (--root, else the
folder with .git), else from the file (filters make an update by filter, a name with "create" a
create). An update, delete or run that comes from ${RECORD_FILE} rather than the flags is asked
first; --yes answers yes (needed where no one can answer). A file with errors is not sent without
--force. Answers over 20 MB are refused.

A create from a file, answered with the new connector's id, is recorded in ${RECORD_FILE} (as
apply records its creates): the file then updates that connector, and sending it again does not make
a second one. A create from a file that already created a connector is asked first (--yes answers
yes). --no-record leaves ${RECORD_FILE} as it is.

  --operation OP    ${OPERATION_NAMES.join(', ')}
  --id N            the connector's id
  --kind K          ${KIND_NAMES.join(', ')} (without a file)
  --root DIR        the project root, where the search for ${RECORD_FILE} stops
  -y, --yes         confirm an update, delete or run that ${RECORD_FILE} asks for
  --force           send a file even when it has errors
  --no-record       do not record the id a create answers with
${CONNECTION_USAGE}

Exit status: 0 only when Qualys answers SUCCESS; 1 for any other answer or a network failure; 2 on
usage errors.`;

const SEND_ARGS = {
  options: {
    operation: { type: 'string' },
    id: { type: 'string' },
    kind: { type: 'string' },
    root: { type: 'string' },
    yes: { type: 'boolean', short: 'y' },
    force: { type: 'boolean' },
    'no-record': { type: 'boolean' },
    ...CONNECTION_OPTIONS,
  },
  positionals: { max: 1, what: 'file' },
} as const;

interface SendArgs {
  file?: string;
  target: Recorded;
  kind?: ConnectorKind;
  root?: string;
  yes: boolean;
  force: boolean;
  noRecord: boolean;
  values: OptionValues<typeof SEND_ARGS.options>;
}

function sendArgs(parsed: CommandArgs<typeof SEND_ARGS.options>): SendArgs {
  const v = parsed.values;
  const out: SendArgs = { target: {}, file: parsed.positionals[0], root: v.root, yes: v.yes === true, force: v.force === true, noRecord: v['no-record'] === true, values: v };
  if (v.operation !== undefined) out.target.operation = oneOf('--operation', v.operation, OPERATION_NAMES);
  if (v.id !== undefined) {
    const id = parseConnectorId(v.id);
    if (id === undefined) throw new UsageError(`--id must be a connector id (a positive whole number up to ${Number.MAX_SAFE_INTEGER}); got ${JSON.stringify(v.id)}.`);
    out.target.id = id;
  }
  if (v.kind !== undefined) out.kind = oneOf('--kind', v.kind, KIND_NAMES);
  return out;
}

/**
 * A create's new id goes in the record, the file becomes its update (what the editor's Send and
 * apply do). The create is done either way: a record that cannot be written is said, not fatal.
 */
async function recordCreated(io: CliIo, shown: string, file: string, root: string, id: number, before: Recorded | undefined): Promise<void> {
  try {
    const where = await writeRecord(file, { ...(before?.kind ? { kind: before.kind } : {}), operation: 'update', id, created: new Date().toISOString() }, root);
    io.err(`Recorded in ${where}: ${shown} now updates connector ${id}.`);
  } catch (e) {
    io.err(`qualys-connector: connector ${id} was created, but ${RECORD_FILE} could not record it (${(e as Error).message}): sending ${shown} again creates another.`);
  }
}

/** Asks a yes/no question on the terminal; undefined where no one can answer (no terminal). */
export type Confirm = (question: string) => Promise<boolean | undefined>;

export async function sendCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, confirm: Confirm = async () => undefined): Promise<number> {
  const parsed = parseCommandArgs(args, SEND_ARGS);
  if (parsed === 'help') {
    io.out(SEND_USAGE);
    return EXIT.ok;
  }
  const a = sendArgs(parsed);
  const connection = connectionFrom(a.values, env);
  const { platform } = connection;

  let text = '';
  let fileName = 'request.xml';
  if (a.file) {
    const path = resolve(io.cwd, a.file);
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      io.err(`qualys-connector: cannot read ${a.file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message)}`);
      return EXIT.usage;
    }
    fileName = path;
  } else if (!a.target.operation || (sendsBody(a.target.operation) && !(operationRow(a.target.operation).body === 'without-id' && a.target.id !== undefined))) {
    throw new UsageError('Give the request file (only get, delete and run need none).');
  }
  const fileRoot = resolve(io.cwd, a.root ?? projectRoot(fileName));
  const record = a.file ? new RecordResolver().lookup(fileName, fileRoot) : {};
  if (record.problem && !a.target.operation) {
    io.err(`qualys-connector: ${record.problem} Fix it, or give --operation (and --id).`);
    return EXIT.usage;
  }
  const rules = a.file ? new RuleConfigResolver().settingsFor(fileName, fileRoot) : undefined;
  const analysis = analyze(text, fileName, undefined, { treatAsRequest: a.file !== undefined, record: record.problem ? {} : record, rules });
  const prepared = prepareRequest(text, analysis, a.target);
  if (prepared.operation && prepared.recorded && a.target.operation === undefined && operationRow(prepared.operation).effect === 'acts' && !a.yes) {
    const what = `${prepared.operation}${prepared.id !== undefined ? ` connector ${prepared.id}` : ' the connectors matching the filters'} on ${platform.label}`;
    const answer = await confirm(`${RECORD_FILE} says to ${what}. Go on? [y/N] `);
    if (answer !== true) {
      io.err(answer === undefined ? `qualys-connector: not sent: ${RECORD_FILE} says to ${what}; confirm with --yes (or give --operation).` : 'qualys-connector: not sent.');
      return EXIT.failed;
    }
  }
  const made = record.problem ? undefined : record.recorded;
  if (a.file && prepared.operation === 'create' && made?.created !== undefined && made.id !== undefined && !a.yes) {
    const question = createAgainMessage(made.id, made.created);
    const answer = await confirm(`${question} [y/N] `);
    if (answer !== true) {
      io.err(answer === undefined ? `qualys-connector: not sent: ${a.file} created connector ${made.id} (${made.created}); sending it as a create makes a second connector. Confirm with --yes.` : 'qualys-connector: not sent.');
      return EXIT.failed;
    }
  }
  if (a.kind) prepared.kind = a.kind;
  if (!a.file && !a.kind) throw new UsageError('Without a file, say which connector kind: --kind aws or --kind azure.');
  if (a.file && !analysis.isRequest) {
    io.err(`qualys-connector: ${a.file} is not a Qualys connector request (no ServiceRequest root).`);
    return EXIT.usage;
  }
  if (prepared.body !== undefined && prepared.errors.length > 0 && !a.force) {
    io.err(`qualys-connector: ${a.file} has ${prepared.errors.length} error${prepared.errors.length === 1 ? '' : 's'}; not sent (run validate to see them, or --force to send anyway):`);
    for (const f of prepared.errors.slice(0, 5)) io.err(`  ${f.code}: ${f.message}`);
    return EXIT.failed;
  }
  try {
    const done = await execute(prepared, connection);
    const r = done.response;
    io.err(`${done.line.method} ${platform.label}${done.line.path} → HTTP ${r.status} · ${r.summary}`);
    if (r.problem) io.err(r.problem);
    io.out(r.pretty);
    if (r.ok && a.file && prepared.operation === 'create' && r.ids.length === 1 && !a.noRecord) await recordCreated(io, a.file, fileName, fileRoot, r.ids[0], made);
    return r.ok ? EXIT.ok : EXIT.failed;
  } catch (e) {
    if (e instanceof SetupError) throw new UsageError(e.message);
    if (e instanceof NetworkError) {
      io.err(`qualys-connector: ${redactSecrets(e.message, [connection.credentials.password])}`);
      return EXIT.failed;
    }
    throw e;
  }
}
