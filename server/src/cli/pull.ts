import { mkdir, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { ConnectorKind, KIND_NAMES } from '../core/model';
import { ApiError, Criterion, PULL_PAGE_SIZE, searchAll } from '../send/connectors';
import { NetworkError } from '../send/http';
import { WaitRefused } from '../send/pace';
import { RECORD_FILE, recordProblem, writeRecords } from '../workspace/record';
import { oneOf, parseCommandArgs } from './args';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom } from './connection';
import { openApi } from '../send/api';
import { fleetConnectors, pulledPath, recordedFiles, writePulled } from '../fleet/pull';
import { Written } from '../fleet/writeFile';
import { CliIo, UsageError } from './io';

export const PULL_USAGE = `Usage: qualys-connector pull [--kind ${KIND_NAMES.join('|')}]... [--where FIELD=VALUE]...
                             [--format yaml|json|xml] [--out DIR]

Writes one update request per live connector into DIR (default: the current folder), named from
the connector's name and id, without read-only fields and without secrets (Qualys returns none),
and records each as an update of its id in DIR/${RECORD_FILE}. Pulling again rewrites the same
files (found by id through the record) and says which changed. --where keeps the connectors whose
FIELD equals VALUE (name=prod, authRecord.subscriptionId=...); every kind unless --kind is given.
${CONNECTION_USAGE}
Exit status: 0 when every connector was written, 1 on API or file errors, 2 on usage errors.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  kind: { type: 'string', multiple: true },
  where: { type: 'string', multiple: true },
  format: { type: 'string' },
  out: { type: 'string' },
} as const;

export async function pullCommand(args: string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCommandArgs(args, { options: OPTIONS });
  if (parsed === 'help') {
    io.out(PULL_USAGE);
    return 0;
  }
  const v = parsed.values;
  const kinds = (v.kind ?? KIND_NAMES).map((k) => oneOf('--kind', k, KIND_NAMES));
  const criteria = (v.where ?? []).map(criterionOf);
  const format = oneOf('--format', v.format ?? 'yaml', ['yaml', 'json', 'xml'] as const);
  const out = resolve(io.cwd, v.out ?? '.');
  const api = openApi(connectionFrom(v, env), undefined, true, { clock: io.clock });
  await mkdir(out, { recursive: true });
  if (!(await stat(out)).isDirectory()) throw new UsageError(`--out ${v.out ?? '.'} is not a folder.`);

  const known = recordedFiles(out);
  const byFleet = fleetConnectors(out);
  let fleetOwned = 0;
  const counts: Record<Written, number> = { new: 0, changed: 0, unchanged: 0 };
  const records: { file: string; target: { operation: 'update'; id: number; kind: ConnectorKind } }[] = [];
  let failed = false;
  // Every kind is fetched before a file is written: a pull the record could not hold is refused whole.
  const fetched = new Map<ConnectorKind, Record<string, unknown>[]>();
  for (const kind of kinds) {
    try {
      const live = await searchAll(api, kind, criteria, PULL_PAGE_SIZE);
      const own = live.filter((c) => !byFleet.has(`${kind}:${Number(c.id)}`));
      fleetOwned += live.length - own.length;
      fetched.set(kind, own);
    } catch (e) {
      if (!(e instanceof ApiError || e instanceof NetworkError || e instanceof WaitRefused)) throw e;
      io.err(`qualys-connector pull: ${kind}: ${e.message}`);
      failed = true;
    }
  }
  const planned = [...fetched].flatMap(([kind, live]) => live.flatMap((c) => {
    const file = pulledPath(out, known, kind, c, format);
    return file === undefined ? [] : [{ file, target: { operation: 'update' as const, id: Number(c.id), kind } }];
  }));
  const tooMany = recordProblem(planned, out);
  if (tooMany) {
    io.err(`qualys-connector pull: ${planned.length} connectors found, but ${tooMany} No file was written. Pull fewer connectors into one folder (--kind, --where, one --out per kind).`);
    return 1;
  }
  for (const [kind, live] of fetched) {
    for (const connector of live) {
      try {
        const pulled = await writePulled(out, known, kind, connector, format, [api.connection.credentials.password]);
        if (!pulled) continue;
        counts[pulled.written]++;
        if (pulled.written !== 'unchanged') io.out(`${pulled.written === 'new' ? '+' : '~'} ${relative(io.cwd, pulled.path)}`);
        records.push({ file: pulled.path, target: pulled.target });
      } catch (e) {
        io.err(`qualys-connector pull: connector ${String(connector.id).slice(0, 20)}: ${(e as Error).message}`);
        failed = true;
      }
    }
  }
  if (records.length > 0) {
    try {
      await writeRecords(records, out);
    } catch (e) {
      io.err(`qualys-connector pull: the files are written but ${RECORD_FILE} is not: ${(e as Error).message} Pull fewer connectors into one folder (--kind, --where, one --out per kind), then pull again.`);
      return 1;
    }
  }
  // Only a whole pull of a kind can tell that a connector is gone; its file is kept for the user to delete.
  if (criteria.length === 0) {
    const seen = new Set(records.map((r) => `${r.target.kind}:${r.target.id}`));
    for (const [key, name] of known) if (kinds.includes(key.split(':')[0] as ConnectorKind) && !seen.has(key) && !failed) io.out(`? ${relative(io.cwd, resolve(out, name))}: connector ${key.split(':')[1]} no longer exists (file kept)`);
  }
  io.err(`Pulled ${records.length} connector${records.length === 1 ? '' : 's'} in ${api.calls} call${api.calls === 1 ? '' : 's'}: ${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged${fleetOwned > 0 ? `; ${fleetOwned} managed by fleet files, not written` : ''}.`);
  return failed ? 1 : 0;
}

function criterionOf(where: string): Criterion {
  const at = where.indexOf('=');
  if (at <= 0) throw new UsageError(`--where must be FIELD=VALUE (name=prod); got ${JSON.stringify(where.slice(0, 40))}.`);
  return { field: where.slice(0, at).trim(), operator: 'EQUALS', value: where.slice(at + 1) };
}
