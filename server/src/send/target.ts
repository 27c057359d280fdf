import { ConnectorKind, kindRow, operationRow, Operation } from '../core/model';

/** Where a request goes: what the file itself cannot say (the operation and the connector id). */
export interface Target {
  operation: Operation;
  id?: number;
}

export interface RequestLine {
  method: 'GET' | 'POST';
  path: string;
}

/** The method and path of an operation, or what is missing to build them. */
export function requestLine(kind: ConnectorKind, target: Target, byFilter = false): RequestLine | { error: string } {
  const noun = kindRow(kind).noun;
  const row = operationRow(target.operation);
  const id = target.id;
  if (id !== undefined && (!Number.isSafeInteger(id) || id <= 0)) return { error: `The connector id must be a positive whole number; got ${id}.` };
  const base = `/qps/rest/3.0/${row.name}/am/${noun}`;
  if (row.id === 'none') return { method: row.method, path: base };
  if (id !== undefined) return { method: row.method, path: `${base}/${id}` };
  if (row.id === 'optional' && byFilter) return { method: row.method, path: base };
  return { error: `${row.name} needs the id of the connector${row.id === 'optional' ? ', or filters in the file' : ''}.` };
}

/** The question before a second create from a file whose record says it already created a connector (`at` is an ISO time). */
export function createAgainMessage(id: number, at: string, now = new Date()): string {
  const t = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`;
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `This file created connector #${id}${day === today ? '' : ` on ${day}`} at ${pad(t.getHours())}:${pad(t.getMinutes())}: create another?`;
}
