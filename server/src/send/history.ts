import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One answer kept for a request file: already redacted, never holding credentials. */
export interface HistoryEntry {
  time: string;
  file: string;
  platform: string;
  operation: string;
  id?: number;
  status: number;
  responseCode?: string;
  summary: string;
  problem?: string;
  ms: number;
  body: string;
}

/** Entries kept per request file; older ones are dropped. */
const KEEP = 50;
/** A kept body is cut at this size. */
const MAX_BODY = 256 * 1024;

function fileFor(dir: string, requestFile: string): string {
  return join(dir, createHash('sha256').update(requestFile).digest('hex').slice(0, 24) + '.json');
}

export async function readHistory(dir: string, requestFile: string): Promise<HistoryEntry[]> {
  try {
    const parsed = JSON.parse(await readFile(fileFor(dir, requestFile), 'utf8')) as { entries?: HistoryEntry[] };
    return Array.isArray(parsed.entries) ? parsed.entries : [];
  } catch {
    return [];
  }
}

/** Adds an answer to the file's history (outside the workspace: the caller gives the folder). */
export async function appendHistory(dir: string, entry: HistoryEntry): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readHistory(dir, entry.file);
  const body = entry.body.length > MAX_BODY ? entry.body.slice(0, MAX_BODY) + '\n… (cut)' : entry.body;
  entries.unshift({ ...entry, body });
  await writeFile(fileFor(dir, entry.file), JSON.stringify({ file: entry.file, entries: entries.slice(0, KEEP) }, null, 2), { mode: 0o600 });
}
