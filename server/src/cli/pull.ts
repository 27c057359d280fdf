import { mkdir, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { pulledFileName, pulledRequest } from '../core/fleet/pulled';
import { ConnectorKind, isConnectorId, KIND_NAMES } from '../core/model';
import { Format } from '../core/tree';
import { ApiError, Criterion, searchAll } from '../send/connectors';
import { NetworkError } from '../send/http';
import { checkEntry, isInside, readRecord, RECORD_FILE, writeRecords } from '../workspace/record';
import { oneOf, parseCommandArgs } from './args';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connectionFrom } from './connection';
import { openApi } from './fleet/session';
import { writeIfChanged, Written } from './fleet/writeFile';
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
  const api = openApi(connectionFrom(v, env));
  await mkdir(out, { recursive: true });
  if (!(await stat(out)).isDirectory()) throw new UsageError(`--out ${v.out ?? '.'} is not a folder.`);

  const known = recordedFiles(out);
  const counts: Record<Written, number> = { new: 0, changed: 0, unchanged: 0 };
  const records: { file: string; target: { operation: 'update'; id: number; kind: ConnectorKind } }[] = [];
  let failed = false;
  for (const kind of kinds) {
    let live: Record<string, unknown>[];
    try {
      live = await searchAll(api, kind, criteria);
    } catch (e) {
      if (!(e instanceof ApiError || e instanceof NetworkError)) throw e;
      io.err(`qualys-connector pull: ${kind}: ${e.message}`);
      failed = true;
      continue;
    }
    for (const connector of live) {
      const id = Number(connector.id);
      if (!isConnectorId(id)) continue;
      const name = known.get(`${kind}:${id}`) ?? pulledFileName(connector.name, id, kind, format);
      const path = resolve(out, name);
      try {
        const written = await writeIfChanged(path, pulledRequest(kind, connector, formatOf(name, format)));
        counts[written]++;
        if (written !== 'unchanged') io.out(`${written === 'new' ? '+' : '~'} ${relative(io.cwd, path)}`);
        records.push({ file: path, target: { operation: 'update', id, kind } });
      } catch (e) {
        io.err(`qualys-connector pull: ${name}: ${(e as Error).message}`);
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
  io.err(`Pulled ${records.length} connector${records.length === 1 ? '' : 's'} in ${api.calls.count} call${api.calls.count === 1 ? '' : 's'}: ${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged.`);
  return failed ? 1 : 0;
}

function criterionOf(where: string): Criterion {
  const at = where.indexOf('=');
  if (at <= 0) throw new UsageError(`--where must be FIELD=VALUE (name=prod); got ${JSON.stringify(where.slice(0, 40))}.`);
  return { field: where.slice(0, at).trim(), operator: 'EQUALS', value: where.slice(at + 1) };
}

/**
 * The files the record in `out` already holds for connectors, by `kind:id`: pulling again writes
 * there. Only plain names of request files directly in `out` are taken from a record (it comes
 * from a repository: no path of it is trusted).
 */
function recordedFiles(out: string): Map<string, string> {
  const read = readRecord(resolve(out, RECORD_FILE), out);
  const found = new Map<string, string>();
  if (read.problem) return found;
  for (const [key, raw] of read.entries) {
    const entry = checkEntry(raw);
    if ('problem' in entry || entry.id === undefined || !entry.kind) continue;
    const path = resolve(out, key);
    const rel = relative(out, path);
    if (!isInside(out, path) || !/^[a-z0-9][a-z0-9-]*\.qualys\.(yaml|json|xml)$/.test(rel)) continue;
    found.set(`${entry.kind}:${entry.id}`, rel);
  }
  return found;
}

function formatOf(name: string, fallback: Format): Format {
  const ext = name.slice(name.lastIndexOf('.') + 1);
  return ext === 'yaml' || ext === 'json' || ext === 'xml' ? ext : fallback;
}
