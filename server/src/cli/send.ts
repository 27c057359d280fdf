import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { analyze } from '../core/analyze';
import { ConnectorKind, isKind, isOperation, KIND_NAMES, operation as operationRow, OPERATION_NAMES, parseConnectorId, sendsBody } from '../core/model';
import { Recorded } from '../core/target';
import { execute, SetupError } from '../send/execute';
import { MAX_TIMEOUT_SEC, NetworkError } from '../send/http';
import { resolvePlatform } from '../send/platforms';
import { prepareRequest } from '../core/prepare';
import { redactSecrets } from '../send/redact';
import { lookupRecord, projectRoot, RECORD_FILE } from '../workspace/record';
import { CliIo, UsageError } from './io';

export const SEND_USAGE = `Usage: qualys-connector send [file] [--operation OP] [--id N] [--kind ${KIND_NAMES.join('|')}]
                             [--platform US1|US2|... | --base-url URL] [--timeout SECONDS]
                             [--root DIR] [--yes] [--force]

Sends a request file to the Qualys API and prints the answer. OP is one of ${OPERATION_NAMES.join(', ')};
get, delete and run need no file (then give --kind). The operation and id come from the flags, else
from ${RECORD_FILE} in the file's folder or above it up to the project root (--root, else the
folder with .git), else from the file (filters make an update by filter, a name with "create" a
create). An update, delete or run that comes from ${RECORD_FILE} rather than the flags is asked
first; --yes answers yes (needed where no one can answer). Credentials come from QUALYS_USERNAME
and QUALYS_PASSWORD. A file with errors is not sent without --force. --timeout (default 60, at most 3600) covers the
whole answer; answers over 20 MB are refused.
Exit status: 0 only when Qualys answers SUCCESS; 1 for any other answer or a network failure; 2 on
usage errors.`;

interface SendArgs {
  file?: string;
  target: Recorded;
  kind?: ConnectorKind;
  root?: string;
  yes: boolean;
  platform?: string;
  baseUrl?: string;
  timeoutSec: number;
  force: boolean;
}

function parseArgs(args: string[]): SendArgs {
  const out: SendArgs = { target: {}, timeoutSec: 60, force: false, yes: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value.`);
      return v;
    };
    switch (a) {
      case '--operation': {
        const op = value();
        if (!isOperation(op)) throw new UsageError(`--operation must be one of ${OPERATION_NAMES.join(', ')}; got ${JSON.stringify(op)}.`);
        out.target.operation = op;
        break;
      }
      case '--id': {
        const given = value();
        const id = parseConnectorId(given);
        if (id === undefined) throw new UsageError(`--id must be a connector id (a positive whole number up to ${Number.MAX_SAFE_INTEGER}); got ${JSON.stringify(given)}.`);
        out.target.id = id;
        break;
      }
      case '--kind': {
        const k = value();
        if (!isKind(k)) throw new UsageError(`--kind must be one of ${KIND_NAMES.join(', ')}; got ${JSON.stringify(k)}.`);
        out.kind = k;
        break;
      }
      case '--platform':
        out.platform = value();
        break;
      case '--base-url':
        out.baseUrl = value();
        break;
      case '--timeout': {
        const given = value();
        const t = /^\s*\d*\.?\d+\s*$/.test(given) ? Number(given) : NaN;
        if (!(t > 0 && t <= MAX_TIMEOUT_SEC)) throw new UsageError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SEC}; got "${given.slice(0, 40)}".`);
        out.timeoutSec = t;
        break;
      }
      case '--force':
        out.force = true;
        break;
      case '--yes':
      case '-y':
        out.yes = true;
        break;
      case '--root':
        out.root = value();
        break;
      default:
        if (a.startsWith('-')) throw new UsageError(`Unknown option ${a}.`);
        if (out.file) throw new UsageError('Give one file.');
        out.file = a;
    }
  }
  return out;
}

/** Asks a yes/no question on the terminal; undefined where no one can answer (no terminal). */
export type Confirm = (question: string) => Promise<boolean | undefined>;

export async function sendCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, confirm: Confirm = async () => undefined): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(SEND_USAGE);
    return 0;
  }
  const a = parseArgs(args);
  if (!a.platform && !a.baseUrl) throw new UsageError('Say where to send: --platform US1 (or another platform) or --base-url URL.');
  const platform = resolvePlatform(a.platform, a.baseUrl);
  if ('error' in platform) throw new UsageError(platform.error);
  const username = env.QUALYS_USERNAME ?? '';
  const password = env.QUALYS_PASSWORD ?? '';
  if (!username || !password) throw new UsageError('Set QUALYS_USERNAME and QUALYS_PASSWORD in the environment.');

  let text = '';
  let fileName = 'request.xml';
  if (a.file) {
    const path = resolve(io.cwd, a.file);
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      io.err(`qualys-connector: cannot read ${a.file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String((e as Error).message)}`);
      return 2;
    }
    fileName = path;
  } else if (!a.target.operation || (sendsBody(a.target.operation) && !(operationRow(a.target.operation).body === 'without-id' && a.target.id !== undefined))) {
    throw new UsageError('Give the request file (only get, delete and run need none).');
  }
  const record = a.file ? lookupRecord(fileName, resolve(io.cwd, a.root ?? projectRoot(fileName))) : {};
  if (record.problem && !a.target.operation) {
    io.err(`qualys-connector: ${record.problem} Fix it, or give --operation (and --id).`);
    return 2;
  }
  const analysis = analyze(text, fileName, undefined, { treatAsRequest: a.file !== undefined, record: record.problem ? {} : record });
  const prepared = prepareRequest(text, analysis, a.target);
  if (prepared.operation && prepared.recorded && a.target.operation === undefined && operationRow(prepared.operation).effect === 'acts' && !a.yes) {
    const what = `${prepared.operation}${prepared.id !== undefined ? ` connector ${prepared.id}` : ' the connectors matching the filters'} on ${platform.label}`;
    const answer = await confirm(`${RECORD_FILE} says to ${what}. Go on? [y/N] `);
    if (answer !== true) {
      io.err(answer === undefined ? `qualys-connector: not sent: ${RECORD_FILE} says to ${what}; confirm with --yes (or give --operation).` : 'qualys-connector: not sent.');
      return 1;
    }
  }
  if (a.kind) prepared.kind = a.kind;
  if (!a.file && !a.kind) throw new UsageError('Without a file, say which connector kind: --kind aws or --kind azure.');
  if (a.file && !analysis.isRequest) {
    io.err(`qualys-connector: ${a.file} is not a Qualys connector request (no ServiceRequest root).`);
    return 2;
  }
  if (prepared.body !== undefined && prepared.errors.length > 0 && !a.force) {
    io.err(`qualys-connector: ${a.file} has ${prepared.errors.length} error${prepared.errors.length === 1 ? '' : 's'}; not sent (run validate to see them, or --force to send anyway):`);
    for (const f of prepared.errors.slice(0, 5)) io.err(`  ${f.code}: ${f.message}`);
    return 1;
  }
  try {
    const done = await execute(prepared, { platform, credentials: { username, password }, timeoutMs: a.timeoutSec * 1000 });
    const r = done.response;
    io.err(`${done.line.method} ${platform.label}${done.line.path} → HTTP ${r.status} · ${r.summary}`);
    if (r.problem) io.err(r.problem);
    io.out(r.pretty);
    return r.ok ? 0 : 1;
  } catch (e) {
    if (e instanceof SetupError) throw new UsageError(e.message);
    if (e instanceof NetworkError) {
      io.err(`qualys-connector: ${redactSecrets(e.message, [password])}`);
      return 1;
    }
    throw e;
  }
}
